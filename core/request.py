"""A notification, and the exact request that carries it: URL, JSON body, headers, copy-as forms.

Building the request is separate from sending it so that the window can show it, the CLI can
print it (``--dry-run``, ``--curl``) and the transport sends exactly what was shown.
"""

from __future__ import annotations

from functools import cache

from core.address import Endpoint, parse_endpoint
from core.blocks import load_attachments, with_color_token
from core.constants import (
    DELETE_METHOD,
    ENV_TOKEN,
    ENV_URL,
    PERSONAL_METHOD,
    SYSTEM_METHOD,
    is_method_name,
)
from core.notification import Notification
from core.problems import InputError, Problem
from core.record import Record, replace
from core.secrets import mask_secret
from core.validate import check_attachment_size, check_notification, parse_id, parse_user_id
from core.version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    import json
    from typing import Any

DEFAULT_CLIENT_ID = "b24notify"
USER_AGENT = f"b24notify/{__version__}"


@cache
def _encoder(checked: bool) -> json.JSONEncoder:
    """What ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` uses, made once
    (json.dumps builds one on every call with arguments like these).

    ``checked``: the builder's, which refuses NaN and infinity and leaves cycles to the recursion
    limit (no table of the objects under way: 5 k instructions a body); what it refuses, the
    full check then names (``_written_and_sized``).
    """
    import json  # the body on the wire: not for a dry run's start

    if checked:
        return json.JSONEncoder(
            ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
        )
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _compact_json(value: Any) -> str:
    return _encoder(False).encode(value)


