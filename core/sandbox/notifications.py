"""The portal's notification store: ids, per-recipient tags namespaced by client id, bounded."""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any

DEFAULT_MAX_STORED_BYTES = 64 * 1024 * 1024
"""Stored notifications are capped at 64 MiB in all (counted as their JSON in UTF-8)."""


def record_size(record: dict[str, Any]) -> int:
    """The bytes a stored notification counts against the cap: its JSON, UTF-8."""
    return len(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8"))


class NotificationStore:
    """Notifications by id, oldest first; the oldest rotate out past ``max_entries`` notifications
    or ``max_bytes`` in all (the newest one always stays, whatever its size, so a caller can
    inspect what it just sent; the request body limit bounds it).

    Callers hold the portal lock. Tags live in the namespace of the client id that set them
    (the server prefixes them with ``MP|md5(client_id)``; see NOTES.md), so two apps never clash.
    """

    def __init__(self, max_entries: int, max_bytes: int = DEFAULT_MAX_STORED_BYTES) -> None:
        self._max = max_entries
        self._max_bytes = max_bytes
        self._items: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._sizes: dict[int, int] = {}
        self._bytes = 0
        self._next_id = 1

    @property
    def stored_bytes(self) -> int:
        """What the stored notifications count against ``max_bytes`` now."""
        return self._bytes

    def _remove(self, nid: int) -> None:
        del self._items[nid]
        self._bytes -= self._sizes.pop(nid)

    def add(
        self,
        *,
        user_id: int,
        author_id: int | None,
        kind: str,
        message: str,
        message_out: str,
        tag: str,
        sub_tag: str,
        client_id: str,
        attach: dict[str, Any] | None,
        attach_dropped: list[str],
        attach_size: int | None = None,
    ) -> tuple[dict[str, Any], list[int]]:
        """Store a notification; returns it and the ids it replaced (same user, tag, client)."""
        replaced: list[int] = []
        if tag:
            replaced = [
                nid
                for nid, n in self._items.items()
                if n["user_id"] == user_id and n["tag"] == tag and n["client_id"] == client_id
            ]
            for nid in replaced:
                self._remove(nid)
        record: dict[str, Any] = {
            "id": self._next_id,
            "user_id": user_id,
            "author_id": author_id,
            "type": kind,
            "message": message,
            "message_out": message_out,
            "tag": tag,
            "sub_tag": sub_tag,
            "client_id": client_id,
            "attach": attach,
            "attach_dropped": attach_dropped,
            "attach_size": attach_size,
            "replaced": replaced,
            "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        }
        self._next_id += 1
        nid = record["id"]
        self._items[nid] = record
        self._sizes[nid] = record_size(record)
        self._bytes += self._sizes[nid]
        while len(self._items) > 1 and (
            len(self._items) > self._max or self._bytes > self._max_bytes
        ):
            self._remove(next(iter(self._items)))
        return copy.deepcopy(record), replaced

    def delete_ids(self, nids: list[int], caller_id: int) -> bool:
        """Delete the notifications among ``nids`` that the caller *received*; True if any.

        As ``CIMNotify::DeleteWithCheck`` does: only the recipient (the user whose webhook or token
        calls) deletes by id — the sender of a notification to someone else gets false.
        """
        doomed = [
            nid
            for nid in dict.fromkeys(nids)
            if nid in self._items and self._items[nid]["user_id"] == caller_id
        ]
        for nid in doomed:
            self._remove(nid)
        return bool(doomed)

    def delete_tagged(self, client_id: str, *, tag: str = "", sub_tag: str = "") -> int:
        """Delete every notification with this tag (or sub-tag) in this client id's namespace."""
        doomed = [
            nid
            for nid, n in self._items.items()
            if n["client_id"] == client_id
            and ((tag and n["tag"] == tag) or (sub_tag and n["sub_tag"] == sub_tag))
        ]
        for nid in doomed:
            self._remove(nid)
        return len(doomed)

    def all(self, user_id: int | None = None) -> list[dict[str, Any]]:
        """Deep copies, oldest first, optionally for one recipient."""
        return [
            copy.deepcopy(n)
            for n in self._items.values()
            if user_id is None or n["user_id"] == user_id
        ]

    def page(
        self, offset: int, limit: int, user_id: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Deep copies of ``limit`` notifications from ``offset`` (oldest first), and the total."""
        chosen = [n for n in self._items.values() if user_id is None or n["user_id"] == user_id]
        return [copy.deepcopy(n) for n in chosen[offset : offset + limit]], len(chosen)

    def clear(self) -> None:
        """Forget every notification (ids keep increasing, as on a real portal)."""
        self._items.clear()
        self._sizes.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)
