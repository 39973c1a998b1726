"""ATTACH as the portal normalises it, and its size counted the portal's way.

``CIMRestService::notifyAdd`` builds the attachment with ``CIMMessageParamAttach::GetAttachByJson``
and refuses it with ``ATTACH_OVERSIZE`` unless ``IsAllowSize()``:
``mb_strlen(Bitrix\\Im\\Common::jsonEncode($this->result)) < 60000`` — *characters* of PHP's
``json_encode(..., JSON_UNESCAPED_UNICODE)`` of the *normalised* attachment: the wrapper the class
adds (``ID``, ``BLOCKS``, ``DESCRIPTION``, ``COLOR``, ``COLOR_TOKEN``), each block rebuilt from the
keys the module keeps (unknown keys vanish, USER/LINK/RICH_LINK lists become one block per item,
GRID items gain ``COLOR_TOKEN``), ``/`` written ``\\/``, non-ASCII written as is.

:func:`portal_attach` mirrors the ``Add*`` methods of the newest public copy (yuliai/bitrix-modules,
``im/classes/general/im_message_param.php``); :func:`portal_size` counts it. The sources and what
they say are in ``core/sandbox/NOTES.md``. Nothing here is shared with the client's own counting.
"""

from __future__ import annotations

import json
import re
from typing import Any

from core.sandbox.params import to_int

ATTACH_LIMIT = 60_000
"""``IsAllowSize()`` holds while the count is *under* this."""

STAND_IN_COLOR = "#29619b"
"""The module picks a random palette colour when none (or an invalid one) is given; every palette
colour is seven characters, so this one stands in for it in the count."""

COLOR_TOKENS = ("primary", "secondary", "alert", "base")
GRID_DISPLAYS = ("BLOCK", "LINE", "CARD", "ROW", "COLUMN", "TABLE")

URL_RE = re.compile(r"(?:/|https?://)")
"""``preg_match('#^(?:/|https?://)#', $link)``: case-sensitive, nothing trimmed first."""

_COLOR_RE = re.compile(r"#[a-fA-F0-9]{3}(?:[a-fA-F0-9]{3})?\Z")
_NEWLINES = re.compile(r"\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")  # PCRE \R with /u


def url_ok(value: Any) -> bool:
    """A link the module keeps: a string starting with ``/``, ``http://`` or ``https://``."""
    return isinstance(value, str) and URL_RE.match(value) is not None


def php_text(value: Any) -> str:
    """A value used as a PHP string (``trim()`` and friends convert scalars this way)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return value
    return ""


def php_trim(text: str) -> str:
    """PHP ``trim``: only space, tab, newline, carriage return, NUL and vertical tab."""
    return text.strip(" \t\n\r\0\x0b")


def _one_line(value: Any) -> str:
    """``removeNewLine``: every line break becomes a space."""
    return _NEWLINES.sub(" ", php_text(value))


def _isset(params: Any, key: str) -> bool:
    return isinstance(params, dict) and params.get(key) is not None


def _network_id(value: Any) -> str:
    text = php_text(value)
    first = text[:1].replace("&", "&amp;").replace('"', "&quot;")
    first = first.replace("<", "&lt;").replace(">", "&gt;")
    return first + str(to_int(text[1:]))


def _positive(params: dict[str, Any], key: str) -> int:
    return to_int(params.get(key)) if _isset(params, key) else 0


def color_ok(value: Any) -> bool:
    """``#rgb`` or ``#rrggbb``, as the module's colour pattern allows."""
    return isinstance(value, str) and _COLOR_RE.match(value) is not None


def _color_token(value: Any) -> str:
    return value if isinstance(value, str) and value in COLOR_TOKENS else "base"


