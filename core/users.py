"""Recipient search: find a user's numeric ID from a name.

``user.search`` needs the ``user`` scope; a webhook made only for notifications usually has just
``im``, so the search falls back to ``im.search.user.list``, which needs only ``im``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.constants import IM_USER_SEARCH_METHOD, USER_SEARCH_METHOD
from core.errors import InputError, PermissionDeniedError, PortalError, Problem
from core.i18n import _

if TYPE_CHECKING:
    from core.rest import RestCaller

IM_SEARCH_MAX = 50
USER_GET_METHOD = "user.get"
IM_USER_GET_METHOD = "im.user.get"


@dataclass(frozen=True)
class UserInfo:
    """A recipient found by name: the id to send to, and what tells people apart."""

    id: int
    name: str
    position: str = ""
    active: bool | None = True


def _flag(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().upper() in ("Y", "TRUE", "1")
    return bool(value)


def _user(item: Any) -> UserInfo | None:
    if not isinstance(item, dict):
        return None
    get = {str(k).upper(): v for k, v in item.items()}.get
    value: Any = get("ID")
    try:
        uid = int(value)
    except (TypeError, ValueError):
        return None
    # user.search gives NAME (first name); im.* gives name (full) plus first_name.
    first = get("FIRST_NAME") if get("FIRST_NAME") is not None else get("NAME")
    name = str(first or "").strip()
    last = str(get("LAST_NAME") or "").strip()
    display = " ".join(p for p in (name, last) if p) or str(get("FULL_NAME") or "").strip()
    position = str(get("WORK_POSITION") or get("POSITION") or "").strip()
    return UserInfo(uid, display or f"user {uid}", position, _flag(get("ACTIVE")))


def _items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):  # im.search.* can key users by id
        items = value.get("items") if isinstance(value.get("items"), list) else None
        return items if items is not None else list(value.values())
    return []


def search_users(client: RestCaller, query: str, limit: int = 20) -> list[UserInfo]:
    """Users whose name, position or department matches ``query`` (at most ``limit``)."""
    if query is not None and not isinstance(query, str):
        raise InputError([Problem("query", "must be text.")])
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise InputError([Problem("limit", "must be a whole number, such as 20.")])
    query = (query or "").strip()
    if len(query) < 2:
        raise InputError([Problem("query", _("type at least 2 characters of the name."))])
    limit = max(1, limit)
    try:
        value = client.call(USER_SEARCH_METHOD, {"FIND": query}).value
    except PermissionDeniedError as err:
        if err.code != "insufficient_scope":
            raise
        params = {"FIND": query, "LIMIT": min(limit, IM_SEARCH_MAX)}
        value = client.call(IM_USER_SEARCH_METHOD, params).value
    users = [u for u in (_user(item) for item in _items(value)) if u is not None]
    return users[:limit]


def get_user(client: RestCaller, user_id: int) -> UserInfo | None:
    """The user with this id (active or not), or ``None`` when the portal has no such user.

    ``user.get`` needs the ``user`` scope; without it ``im.user.get`` (scope ``im``) answers.
    """
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id < 1:
        raise InputError([Problem("user", _("must be a user id, such as 1."))])
    try:
        value = client.call(USER_GET_METHOD, {"ID": user_id}).value
    except PermissionDeniedError as err:
        if err.code != "insufficient_scope":
            raise
        try:
            value = client.call(IM_USER_GET_METHOD, {"ID": user_id}).value
        except PortalError as missing:
            if missing.code == "USER_NOT_EXISTS":
                return None
            raise
    found = [u for u in (_user(item) for item in _items(value)) if u is not None]
    if isinstance(value, dict) and not found:  # im.user.get: one user, not a list
        one = _user(value)
        found = [one] if one is not None else []
    return next((u for u in found if u.id == user_id), None)
