"""ATTACH parsing as the portal does it (reference §3): keep what is valid, drop the rest silently.

The server builds an attachment block by block (``CIMMessageParamAttach::GetAttachByJson``). A block
with an invalid link, or of an unknown type, vanishes without an error; only when *nothing* survives
does the call fail with ``ATTACH_ERROR``. The sandbox records what it dropped (``attach_dropped`` in
the inbox) so people testing attachments can see why a block did not show.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

ATTACH_LIMIT = 60_000
"""Serialized ATTACH must stay under this (§3.5). Counted here as UTF-8 bytes of compact JSON with
``ensure_ascii=False`` — the strictest reading, which older portals use (byte-length ``strlen``)."""

_URL_RE = re.compile(r"^(?:/|https?://)", re.IGNORECASE)
_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_GRID_DISPLAY = {"BLOCK", "LINE", "ROW", "TABLE"}
_GRID_ALIASES = {"COLUMN": "ROW", "CARD": "LINE"}
BLOCK_ORDER = ("USER", "LINK", "MESSAGE", "GRID", "IMAGE", "FILE", "DELIMITER", "RICH_LINK")
"""The order in which the server tests a block's keys; the first one present decides its type."""


class AttachError(ValueError):
    """The attachment cannot be used: ``code`` is ATTACH_ERROR or ATTACH_OVERSIZE (§1.5)."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass
class ParsedAttach:
    """The attachment as stored: full form, plus plain notes on what was dropped."""

    attach: dict[str, Any]
    dropped: list[str] = field(default_factory=list)


def attach_size(value: Any) -> int:
    """UTF-8 bytes of the compact JSON (the size the 60,000 limit is measured on)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return len(text.encode("utf-8"))


def is_empty(value: Any) -> bool:
    """An ATTACH the server treats as absent: missing, empty string, empty array."""
    return value is None or value == "" or value == [] or value == {}


def _url_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL_RE.match(value.strip()))


def _clean_urls(item: dict[str, Any], keys: tuple[str, ...], where: str, notes: list[str]) -> None:
    for key in keys:
        if key in item and not _url_ok(item[key]):
            notes.append(f"{where}: {key} dropped (links must start with http://, https:// or /)")
            del item[key]


