"""The portal's ``batch`` method: up to 50 commands in one HTTP request, read back per command.

Each command is a string ``method?query`` whose query string is decoded on the portal by PHP
(``parse_str``), so nested parameters such as ``ATTACH`` go in PHP's bracket form:
``ATTACH[0][MESSAGE]=Hi`` (https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html,
and ``data-encoding.html`` beside it). :func:`encode_query` writes that form the way PHP's
``http_build_query`` does, with every byte outside ``A-Z a-z 0-9 - . _ ~`` percent-encoded
(RFC 3986; a space is ``%20``, never ``+``, so a ``+`` in a text stays a plus). ``true``/``false``
go as ``1``/``0`` and ``None`` is left out, as ``http_build_query`` does. The batch itself travels
as JSON (``{"halt": 0, "cmd": {...}}``), where the command strings need no second encoding.

The answer is ``{"result": {"result": {...}, "result_error": {...}, "result_total": ...,
"result_next": ..., "result_time": ...}}``, each keyed by the command's key; with ``halt=0`` every
command runs and its error (if any) lands in ``result_error`` (:func:`read_batch`).

Everything goes through the one client (``RestCaller.call``): retries, secrets masking and the
"never resend an unknown outcome" rule live there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from core.errors import InputError, Problem
from core.i18n import _

if TYPE_CHECKING:
    from core.rest import RestCaller
    from core.result import Result

BATCH_METHOD = "batch"
MAX_COMMANDS = 50
"""The portal runs at most 50 commands in one batch (ERROR_BATCH_LENGTH_EXCEEDED beyond)."""


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pairs(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _pairs(f"{prefix}[{key}]", item, out)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _pairs(f"{prefix}[{index}]", item, out)
    else:
        text = _scalar(value)
        if text is not None:
            out.append((prefix, text))


def encode_query(params: Mapping[str, Any]) -> str:
    """``params`` as a PHP-style query string: nested dicts and lists in bracket form.

    ``{"USER_ID": 5, "ATTACH": [{"MESSAGE": "a b"}]}`` ->
    ``USER_ID=5&ATTACH%5B0%5D%5BMESSAGE%5D=a%20b`` (brackets encoded, as http_build_query does;
    PHP decodes the name before it reads the brackets).
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        _pairs(str(key), value, pairs)
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def command(method: str, params: Mapping[str, Any] | None = None) -> str:
    """One batch command: ``method?query`` (just ``method`` without parameters)."""
    query = encode_query(params or {})
    return f"{method}?{query}" if query else method


def batch_params(commands: Mapping[str, str], *, halt: bool = False) -> dict[str, Any]:
    """The parameters of one ``batch`` call; refuses more than :data:`MAX_COMMANDS` commands."""
    if not commands:
        raise InputError([Problem("cmd", _("a batch needs at least one command."))])
    if len(commands) > MAX_COMMANDS:
        raise InputError(
            [
                Problem(
                    "cmd",
                    _("a batch holds at most {n} commands, not {count}.").format(
                        n=MAX_COMMANDS, count=len(commands)
                    ),
                )
            ]
        )
    return {"halt": 1 if halt else 0, "cmd": dict(commands)}


@dataclass(frozen=True)
class CommandResult:
    """What the portal said about one command of a batch.

    ``answered`` is False when the command is in neither ``result`` nor ``result_error`` (its
    outcome is unknown). ``error``/``description`` are set for a command the portal refused.
    """

    key: str
    answered: bool
    value: Any = None
    error: str = ""
    description: str = ""
    total: int | None = None
    next: int | None = None

    @property
    def ok(self) -> bool:
        return self.answered and not self.error


def _section(inner: Any, name: str) -> dict[str, Any]:
    """One of the answer's maps; PHP sends an empty one as ``[]`` and a list-keyed one as a list."""
    part = inner.get(name) if isinstance(inner, dict) else None
    if isinstance(part, dict):
        return {str(k): v for k, v in part.items()}
    if isinstance(part, list):
        return {str(i): v for i, v in enumerate(part)}
    return {}


def read_batch(result: Result, keys: list[str]) -> dict[str, CommandResult] | None:
    """Each command's outcome from a batch answer, by key; None if the answer has no batch shape.

    A key missing from both ``result`` and ``result_error`` comes back with ``answered=False``.
    """
    inner = result.value
    if not isinstance(inner, dict) or ("result" not in inner and "result_error" not in inner):
        return None
    values, errors = _section(inner, "result"), _section(inner, "result_error")
    totals, nexts = _section(inner, "result_total"), _section(inner, "result_next")
    read: dict[str, CommandResult] = {}
    for key in keys:
        total, nxt = totals.get(key), nexts.get(key)
        total = total if isinstance(total, int) and not isinstance(total, bool) else None
        nxt = nxt if isinstance(nxt, int) and not isinstance(nxt, bool) else None
        if key in errors:
            error = errors[key] if isinstance(errors[key], dict) else {}
            code = str(error.get("error") or "ERROR")
            read[key] = CommandResult(
                key, True, None, code, str(error.get("error_description") or ""), total, nxt
            )
        elif key in values:
            read[key] = CommandResult(key, True, values[key], total=total, next=nxt)
        else:
            read[key] = CommandResult(key, False)
    return read


def call_batch(
    caller: RestCaller, commands: Mapping[str, str], *, halt: bool = False
) -> tuple[Result, dict[str, CommandResult] | None]:
    """Send one batch through ``caller`` (typed errors as ``call`` raises them); the Result and
    each command's outcome (None when the answer had no batch shape: outcome unknown)."""
    result = caller.call(BATCH_METHOD, batch_params(commands, halt=halt))
    return result, read_batch(result, list(commands))
