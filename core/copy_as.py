"""Copy as: one prepared request as a curl command, a ``b24notify`` command or a Python snippet.

All three say exactly what :class:`core.request.PreparedRequest` would send. Secrets are masked
unless ``reveal``: curl shows the mask in place of the secret (so it plainly cannot work as is),
while the ``b24notify`` command and the Python snippet read the webhook URL or the token from
``B24NOTIFY_URL`` / ``B24NOTIFY_TOKEN`` — they work as pasted, and keep the secret out of the
process list and the clipboard. Shell words are quoted with :func:`shlex.quote`; Python values are
written as Python literals (``repr``), so any text, quotes and newlines included, comes back as is.
"""

from __future__ import annotations

import pprint
from typing import TYPE_CHECKING, Any

from core.constants import DELETE_METHOD, ENV_TOKEN, ENV_URL, PERSONAL_METHOD, SYSTEM_METHOD
from core.request import DEFAULT_CLIENT_ID
from core.secrets import Redactor

if TYPE_CHECKING:
    from core.request import PreparedRequest

FORMATS = ("curl", "cli", "python")


def copy_as(
    prepared: PreparedRequest, fmt: str, *, reveal: bool = False, profile: str = ""
) -> str | None:
    """``prepared`` as ``fmt`` (one of :data:`FORMATS`); None when it has no such form.

    Unless ``reveal``, the secrets are masked wherever they stand: a webhook secret or a token
    typed into the text, a tag or an attachment is masked too (as the history does). ``profile``:
    the saved profile the connection is ("" for none); the masked ``b24notify`` command then
    names it (``--profile NAME``) instead of reading the address from the environment.
    """
    text: str | None
    if fmt == "curl":
        text = prepared.to_curl(reveal)
    elif fmt == "cli":
        text = prepared.to_cli(reveal, profile)
    elif fmt == "python":
        text = as_python(prepared, reveal=reveal)
    else:
        raise ValueError(f"unknown copy-as format {fmt!r}; use one of {', '.join(FORMATS)}")
    if reveal or text is None:
        return text
    return Redactor(prepared.endpoint.secrets).scrub(text)


def _literal(value: Any) -> str:
    """A Python literal for a JSON value, wrapped to stay readable (long lists over lines)."""
    return pprint.pformat(value, indent=1, width=88, sort_dicts=False).replace("\n", "\n    ")


def _address(prepared: PreparedRequest, reveal: bool) -> tuple[list[str], list[str]]:
    """The import lines it needs and the ``url=..., token=...`` arguments."""
    ep = prepared.endpoint
    if ep.kind == "webhook":
        url = repr(ep.base_url) if reveal else f"os.environ[{ENV_URL!r}]"
        return ([] if reveal else ["import os"]), [f"url={url}"]
    token = repr(ep.token) if reveal else f"os.environ[{ENV_TOKEN!r}]"
    return ([] if reveal else ["import os"]), [f"url={ep.base_url!r}", f"token={token}"]


def _default_client_id(prepared: PreparedRequest) -> bool:
    """CLIENT_ID is the one the core adds by itself (so the snippet can leave it out)."""
    p = prepared.params
    if p.get("CLIENT_ID") != DEFAULT_CLIENT_ID or prepared.endpoint.kind != "webhook":
        return False
    if prepared.method == DELETE_METHOD:
        return "ID" not in p
    return "TAG" in p or "SUB_TAG" in p


def as_python(prepared: PreparedRequest, *, reveal: bool = False) -> str:
    """A snippet that makes the same call with the ``core`` package and prints the answer."""
    imports, args = _address(prepared, reveal)
    p = prepared.params
    keep_client_id = "CLIENT_ID" in p and not _default_client_id(prepared)
    if prepared.method in (PERSONAL_METHOD, SYSTEM_METHOD):
        kind = "personal" if prepared.method == PERSONAL_METHOD else "system"
        function = f"create_{kind}_notification"
        args += [f"user_id={p['USER_ID']!r}", f"text={p['MESSAGE']!r}"]
        for key, name in (("TAG", "tag"), ("SUB_TAG", "sub_tag"), ("MESSAGE_OUT", "text_out")):
            if key in p:
                args.append(f"{name}={p[key]!r}")
        if "ATTACH" in p:
            args.append(f"attachments={_literal(p['ATTACH'])}")
    elif prepared.method == DELETE_METHOD:
        function = "delete_notification"
        for key, name in (("ID", "notification_id"), ("TAG", "tag"), ("SUB_TAG", "sub_tag")):
            if key in p:
                args.append(f"{name}={p[key]!r}")
    else:
        imports.append("from core import Client")
        body = ", ".join(a.partition("=")[2] for a in args)  # Client(url[, token])
        return "\n".join(
            [
                *imports,
                "",
                f"with Client({body}) as client:",
                f"    result = client.call({prepared.method!r}, {_literal(dict(p))})",
                "print(result.raw)",
                "",
            ]
        )
    if keep_client_id:
        args.append(f"client_id={p['CLIENT_ID']!r}")
    imports.append(f"from core import {function}")
    lines = [*imports, "", f"answer = {function}("]
    lines += [f"    {arg}," for arg in args]
    lines += [")", "print(answer)", ""]
    return "\n".join(lines)
