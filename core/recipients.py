"""Who a bulk send goes to: ids, ranges and lists as typed or pasted, a CSV file, a department.

- :func:`parse_ids` reads ``5``, ``1,5,10-20``, ``5, 7; 9`` or a pasted column of ids (any mix of
  commas, semicolons, spaces, tabs and new lines); each id by the rules of
  :func:`core.validate.parse_id` (ASCII digits only); a range is at most :data:`MAX_RANGE` ids.
- :func:`read_csv` reads a CSV file (through :func:`core.files.read_text_file`, the one bounded
  reader): its ``ID`` column names the recipients, its other columns fill placeholders
  (:mod:`core.placeholders`). A BOM, ``;`` or ``,`` (or tab) between fields; errors name the line.
- :func:`department_members` asks the portal: ``department.get`` (for the sub-departments) and
  ``user.get`` filtered by ``UF_DEPARTMENT``, active people only, page by page (50 a page,
  ``start``) — https://apidocs.bitrix24.com/api-reference/departments/department-get.html and
  https://apidocs.bitrix24.com/api-reference/user/user-get.html.

Duplicates are removed everywhere, the first one kept, in the order given; every problem is an
``InputError`` found before anything is sent.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import InputError, Problem
from core.files import read_text_file
from core.i18n import _
from core.validate import check_id, parse_id

if TYPE_CHECKING:
    from core.rest import RestCaller

MAX_RANGE = 10_000
"""The most ids one range (``1-10000``) may stand for."""
MAX_RECIPIENTS = 100_000
"""The most recipients one send may have."""
MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_PROBLEMS = 20
"""Problems listed in one error (the rest are counted)."""
PAGE = 50

_SEPARATORS = re.compile(r"[\s,;]+")
# "10 - 20", "10–20" (an en dash, as pasted from documents): one range.
_RANGE_SPACES = re.compile(r"(?<=[0-9])\s*[-\u2013]\s*(?=[0-9])")


@dataclass(frozen=True)
class Recipient:
    """One person to notify, and the values (by upper-case column name) a CSV gave for them."""

    user_id: int
    values: Mapping[str, str] = field(default_factory=dict)


def _bounded(problems: list[Problem]) -> InputError:
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        last = Problem(problems[0].field, _("… and {n} more problems like these.").format(n=more))
        problems = [*problems[:MAX_PROBLEMS], last]
    return InputError(problems)


def _range(token: str, field_name: str) -> tuple[list[int], list[Problem]]:
    low_text, _sep, high_text = token.replace("\u2013", "-").partition("-")
    problems = check_id(low_text, field_name) + check_id(high_text, field_name)
    if problems:
        return [], [Problem(field_name, f"{token}: {p.message}") for p in problems]
    low, high = parse_id(low_text, field_name), parse_id(high_text, field_name)
    if low > high:
        message = _("{token}: the range runs backwards (write the smaller id first: {a}-{b}).")
        return [], [Problem(field_name, message.format(token=token, a=high, b=low))]
    if high - low + 1 > MAX_RANGE:
        return [], [
            Problem(
                field_name,
                _("{token}: a range may hold at most {n} ids; this one holds {count}.").format(
                    token=token, n=f"{MAX_RANGE:,}", count=f"{high - low + 1:,}"
                ),
            )
        ]
    return list(range(low, high + 1)), []


def parse_ids(text: str | int | Iterable[Any], field_name: str = "user") -> list[int]:
    """The ids in ``text`` (or in a list of ids and texts), duplicates removed, order kept.

    Raises ``InputError`` naming ``field_name`` (each bad piece quoted) when any piece is not an
    id or a range of ids, when there is none at all, or when there are more than
    :data:`MAX_RECIPIENTS`.
    """
    if isinstance(text, bool):
        raise InputError([Problem(field_name, _("enter user ids such as 5 or 1,5,10-20."))])
    if isinstance(text, int):
        return [parse_id(text, field_name)]
    if isinstance(text, str):
        pieces: list[Any] = [text]
    else:
        pieces = list(text)
    tokens: list[str | int] = []
    for piece in pieces:
        if isinstance(piece, int) and not isinstance(piece, bool):
            tokens.append(piece)
        elif isinstance(piece, str):
            tokens.extend(t for t in _SEPARATORS.split(_RANGE_SPACES.sub("-", piece)) if t)
        else:
            tokens.append(repr(piece))
    ids: dict[int, None] = {}
    problems: list[Problem] = []
    for token in tokens:
        if isinstance(token, str) and ("-" in token[1:] or "\u2013" in token):
            found, trouble = _range(token, field_name)
            problems += trouble
        else:
            trouble = check_id(token, field_name)
            if trouble:
                problems += [Problem(field_name, f"{token}: {p.message}") for p in trouble]
                found = []
            else:
                found = [parse_id(token, field_name)]
        for user_id in found:
            ids.setdefault(user_id, None)
        if len(ids) > MAX_RECIPIENTS:
            raise InputError([Problem(field_name, _too_many())])
    if problems:
        raise _bounded(problems)
    if not ids:
        raise InputError([Problem(field_name, _("enter user ids such as 5 or 1,5,10-20."))])
    return list(ids)


def _too_many() -> str:
    return _("at most {n} recipients may be notified at once.").format(n=f"{MAX_RECIPIENTS:,}")


def looks_like_many(text: str) -> bool:
    """True when ``text`` names ids as a list or a range (so the send goes the bulk way)."""
    stripped = text.strip()
    return bool(_SEPARATORS.search(stripped)) or bool(re.search(r"[0-9]\s*[-\u2013]", stripped))


def dedupe(recipients: Iterable[Recipient]) -> list[Recipient]:
    """The first of each user id, in the order given."""
    seen: dict[int, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.user_id, recipient)
    return list(seen.values())


# --- CSV ------------------------------------------------------------------------------------------


def _dialect(text: str) -> str:
    """The header line's delimiter: the most frequent of ``;``, ``,`` and tab (else ``,``)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: str | os.PathLike[str], field_name: str = "recipients") -> list[Recipient]:
    """The recipients of a CSV file: an ``ID`` column (any case), other columns as values.

    Raises ``InputError`` naming ``field_name`` and the line for an unreadable file, a missing
    ``ID`` column, a bad id, a row with more fields than the header, or the same id twice with
    different values. Empty lines are skipped; the same id twice with the same values counts once.
    """
    text = read_text_file(path, max_bytes=MAX_CSV_BYTES, field=field_name, what="CSV file")
    return parse_csv(text, field_name, str(path))