class PreparedRequest(Record):
    """One REST call ready to go: POST ``url`` with ``body()`` as JSON and ``headers()``.

    ``params`` never holds the token (it is added by ``body()`` in token mode), so params can be
    shown and stored freely; ``repr`` is masked. Frozen (:class:`core.record.Record`).

    ``params_json``: the params as compact JSON (UTF-8), when the builder already wrote them to
    check them (an attachment's size is checked on the body's JSON): the body is then those
    bytes, written once (plus ``auth`` in token mode), exactly what was checked. Not a field:
    equality, ``replace`` and pickling go by the three fields alone.
    """

    __slots__ = ("_params_json", "endpoint", "method", "params")
    _fields = ("endpoint", "method", "params")
    endpoint: Endpoint
    method: str
    params: dict[str, Any]
    _params_json: bytes | None

    def __init__(
        self,
        endpoint: Endpoint,
        method: str,
        params: dict[str, Any],
        *,
        params_json: bytes | None = None,
    ) -> None:
        # What ``init`` does, spelled out: one of these is built on every send.
        setattr_ = object.__setattr__
        setattr_(self, "endpoint", endpoint)
        setattr_(self, "method", method)
        setattr_(self, "params", params)
        setattr_(self, "_params_json", params_json)

    @property
    def url(self) -> str:
        """The URL to POST to. Contains the webhook secret: hand it only to the transport."""
        return self.endpoint.method_url(self.method)

    @property
    def masked_url(self) -> str:
        return self.endpoint.masked_method_url(self.method)

    def body(self) -> dict[str, Any]:
        """The JSON body: params, plus ``auth`` in token mode (the way the portal's docs do it)."""
        body = dict(self.params)
        if self.endpoint.kind == "token":
            body["auth"] = self.endpoint.token
        return body

    def masked_body(self) -> dict[str, Any]:
        """The body with the token masked, for display."""
        body = dict(self.params)
        if self.endpoint.kind == "token":
            body["auth"] = mask_secret(self.endpoint.token)
        return body

    def body_text(self, reveal: bool = True) -> str:
        """The body as compact JSON text, exactly as it goes on the wire (UTF-8, not escaped)."""
        if self._params_json is not None and (reveal or self.endpoint.kind != "token"):
            return self.body_bytes().decode("utf-8")
        if self.endpoint.kind != "token":  # no auth to add or mask: the params are the body
            return _compact_json(self.params)
        return _compact_json(self.body() if reveal else self.masked_body())

    def body_bytes(self) -> bytes:
        """The bytes to send; ``Content-Type`` says UTF-8."""
        written = self._params_json
        if written is None:
            return self.body_text().encode("utf-8")
        if self.endpoint.kind != "token":
            return written
        if "auth" in self.params or written == b"{}":  # not the params of a builder: write it all
            return _compact_json(self.body()).encode("utf-8")
        # ``body()`` with ``auth`` last, as json writes it: the params' JSON, then the token.
        token = _compact_json(self.endpoint.token).encode("utf-8")
        return written[:-1] + b',"auth":' + token + b"}"

    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    def with_endpoint(self, endpoint: Endpoint) -> PreparedRequest:
        """The same call to another address (after a redirect or a token refresh)."""
        params_json = self._params_json
        return PreparedRequest(endpoint, self.method, dict(self.params), params_json=params_json)

    def __repr__(self) -> str:
        return f"PreparedRequest(POST {self.masked_url} {self.body_text(reveal=False)})"

    # --- copy as ----------------------------------------------------------------------------
    def to_curl(self, reveal: bool = False) -> str:
        """A POSIX-shell curl command doing the same call; secrets masked unless ``reveal``.

        The masked form keeps the mask (``ab…yz``) in place of the secret so that it plainly cannot
        work as is; the revealed form can be pasted into a terminal.
        """
        url = self.url if reveal else self.masked_url
        parts = ["curl", "-sS", url]
        for name, value in self.headers().items():
            parts += ["-H", f"{name}: {value}"]
        parts += ["--data-raw", self.body_text(reveal=reveal)]
        import shlex  # only for Copy as and --curl

        return " ".join(shlex.quote(p) for p in parts)

    def to_cli(self, reveal: bool = False, profile: str = "") -> str | None:
        """The equivalent ``b24notify send`` / ``b24notify delete`` command, or None.

        Unless ``reveal``, the webhook URL and the token are not printed: the command names
        ``profile`` (``--profile NAME``: the saved profile this connection is, secrets in the
        keyring, CA bundle and refresh details with it), or reads them from the
        ``B24NOTIFY_URL`` / ``B24NOTIFY_TOKEN`` environment variables; either way they stay out of
        the clipboard and the process list.
        """
        args: list[str | _EnvReference]
        if self.method in (PERSONAL_METHOD, SYSTEM_METHOD):
            args = ["send", *self._address_args(reveal, profile)]
            args += _option("--user", str(self.params["USER_ID"]))
            args += _option("--text", self.params["MESSAGE"])
            args += self._optional_args(
                ("TAG", "--tag"),
                ("SUB_TAG", "--sub-tag"),
                ("MESSAGE_OUT", "--text-out"),
                ("CLIENT_ID", "--client-id"),
            )
            if "ATTACH" in self.params:
                args += _option("--blocks", _compact_json(self.params["ATTACH"]))
            if self.method == SYSTEM_METHOD:
                args.append("--system")
        elif self.method == DELETE_METHOD:
            args = ["delete", *self._address_args(reveal, profile)]
            args += self._optional_args(
                ("ID", "--id"),
                ("TAG", "--tag"),
                ("SUB_TAG", "--sub-tag"),
                ("CLIENT_ID", "--client-id"),
            )
        else:
            return None
        import shlex

        return "b24notify " + " ".join(
            a.text if isinstance(a, _EnvReference) else shlex.quote(a) for a in args
        )

    def _optional_args(self, *pairs: tuple[str, str]) -> list[str | _EnvReference]:
        """``--option value`` for each parameter present (a default CLIENT_ID goes without)."""
        args: list[str | _EnvReference] = []
        for key, option in pairs:
            if key in self.params and not (key == "CLIENT_ID" and self._default_client_id()):
                args += _option(option, str(self.params[key]))
        return args

    def _default_client_id(self) -> bool:
        """True if CLIENT_ID is the default the builders add anyway (so the command can omit it)."""
        if self.params.get("CLIENT_ID") != DEFAULT_CLIENT_ID or self.endpoint.kind != "webhook":
            return False
        if self.method == DELETE_METHOD:
            return "ID" not in self.params
        return "TAG" in self.params or "SUB_TAG" in self.params

    def _address_args(self, reveal: bool, profile: str = "") -> list[str | _EnvReference]:
        if profile and not reveal:
            return ["--profile", profile]
        ep = self.endpoint
        if ep.kind == "webhook":
            return ["--url", ep.base_url if reveal else _EnvReference(ENV_URL)]
        return ["--url", ep.base_url, "--token", ep.token if reveal else _EnvReference(ENV_TOKEN)]


