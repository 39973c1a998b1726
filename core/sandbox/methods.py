"""The REST methods the sandbox answers, one function each, and the dispatch table.

Each function takes the portal state, the caller's credential and the parameters, and returns the
``result`` value (or a :class:`Paged` list) or raises :class:`RestError` with the documented code,
description and HTTP status the docs and the module source give (see ``core/sandbox/NOTES.md``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from core.sandbox.attach import AttachError, parse_attach
from core.sandbox.directory import PORTAL_SCOPES, Credential, User
from core.sandbox.params import get_ci, parse_query, to_bool, to_int, upper_keys

if TYPE_CHECKING:
    from core.sandbox.directory import Directory
    from core.sandbox.notifications import NotificationStore

PAGE_SIZE = 50
BATCH_LIMIT = 50


class RestError(Exception):
    """An error answer: ``{"error": code, "error_description": description}`` with ``status``."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.status = status

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "error_description": self.description}


def method_not_found() -> RestError:
    """Unknown method, or a webhook path without its user id: 404."""
    return RestError("ERROR_METHOD_NOT_FOUND", "Method not found!", 404)


@dataclass
class Paged:
    """A list result with the portal's ``total`` / ``next`` beside ``result``."""

    items: Any
    total: int
    next: int | None = None


@dataclass
class State:
    """What methods may touch; the portal holds its lock while a method runs."""

    directory: Directory
    store: NotificationStore
    notes: list[str] = field(default_factory=list)  # for the request log (e.g. dropped blocks)
    webhook_tags: str = "client-id"  # see WEBHOOK_TAG_MODES


def time_block(start: float, finish: float) -> dict[str, Any]:
    """The ``time`` block every success carries (the docs' data-types.md#time)."""

    def iso(ts: float) -> str:
        return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")

    return {
        "start": start,
        "finish": finish,
        "duration": finish - start,
        "processing": finish - start,
        "date_start": iso(start),
        "date_finish": iso(finish),
        "operating_reset_at": int(start) + 600,
        "operating": 0,
    }


# --- notifications -------------------------------------------------------------------------------


WEBHOOK_TAG_MODES = ("client-id", "ignored")
"""What TAG/SUB_TAG sent over a webhook do (see ``core/sandbox/NOTES.md``, "Tags over a webhook"):

* ``client-id`` — as the 2026 docs describe: with ``CLIENT_ID`` the tags live in that id's namespace
  (a later notification with the same tag replaces the earlier; delete by tag with the same
  ``CLIENT_ID`` works); without it they are ignored.
* ``ignored`` — as both public copies of ``CIMRestService::notifyAdd`` do: tags are kept only when
  the REST server has an application client id, and webhook authentication gives none, so webhook
  tags are dropped silently (no replacing); ``notifyDelete`` by tag uses ``"custom" + CLIENT_ID``,
  a namespace no notification was ever stored in, so it deletes nothing (and answers true).
"""


def php_trim(text: str) -> str:
    """PHP ``trim``: strips only space, tab, newline, carriage return, NUL and vertical tab."""
    return text.strip(" \t\n\r\0\x0b")


def php_empty(value: Any) -> bool:
    """PHP ``empty``: missing, null, false, 0, 0.0, "", "0" and empty arrays are empty."""
    return value is None or value is False or value in (0, "", "0") or value == [] or value == {}


