"""Personalised text: ``{NAME}``, ``{LAST_NAME}``, ``{WORK_POSITION}``… filled in per recipient.

A placeholder is a name in braces; ``{{`` and ``}}`` are literal braces. Names are letters,
digits and ``_`` (not starting with a digit) and are read in any case (``{name}`` is ``{NAME}``).
They are filled in the text, the tag, the sub-tag, ``MESSAGE_OUT`` and every text value of the
attachment (not its keys), from:

- the recipient's CSV row (:class:`core.recipients.Recipient` ``values``), any column; else
- the portal's user data, fetched through ``batch`` of ``user.get`` (:func:`fetch_user_data`):
  every text field the portal gives (``NAME``, ``LAST_NAME``, ``SECOND_NAME``, ``EMAIL``,
  ``WORK_POSITION``…), plus ``FULL_NAME`` (name and last name) and ``ID``.

A placeholder with no value (missing or empty) for some recipient is an ``InputError`` listing
those recipients, raised before anything is sent (:func:`check_values`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from core.errors import InputError, Problem
from core.i18n import _
from core.record import replace

if TYPE_CHECKING:
    from core.notification import Notification
    from core.rest import RestCaller

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[^\W\d]\w*")
FIELDS = ("text", "tag", "sub_tag", "text_out")
"""The Notification fields that take placeholders (besides the attachment)."""
COMPUTED = ("ID", "FULL_NAME")
USERS_PER_COMMAND = 50
"""user.get answers 50 people a page, so one command asks for 50 ids."""
MAX_LISTED = 10


def _problem(field: str, message: str) -> InputError:
    return InputError([Problem(field, message)])


def names(text: str, field: str = "text") -> list[str]:
    """The placeholder names in ``text`` (upper case, in order, once each).

    Raises ``InputError`` naming ``field`` for a lone ``{`` or ``}`` or a name that cannot be one.
    """
    found: dict[str, None] = {}
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise _problem(
                field,
                _("a lone {brace} at character {at}: write {double} for a literal brace, or "
                  "{{NAME}} for a placeholder.").format(
                    brace=token, at=match.start() + 1, double=token * 2
                ),
            )  # fmt: skip
        name = match.group(1).strip()
        if not _NAME.fullmatch(name):
            raise _problem(
                field,
                _("{{{name}}} is not a placeholder (letters, digits and _ only, such as "
                  "{{NAME}}); write {{{{ and }}}} for literal braces.").format(name=name),
            )  # fmt: skip
        found.setdefault(name.upper(), None)
    return list(found)


def fill(text: str, values: Mapping[str, str], field: str = "text") -> str:
    """``text`` with each placeholder replaced by its value (names in upper case).

    Raises ``InputError`` for a placeholder without a (non-empty) value.
    """

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = (match.group(1) or "").strip().upper()
        value = values.get(name, "")
        if not value.strip():
            raise _problem(field, _("{{{name}}} has no value.").format(name=name))
        return value

    names(text, field)  # the syntax first: one clear message
    return _TOKEN.sub(one, text)


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _fill_attach(value: Any, values: Mapping[str, str], path: str) -> Any:
    if isinstance(value, str):
        return fill(value, values, path)
    if isinstance(value, dict):
        return {k: _fill_attach(v, values, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_attach(v, values, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def notification_names(n: Notification, attach: Any = None) -> list[str]:
    """Every placeholder name the notification uses (``attach``: its loaded attachment)."""
    found: dict[str, None] = {}
    for name in FIELDS:
        for found_name in names(getattr(n, name) or "", name):
            found.setdefault(found_name, None)
    for path, text in _strings(attach, "attachments"):
        for found_name in names(text, path):
            found.setdefault(found_name, None)
    return list(found)


def personalise(n: Notification, values: Mapping[str, str], attach: Any = None) -> Notification:
    """The notification for one recipient: placeholders filled from ``values``; the attachment
    given already loaded (``attach``) is filled and replaces ``n.attachments``."""
    changes: dict[str, Any] = {
        name: fill(getattr(n, name), values, name) for name in FIELDS if getattr(n, name)
    }
    if attach is not None:
        changes["attachments"] = _fill_attach(attach, values, "attachments")
    return replace(n, **changes)


def check_values(
    used: list[str], values_of: Mapping[int, Mapping[str, str]], recipients: list[int]
) -> None:
    """Raise ``InputError`` for every placeholder some recipient has no value for, listing them."""
    problems: list[Problem] = []
    for name in used:
        missing = [r for r in recipients if not values_of.get(r, {}).get(name, "").strip()]
        if not missing:
            continue
        if len(missing) == len(recipients) and len(recipients) > 1:
            message = _("{{{name}}} has a value for none of the recipients: no CSV column and no "
                        "user field of the portal is called {name}.").format(name=name)  # fmt: skip
        else:
            shown = ", ".join(str(r) for r in missing[:MAX_LISTED])
            if len(missing) > MAX_LISTED:
                shown += _(" … ({n} in all)").format(n=len(missing))
            message = _("{{{name}}} has no value for user {ids}; fill it in (CSV) or leave it "
                        "out.").format(name=name, ids=shown)  # fmt: skip
        problems.append(Problem("placeholders", message))
    if problems:
        raise InputError(problems)


def user_values(item: Mapping[str, Any]) -> dict[str, str]:
    """The placeholder values of one ``user.get`` item: its text and number fields, upper case,
    plus ``FULL_NAME``."""
    values: dict[str, str] = {}
    for key, value in item.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (str, int, float)):
            values[str(key).upper()] = str(value)
    full = " ".join(p for p in (values.get("NAME", ""), values.get("LAST_NAME", "")) if p.strip())
    values["FULL_NAME"] = full
    return values


def fetch_user_data(
    caller: RestCaller, ids: list[int], before: Callable[[], None] | None = None
) -> dict[int, dict[str, str]]:
    """The portal's data of each of ``ids`` that it knows, through ``batch`` of ``user.get``
    (50 ids a command, 50 commands a request: 2,500 people a request); ``before`` is called
    before each request (the bulk run paces them)."""
    from core.batch import MAX_COMMANDS, call_batch, command
    from core.errors import OutcomeUnknownError, portal_error

    data: dict[int, dict[str, str]] = {}
    groups = [ids[i : i + USERS_PER_COMMAND] for i in range(0, len(ids), USERS_PER_COMMAND)]
    for at in range(0, len(groups), MAX_COMMANDS):
        commands = {
            f"u{at + i}": command("user.get", {"FILTER": {"@ID": group}})
            for i, group in enumerate(groups[at : at + MAX_COMMANDS])
        }
        if before is not None:
            before()
        result, read = call_batch(caller, commands)
        if read is None:
            raise OutcomeUnknownError(
                _("The portal's answer to user.get in a batch had no batch results"),
                reason="unexpected_json",
                result=result,
                advice=_("This only reads, so trying again is safe."),
            )
        for outcome in read.values():
            if outcome.error:
                raise portal_error(outcome.error, outcome.description, result.http_status, result)
            for item in outcome.value if isinstance(outcome.value, list) else []:
                if isinstance(item, dict) and str(item.get("ID", "")).isdigit():
                    data[int(str(item["ID"]))] = user_values(item)
    return data
