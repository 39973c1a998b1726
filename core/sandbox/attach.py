"""ATTACH parsing as the portal does it: keep what is valid, drop the rest silently.

The server builds an attachment item by item (``CIMMessageParamAttach::GetAttachByJson``). An item
with an invalid link, or a block of an unknown type, vanishes without an error; a block with no item
left vanishes; only when *nothing* survives does the call fail with ``ATTACH_ERROR``. An optional
link that is invalid (a PREVIEW, an AVATAR, a GRID item's LINK) is dropped alone. Links count only
when they start with ``/``, ``http://`` or ``https://`` exactly — case-sensitive, nothing trimmed —
so ``HTTPS://x`` or `` https://x`` are dropped like ``ftp://x``.

Which item survives and how big the attachment is are decided on the portal's own normalised form
(:mod:`core.sandbox.attach_size`). What the sandbox *stores* (``attach`` in the inbox) is the
attachment as sent, minus what the portal dropped, plus plain notes on why (``attach_dropped``) and
the size the portal counted (``attach_size``), so people testing attachments can see why a block
did not show. Sources: ``core/sandbox/NOTES.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from core.sandbox.attach_size import (
    ATTACH_LIMIT,
    COLOR_TOKENS,
    block_kind,
    color_ok,
    decode_symbols,
    delimiter,
    file_item,
    grid_item,
    items_of,
    link_item,
    message_text,
    portal_attach,
    portal_size,
    url_ok,
    user_item,
    values,
)
from core.sandbox.params import load_json

__all__ = ["ATTACH_LIMIT", "AttachError", "ParsedAttach", "is_empty", "parse_attach"]

MAX_NOTES = 100
"""Notes on dropped parts kept per notification (the rest are counted, not listed)."""

_OPTIONAL_LINKS = {
    "USER": ("LINK", "AVATAR"),
    "LINK": ("PREVIEW",),
    "RICH_LINK": ("PREVIEW", "EXTRA_IMAGE"),
    "IMAGE": ("PREVIEW",),
    "GRID": ("LINK",),
}
_ITEM_RULE = {
    "USER": "a USER without NAME",
    "LINK": "a LINK item with neither a valid LINK nor a user/chat id with NAME",
    "RICH_LINK": "a RICH_LINK item with neither a valid LINK nor a user/chat id with NAME",
    "GRID": "a GRID item with neither NAME nor VALUE",
    "IMAGE": "an IMAGE item whose LINK is missing or not /, http:// or https://",
    "FILE": "a FILE item whose LINK is missing or not /, http:// or https://",
}


class AttachError(ValueError):
    """The attachment cannot be used: ``code`` is ATTACH_ERROR or ATTACH_OVERSIZE."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass
class ParsedAttach:
    """The attachment as stored, notes on what was dropped, and the size the portal counted."""

    attach: dict[str, Any]
    dropped: list[str] = field(default_factory=list)
    size: int = 0


def is_empty(value: Any) -> bool:
    """An ATTACH the server treats as absent (PHP-falsy): missing, "", "0", 0, false, [] or {}."""
    return value is None or value is False or value in ("", "0", 0) or value == [] or value == {}


class _Notes(list):
    """Notes, at most MAX_NOTES, then one line counting the rest."""

    hidden = 0

    def add(self, note: str) -> None:
        if len(self) < MAX_NOTES:
            self.append(note)
        else:
            self.hidden += 1

    def done(self) -> list[str]:
        return [*self, f"… and {self.hidden} more"] if self.hidden else list(self)


def _stored_item(
    kind: str, item: dict[str, Any], kept: dict[str, Any], where: str, notes: _Notes
) -> dict[str, Any]:
    """The item as sent, without the optional links the portal drops (and a GRID item's DISPLAY
    as the portal reads it: ``column`` is not ``COLUMN``, so it shows as BLOCK)."""
    item = dict(item)
    for key in _OPTIONAL_LINKS.get(kind, ()):
        if key in item and not url_ok(item[key]):
            notes.add(f"{where}: {key} dropped (links must start with /, http:// or https://)")
            del item[key]
    if kind == "GRID":
        item["DISPLAY"] = kept["DISPLAY"]
        if "COLOR_TOKEN" in item:  # an unknown token is the portal's default, base
            item["COLOR_TOKEN"] = kept["COLOR_TOKEN"]
        if "COLOR" in item and not color_ok(item["COLOR"]):
            del item["COLOR"]
    return item