class _EnvReference:
    """An environment variable written unquoted-for-expansion (``"$NAME"``) into a command.

    A distinct type, so that no user-supplied value can ever be emitted without shell quoting.
    """

    def __init__(self, name: str) -> None:
        self.text = f'"${name}"'


def _option(name: str, value: str) -> list[str]:
    # "--text -x" would make argparse take "-x" for an option; "--text=-x" is unambiguous.
    return [f"{name}={value}"] if value.startswith("-") else [name, value]


def _as_endpoint(endpoint: Endpoint | str) -> Endpoint:
    return endpoint if isinstance(endpoint, Endpoint) else parse_endpoint(endpoint)


def _checked_attachments(n: Notification) -> tuple[Notification, list[Any] | dict[str, Any] | None]:
    """The notification as checked and its attachment, loaded once (a file is read once: what was
    checked is what goes out), after checking all but the attachment's size (see
    ``_written_and_sized``); ``InputError`` with every problem."""
    given = n.attachments
    try:
        attach = load_attachments(given)
    except InputError as error:  # unreadable: said after the other fields' problems
        problems = check_notification(replace(n, attachments=None)) + error.problems
        raise InputError(problems) from None
    # Checked as loaded: text or a file is read once, and what was checked goes out. A list or a
    # dict loads to a copy of itself (the same blocks), so checking ``n`` as given checks what
    # goes out, without a copy of ``n`` on every send.
    same = attach is given or type(given) in (list, dict)
    checked = n if same else replace(n, attachments=attach)
    if check_notification(checked, size=False):  # then every problem, the size's too
        raise InputError(check_notification(checked))
    return checked, attach


def _written_and_sized(
    checked: Notification, attach: list[Any] | dict[str, Any], params: dict[str, Any]
) -> bytes:
    """The params as compact JSON, once the attachment's size was checked on them.

    The size check needs JSON of the attachment; the body holds the attachment whole (its
    ``COLOR_TOKEN`` form too holds every block), so its length bounds the attachment's, and the
    body is written once for both: to check, then to send (``PreparedRequest.params_json``).
    """
    try:
        written = _encoder(True).encode(params).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # NaN, sets, objects, cycles, broken Unicode
        # The full check says which (it writes the attachment alone, with the same refusals).
        raise InputError(
            check_notification(checked)
            or [Problem("attachments", "the attachment cannot be written as JSON.")]
        ) from None
    problems = check_attachment_size(attach, len(written))
    if problems:
        raise InputError(problems)
    return written