def parse_csv(text: str, field_name: str = "recipients", name: str = "CSV") -> list[Recipient]:
    """:func:`read_csv` on text already read (``name`` names it in the messages)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError([Problem(field_name, _("{name} is empty.").format(name=name))])
    # strict: an unclosed quote is an error naming its line, not a field that swallows every
    # line after it (and the recipients on them) without a word
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        where = _("{name}, line {line}: {error}").format(name=name, line=1, error=exc)
        raise InputError([Problem(field_name, where)]) from None
    columns = [c.strip().upper() for c in header]
    if "ID" not in columns:
        raise InputError(
            [
                Problem(
                    field_name,
                    _("{name}, line 1: no ID column (the first line must name the columns, one "
                      "of them ID, the recipients' user ids).").format(name=name),
                )
            ]
        )  # fmt: skip
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        raise InputError(
            [
                Problem(
                    field_name,
                    _("{name}, line 1: the column {col} appears twice.").format(
                        name=name, col=duplicates[0]
                    ),
                )
            ]
        )
    id_at = columns.index("ID")
    problems: list[Problem] = []
    found: dict[int, tuple[int, dict[str, str]]] = {}
    order: list[Recipient] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = _("{name}, line {line}").format(name=name, line=line)
            if len(row) > len(columns):
                problems.append(
                    Problem(
                        field_name,
                        _("{where}: {n} fields, but the first line names {m} columns.").format(
                            where=where, n=len(row), m=len(columns)
                        ),
                    )
                )
                continue
            row = row + [""] * (len(columns) - len(row))
            trouble = check_id(row[id_at], field_name)
            if trouble:
                problems += [Problem(field_name, f"{where}: {p.message}") for p in trouble]
                continue
            user_id = parse_id(row[id_at], field_name)
            values = {c: v.strip() for c, v in zip(columns, row, strict=True) if c and c != "ID"}
            if user_id in found:
                first_line, first_values = found[user_id]
                if first_values != values:
                    problems.append(
                        Problem(
                            field_name,
                            _("{where}: user {id} is also on line {first} with other values.")
                            .format(where=where, id=user_id, first=first_line),
                        )
                    )  # fmt: skip
                continue
            found[user_id] = (line, values)
            order.append(Recipient(user_id, values))
            if len(order) > MAX_RECIPIENTS:
                raise InputError([Problem(field_name, _too_many())])
    except csv.Error as exc:
        where = _("{name}, line {line}: {error}").format(name=name, line=reader.line_num, error=exc)
        problems.append(Problem(field_name, where))

    if problems:
        raise _bounded(problems)
    if not order:
        raise InputError([Problem(field_name, _("{name} names no recipients.").format(name=name))])
    return order


# --- departments ----------------------------------------------------------------------------------

DEPARTMENT_METHOD = "department.get"
USER_GET_METHOD = "user.get"


def _paged(
    caller: RestCaller,
    method: str,
    params: dict[str, Any],
    before: Callable[[], None] | None,
) -> list[Any]:
    """Every item of a list method: the first page (50 items) on its own, which says how many
    there are (``total``); the other pages through ``batch``, 50 pages a request. ``before`` is
    called before each request (the bulk run paces them)."""
    from core.batch import MAX_COMMANDS, call_batch, command
    from core.errors import OutcomeUnknownError, portal_error

    if before is not None:
        before()
    first = caller.call(method, {**params, "start": 0})
    items: list[Any] = list(first.value) if isinstance(first.value, list) else []
    total = first.raw.get("total") if isinstance(first.raw, dict) else None
    if not isinstance(total, int) or isinstance(total, bool) or total <= len(items):
        return items
    starts = list(range(PAGE, min(total, MAX_RECIPIENTS + PAGE), PAGE))
    for at in range(0, len(starts), MAX_COMMANDS):
        chunk = starts[at : at + MAX_COMMANDS]
        commands = {f"p{s}": command(method, {**params, "start": s}) for s in chunk}
        if before is not None:
            before()
        result, read = call_batch(caller, commands)
        if read is None:
            raise OutcomeUnknownError(
                _("The portal's answer to a {method} batch had no batch results").format(
                    method=method
                ),
                reason="unexpected_json",
                result=result,
                advice=_("This only reads, so trying again is safe."),
            )
        for key in commands:
            page = read[key]
            if page.error:
                raise portal_error(page.error, page.description, result.http_status, result)
            if isinstance(page.value, list):
                items += page.value
    return items


def department_tree(
    caller: RestCaller, before: Callable[[], None] | None = None
) -> dict[int, dict[str, Any]]:
    """Every department of the portal by id: ``{"ID", "NAME", "PARENT"}`` as the portal gives."""
    departments: dict[int, dict[str, Any]] = {}
    for item in _paged(caller, DEPARTMENT_METHOD, {"sort": "ID", "order": "ASC"}, before):
        if isinstance(item, dict):
            try:
                departments[int(str(item.get("ID")))] = item
            except ValueError:
                continue
    return departments


def _descendants(tree: dict[int, dict[str, Any]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for dept_id, item in tree.items():
        parent = str(item.get("PARENT") or "")
        if parent.isdigit():
            children.setdefault(int(parent), []).append(dept_id)
    found, todo = [root], [root]
    while todo:
        for child in sorted(children.get(todo.pop(), [])):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def department_members(
    caller: RestCaller,
    department: int | str,
    *,
    subdepartments: bool = False,
    before: Callable[[], None] | None = None,
    field_name: str = "department",
) -> list[int]:
    """The active people of a department (and, with ``subdepartments``, of those below it).

    ``before`` is called before each request (the bulk run passes its pacer's turn). Raises
    ``InputError`` when the portal has no such department or it has no active people; the
    portal's own refusals (no ``department`` or ``user`` scope...) as the client raises them.
    """
    dept_id = parse_id(department, field_name, _("department id"))
    tree = department_tree(caller, before)
    if dept_id not in tree:
        raise InputError(
            [Problem(field_name, _("the portal has no department {id}.").format(id=dept_id))]
        )
    wanted = _descendants(tree, dept_id) if subdepartments else [dept_id]
    params = {
        "sort": "ID",
        "order": "ASC",
        "FILTER": {"UF_DEPARTMENT": wanted, "ACTIVE": "true"},  # as the docs write it
    }
    ids: dict[int, None] = {}
    for item in _paged(caller, USER_GET_METHOD, params, before):
        if isinstance(item, dict) and str(item.get("ID", "")).isdigit():
            ids.setdefault(int(str(item["ID"])), None)
    if not ids:
        name = str(tree[dept_id].get("NAME") or dept_id)
        raise InputError(
            [
                Problem(
                    field_name,
                    _("the department {name} has no active people.").format(name=name),
                )
            ]
        )
    return list(ids)
