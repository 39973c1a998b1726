"""The REST client: sends prepared requests and turns every answer into a Result or a typed error.

Rules it keeps (why, with public sources: ``docs/portal-notes.md``):
- one ``requests.Session``; (connect, read) timeouts inside the cloud's 60 s limit;
- no automatic redirects: a 301/302/307/308 is re-POSTed once, same body, to the new address
  when it is the same origin (or http -> https on the same host); another origin (host or port)
  gets nothing unless the caller allows it (``follow_moves``), https -> http never;
- only refusals that pass in seconds are retried, a bounded number of times with growing,
  cancellable waits: 503 QUERY_LIMIT_EXCEEDED, and 429 OPERATION_TIME_LIMIT when its reset is a few
  seconds away; a later reset stops the call at once, saying when sending works again, and
  OVERLOAD_LIMIT (a block only Bitrix24 support lifts) is never retried (``core.rate_limits``);
- never resend after a timeout or a dropped connection — the notification may exist;
- an answer is read up to ``MAX_ANSWER_BYTES`` (16 MiB; a portal's answers are kilobytes):
  a larger one is not read on into memory, and its call's outcome is unknown;
- ``expired_token`` triggers one OAuth refresh and one repeat;
- secrets never reach messages, logs or ``repr`` (requests' own texts contain URLs: scrubbed).
"""

from __future__ import annotations

import html
import http.client
import json
import logging
import math
import re
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter

from core.address import Endpoint, parse_endpoint
from core.bounded_answer import MAX_ANSWER_BYTES, AnswerTooLarge, BoundedReader
from core.constants import (
    DELETE_METHOD,
    IM_USER_SEARCH_METHOD,
    METHOD_GET,
    PERSONAL_METHOD,
    PROFILE_METHOD,
    SYSTEM_METHOD,
    USER_SEARCH_METHOD,
)
from core.errors import (
    B24NotifyError,
    CancelledError,
    InputError,
    NotSentError,
    OutcomeUnknownError,
    PortalError,
    PortalInputError,
    PortalMovedError,
    PortalServerError,
    Problem,
    RateLimitError,
    RecipientUnavailableError,
    explain,
    portal_error,
)
from core.http_env import environment_session
from core.i18n import N_, _, ngettext
from core.logs import logger
from core.oauth import OAuthCredentials, TokenPair, TokenRefresher
from core.rate_limits import (
    RESET_GRACE,
    SHORT_RESET_WAIT,
    TIME_LIMIT,
    MethodLimits,
    operating_reset_at,
    when_again,
)
from core.record import replace
from core.request import (
    Notification,
    PreparedRequest,
    build_call,
    build_delete,
    build_notification,
)
from core.result import Result, answered
from core.secrets import Redactor
from core.validate import parse_timeout
from core.voice import delete_refusal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from core.check import CheckReport
    from core.users import UserInfo

log = logger("b24notify.client")

DEFAULT_TIMEOUT = (5.0, 55.0)
# Refusals worth a wait and another attempt (the time limit only when its reset is near), known
# by their code alone (the HTTP status that comes with them is not looked at).
RETRYABLE = frozenset({"QUERY_LIMIT_EXCEEDED", TIME_LIMIT})
REDIRECTS = (301, 302, 307, 308)
# What Client.send carries: the notification methods (everything else goes through call()).
_SENDABLE = frozenset({PERSONAL_METHOD, SYSTEM_METHOD, DELETE_METHOD})
# urllib3 loggers that write request URLs (with the webhook secret) at DEBUG level.
_TRANSPORT_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry")
_MAY_EXIST = N_(
    "The notification may or may not have been created: check the recipient's notifications "
    "before sending again."
)
# Only app tokens are sure to keep tags; a webhook's may be dropped (core.voice, TAG_OVER_WEBHOOK).
_TAG_REPLACES = N_("With an app token, a TAG makes a resend replace the first one.")
_MAY_BE_DELETED = N_(
    "The notifications may or may not have been deleted: look before deleting again "
    "(deleting twice does no harm)."
)
# Calls that only read: repeating them after an unknown outcome changes nothing.
_READ_ONLY = frozenset(
    {PROFILE_METHOD, METHOD_GET, USER_SEARCH_METHOD, IM_USER_SEARCH_METHOD, "scope", "server.time",
     "user.get", "user.current", "im.user.get", "app.info"}
)  # fmt: skip


