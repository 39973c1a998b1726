"""Rows of the attachments table and the ATTACH blocks they stand for, both ways (Qt-free).

A row is ``(kind, name, value)``. Each kind fills the two text columns its own way, and becomes
one block built by ``core.blocks`` (so the window sends what the CLI and the library send):

==========  ==================  ======================  ==========================================
kind        Name column         URL / text column       block
==========  ==================  ======================  ==========================================
Picture     name (optional)     link                    ``{"IMAGE": {"NAME", "LINK"}}``
File        name (optional)     link                    ``{"FILE": {"NAME", "LINK"}}``
Message     (not used)          text (BB-codes)         ``{"MESSAGE": text}``
Link        title (optional)    link                    ``{"LINK": {"NAME", "LINK"}}``
User        name                link (optional)         ``{"USER": {"NAME", "LINK"}}``
Grid        name                value                   ``{"GRID": [{"DISPLAY": "LINE", ...}]}``
Delimiter   (not used)          colour (optional)       ``{"DELIMITER": {"SIZE": 200, "COLOR"}}``
JSON        (not used)          the block as JSON       the block itself
==========  ==================  ======================  ==========================================

A pasted block that a simple row would not give back exactly (a LINK with a description, a GRID
of several items...) becomes a JSON row, so nothing of it is lost. The kinds are the REST docs'
block collections: https://apidocs.bitrix24.com/api-reference/chats/messages/attachments/.
"""

from __future__ import annotations

from typing import Any

from core.i18n import N_, _
from core.problems import InputError, Problem

PICTURE = "Picture"
FILE = "File"
MESSAGE = "Message"
LINK = "Link"
USER = "User"
GRID = "Grid"
DELIMITER = "Delimiter"
JSON_KIND = "JSON"
KINDS = (PICTURE, FILE, MESSAGE, LINK, USER, GRID, DELIMITER, JSON_KIND)
# What the Type column shows (translated where shown); the kinds themselves are stored as above.
LABELS = {
    PICTURE: N_("Picture"),
    FILE: N_("File"),
    MESSAGE: N_("Message"),
    LINK: N_("Link"),
    USER: N_("User"),
    GRID: N_("Grid"),
    DELIMITER: N_("Delimiter"),
    JSON_KIND: N_("JSON"),
}
# The block type each kind makes (JSON makes any).
BLOCK_TYPE = {
    PICTURE: "IMAGE",
    FILE: "FILE",
    MESSAGE: "MESSAGE",
    LINK: "LINK",
    USER: "USER",
    GRID: "GRID",
    DELIMITER: "DELIMITER",
}
NAME_UNUSED = (MESSAGE, DELIMITER, JSON_KIND)
# Where typing starts in a new row: the name for a person or a grid cell, else the value.
STARTS_AT_NAME = (USER, GRID)

Row = tuple[str, str, str]


def kind_of(value: object) -> str | None:
    """The kind a stored or typed text names (``Picture``, ``image``, ``grid``...), or None."""
    text = str(value or "").strip().lower()
    for kind in KINDS:
        if text == kind.lower() or text == BLOCK_TYPE.get(kind, "").lower():
            return kind
    return None


def compact_json(value: Any) -> str:
    import json  # a JSON row (the window's first paint imports this module without json)

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_block(text: str) -> Any:
    """A JSON row's block; text that is not JSON goes as it is (the core then says it is no
    block, on that row)."""
    import json

    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def row_block(kind: str, name: str, value: str) -> Any:
    """The ATTACH block of one row, built by ``core.blocks`` (imported with the first row: an
    empty form's first paint does without it)."""
    from core import blocks

    name, value = name.strip(), value.strip()
    if kind == FILE:
        return blocks.file_block(name, value)
    if kind == MESSAGE:
        return blocks.message_block(value)
    if kind == LINK:
        return blocks.link_block(value, name or None)
    if kind == USER:
        return blocks.user_block(name, link=value or None)
    if kind == GRID:
        return blocks.grid_block([blocks.grid_item(name, value)])
    if kind == DELIMITER:
        return blocks.delimiter_block(color=value or None)
    if kind == JSON_KIND:
        return _json_block(value)
    return blocks.picture_block(name, value)


def _texts(*values: Any) -> bool:
    """Plain one-line text: what a table cell can hold and give back unchanged."""
    return all(isinstance(v, str) and "\n" not in v and "\r" not in v for v in values)


def _simple_row(block: Any) -> Row | None:
    if not isinstance(block, dict) or len(block) != 1:
        return None
    ((key, value),) = block.items()
    if key == "MESSAGE":
        return (MESSAGE, "", value) if _texts(value) else None
    if key == "GRID":
        if not (isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict)):
            return None
        name, cell = value[0].get("NAME", ""), value[0].get("VALUE", "")
        return (GRID, name, cell) if _texts(name, cell) else None
    if not isinstance(value, dict):
        return None
    if key == "DELIMITER":
        colour = value.get("COLOR", "")
        return (DELIMITER, "", colour) if _texts(colour) else None
    kind = {"IMAGE": PICTURE, "FILE": FILE, "LINK": LINK, "USER": USER}.get(key)
    name, link = value.get("NAME", ""), value.get("LINK", "")
    return (kind, name, link) if kind and _texts(name, link) else None


def row_of_block(block: Any) -> Row:
    """The row that gives ``block`` back exactly; a JSON row when no simple row does."""
    row = _simple_row(block)
    if row is not None and row_block(*row) == block:
        return row
    return (JSON_KIND, "", compact_json(block))


def _refuse(message: str) -> InputError:
    return InputError([Problem("attachments", message)])


def blocks_from_json(text: str) -> tuple[list[Any], dict[str, Any]]:
    """The blocks of pasted JSON (a list of blocks, one block, or the full form), and the full
    form's other keys (``COLOR_TOKEN``, ``COLOR``...). ``InputError`` when it is none of these.

    Read by ``core.blocks.load_attachments``, but never as a file name: pasted text is JSON or
    nothing (a path in the clipboard is not opened).
    """
    stripped = text.strip() if isinstance(text, str) else ""
    if not stripped:
        raise _refuse(_("the clipboard is empty: copy the JSON of one or more blocks first."))
    if stripped[0] not in "[{":
        raise _refuse(
            _(
                "the clipboard holds no JSON blocks: copy a list of blocks such as "
                '[{"MESSAGE": "Hi"}], one block, or an object with BLOCKS.'
            )
        )
    from core.blocks import block_list, load_attachments

    attach = load_attachments(stripped)
    meta = {k: v for k, v in attach.items() if k != "BLOCKS"} if isinstance(attach, dict) else {}
    blocks = block_list(attach)
    if not blocks:
        raise _refuse(_("the pasted JSON holds no blocks."))
    return blocks, meta