def php_text(value: Any) -> str:
    """A parameter used as a PHP string (numbers as their digits, true as "1")."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (int, float, str)):
        return str(value)
    return ""


def _tag_namespace(state: State, cred: Credential, p: dict[str, Any], *, deleting: bool) -> str:
    """The client id tags of this call live under; "" when the call has none.

    An app token carries its client id. A webhook carries none: in ``client-id`` mode CLIENT_ID
    stands in for it; in ``ignored`` mode adding ignores CLIENT_ID, and deleting uses
    ``"custom" + CLIENT_ID`` as ``notifyDelete`` does.
    """
    if cred.client_id:
        return cred.client_id
    given = p.get("CLIENT_ID")
    if php_empty(given):
        return ""
    if state.webhook_tags == "client-id":
        return php_text(given)
    return "custom" + php_text(given) if deleting else ""


def _notify_add(state: State, cred: Credential, params: dict[str, Any], kind: str) -> Any:
    """``CIMRestService::notifyAdd`` (see ``core/sandbox/NOTES.md`` for the sources read)."""
    p = upper_keys(params)
    user_id = to_int(p["TO"] if p.get("TO") is not None else p.get("USER_ID"))
    if user_id <= 0:
        raise RestError("USER_ID_EMPTY", "User ID can't be empty")
    raw_message = p.get("MESSAGE")
    message = php_trim(raw_message) if isinstance(raw_message, str) else ""
    if isinstance(raw_message, (int, float)) and not isinstance(raw_message, bool):
        message = str(raw_message)  # older copies trim() any scalar; the newest refuses numbers
    if not message:
        raise RestError("MESSAGE_EMPTY", "Message can't be empty")
    raw_out = p.get("MESSAGE_OUT")
    message_out = php_trim(raw_out) if isinstance(raw_out, str) else ""
    if kind == "SYSTEM" and cred.client_id:
        # An app's system notification starts with the app's name: "<name>#BR#<text>".
        message = f"{state.directory.app_name}#BR#{message}"
        if message_out:
            message_out = f"{state.directory.app_name}#BR#{message_out}"
    client_id = _tag_namespace(state, cred, p, deleting=False)
    tag = php_text(p.get("TAG")) if client_id and not php_empty(p.get("TAG")) else ""
    sub_tag = php_text(p.get("SUB_TAG")) if client_id and not php_empty(p.get("SUB_TAG")) else ""
    if not client_id and not (php_empty(p.get("TAG")) and php_empty(p.get("SUB_TAG"))):
        state.notes.append(
            "TAG/SUB_TAG ignored: webhook calls carry no application client id"
            + (" (webhook_tags=ignored)" if state.webhook_tags == "ignored" else "; add CLIENT_ID")
        )
    try:
        parsed = parse_attach(p.get("ATTACH"))
    except AttachError as exc:
        raise RestError(exc.code, exc.description) from exc
    user = state.directory.users.get(user_id)
    if user is None or not user.active:
        # The server's Add() returns false for a missing or fired recipient: HTTP 200.
        state.notes.append(f"user {user_id} {'is inactive' if user else 'does not exist'}")
        return False
    if parsed and parsed.dropped:
        state.notes.extend(parsed.dropped)
    record, replaced = state.store.add(
        user_id=user_id,
        author_id=None if kind == "SYSTEM" else cred.user_id,
        kind=kind,
        message=message,
        message_out=message_out,
        tag=tag,
        sub_tag=sub_tag,
        client_id=client_id if tag or sub_tag else "",
        attach=parsed.attach if parsed else None,
        attach_dropped=parsed.dropped if parsed else [],
        attach_size=parsed.size if parsed else None,
    )
    if replaced:
        state.notes.append(f"replaced {replaced} (same tag)")
    return record["id"]


def notify_personal_add(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    return _notify_add(state, cred, params, "USER")


def notify_system_add(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    return _notify_add(state, cred, params, "SYSTEM")


def notify(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    # TYPE is compared as sent (in_array, case-sensitive): anything but "SYSTEM" is USER.
    kind = upper_keys(params).get("TYPE")
    return _notify_add(state, cred, params, "SYSTEM" if kind == "SYSTEM" else "USER")


def notify_delete(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    """``CIMRestService::notifyDelete``: by ID (any value given, as the newest copy checks
    ``isset``), else by TAG, else by SUB_TAG in the caller's client-id namespace."""
    p = upper_keys(params)
    if p.get("ID") is not None:
        # CIMNotify::DeleteWithCheck: only the recipient deletes by id; anyone else gets false.
        raw = p["ID"]
        ids = [to_int(v) for v in raw] if isinstance(raw, list) else [to_int(raw)]
        deleted = state.store.delete_ids(ids, cred.user_id)
        if not deleted:
            state.notes.append(f"nothing deleted: no notification {raw!r} received by the caller")
        return deleted
    tag, sub_tag = p.get("TAG"), p.get("SUB_TAG")
    if php_empty(tag) and php_empty(sub_tag):
        raise RestError("PARAMS_ERROR", "Incorrect params")
    client_id = _tag_namespace(state, cred, p, deleting=True)
    if not client_id:
        raise RestError("ACCESS_DENIED", "Access denied! Client ID not specified", 403)
    if not php_empty(tag):
        count = state.store.delete_tagged(client_id, tag=php_text(tag))
    else:
        count = state.store.delete_tagged(client_id, sub_tag=php_text(sub_tag))
    state.notes.append(f"deleted {count} notification(s)")
    # The server answers true once the tag delete ran, whether or not anything matched.
    return True