def _internal(params: dict[str, Any], out: dict[str, Any]) -> bool:
    """NETWORK_ID / USER_ID / CHAT_ID with a NAME: a link inside the portal (no URL check)."""
    if not _isset(params, "NAME"):
        return False
    if _isset(params, "NETWORK_ID"):
        out["NETWORK_ID"] = _network_id(params["NETWORK_ID"])
    elif _positive(params, "USER_ID") > 0:
        out["USER_ID"] = _positive(params, "USER_ID")
    elif _positive(params, "CHAT_ID") > 0:
        out["CHAT_ID"] = _positive(params, "CHAT_ID")
    else:
        return False
    return True


def user_item(params: Any) -> dict[str, Any] | None:
    """``AddUser``: an item without a NAME goes; LINK (without an id) and AVATAR only when valid."""
    if not _isset(params, "NAME") or php_trim(php_text(params["NAME"])) == "":
        return None
    add: dict[str, Any] = {"NAME": _one_line(params["NAME"]), "AVATAR_TYPE": "USER"}
    if _isset(params, "NETWORK_ID"):
        add["NETWORK_ID"] = _network_id(params["NETWORK_ID"])
    elif _positive(params, "USER_ID") > 0:
        add["USER_ID"] = _positive(params, "USER_ID")
    elif _positive(params, "CHAT_ID") > 0:
        add["CHAT_ID"] = _positive(params, "CHAT_ID")
        add["AVATAR_TYPE"] = "CHAT"
    elif _positive(params, "BOT_ID") > 0:
        add["BOT_ID"] = _positive(params, "BOT_ID")
        add["AVATAR_TYPE"] = "BOT"
    elif url_ok(params.get("LINK")):
        add["LINK"] = params["LINK"]
    if url_ok(params.get("AVATAR")):
        add["AVATAR"] = params["AVATAR"]
    if params.get("AVATAR_TYPE") in ("CHAT", "USER", "BOT"):
        add["AVATAR_TYPE"] = params["AVATAR_TYPE"]
    return add


def link_item(params: Any, rich: bool) -> dict[str, Any] | None:
    """``AddLink`` / ``AddRichLink``: an item with neither an internal id (with NAME) nor a valid
    LINK goes; PREVIEW (and EXTRA_IMAGE) only when valid."""
    if not isinstance(params, dict):
        return None
    add: dict[str, Any] = {}
    if not _internal(params, add) and not url_ok(params.get("LINK")):
        return None
    if _isset(params, "NAME"):
        add["NAME"] = _one_line(php_trim(php_text(params["NAME"])))
    if _isset(params, "LINK"):
        add["LINK"] = params["LINK"]  # kept as given once the item is accepted
    for key in ("DESC", "HTML"):
        if _isset(params, key):
            add[key] = _one_line(php_trim(php_text(params[key]))) if rich else params[key]
    if rich:
        if url_ok(params.get("PREVIEW")):
            size = params.get("PREVIEW_SIZE")
            size = size if isinstance(size, dict) else {}
            add["PREVIEW"] = params["PREVIEW"]
            add["PREVIEW_SIZE"] = {"HEIGHT": size.get("HEIGHT", 0), "WIDTH": size.get("WIDTH", 0)}
        elif url_ok(params.get("EXTRA_IMAGE")):
            add["EXTRA_IMAGE"] = params["EXTRA_IMAGE"]
    elif not _isset(params, "HTML") and url_ok(params.get("PREVIEW")):
        add["PREVIEW"] = params["PREVIEW"]
        for key in ("WIDTH", "HEIGHT"):
            if _positive(params, key) > 0:
                add[key] = _positive(params, key)
    return add


def message_text(value: Any) -> tuple[str, bool] | None:
    """``AddMessage``: the text trimmed, ``#BR#`` written ``[BR]``, and whether it also becomes
    the DESCRIPTION (``{"TEXT": ..., "AS_DESCRIPTION": "Y"}``); None for empty text."""
    as_description = False
    if isinstance(value, dict) and _isset(value, "TEXT"):
        as_description = value.get("AS_DESCRIPTION") == "Y"
        value = value["TEXT"]
    text = php_trim(php_text(value))
    return (text.replace("#BR#", "[BR]"), as_description) if text else None