def _stored_block(kind: str, value: Any, where: str, notes: _Notes) -> Any:
    """The block as stored, or None when the portal keeps nothing of it."""
    if kind == "MESSAGE":
        return value if message_text(value) is not None else None
    if kind == "DELIMITER":
        return delimiter(value)
    if kind == "GRID" and not isinstance(value, list):
        notes.add(f"{where}: GRID must be an array of items")
    kept_items = []
    for item in items_of(kind, value):
        if kind == "USER":
            kept = user_item(item)
        elif kind in ("LINK", "RICH_LINK"):
            kept = link_item(item, kind == "RICH_LINK")
        elif kind == "GRID":
            kept = grid_item(item)
        else:
            kept = file_item(item, kind == "IMAGE")
        if kept is None:
            notes.add(f"{where}: {_ITEM_RULE[kind]} was dropped")
            continue
        kept_items.append(_stored_item(kind, item, kept, where, notes))
    if not kept_items:
        return None
    if kind in ("USER", "LINK", "RICH_LINK") and not isinstance(value, list):
        return kept_items[0]  # one object given, one object stored
    return kept_items


def _stored(data: Any, notes: _Notes) -> dict[str, Any]:
    """The attachment as sent (full form), minus what the portal dropped."""
    meta: dict[str, Any] = {}
    blocks: Any = data
    if isinstance(data, dict) and data.get("BLOCKS") is not None:
        blocks = data["BLOCKS"]
        meta = {k: data[k] for k in ("COLOR_TOKEN", "COLOR", "DESCRIPTION") if k in data}
        if "COLOR" in meta and not (color_ok(meta["COLOR"]) or meta["COLOR"] == "TRANSPARENT"):
            del meta["COLOR"]
        if "COLOR_TOKEN" in meta and meta["COLOR_TOKEN"] not in COLOR_TOKENS:
            notes.add(f"COLOR_TOKEN {meta['COLOR_TOKEN']!r} is not {'/'.join(COLOR_TOKENS)}: base")
            meta["COLOR_TOKEN"] = "base"
    kept: list[dict[str, Any]] = []
    for index, block in enumerate(values(blocks)):
        where = f"block {index}"
        kind = block_kind(block)
        if kind is None:
            what = "not an object" if not isinstance(block, dict) else "unknown block type"
            names = ", ".join(map(str, block)) if isinstance(block, dict) else ""
            notes.add(f"{where}: {what}{f' ({names})' if names else ''} — dropped")
            continue
        value = _stored_block(kind, block[kind], f"{where} ({kind})", notes)
        if value is None:
            notes.add(f"{where} ({kind}): nothing valid left — dropped")
            continue
        kept.append({kind: value})
    return {**meta, "BLOCKS": kept}


def parse_attach(raw: Any, now: float | None = None) -> ParsedAttach | None:
    """Parse ATTACH as sent; None when it is empty. Raises :class:`AttachError`.

    Accepts the full form (an object with BLOCKS), the short form (an array of blocks, or an object
    whose values are blocks — PHP iterates both alike) and either as a JSON string.
    ``now`` is the time the portal writes as the attachment's ID (it counts in the size).
    """
    if is_empty(raw):
        return None
    if isinstance(raw, str):
        try:
            raw = load_json(raw)
        except ValueError as exc:
            raise AttachError("ATTACH_ERROR", "Incorrect attach params") from exc
    data = decode_symbols(raw)
    portal = portal_attach(data, time.time() if now is None else now)
    if portal is None:
        raise AttachError("ATTACH_ERROR", "Incorrect attach params")
    try:
        size = portal_size(portal)
    except ValueError as exc:  # NaN/Infinity from a Python caller: PHP cannot encode it either
        raise AttachError("ATTACH_ERROR", "Incorrect attach params") from exc
    if size >= ATTACH_LIMIT:
        raise AttachError(
            "ATTACH_OVERSIZE", "You have exceeded the maximum allowable size of attach"
        )
    notes = _Notes()
    stored = _stored(data, notes)
    return ParsedAttach(attach=stored, dropped=notes.done(), size=size)