def _unknown_outcome_advice(method: str, webhook: bool = False) -> str:
    """What to do when the outcome of a call of ``method`` is unknown (over a webhook or not)."""
    if method == DELETE_METHOD:
        return _(_MAY_BE_DELETED)
    if method in _READ_ONLY:
        return _("This call only reads, so trying again is safe.")
    if method in (PERSONAL_METHOD, SYSTEM_METHOD):
        return _(_MAY_EXIST) if webhook else _(_MAY_EXIST) + " " + _(_TAG_REPLACES)
    return _("The call may or may not have been carried out: check before repeating it.")


def _gave_up(attempts: int) -> str:
    """The note in a refusal's parentheses once the retries ran out (English: always plural)."""
    return ngettext("gave up after {n} attempts", "gave up after {n} attempts", attempts).format(
        n=attempts
    )


def _advice_for(prepared: PreparedRequest) -> str:
    """What to do when the outcome of ``prepared`` is unknown."""
    return _unknown_outcome_advice(prepared.method, prepared.endpoint.kind == "webhook")


class _ScrubFilter(logging.Filter):
    """Masks this client's secrets in records of the HTTP stack's own loggers."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix; let logging report it
            return True
        scrubbed = self.redactor.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def _detach_filter(flt: logging.Filter) -> None:
    for name in _TRANSPORT_LOGGERS:
        logging.getLogger(name).removeFilter(flt)


def _html_title(text: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if not match:
        return ""
    title = " ".join(html.unescape(match.group(1)).split())
    return title[:80]


def _first_line(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line[:limit] + ("…" if len(line) > limit else "")


def decode_body(content: bytes, encoding: str | None) -> str:
    """The body as text: UTF-8 (what the portal sends) first, then the declared charset."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode(encoding or "latin-1", errors="replace")
    except LookupError:  # a charset nobody knows
        return content.decode("latin-1")


def parse_json(text: str) -> Any:
    """The parsed body, or ``None`` when it is empty or not JSON (garbage must never crash us)."""
    if not text or text.isspace():  # what text.strip() would empty, without the copy
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def unusable(result: Result, webhook: bool = False) -> OutcomeUnknownError | None:
    """Why an answer without an ``error`` is no usable REST answer, or ``None`` if it is one.

    A usable answer is a JSON object with a ``result`` member; anything else (an empty body, a
    proxy's HTML page, broken JSON, JSON of another shape) leaves the outcome unknown.
    """
    raw, text = result.raw, result.text
    if isinstance(raw, dict) and "result" in raw:
        return None
    if not text.strip():
        what, reason = _("an empty body"), "empty_body"
    elif "<html" in text.lower() or "<!doctype" in text.lower():
        title = _html_title(text)
        what = _('an HTML page ("{title}")').format(title=title) if title else _("an HTML page")
        reason = "html"
    elif raw is None:
        what = _("text that is not JSON ({text})").format(text=repr(_first_line(text, 60)))
        reason = "invalid_json"
    else:
        what, reason = _("JSON without a result or an error"), "unexpected_json"
    return OutcomeUnknownError(
        _(
            "The portal answered HTTP {status} with {what} instead of a REST answer; "
            "the outcome is unknown"
        ).format(status=result.http_status, what=what),
        reason=reason,
        result=result,
        explanation=_(
            "A proxy, a gateway or an overloaded portal can answer like this; "
            "the request may or may not have been carried out."
        ),
        advice=_unknown_outcome_advice(result.method, webhook),
    )


def _scrubbed_headers(headers: Mapping[str, str], scrub: Callable[[str], str]) -> dict[str, str]:
    """The answer's headers as a plain dict, every secret in their values masked.

    The values are scrubbed together first: a secret in any value is also in the joined text,
    so when that text comes back unchanged no value holds one (the usual case: one scan instead
    of one per header).
    """
    # requests' CaseInsensitiveDict keeps {lower-case name: (name, value)} in ``_store``; reading
    # it directly skips a Python-level lookup per header (any other mapping: its items).
    store = getattr(headers, "_store", None)
    plain = dict(store.values() if isinstance(store, dict) else headers.items())
    joined = "\n".join(plain.values())
    if scrub(joined) == joined:
        return plain
    return {k: scrub(v) for k, v in plain.items()}


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception with its causes, contexts and urllib3 ``reason``s (requests hides them)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        linked = [item.__cause__, item.__context__, getattr(item, "reason", None)]
        linked += list(getattr(item, "args", ()))
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return seen