def grid_item(grid: Any) -> dict[str, Any] | None:
    """One item of ``AddGrid``: DISPLAY is compared as sent (``column`` is not ``COLUMN``)."""
    if not isinstance(grid, dict):
        return None
    display = grid.get("DISPLAY")
    name, value = grid.get("NAME"), grid.get("VALUE")
    if display != "LINE" and (
        (name is None and value is None)
        or (php_trim(php_text(name)) == "" and php_trim(php_text(value)) == "")
    ):
        return None
    shown = display if isinstance(display, str) and display in GRID_DISPLAYS else "BLOCK"
    add: dict[str, Any] = {
        "DISPLAY": {"COLUMN": "ROW", "CARD": "LINE"}.get(shown, shown),
        "NAME": _one_line(php_trim(php_text(name))),
        "VALUE": php_trim(php_text(value)).replace("#BR#", "[BR]"),
    }
    if color_ok(grid.get("COLOR")):
        add["COLOR"] = grid["COLOR"]
    for key in ("WIDTH", "HEIGHT", "USER_ID", "CHAT_ID"):
        if _positive(grid, key) > 0:
            add[key] = _positive(grid, key)
    if url_ok(grid.get("LINK")):
        add["LINK"] = grid["LINK"]
    add["COLOR_TOKEN"] = _color_token(grid.get("COLOR_TOKEN"))
    return add


def file_item(item: Any, image: bool) -> dict[str, Any] | None:
    """One item of ``AddImages`` / ``AddFiles``: skipped without a valid LINK."""
    if not isinstance(item, dict) or not url_ok(item.get("LINK")):
        return None
    add: dict[str, Any] = {"LINK": item["LINK"]}
    name = php_trim(php_text(item.get("NAME")))
    if name:
        add["NAME"] = name if image else _one_line(name)
    for key in ("WIDTH", "HEIGHT") if image else ("SIZE",):
        if _positive(item, key) > 0:
            add[key] = _positive(item, key)
    if image and url_ok(item.get("PREVIEW")):
        add["PREVIEW"] = item["PREVIEW"]
    return add


def delimiter(params: Any) -> dict[str, Any]:
    """``AddDelimiter``: SIZE 200 unless a positive number is given; COLOR only when valid."""
    add: dict[str, Any] = {"SIZE": _positive(params, "SIZE") or 200}
    if isinstance(params, dict) and color_ok(params.get("COLOR")):
        add["COLOR"] = params["COLOR"]
    return add


BLOCK_ORDER = ("USER", "LINK", "RICH_LINK", "MESSAGE", "GRID", "IMAGE", "FILE", "DELIMITER")
"""The order in which ``GetAttachByJson`` tests a block's keys (``isset``); the first decides."""


def block_kind(block: Any) -> str | None:
    """The type of a block as the module decides it, or None (the block is skipped)."""
    if not isinstance(block, dict):
        return None
    return next((k for k in BLOCK_ORDER if block.get(k) is not None), None)


def values(value: Any) -> list[Any]:
    """What PHP's ``foreach`` visits: a list's items, an object's values, nothing otherwise."""
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else []


def items_of(kind: str, value: Any) -> list[Any]:
    """The items a block's value is split into: USER/LINK/RICH_LINK give one call per list item
    (or one for anything else); IMAGE/FILE wrap a single object; GRID iterates as ``foreach``."""
    if kind in ("USER", "LINK", "RICH_LINK"):
        return value if isinstance(value, list) else [value]
    if kind in ("IMAGE", "FILE") and isinstance(value, dict):
        return [value]
    return values(value)