def _items(value: Any) -> list[Any]:
    """A block whose value may be one object or a list of objects."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    return []


def _linked_items(value: Any, where: str, notes: list[str], extra: tuple[str, ...]) -> list:
    """LINK / RICH_LINK items: a user/chat/network link needs NAME, any other needs a valid LINK."""
    kept = []
    for item in _items(value):
        if not isinstance(item, dict):
            notes.append(f"{where}: an item that is not an object was dropped")
            continue
        item = dict(item)
        internal = any(item.get(k) for k in ("USER_ID", "CHAT_ID", "NETWORK_ID"))
        if internal:
            if not item.get("NAME"):
                notes.append(f"{where}: a user/chat link without NAME was dropped")
                continue
        elif not _url_ok(item.get("LINK")):
            notes.append(f"{where}: LINK missing or not http(s):// or / — item dropped")
            continue
        _clean_urls(item, ("PREVIEW", *extra), where, notes)
        kept.append(item)
    return kept


def _files(value: Any, where: str, notes: list[str], with_preview: bool) -> list:
    kept = []
    for item in _items(value):
        if not isinstance(item, dict) or not _url_ok(item.get("LINK")):
            notes.append(f"{where}: LINK missing or not http(s):// or / — item dropped")
            continue
        item = dict(item)
        if with_preview:
            _clean_urls(item, ("PREVIEW",), where, notes)
        kept.append(item)
    return kept


def _grid(value: Any, where: str, notes: list[str]) -> list:
    kept = []
    if not isinstance(value, list):
        notes.append(f"{where}: GRID must be an array of items")
        return kept
    for item in value:
        if not isinstance(item, dict):
            notes.append(f"{where}: a grid item that is not an object was dropped")
            continue
        item = dict(item)
        display = str(item.get("DISPLAY", "BLOCK")).upper()
        display = _GRID_ALIASES.get(display, display)
        item["DISPLAY"] = display if display in _GRID_DISPLAY else "BLOCK"
        if display != "LINE" and not item.get("NAME") and not item.get("VALUE"):
            notes.append(f"{where}: a grid item with neither NAME nor VALUE was skipped")
            continue
        if "COLOR" in item and not (
            isinstance(item["COLOR"], str) and _COLOR_RE.match(item["COLOR"])
        ):
            del item["COLOR"]
        _clean_urls(item, ("LINK",), where, notes)
        kept.append(item)
    return kept


def _block(kind: str, value: Any, where: str, notes: list[str]) -> Any:
    """The cleaned value of one block, or None when the block does not survive."""
    if kind == "MESSAGE":
        if isinstance(value, dict):
            return value if str(value.get("TEXT", "")).strip() else None
        return value if isinstance(value, (str, int, float)) and str(value).strip() else None
    if kind in ("LINK", "RICH_LINK"):
        extra = ("EXTRA_IMAGE",) if kind == "RICH_LINK" else ()
        kept = _linked_items(value, where, notes, extra)
        return (kept[0] if isinstance(value, dict) else kept) if kept else None
    if kind == "USER":
        kept = []
        for item in _items(value):
            if not isinstance(item, dict) or not str(item.get("NAME", "")).strip():
                notes.append(f"{where}: a USER without NAME was dropped")
                continue
            item = dict(item)
            _clean_urls(item, ("AVATAR", "LINK"), where, notes)
            kept.append(item)
        return (kept[0] if isinstance(value, dict) else kept) if kept else None
    if kind == "GRID":
        return _grid(value, where, notes) or None
    if kind in ("IMAGE", "FILE"):
        return _files(value, where, notes, with_preview=kind == "IMAGE") or None
    if kind == "DELIMITER":
        item = dict(value) if isinstance(value, dict) else {}
        size = item.get("SIZE")
        item["SIZE"] = size if isinstance(size, int) and size > 0 else 200
        if "COLOR" in item and not (
            isinstance(item["COLOR"], str) and _COLOR_RE.match(item["COLOR"])
        ):
            del item["COLOR"]
        return item
    return None


def parse_attach(raw: Any) -> ParsedAttach | None:
    """Parse ATTACH as sent; None when it is empty. Raises :class:`AttachError`.

    Accepts the full form (an object with BLOCKS), the short form (an array of blocks, or an object
    whose values are blocks — PHP iterates both alike) and either as a JSON string (§3.1).
    """
    if is_empty(raw):
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise AttachError("ATTACH_ERROR", "Incorrect attach params") from exc
        if is_empty(raw):
            raise AttachError("ATTACH_ERROR", "Incorrect attach params")
    if attach_size(raw) >= ATTACH_LIMIT:
        raise AttachError(
            "ATTACH_OVERSIZE", "You have exceeded the maximum allowable size of attach"
        )
    meta: dict[str, Any] = {}
    if isinstance(raw, dict) and "BLOCKS" in raw:
        blocks = raw["BLOCKS"]
        for key in ("COLOR_TOKEN", "COLOR", "DESCRIPTION"):
            if key in raw:
                meta[key] = raw[key]
        if "COLOR" in meta and not (
            isinstance(meta["COLOR"], str) and _COLOR_RE.match(meta["COLOR"])
        ):
            del meta["COLOR"]
    else:
        blocks = raw
    if isinstance(blocks, dict):
        blocks = list(blocks.values())
    if not isinstance(blocks, list):
        raise AttachError("ATTACH_ERROR", "Incorrect attach params")
    notes: list[str] = []
    kept: list[dict[str, Any]] = []
    for index, block in enumerate(blocks):
        where = f"block {index}"
        if not isinstance(block, dict):
            notes.append(f"{where}: not an object — dropped")
            continue
        kind = next((k for k in BLOCK_ORDER if k in block), None)
        if kind is None:
            names = ", ".join(map(str, block)) or "nothing"
            notes.append(f"{where}: unknown block type ({names}) — dropped")
            continue
        value = _block(kind, block[kind], f"{where} ({kind})", notes)
        if value is None:
            notes.append(f"{where} ({kind}): nothing valid left — dropped")
            continue
        kept.append({kind: value})
    if not kept:
        raise AttachError("ATTACH_ERROR", "Incorrect attach params")
    return ParsedAttach(attach={**meta, "BLOCKS": kept}, dropped=notes)