_NO_CONNECTION = {
    "NewConnectionError",
    "NameResolutionError",
    "ConnectTimeoutError",
    "ConnectionRefusedError",
    "gaierror",
    "LocationParseError",
    "SSLCertVerificationError",
    "CertificateError",
}
# TLS failures that can only happen in the handshake, before the request is written.
_HANDSHAKE_WORDS = ("certificate", "handshake", "wrong_version_number", "unsupported protocol")


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached the portal (no connection was ever made).

    Anything unclear counts as "may have been sent": an SSL error, for one, can also happen
    while the answer is being read, after the portal did the work.
    """
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return True
    chain = _chain(exc)
    if {type(e).__name__ for e in chain} & _NO_CONNECTION:
        return True
    if isinstance(exc, requests.exceptions.SSLError):
        text = " ".join(str(e) for e in chain).lower()
        return any(word in text for word in _HANDSHAKE_WORDS)
    return False


def _host_port(endpoint: Endpoint) -> tuple[str, int]:
    """The host name and the port a connection to ``endpoint`` goes to (defaults filled in)."""
    host, port = endpoint.host, ""
    if host.startswith("["):
        end = host.index("]")
        host, port = host[: end + 1], host[end + 2 :]
    elif ":" in host:
        host, port = host.rsplit(":", 1)
    return host, int(port) if port else (443 if endpoint.scheme == "https" else 80)


def same_origin(current: Endpoint, target: Endpoint) -> bool:
    """True when a redirect from ``current`` to ``target`` stays with the same server.

    The same scheme, host and port; or the upgrade from http to https on the same host (to the
    same port, or from http's default port to https's). Anything else is another origin.
    """
    host, port = _host_port(current)
    new_host, new_port = _host_port(target)
    if new_host != host:
        return False
    if target.scheme == current.scheme:
        return new_port == port
    upgrade = current.scheme == "http" and target.scheme == "https"
    return upgrade and (new_port == port or (port == 80 and new_port == 443))


_MAX_ATTEMPTS = 100


def _check_options(
    *,
    max_attempts: Any,
    base_delay: Any,
    max_wait: Any,
    follow_moves: Any,
    callables: dict[str, Any],
    session: Any,
    oauth: Any,
) -> None:
    """Refuse option values of the wrong type or range with one InputError naming each."""
    problems: list[Problem] = []
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        problems.append(Problem("max_attempts", "must be a whole number, such as 3."))
    elif not 1 <= max_attempts <= _MAX_ATTEMPTS:
        problems.append(Problem("max_attempts", f"must be from 1 to {_MAX_ATTEMPTS}."))
    for name, value in (("base_delay", base_delay), ("max_wait", max_wait)):
        number = not isinstance(value, bool) and isinstance(value, (int, float))
        if not number or not math.isfinite(value) or value < 0:
            problems.append(Problem(name, "must be a number of seconds, 0 or more."))
    if not isinstance(follow_moves, bool):
        problems.append(Problem("follow_moves", "must be True or False."))
    for name, value in callables.items():
        if value is not None and not callable(value):
            problems.append(Problem(name, "must be a function (or None)."))
    if callables.get("clock") is None:
        problems.append(Problem("clock", "must be a function returning the time."))
    if session is not None and not isinstance(session, requests.Session):
        problems.append(Problem("session", "must be a requests.Session (or None)."))
    if oauth is not None and not isinstance(oauth, OAuthCredentials):
        problems.append(Problem("oauth", "must be core.OAuthCredentials (or None)."))
    if problems:
        raise InputError(problems)


def _notification(value: Any) -> Notification:
    if not isinstance(value, Notification):
        raise InputError(
            [
                Problem(
                    "notification",
                    "must be a core.Notification, such as Notification(user_id=5, text='Hi'), "
                    f"not {type(value).__name__}.",
                )
            ]
        )
    return value


class Client:
    """A connection to one portal (webhook or token): one call at a time; cancel() from any thread.

    ``sleep`` replaces the wait between retries (tests pass a recorder); the default waits on an
    event so that ``cancel()`` interrupts it at once. ``on_retry(code, seconds, next_attempt)`` is
    called before each such wait, so that a caller can say why nothing seems to happen.
    ``limits`` remembers the portal's time-limit answers per method; pass one ``MethodLimits`` to
    several clients to share what they learn (the window does).

    A redirect to the same origin (or from http to https on the same host) is re-POSTed once. One
    to another origin raises ``PortalMovedError`` and sends nothing there, unless
    ``follow_moves=True``: then it is re-POSTed once too. From https to http: never.
    """

    def __init__(
        self,
        endpoint: Endpoint | str,
        token: str = "",
        *,
        timeout: tuple[float, float] | float = DEFAULT_TIMEOUT,
        oauth: OAuthCredentials | None = None,
        on_tokens: Callable[[TokenPair], None] | None = None,
        max_attempts: int = 3,
        sleep: Callable[[float], None] | None = None,
        session: requests.Session | None = None,
        base_delay: float = 1.0,
        max_wait: float = 60.0,
        clock: Callable[[], float] = time.time,
        on_retry: Callable[[str, float, int], None] | None = None,
        limits: MethodLimits | None = None,
        follow_moves: bool = False,
    ) -> None:
        self._endpoint = parse_endpoint(endpoint, token)
        _check_options(
            max_attempts=max_attempts,
            base_delay=base_delay,
            max_wait=max_wait,
            follow_moves=follow_moves,
            callables={
                "sleep": sleep,
                "clock": clock,
                "on_retry": on_retry,
                "on_tokens": on_tokens,
            },
            session=session,
            oauth=oauth,
        )
        self._follow_moves = follow_moves
        self._moved_to: Endpoint | None = None
        # Secrets met on the way (a redirect's Location may carry another one): masked for good.
        self._seen_secrets: tuple[str, ...] = ()
        self._timeout = parse_timeout(timeout)
        self._max_attempts = max_attempts
        # The most of one answer read (a test lowers it; see MAX_ANSWER_BYTES).
        self.max_answer_bytes = MAX_ANSWER_BYTES
        self._sleep = sleep
        self._base_delay = base_delay
        self._max_wait = max_wait
        self._clock = clock
        self._on_retry = on_retry
        if limits is not None and not isinstance(limits, MethodLimits):
            raise InputError(
                [Problem("limits", "must be a core.rate_limits.MethodLimits or None.")]
            )
        self._limits = limits if limits is not None else MethodLimits(clock)
        self._cancel = threading.Event()
        self._owns_session = session is None
        # Its own session reads the environment's proxy settings once, until they change
        # (core.http_env: requests reads them on every call, a third of a bare post's work).
        self._session = session or environment_session()
        # A session given a CA bundle (a profile's, core.profiles.ca_session) verifies with that
        # file: passed on each call, or requests would let $REQUESTS_CA_BUNDLE / $CURL_CA_BUNDLE
        # win over it. Otherwise None: requests' own choice (the environment's, else certifi).
        given = getattr(self._session, "verify", None)
        self._verify: str | None = given if isinstance(given, str) and given else None
        if self._owns_session:
            # Explicit: urllib3 must never retry on its own (it could resend a notification).
            adapter = HTTPAdapter(max_retries=0)
            self._session.mount("https://", adapter)
            self._session.mount("http://", adapter)
        self._oauth = oauth
        self._refresher = (
            TokenRefresher(oauth, self._session, timeout=self._timeout, on_tokens=on_tokens)
            if oauth is not None
            else None
        )
        self._redaction: tuple[tuple[str, ...], Redactor] = ((), Redactor())
        # What the redactor was last built from (compared by identity): a send checks three
        # references instead of gathering every secret again (see ``_redactor``).
        self._redaction_key: tuple[object, ...] = ()
        self._learned: Endpoint | None = None  # the last endpoint ``_learn`` took in
        self._filter = _ScrubFilter(self._redactor())
        for name in _TRANSPORT_LOGGERS:
            logging.getLogger(name).addFilter(self._filter)
        self._finalizer = weakref.finalize(self, _detach_filter, self._filter)

    # --- state ------------------------------------------------------------------------------------
    @property
    def endpoint(self) -> Endpoint:
        """The current address (changes after a redirect or a token refresh)."""
        return self._endpoint

    @property
    def moved_to(self) -> Endpoint | None:
        """Where the portal last said it moved (another origin, not followed), credentials
        included; ``None`` until then. The ``PortalMovedError`` raised then holds no secret: a
        caller who decides to follow takes the address from here."""
        return self._moved_to

    @property
    def tokens(self) -> TokenPair | None:
        """The last token pair obtained by a refresh, if any."""
        return self._refresher.latest if self._refresher else None

    def _secrets(self) -> tuple[str, ...]:
        extra = self._refresher.credentials.secrets if self._refresher else ()
        latest = self.tokens
        pair = (latest.access_token, latest.refresh_token) if latest else ()
        return (*self._endpoint.secrets, *self._seen_secrets, *extra, *pair)

    def _redactor(self) -> Redactor:
        """The masker of every secret known now; rebuilt only when that set changes (a refresh,
        a redirect), not on each call."""
        # Every secret comes from the endpoint, the secrets seen, the OAuth credentials (fixed for
        # the refresher's life) or the latest token pair; while these are the same objects, so is
        # the set of secrets (each is frozen; ``_seen_secrets`` is replaced, never changed).
        key = (self._endpoint, self._seen_secrets, self.tokens)
        last = self._redaction_key
        if last and key[0] is last[0] and key[1] is last[1] and key[2] is last[2]:
            return self._redaction[1]
        secrets = self._secrets()
        known, redactor = self._redaction
        if secrets != known:
            redactor = Redactor(secrets)
            self._redaction = (secrets, redactor)
        self._redaction_key = key
        return redactor

    def _learn(self, *endpoints: Endpoint) -> None:
        """Mask the secrets of ``endpoints`` for good, even once the client has moved on (a request
        built for another address, a redirect's Location that carries another secret)."""
        new = [s for ep in endpoints for s in ep.secrets if s not in self._seen_secrets]
        if new:
            self._seen_secrets = tuple(dict.fromkeys((*self._seen_secrets, *new)))
            self._filter.redactor = self._redactor()

    def __repr__(self) -> str:
        return f"Client({self._endpoint.display()!r})"

    def cancel(self) -> None:
        """Stop at the next safe point; safe from any thread, and it sticks.

        A wait between retries ends at once and the call raises CancelledError; a call that has
        not sent yet sends nothing. An HTTP exchange already under way is not cut off (the request
        may already be at the portal), but nothing is sent after it. Later calls on this client are
        refused: make a new client to send again.
        """
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _stop_if_cancelled(self, attempts: int) -> None:
        """Raise CancelledError once cancel() was called; checked before anything goes out."""
        if self._cancel.is_set():
            raise CancelledError(
                _("Cancelled; nothing was sent")
                if attempts == 0
                else _("Cancelled; nothing more was sent"),
                advice=_("Send again when you are ready."),
            )

    def close(self) -> None:
        if self._owns_session:
            self._session.close()
        self._finalizer()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the notification family ------------------------------------------------------------------
    def send(self, prepared: PreparedRequest) -> Result:
        """Send a request built by ``build_notification`` or ``build_delete``, exactly as built.

        This is the one way a notification goes out (``send_personal``, ``send_system`` and
        ``delete`` build the request and come here), so what a shell showed (``--dry-run``, Copy
        as) is what is sent. The answer is checked: ``result: false`` to a send raises
        ``RecipientUnavailableError``, a send answered without a notification id
        ``OutcomeUnknownError``, and a delete that deleted nothing ``PortalInputError``.
        Other methods go through :meth:`call`.
        """
        if not isinstance(prepared, PreparedRequest) or prepared.method not in _SENDABLE:
            raise InputError(
                [
                    Problem(
                        "prepared",
                        "must be a request made by core.request.build_notification or "
                        "build_delete; other methods go through Client.call().",
                    )
                ]
            )
        result = self.execute(prepared)
        if prepared.method == DELETE_METHOD:
            self._check_deleted(prepared, result)
        else:
            self._check_sent(prepared, result)
        return result

    def send_personal(self, notification: Notification) -> Result:
        """Send ``im.notify.personal.add``; returns the Result whose ``notification_id`` is set."""
        return self.send(build_notification(self._endpoint, _notification(notification)))

    def send_system(self, notification: Notification) -> Result:
        """Send ``im.notify.system.add`` (no author shown)."""
        n = _notification(notification)
        return self.send(build_notification(self._endpoint, n, system=True))

    @staticmethod
    def _check_sent(prepared: PreparedRequest, result: Result) -> None:
        value = result.value
        if value is False:
            raise RecipientUnavailableError(
                _(
                    "The portal created no notification (result: false): the recipient may not "
                    "exist or may be inactive"
                ),
                http_status=result.http_status,
                result=result,
                explanation=_(
                    "The recipient does not exist, is inactive (dismissed), is an external "
                    "user, or the portal cancelled the notification."
                ),
                advice=_(
                    "Check the user ID; search for the recipient by name to find the right one."
                ),
            )
        if result.notification_id is None:
            raise OutcomeUnknownError(
                _("The portal answered without a notification id (result: {value})").format(
                    value=_first_line(repr(value))
                ),
                reason="unexpected_result",
                result=result,
                explanation=_("The answer had no error but no id either."),
                advice=_advice_for(prepared),
            )

    @staticmethod
    def _check_deleted(prepared: PreparedRequest, result: Result) -> None:
        if result.value is not True:
            explanation, advice = delete_refusal(by_id="ID" in prepared.params)
            raise PortalInputError(
                _("The portal deleted nothing (result: false)"),
                http_status=result.http_status,
                result=result,
                explanation=explanation,
                advice=advice,
            )

    def delete(
        self,
        *,
        id: int | None = None,
        tag: str | None = None,
        sub_tag: str | None = None,
        client_id: str = "",
    ) -> Result:
        """``im.notify.delete`` by id, tag or sub-tag; ``result: false`` raises PortalInputError."""
        return self.send(
            build_delete(self._endpoint, id=id, tag=tag, sub_tag=sub_tag, client_id=client_id)
        )

    def call(self, method: str, params: dict[str, Any] | None = None) -> Result:
        """Any REST method (used by the connection check and the recipient search)."""
        return self.execute(build_call(self._endpoint, method, params or {}))

    def check(self) -> CheckReport:
        """Test the connection: valid credentials? whose are they? may they send notifications?"""
        from core.check import run_check

        return run_check(self)

    def search_users(self, query: str, limit: int = 20) -> list[UserInfo]:
        """Find recipients by name (user.search, or im.search.user.list without the user scope)."""
        from core.users import search_users

        return search_users(self, query, limit)

    # --- the transport loop -----------------------------------------------------------------------
    def execute(self, prepared: PreparedRequest) -> Result:
        """POST a prepared request; return its Result or raise a typed error (no blind resends)."""
        started = time.monotonic()
        attempts = 0
        redirected_to: Endpoint | None = None
        refreshed = False
        if prepared.endpoint is not self._learned:  # learning the same one again adds nothing
            self._learn(prepared.endpoint)
            self._learned = prepared.endpoint
        self._refuse_if_paused(prepared.method)
        while True:
            self._stop_if_cancelled(attempts)
            attempts += 1
            response, body, round_trip = self._post(prepared, attempts, started)
            status = response.status_code

            if status in REDIRECTS and response.headers.get("Location"):
                target, refusal = self._follow(prepared.endpoint, response, redirected_to)
                if target is not None:  # mask the Location's secret (it may be another one)
                    self._learn(prepared.endpoint, target)
                if refusal is not None:
                    message, explanation = refusal
                    raise PortalServerError(
                        _(
                            "The portal redirected (HTTP {status}) {what}; nothing was created"
                        ).format(status=status, what=message),
                        http_status=status,
                        result=self._result(
                            prepared, response, body, started, attempts, None, round_trip
                        ),
                        explanation=explanation,
                        advice=_(
                            "Open the portal in a browser and copy its current address; if "
                            "the move is genuine, enter the new address yourself."
                        ),
                    )
                assert target is not None
                if not self._follow_moves and not same_origin(prepared.endpoint, target):
                    self._moved_to = target
                    raise PortalMovedError(
                        target,
                        http_status=status,
                        result=self._result(
                            prepared, response, body, started, attempts, None, round_trip
                        ),
                    )
                redirected_to = target
                log.info(
                    "HTTP %s: the portal moved to %s; POSTing the same body there once",
                    status,
                    redirected_to.display(),
                )
                self._endpoint = redirected_to
                self._filter.redactor = self._redactor()
                prepared = prepared.with_endpoint(redirected_to)
                continue

            result = self._result(
                prepared, response, body, started, attempts, redirected_to, round_trip
            )
            self._limits.observe(result)
            code = result.error_code
            if not code:
                problem = unusable(result, prepared.endpoint.kind == "webhook")
                if problem is not None:
                    raise problem
                return result

            if code in RETRYABLE and attempts < self._max_attempts:
                self._wait(self._delay(code, result, attempts), code, attempts + 1)
                continue
            if code == TIME_LIMIT:
                raise self._time_limit_error(result, _gave_up(attempts))
            if (
                code == "expired_token"
                and self._refresher is not None
                and prepared.endpoint.kind == "token"
                and not refreshed
            ):
                refreshed = True
                self._stop_if_cancelled(attempts)  # a refresh is a request too
                pair = self._refresher.refresh(prepared.endpoint.token, self._secrets())
                new_endpoint = replace(prepared.endpoint, token=pair.access_token)
                self._endpoint = new_endpoint
                self._filter.redactor = self._redactor()
                prepared = prepared.with_endpoint(new_endpoint)
                log.info("access token refreshed; repeating %s once", prepared.method)
                continue
            scrub = self._redactor().scrub
            gave_up = _gave_up(attempts) if code in RETRYABLE else ""
            webhook = prepared.endpoint.kind == "webhook"
            raise portal_error(
                code, scrub(result.error_description), status, result, gave_up, webhook=webhook
            )

    @staticmethod
    def _follow(
        current: Endpoint, response: requests.Response, earlier: Endpoint | None
    ) -> tuple[Endpoint | None, tuple[str, str] | None]:
        """Where a redirect leads, or why it is not followed: (what happened, why)."""
        if earlier is not None:
            return None, (
                _("a second time"),
                _("A moved portal redirects once; a second one is a loop."),
            )
        try:
            target = current.with_location(response.headers["Location"])
        except InputError:
            return None, (
                _("to an address b24notify cannot use"),
                _("Only http(s) addresses work."),
            )
        if current.scheme == "https" and target.scheme != "https":
            return target, (
                _("from https to plain http; not followed"),
                _("Following it would send the webhook secret or the token unencrypted."),
            )
        return target, None

    def _post(
        self, prepared: PreparedRequest, attempt: int, started: float
    ) -> tuple[requests.Response, bytes, float]:
        """One HTTP exchange: the response, its body (at most :data:`MAX_ANSWER_BYTES`) and the
        round trip; maps transport failures to NotSent / OutcomeUnknown errors."""
        if log.isEnabledFor(logging.DEBUG):  # the masked URL is built only for a debug log
            log.debug("POST %s (attempt %d)", prepared.masked_url, attempt)
        sent_at = time.monotonic()
        failure: B24NotifyError | None = None
        # A response hook: it runs before requests, even with allow_redirects=False, reads a
        # 3xx answer's whole body itself (core.bounded_answer).
        reader = BoundedReader(self.max_answer_bytes)
        try:
            response = self._session.post(
                prepared.url,
                data=prepared.body_bytes(),
                headers=prepared.headers(),
                timeout=self._timeout,
                allow_redirects=False,
                verify=self._verify,
                stream=True,  # the body is read by the hook, up to its limit
                hooks={"response": reader},
            )
            body = reader.body
        except AnswerTooLarge:
            failure = OutcomeUnknownError(
                _(
                    "The answer from {portal} is larger than {mib} MiB; b24notify stopped "
                    "reading it, so the outcome is unknown"
                ).format(
                    portal=prepared.endpoint.portal_url, mib=f"{self.max_answer_bytes / 2**20:g}"
                ),
                reason="answer_too_large",
                explanation=_(
                    "A portal answers this call in a few kilobytes: this address may not be a "
                    "Bitrix24 portal, or something between (a proxy) answers in its place."
                ),
                advice=_advice_for(prepared),
            )
        except requests.RequestException as exc:
            failure = self._transport_error(prepared, exc, attempt, started)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            # Not wrapped by requests (rare: raised while reading); assume the worst.
            detail = self._redactor().scrub(f"{type(exc).__name__}: {exc}")
            failure = OutcomeUnknownError(
                _("The exchange with {portal} failed; the outcome is unknown").format(
                    portal=prepared.endpoint.portal_url
                ),
                reason="transport",
                explanation=detail,
                advice=_advice_for(prepared),
            )
        if failure is not None:
            # Raised outside the except blocks: the HTTP stack's exception, whose text holds the
            # URL with the secret, must not stay reachable as __context__ (``from None`` keeps it).
            raise failure
        round_trip = time.monotonic() - sent_at
        log.debug("HTTP %s in %.3f s", response.status_code, round_trip)
        return response, body, round_trip

    def _transport_error(
        self,
        prepared: PreparedRequest,
        exc: requests.RequestException,
        attempt: int,
        started: float,
    ) -> B24NotifyError:
        detail = self._redactor().scrub(f"{type(exc).__name__}: {exc}")
        where = prepared.endpoint.portal_url
        log.info("transport failure for %s: %s", prepared.masked_url, detail)
        if _never_sent(exc) and isinstance(exc, requests.exceptions.SSLError):
            return NotSentError(
                _("Could not set up a secure connection to {portal}; nothing was sent").format(
                    portal=where
                ),
                explanation=detail,
                advice=_(
                    "Check the certificate of the portal (or of a proxy in between); a local "
                    "portal without HTTPS needs an explicit http:// address."
                ),
            )
        if _never_sent(exc):
            return NotSentError(
                _("Could not connect to {portal}; nothing was sent").format(portal=where),
                explanation=detail,
                advice=_("Check the portal address and the network (proxy, firewall)."),
            )
        if isinstance(exc, requests.ReadTimeout):
            seconds = self._timeout[1]
            return OutcomeUnknownError(
                _("No answer from {portal} within {seconds} s; the outcome is unknown").format(
                    portal=where, seconds=f"{seconds:g}"
                ),
                reason="timeout",
                explanation=detail,
                advice=_advice_for(prepared),
            )
        if attempt > 1:
            message = ngettext(
                "The connection to {portal} dropped before an answer arrived (after {n} refused "
                "attempt(s)); the outcome is unknown",
                "The connection to {portal} dropped before an answer arrived (after {n} refused "
                "attempt(s)); the outcome is unknown",
                attempt - 1,
            ).format(portal=where, n=attempt - 1)
        else:
            message = _(
                "The connection to {portal} dropped before an answer arrived; "
                "the outcome is unknown"
            ).format(portal=where)
        return OutcomeUnknownError(
            message,
            reason="connection_dropped",
            explanation=detail,
            advice=_advice_for(prepared),
        )

    def _result(
        self,
        prepared: PreparedRequest,
        response: requests.Response,
        body: bytes,
        started: float,
        attempts: int,
        redirected_to: Endpoint | None,
        round_trip: float,
    ) -> Result:
        scrub = self._redactor().scrub
        text = scrub(decode_body(body, response.encoding))
        raw = parse_json(text)
        return answered(
            prepared.method,
            response.status_code,
            raw,
            text,
            time.monotonic() - started,
            attempts,
            redirected_to,
            _scrubbed_headers(response.headers, scrub),
            round_trip,
        )

    # --- retries ----------------------------------------------------------------------------------
    def _delay(self, code: str, result: Result, attempts: int) -> float:
        """Growing delays; for the time limit, until its reset when that is seconds away."""
        if code == TIME_LIMIT:
            reset = self._reset_of(result)
            left = None if reset is None else reset - self._clock()
            if left is None or left > min(SHORT_RESET_WAIT, self._max_wait):
                raise self._time_limit_error(result)
            return max(0.0, left) + RESET_GRACE
        delay = self._base_delay * (2 ** (attempts - 1))
        retry_after = result.headers.get("Retry-After", "")
        if retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        if delay > self._max_wait:
            err = portal_error(code, result.error_description, result.http_status, result)
            err.advice = _(
                "The portal asks to wait about {seconds} s (longer than b24notify waits on its "
                "own); nothing was created — try again later."
            ).format(seconds=f"{delay:.0f}")
            raise err
        return max(0.0, delay)

    def _reset_of(self, result: Result) -> float | None:
        """When a paused method works again: the answer's reset, else the last one remembered
        (a remembered one already past says nothing about the buckets after it)."""
        reset = operating_reset_at(result)
        if reset is not None:
            return reset
        remembered = self._limits.reset_at(result.method)
        return remembered if remembered is not None and remembered > self._clock() else None

    def _time_limit_error(self, result: Result, note: str = "") -> PortalError:
        """OPERATION_TIME_LIMIT: nothing was created; say when sending works again (local time)."""
        scrub = self._redactor().scrub
        err = portal_error(
            TIME_LIMIT, scrub(result.error_description), result.http_status, result, note
        )
        err.advice = (
            _("Nothing was created.") + " " + when_again(self._reset_of(result), self._clock())
        )
        return err

    def _refuse_if_paused(self, method: str) -> None:
        """Send nothing to a method the portal paused, while its reset is more than seconds away."""
        until = self._limits.paused_until(method)
        if until is None:
            return
        now = self._clock()
        if until - now <= min(SHORT_RESET_WAIT, self._max_wait):
            return
        info = explain(TIME_LIMIT)
        raise RateLimitError(
            _("The portal paused {method} for its time limit ({code}); nothing was sent").format(
                method=method, code=TIME_LIMIT
            ),
            code=TIME_LIMIT,
            explanation=info.explanation + " " + _("The portal said so in an earlier answer."),
            advice=when_again(until, now),
        )

    def _wait(self, delay: float, code: str, next_attempt: int) -> None:
        log.info("%s: waiting %.1f s before trying again", code, delay)
        if self._on_retry is not None:
            try:
                self._on_retry(code, delay, next_attempt)
            except Exception:  # a failing listener must not turn a retry into a failure
                log.warning("the on_retry callback failed", exc_info=True)
        if self._sleep is not None:
            self._sleep(delay)
            cancelled = self._cancel.is_set()
        else:
            cancelled = self._cancel.wait(delay)
        if cancelled:
            raise CancelledError(
                _("Cancelled while waiting after {code}; nothing was created").format(code=code),
                advice=_("Send again when you are ready."),
            )