def decode_symbols(value: Any) -> Any:
    r"""``Im\Text::convertSymbolsAfterJsonDecode``: literal ``\n``, ``\t``, ``\"``, ``\\`` in
    string values become the characters they name (a copy; iterative, so any depth is safe)."""
    if isinstance(value, str):
        for escaped, plain in (("\\n", "\n"), ("\\t", "\t"), ('\\"', '"'), ("\\\\", "\\")):
            value = value.replace(escaped, plain)
        return value
    if not isinstance(value, (dict, list)):
        return value
    root: Any = dict(value) if isinstance(value, dict) else list(value)
    stack = [root]
    while stack:
        node = stack.pop()
        for key in list(node) if isinstance(node, dict) else range(len(node)):
            child = node[key]
            if isinstance(child, str):
                node[key] = decode_symbols(child)
            elif isinstance(child, (dict, list)):
                node[key] = dict(child) if isinstance(child, dict) else list(child)
                stack.append(node[key])
    return root


def wrapper(data: Any, now: float) -> tuple[dict[str, Any], Any]:
    """The attachment ``new CIMMessageParamAttach()`` starts as, and the blocks to add to it."""
    color: Any = "CHAT"
    description: Any = ""
    token: Any = None
    blocks: Any = data
    if isinstance(data, dict) and data.get("BLOCKS") is not None:
        blocks = data["BLOCKS"]
        color = data["COLOR"] if data.get("COLOR") is not None else color
        description = data["DESCRIPTION"] if data.get("DESCRIPTION") is not None else description
        token = data.get("COLOR_TOKEN")
    result: dict[str, Any] = {"ID": int(now), "BLOCKS": [], "DESCRIPTION": ""}
    result["COLOR"] = STAND_IN_COLOR  # the constructor's random colour
    if color == "TRANSPARENT":
        result["COLOR"] = "transparent"
    elif color != "CHAT" and color_ok(color):
        result["COLOR"] = color
    result["COLOR_TOKEN"] = _color_token(token)
    result["DESCRIPTION"] = php_trim(_one_line(description))  # (its HTML-to-BB-code step skipped)
    return result, blocks


def portal_attach(raw: Any, now: float) -> dict[str, Any] | None:
    """The attachment ``GetAttachByJson`` builds from ``raw`` (already JSON-decoded), or None when
    no block survives (the portal then answers ATTACH_ERROR)."""
    data = decode_symbols(raw)
    if not isinstance(data, (dict, list)):
        return None
    result, blocks = wrapper(data, now)
    out = result["BLOCKS"]
    for block in values(blocks):
        kind = block_kind(block)
        if kind is None:
            continue
        value = block[kind]
        if kind == "USER":
            out.extend({kind: [u]} for u in map(user_item, items_of(kind, value)) if u)
        elif kind in ("LINK", "RICH_LINK"):
            links = (link_item(i, kind == "RICH_LINK") for i in items_of(kind, value))
            out.extend({kind: [x]} for x in links if x)
        elif kind == "MESSAGE":
            message = message_text(value)
            if message is not None:
                if message[1]:
                    result["DESCRIPTION"] = message[0]
                out.append({kind: message[0]})
        elif kind == "GRID":
            grid = [g for g in map(grid_item, items_of(kind, value)) if g]
            if grid:
                out.append({kind: grid})
        elif kind in ("IMAGE", "FILE"):
            files = [f for f in (file_item(i, kind == "IMAGE") for i in items_of(kind, value)) if f]
            if files:
                out.append({kind: files})
        else:
            out.append({kind: delimiter(value)})
    return result if out else None


def php_json(value: Any) -> str:
    """``json_encode($value, JSON_UNESCAPED_UNICODE)``: compact, ``/`` escaped as ``\\/``,
    non-ASCII as is except U+2028/U+2029 (PHP escapes those unless told not to)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("/", "\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def portal_size(attach: dict[str, Any]) -> int:
    """``mb_strlen(jsonEncode(attach))``: characters (code points), not bytes."""
    return len(php_json(attach))