def build_notification(
    endpoint: Endpoint | str, n: Notification, *, system: bool = False
) -> PreparedRequest:
    """Check ``n`` (raises ``InputError`` with every problem) and build the call.

    USER_ID goes as an int; MESSAGE as given (the portal trims it); MESSAGE_OUT, TAG, SUB_TAG,
    ATTACH and CLIENT_ID only when given. A ``color_token`` puts ATTACH in its full form with that
    COLOR_TOKEN. ``system`` sends ``im.notify.system.add`` (no author shown) instead. With a
    webhook, a TAG or SUB_TAG goes with a CLIENT_ID (``DEFAULT_CLIENT_ID`` when none was given):
    newer REST docs describe CLIENT_ID for webhooks. Portals whose ``im`` module takes the client
    id only from an app's authorisation drop webhook tags silently all the same
    (``core.voice`` says so; ``docs/portal-notes.md``). With an attachment, the body is written
    here (its size is checked on it) and sent as written.
    """
    ep = _as_endpoint(endpoint)
    n, attach = _checked_attachments(n)
    params: dict[str, Any] = {"USER_ID": parse_user_id(n.user_id), "MESSAGE": n.text}
    if n.text_out:
        params["MESSAGE_OUT"] = n.text_out
    if n.tag:
        params["TAG"] = n.tag
    if n.sub_tag:
        params["SUB_TAG"] = n.sub_tag
    if attach is not None:
        params["ATTACH"] = with_color_token(attach, n.color_token) if n.color_token else attach
    client_id = n.client_id or (
        DEFAULT_CLIENT_ID if ep.kind == "webhook" and (n.tag or n.sub_tag) else ""
    )
    if client_id:
        params["CLIENT_ID"] = client_id
    method = SYSTEM_METHOD if system else PERSONAL_METHOD
    if attach is None:  # no size to check: the body is written when asked (not for a dry run)
        return PreparedRequest(ep, method, params)
    return PreparedRequest(ep, method, params, params_json=_written_and_sized(n, attach, params))


def _text_or_none(*pairs: tuple[str, Any]) -> None:
    problems = [
        Problem(name, "must be text.")
        for name, value in pairs
        if value is not None and not isinstance(value, str)
    ]
    if problems:
        raise InputError(problems)


def build_delete(
    endpoint: Endpoint | str,
    *,
    id: int | str | None = None,
    tag: str | None = None,
    sub_tag: str | None = None,
    client_id: str = "",
) -> PreparedRequest:
    """``im.notify.delete`` by notification id, by tag or by sub-tag (exactly one of them).

    Tags are namespaced per application, so deleting by tag with a webhook needs the same
    CLIENT_ID the notification was sent with (``DEFAULT_CLIENT_ID`` unless another was given).
    By id, the portal deletes only a notification whose recipient makes the call.
    """
    ep = _as_endpoint(endpoint)
    _text_or_none(("tag", tag), ("sub_tag", sub_tag), ("client_id", client_id))
    given = [k for k, v in (("id", id), ("tag", tag), ("sub_tag", sub_tag)) if v not in (None, "")]
    if len(given) != 1:
        which = "none" if not given else " and ".join(given)
        raise InputError(
            [Problem("id", f"give exactly one of id, tag or sub-tag to delete by (got {which}).")]
        )
    params: dict[str, Any] = {}
    if id not in (None, ""):
        params["ID"] = parse_id(id, "id", "notification id")
    if tag:
        params["TAG"] = tag
    if sub_tag:
        params["SUB_TAG"] = sub_tag
    if client_id or (ep.kind == "webhook" and "ID" not in params):
        params["CLIENT_ID"] = client_id or DEFAULT_CLIENT_ID
    return PreparedRequest(ep, DELETE_METHOD, params)


def build_call(
    endpoint: Endpoint | str, method: str, params: dict[str, Any] | None = None
) -> PreparedRequest:
    """Any other REST method (``profile``, ``method.get``, ``user.search``...)."""
    ep = _as_endpoint(endpoint)
    name = method.strip() if isinstance(method, str) else ""
    if name.endswith(".json"):
        name = name[: -len(".json")]
    if not is_method_name(name):
        raise InputError([Problem("method", "this is not a REST method name.")])
    if params is not None and not isinstance(params, dict):
        raise InputError([Problem("params", "must be a dict of parameters (or None).")])
    import json

    try:  # what cannot go on the wire as JSON is refused here, before anything is sent
        json.dumps(params or {}, ensure_ascii=False, allow_nan=False)
    except RecursionError:
        raise InputError([Problem("params", "are nested too deeply to be sent as JSON.")]) from None
    except (TypeError, ValueError) as e:  # bytes, objects, sets, NaN, cycles
        raise InputError([Problem("params", f"cannot be sent as JSON ({e}).")]) from None
    return PreparedRequest(ep, name, dict(params or {}))
