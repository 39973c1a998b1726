"""The portal's notification store: ids, per-recipient tags namespaced by client id, bounded."""

from __future__ import annotations

import copy
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any


class NotificationStore:
    """Notifications by id, oldest first; past ``max_entries`` the oldest rotate out.

    Callers hold the portal lock. Tags live in the namespace of the client id that set them
    (the server prefixes them with ``MP|md5(client_id)``, §1.3), so two apps never clash.
    """

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._items: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._next_id = 1

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
                del self._items[nid]
        record = {
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
            "replaced": replaced,
            "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        }
        self._next_id += 1
        self._items[record["id"]] = record
        while len(self._items) > self._max:
            self._items.popitem(last=False)
        return copy.deepcopy(record), replaced

    def delete_id(self, nid: int, caller_id: int) -> bool:
        """Delete one notification the caller sent or received."""
        record = self._items.get(nid)
        if record is None or caller_id not in (record["user_id"], record["author_id"]):
            return False
        del self._items[nid]
        return True

    def delete_tagged(self, client_id: str, *, tag: str = "", sub_tag: str = "") -> int:
        """Delete every notification with this tag (or sub-tag) in this client id's namespace."""
        doomed = [
            nid
            for nid, n in self._items.items()
            if n["client_id"] == client_id
            and ((tag and n["tag"] == tag) or (sub_tag and n["sub_tag"] == sub_tag))
        ]
        for nid in doomed:
            del self._items[nid]
        return len(doomed)

    def all(self, user_id: int | None = None) -> list[dict[str, Any]]:
        """Deep copies, oldest first, optionally for one recipient."""
        return [
            copy.deepcopy(n)
            for n in self._items.values()
            if user_id is None or n["user_id"] == user_id
        ]

    def clear(self) -> None:
        """Forget every notification (ids keep increasing, as on a real portal)."""
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