# --- people ---------------------------------------------------------------------------------------

_USER_FIELDS = {
    "ID",
    "ACTIVE",
    "NAME",
    "LAST_NAME",
    "EMAIL",
    "WORK_POSITION",
    "UF_DEPARTMENT",
    "NAME_SEARCH",
    "USER_TYPE",
    "FIND",
}


def _filter_of(params: dict[str, Any]) -> dict[str, Any]:
    raw = get_ci(params, "FILTER")
    flt = dict(raw) if isinstance(raw, dict) else {}
    for key, value in params.items():
        if str(key).upper().lstrip("%@!=<>") in _USER_FIELDS and not isinstance(value, dict):
            flt.setdefault(str(key), value)
    return flt


def _matches(user: User, state: State, flt: dict[str, Any]) -> bool:
    data = user.as_rest()
    for raw_key, wanted in flt.items():
        key = str(raw_key).upper()
        name = key.lstrip("%@!=<>")
        prefix = key[: len(key) - len(name)]
        if name in ("NAME_SEARCH", "FIND"):
            terms = str(wanted).casefold().split()
            if not all(t in user.searchable() for t in terms):
                return False
            continue
        if name == "ACTIVE":
            ok = user.active == to_bool(wanted)
        elif name == "UF_DEPARTMENT":
            values = wanted if isinstance(wanted, list) else [wanted]
            ok = user.department in {to_int(v) for v in values}
        elif name == "ID":
            values = wanted if isinstance(wanted, list) else [wanted]
            ok = user.id in {to_int(v) for v in values}
        elif name == "USER_TYPE":
            ok = str(wanted).lower() == "employee"
        elif name in data:
            have = str(data[name]).casefold()
            wanted_text = str(wanted).casefold()
            ok = wanted_text in have if "%" in prefix else have == wanted_text
        else:
            ok = True  # unknown fields are ignored, as the portal ignores unknown filter keys
        if "!" in prefix:
            ok = not ok
        if not ok:
            return False
    return True


def _page(state: State, params: dict[str, Any], users: list[User]) -> Paged:
    start = max(0, to_int(get_ci(params, "start", 0)))
    chunk = users[start : start + PAGE_SIZE]
    nxt = start + PAGE_SIZE if start + PAGE_SIZE < len(users) else None
    return Paged([u.as_rest() for u in chunk], len(users), nxt)


