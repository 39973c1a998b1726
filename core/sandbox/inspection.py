"""The sandbox's own HTTP endpoints under ``/sandbox/``: inspect, inject faults, reset.

The lists are paged so an answer stays bounded: ``GET /sandbox/notifications`` and
``GET /sandbox/requests`` take ``?limit=`` (default :data:`DEFAULT_LIMIT`, at most
:data:`MAX_LIMIT`) and ``?offset=`` (0 = the oldest kept), and answer
``{"result": [...], "total": N, "next": OFFSET}`` — ``next`` only while more remain, as the
portal's own list methods do.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol
from urllib.parse import parse_qs

from core.sandbox.faults import Fault, make_fault
from core.sandbox.params import load_json
from core.sandbox.server import Incoming, Reply

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 10**12

FAULT_EXAMPLE = 'send a fault as JSON, like {"fault": "503", "count": 2}, or a list of them'

HELP = (
    "b24notify sandbox portal. REST: /rest/<user>/<secret>/<method>.json or /rest/<method> with "
    "a token. Inspect: GET /sandbox/notifications[?user_id=N][&limit=N][&offset=N], "
    "GET /sandbox/requests[?limit=N][&offset=N] (default limit "
    f"{DEFAULT_LIMIT}, at most {MAX_LIMIT}), GET /sandbox/users, GET|POST|DELETE /sandbox/faults, "
    "POST /sandbox/reset.\n"
)

_DIGITS = re.compile(r"[0-9]+")


class Inspected(Protocol):
    """What these endpoints read and change: the portal's store, log, users and faults."""

    def notifications_page(
        self, offset: int, limit: int, user_id: int | None = None
    ) -> tuple[list[dict[str, Any]], int]: ...

    def requests_page(self, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]: ...

    def users(self) -> list[dict[str, Any]]: ...

    def faults(self) -> list[dict[str, Any]]: ...

    def inject_faults(self, faults: list[Fault]) -> None: ...

    def clear_faults(self) -> None: ...

    def reset(self) -> None: ...


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _invalid(text: str, code: str = "INVALID_REQUEST") -> Reply:
    return Reply(400, _json({"error": code, "error_description": text}))


def _whole(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    """A query parameter of ASCII digits from ``low`` to ``high``; raises ValueError."""
    values = query.get(name)
    if not values:
        return default
    text = values[-1].strip()
    if not _DIGITS.fullmatch(text) or len(text) > 13 or not low <= int(text) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return int(text)


def _page(query: dict[str, list[str]]) -> tuple[int, int]:
    """(offset, limit) from ``?offset=&limit=``; raises ValueError."""
    limit = _whole(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    return _whole(query, "offset", 0, 0, MAX_OFFSET), limit


def _paged(items: list[dict[str, Any]], total: int, offset: int) -> Reply:
    body: dict[str, Any] = {"result": items, "total": total}
    if offset + len(items) < total:
        body["next"] = offset + len(items)
    return Reply(200, _json(body))


def answer(portal: Inspected, req: Incoming) -> Reply:
    """Answer one request under ``/sandbox/`` (or ``/``)."""
    path = req.path.rstrip("/") or "/"
    query = parse_qs(req.query, keep_blank_values=True)
    verb = req.http_method
    try:
        if path == "/sandbox/notifications" and verb == "GET":
            offset, limit = _page(query)
            user = _whole(query, "user_id", 0, 1, 2**63 - 1) if query.get("user_id") else None
            items, total = portal.notifications_page(offset, limit, user)
            return _paged(items, total, offset)
        if path == "/sandbox/requests" and verb == "GET":
            offset, limit = _page(query)
            items, total = portal.requests_page(offset, limit)
            return _paged(items, total, offset)
    except ValueError as exc:
        return _invalid(str(exc))
    if path == "/sandbox/users" and verb == "GET":
        return Reply(200, _json({"result": portal.users()}))
    if path == "/sandbox/faults":
        if verb == "GET":
            return Reply(200, _json({"result": portal.faults()}))
        if verb == "DELETE":
            portal.clear_faults()
            return Reply(200, _json({"result": portal.faults()}))
        if verb == "POST":
            return _post_faults(portal, req.body)
    if path == "/sandbox/reset" and verb == "POST":
        portal.reset()
        return Reply(200, _json({"result": True}))
    if path == "/":
        return Reply(200, HELP.encode(), "text/plain; charset=utf-8")
    return Reply(404, _json({"error": "NOT_FOUND", "error_description": "Not found"}))


def _post_faults(portal: Inspected, body: bytes) -> Reply:
    """``POST /sandbox/faults``: one fault or a list; all are checked before any is queued."""
    try:
        try:
            data = load_json(body or b"null")
        except ValueError as exc:  # UnicodeDecodeError, bad JSON, too deep, NaN alike
            raise ValueError(f"{FAULT_EXAMPLE}; this body is not readable JSON ({exc})") from None
        made = []
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or "fault" not in item:
                raise ValueError(FAULT_EXAMPLE)
            opts = dict(item)
            kind = opts.pop("fault")
            count = opts.pop("count", 1)
            made.append(make_fault(kind, count, **opts))
        portal.inject_faults(made)
    except (ValueError, TypeError) as exc:
        return _invalid(str(exc), "INVALID_FAULT")
    return Reply(200, _json({"result": portal.faults()}))