def user_get(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    flt = _filter_of(params)
    users = [u for u in state.directory.users.values() if _matches(u, state, flt)]
    return _page(state, params, users)


def user_search(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    return user_get(state, cred, params)


_DEPARTMENT_FIELDS = ("ID", "NAME", "SORT", "PARENT", "UF_HEAD")


def _tree_order(departments: dict[int, Any]) -> list[int]:
    """Ids in the structure's own order (parents before children: the iblock's LEFT_MARGIN)."""
    children: dict[int | None, list[int]] = {}
    for dept in departments.values():
        children.setdefault(dept.parent, []).append(dept.id)
    order: list[int] = []
    todo = sorted(children.get(None, []), reverse=True)
    while todo:
        dept_id = todo.pop()
        order.append(dept_id)
        todo.extend(sorted(children.get(dept_id, []), reverse=True))
    return order


def department_get(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    """``department.get`` as ``CIntranetRestService::departmentGet`` does it (NOTES.md): the
    query (or its ``FILTER``) filters by the exact upper-case keys ID, NAME, SORT, PARENT,
    UF_HEAD; ``sort``/``order`` (any case) choose the order, else the structure's own; 50 a page
    with ``start``."""
    query = params
    if isinstance(get_ci(params, "FILTER"), dict):
        query = get_ci(params, "FILTER")
    departments = state.directory.departments
    rows = [departments[i].as_rest() for i in _tree_order(departments)]
    for key in _DEPARTMENT_FIELDS:
        if key not in query:
            continue
        wanted = query[key]
        values = wanted if isinstance(wanted, list) else [wanted]
        if key == "NAME":
            rows = [r for r in rows if r["NAME"] in {str(v) for v in values}]
        else:
            ints = {to_int(v) for v in values}
            rows = [r for r in rows if to_int(r.get(key, 0)) in ints]
    upper = upper_keys(query)
    sort = upper.get("SORT")
    if isinstance(sort, str) and sort.upper() in _DEPARTMENT_FIELDS:
        field_name = sort.upper()
        if field_name == "NAME":
            rows.sort(key=lambda r: str(r["NAME"]))
        else:
            rows.sort(key=lambda r: to_int(r.get(field_name, 0)))
        order = upper.get("ORDER")
        if isinstance(order, str) and order.upper() == "DESC":
            rows.reverse()
    start = max(0, to_int(get_ci(params, "start", 0)))
    nxt = start + PAGE_SIZE if start + PAGE_SIZE < len(rows) else None
    return Paged(rows[start : start + PAGE_SIZE], len(rows), nxt)


def user_current(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    return state.directory.users[cred.user_id].as_rest()


def profile(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    user = state.directory.users[cred.user_id]
    return {
        "ID": str(user.id),
        "ADMIN": user.admin,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "PERSONAL_GENDER": user.gender,
        "PERSONAL_PHOTO": "",
        "TIME_ZONE": "",
        "TIME_ZONE_OFFSET": 0,
    }


def im_search_user_list(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    p = upper_keys(params)
    find = str(p.get("FIND") or "").strip()
    # FIND needs at least 2 characters here (the docs' error text says 3).
    if len(find) < 2:
        raise RestError("FIND_SHORT", "Too short a search phrase.")
    offset = max(0, to_int(p.get("OFFSET", 0)))
    limit = to_int(p.get("LIMIT", 10)) or 10
    limit = max(1, min(limit, 50))
    terms = find.casefold().split()
    found = [
        u
        for u in state.directory.users.values()
        if u.active and all(t in u.searchable() for t in terms)
    ]
    chunk = found[offset : offset + limit]
    return Paged({str(u.id): u.as_im() for u in chunk} or [], len(found))


def im_user_get(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    uid = to_int(get_ci(params, "ID", 0)) or cred.user_id
    user = state.directory.users.get(uid)
    if user is None:
        raise RestError("USER_NOT_EXISTS", "User with this ID doesn't exist")
    return user.as_im()


# --- the portal itself ----------------------------------------------------------------------------


def scope(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    if to_bool(get_ci(params, "full", False)):
        return list(PORTAL_SCOPES)
    return list(cred.scopes)


def method_get(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    name = str(get_ci(params, "name", "") or "").lower()
    entry = METHODS.get(name)
    return {
        "isExisting": entry is not None,
        "isAvailable": entry is not None and _scope_ok(entry.scopes, cred),
    }


def server_time(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def app_info(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    if cred.kind != "token":
        raise RestError("ACCESS_DENIED", "Access denied! Application context required")
    return {
        "ID": 1,
        "CODE": cred.client_id,
        "VERSION": 1,
        "STATUS": "L",
        "INSTALLED": True,
        "PAYMENT_EXPIRED": "N",
        "DAYS": None,
        "LICENSE": "en_project",
    }


# --- batch ----------------------------------------------------------------------------------------

_RESULT_REF = re.compile(r"\$result\[([^\]]+)\]((?:\[[^\]]*\])*)")


def _substitute(query: str, results: dict[str, Any]) -> str:
    """Replace ``$result[key][field]...`` by values of earlier commands (batch chaining)."""

    def value(match: re.Match[str]) -> str:
        node: Any = results.get(match.group(1))
        for part in re.findall(r"\[([^\]]*)\]", match.group(2)):
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = None
        if node is None:
            return ""
        return quote(str(node).lower() if isinstance(node, bool) else str(node), safe="")

    return _RESULT_REF.sub(value, query)


def _php_keys(data: dict[str, Any], from_list: bool) -> Any:
    """Empty collections are ``[]``; list-given commands keyed 0..n-1 come back as a list."""
    if not data:
        return []
    if from_list and list(data) == [str(i) for i in range(len(data))]:
        return list(data.values())
    return data


def batch(state: State, cred: Credential, params: dict[str, Any]) -> Any:
    cmd = get_ci(params, "cmd")
    halt = to_bool(get_ci(params, "halt", False))
    from_list = isinstance(cmd, list)
    commands = {str(i): c for i, c in enumerate(cmd)} if from_list else {}
    if isinstance(cmd, dict):
        commands = {str(k): v for k, v in cmd.items()}
    if not isinstance(cmd, (dict, list)):
        commands = {}
    if len(commands) > BATCH_LIMIT:
        raise RestError("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    totals: dict[str, Any] = {}
    nexts: dict[str, Any] = {}
    times: dict[str, Any] = {}
    for key, command in commands.items():
        started = time.time()
        text = str(command)
        name, _, query = text.partition("?")
        name = name.strip().lower().removesuffix(".json")
        try:
            if name == "batch":
                raise RestError(
                    "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage", 405
                )
            value = call(state, cred, name, parse_query(_substitute(query, results)))
        except RestError as exc:
            errors[key] = exc.body()
            times[key] = time_block(started, time.time())
            if halt:
                break
            continue
        if isinstance(value, Paged):
            totals[key] = value.total
            if value.next is not None:
                nexts[key] = value.next
            value = value.items
        results[key] = value
        times[key] = time_block(started, time.time())
    return {
        "result": _php_keys(results, from_list),
        "result_error": _php_keys(errors, from_list),
        "result_total": _php_keys(totals, from_list),
        "result_next": _php_keys(nexts, from_list),
        "result_time": _php_keys(times, from_list),
    }


# --- dispatch -------------------------------------------------------------------------------------

USER_SCOPES = frozenset({"user", "user_basic", "user_brief"})
IM = frozenset({"im"})

Handler = Callable[[State, Credential, dict[str, Any]], Any]


@dataclass(frozen=True)
class Entry:
    """A method: the scopes of which the caller needs one (empty: none needed) and its function."""

    scopes: frozenset[str]
    func: Handler


METHODS: dict[str, Entry] = {
    "im.notify.personal.add": Entry(IM, notify_personal_add),
    "im.notify.system.add": Entry(IM, notify_system_add),
    "im.notify": Entry(IM, notify),
    "im.notify.delete": Entry(IM, notify_delete),
    "im.search.user.list": Entry(IM, im_search_user_list),
    "im.user.get": Entry(IM, im_user_get),
    "user.get": Entry(USER_SCOPES, user_get),
    "user.search": Entry(USER_SCOPES, user_search),
    "user.current": Entry(USER_SCOPES, user_current),
    "department.get": Entry(frozenset({"department"}), department_get),
    "profile": Entry(frozenset(), profile),
    "scope": Entry(frozenset(), scope),
    "method.get": Entry(frozenset(), method_get),
    "server.time": Entry(frozenset(), server_time),
    "app.info": Entry(frozenset(), app_info),
    "batch": Entry(frozenset(), batch),
}


def _scope_ok(needed: frozenset[str], cred: Credential) -> bool:
    return not needed or bool(needed & set(cred.scopes))


def call(state: State, cred: Credential, method: str, params: dict[str, Any]) -> Any:
    """Run one method as ``cred``; raises :class:`RestError`."""
    entry = METHODS.get(method)
    if entry is None:
        raise method_not_found()
    if not _scope_ok(entry.scopes, cred):
        # The docs give 403 for insufficient_scope; third parties saw 401 — UNCONFIRMED.
        who = "webhook" if cred.kind == "webhook" else "access"
        raise RestError(
            "insufficient_scope",
            f"The request requires higher privileges than provided by the {who} token",
            403,
        )
    return entry.func(state, cred, params)
