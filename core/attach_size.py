"""The size of an ATTACH as the portal measures it, for the 60,000 limit.

The ``im`` module keeps an attachment only while ``mb_strlen(jsonEncode(attach)) < 60000``
(``CIMMessageParamAttach::GetJSON``; ``im.notify.*.add`` answers ``ATTACH_OVERSIZE`` otherwise).
Three things make that differ from "the bytes b24notify sends":

- it counts *characters* (``mb_strlen``), not UTF-8 bytes: a Cyrillic letter is one;
- it counts PHP's JSON (``Bitrix\\Im\\Common::jsonEncode`` = ``json_encode`` with
  ``JSON_UNESCAPED_UNICODE``): ``/`` is written ``\\/`` (two characters), non-ASCII as is,
  U+2028/U+2029 as ``\\u2028``;
- it counts the attachment the module *built* from the request (``GetAttachByJson``), not the
  request: every block's items sit in a list, USER items gain ``AVATAR_TYPE``, GRID items always
  have DISPLAY/NAME/VALUE, a DELIMITER always has SIZE, unknown keys are gone, a LINK/USER/RICH_LINK
  list becomes one block per item, and a wrapper ``{"ID": time(), "BLOCKS": [...],
  "DESCRIPTION": "", "COLOR": ...}`` surrounds it all.

:func:`portal_form` rebuilds that attachment (following the module's current source) and
:func:`attach_size` counts it. Where the module varies between versions the count takes the larger
reading (an ID of 11 digits, COLOR and COLOR_TOKEN always there, as the newest copy has them), and
:data:`ATTACH_MARGIN` characters are kept in reserve on top. One such difference: newer copies run
the whole ATTACH through ``Im\\Text::convertSymbolsAfterJsonDecode`` first (literal ``\\n``,
``\\t``, ``\\"`` and ``\\\\`` in a text become the one character they name; the sandbox follows
them), older ones (``GetAttachByJson`` in the copy below) do not: the count here is the older,
larger one.

Older self-hosted versions counted differently: ``strlen(Json::encode(attach))`` with the default
flags — bytes of ASCII-only JSON, where every non-ASCII character is ``\\uXXXX`` (6) and
``< > & ' "`` are ``\\u003C``-style escapes (6). :func:`legacy_attach_size` gives that count
(a lower bound: those versions also HTML-escaped names and links first).

Sources (public copies of the module): ``modules/im/classes/general/im_message_param.php``
(``GetAttachByJson``, ``Add*``, ``GetJSON``) and ``modules/im/lib/common.php`` (``jsonEncode``) in
https://github.com/avshatalov48/bitrix-core-business; the byte-counting version in
https://github.com/avshatalov48/bitrix24-core-corp (same path). See ``docs/portal-notes.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from core.constants import is_hex_colour, is_link_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

ATTACH_LIMIT = 60_000
"""The portal keeps an attachment only while it counts *under* this many characters."""
ATTACH_MARGIN = 100
"""Characters b24notify keeps in reserve under the limit, for what module versions add to the
wrapper beyond what the newest copy shows (the count already holds its random COLOR, its
COLOR_TOKEN and an 11-digit ID)."""

_STAND_IN_COLOR = "#29619b"  # every palette colour is #rrggbb: seven characters
_COLOR_TOKENS = ("primary", "secondary", "alert", "base")
_ID_DIGITS = 11  # time() has 10 digits until 2286; 11 leaves room for an ID given in the form
# The module's link test (case-sensitive, no trimming) and colour test: core.constants'
# is_link_start and is_hex_colour (string code; no regex compiled at import).


@cache
def _newline() -> re.Pattern[str]:
    """PCRE's ``\\R`` with the /u modifier; compiled on first use (~1.6 M instructions)."""
    return re.compile(r"\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")


_DISPLAYS = {"BLOCK": "BLOCK", "LINE": "LINE", "ROW": "ROW", "TABLE": "TABLE", "COLUMN": "ROW",
             "CARD": "LINE"}  # fmt: skip
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n",
                  "\r": "\\r", "\t": "\\t"}  # fmt: skip
_HEX_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "'": "\\u0027", '"': "\\u0022"}


# --- PHP's json_encode ------------------------------------------------------------------------
@cache
def _pattern(unicode: bool, hex_escapes: bool) -> re.Pattern[str]:
    """What PHP escapes, by (JSON_UNESCAPED_UNICODE, JSON_HEX_*); the rest is copied as is.

    Compiled on first use: the ranges up to U+10FFFF take ~20 ms to compile, and this module is
    imported on the way to the window's first paint (by the validation), which needs none of them.
    """
    return re.compile(
        r'["\\/\x00-\x1f'
        + ("<>&'" if hex_escapes else "")
        + ("\u2028\u2029" if unicode else "\u0080-\U0010ffff")
        + "]"
    )


def _escape(ch: str, hex_escapes: bool) -> str:
    code = ord(ch)
    if hex_escapes and ch in _HEX_ESCAPES:
        return _HEX_ESCAPES[ch]
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if code > 0xFFFF:  # a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _php_string(text: str, *, unicode: bool, hex_escapes: bool) -> str:
    special = _pattern(unicode, hex_escapes)
    return '"' + special.sub(lambda m: _escape(m.group(), hex_escapes), text) + '"'


def php_json(value: Any, *, unicode: bool = True, hex_escapes: bool = False) -> str:
    """``value`` as PHP's ``json_encode`` writes it (compact; ``/`` as ``\\/``).

    ``unicode``: ``JSON_UNESCAPED_UNICODE`` (non-ASCII as is); ``hex_escapes``: the
    ``JSON_HEX_TAG|AMP|APOS|QUOT`` flags of ``Bitrix\\Main\\Web\\Json::encode``'s default. An empty
    mapping is ``[]``, as for a PHP array. Raises ``TypeError``/``ValueError`` for what JSON cannot
    hold.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("NaN and infinity cannot be written as JSON")
        return repr(value)
    if isinstance(value, str):
        return _php_string(value, unicode=unicode, hex_escapes=hex_escapes)
    flags = {"unicode": unicode, "hex_escapes": hex_escapes}
    if isinstance(value, Mapping):
        if not value:
            return "[]"
        pairs = (f"{_php_string(str(k), **flags)}:{php_json(v, **flags)}" for k, v in value.items())
        return "{" + ",".join(pairs) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(php_json(v, **flags) for v in value) + "]"
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


# --- the attachment the module builds (GetAttachByJson and the Add* methods) ------------------
def _text(value: Any) -> str:
    """A scalar as PHP turns it into text (other values count as empty)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (str, int, float)):
        return str(value)
    return ""


def _trim(value: Any) -> str:
    return _text(value).strip(" \t\n\r\0\x0b")  # PHP trim()'s characters, not str.strip()'s


def _one_line(text: str) -> str:
    return _newline().sub(" ", text)


def _intval(value: Any) -> int:
    """PHP's ``intval`` for what JSON can hold (leading digits of a string; 0 otherwise)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value == value and abs(value) != float("inf") else 0
    if isinstance(value, str):
        match = re.match(r"\s*([+-]?\d+)", value)
        return int(match.group(1)) if match else 0
    return 0


def _is_link(value: Any) -> bool:
    return isinstance(value, str) and is_link_start(value)


def _given(obj: Mapping[str, Any], key: str) -> bool:
    """PHP's ``isset``: present and not null."""
    return obj.get(key) is not None


def _items(value: Any, *, listed: bool) -> list[Any]:
    """The items of a block: a list as is, one object as a list of one."""
    if isinstance(value, list):
        return value
    return [value] if listed or isinstance(value, Mapping) else []


def _network_id(value: Any) -> str:
    text = _text(value)
    first = text[:1].replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return first.replace(">", "&gt;") + str(_intval(text[1:]))


def _user(p: Any) -> dict[str, Any] | None:
    if not isinstance(p, Mapping) or not _trim(p.get("NAME")):
        return None
    add: dict[str, Any] = {"NAME": _one_line(_text(p["NAME"])), "AVATAR_TYPE": "USER"}
    if _given(p, "NETWORK_ID"):
        add["NETWORK_ID"] = _network_id(p["NETWORK_ID"])
    elif _intval(p.get("USER_ID")) > 0:
        add["USER_ID"] = _intval(p["USER_ID"])
    elif _intval(p.get("CHAT_ID")) > 0:
        add["CHAT_ID"], add["AVATAR_TYPE"] = _intval(p["CHAT_ID"]), "CHAT"
    elif _intval(p.get("BOT_ID")) > 0:
        add["BOT_ID"], add["AVATAR_TYPE"] = _intval(p["BOT_ID"]), "BOT"
    elif _is_link(p.get("LINK")):
        add["LINK"] = p["LINK"]
    if _is_link(p.get("AVATAR")):
        add["AVATAR"] = p["AVATAR"]
    if p.get("AVATAR_TYPE") in ("CHAT", "USER", "BOT"):
        add["AVATAR_TYPE"] = p["AVATAR_TYPE"]
    return add


def _target(p: Mapping[str, Any]) -> dict[str, Any] | None:
    """The object a LINK / RICH_LINK points at, or None when the module drops the item."""
    if _given(p, "NETWORK_ID") and _given(p, "NAME"):
        return {"NETWORK_ID": _network_id(p["NETWORK_ID"])}
    if _intval(p.get("USER_ID")) > 0 and _given(p, "NAME"):
        return {"USER_ID": _intval(p["USER_ID"])}
    if _intval(p.get("CHAT_ID")) > 0 and _given(p, "NAME"):
        return {"CHAT_ID": _intval(p["CHAT_ID"])}
    return {} if _is_link(p.get("LINK")) else None


def _link(p: Any, *, rich: bool) -> dict[str, Any] | None:
    if not isinstance(p, Mapping):
        return None
    add = _target(p)
    if add is None:
        return None
    if _given(p, "NAME"):
        add["NAME"] = _one_line(_trim(p["NAME"]))
    if _given(p, "LINK"):
        add["LINK"] = p["LINK"]
    if _given(p, "DESC"):
        add["DESC"] = _one_line(_trim(p["DESC"])) if rich else p["DESC"]
    if rich:
        if _given(p, "HTML"):
            add["HTML"] = _one_line(_trim(p["HTML"]))
        if _is_link(p.get("PREVIEW")):
            add["PREVIEW"] = p["PREVIEW"]
        elif _is_link(p.get("EXTRA_IMAGE")):
            add["EXTRA_IMAGE"] = p["EXTRA_IMAGE"]
    elif _given(p, "HTML"):
        add["HTML"] = p["HTML"]
    elif _is_link(p.get("PREVIEW")):
        add["PREVIEW"] = p["PREVIEW"]
        for key in ("WIDTH", "HEIGHT"):
            if _intval(p.get(key)) > 0:
                add[key] = _intval(p[key])
    return add


def _color_token(value: Any) -> str:
    return value if isinstance(value, str) and value in _COLOR_TOKENS else "base"


def _grid(items: Any) -> list[dict[str, Any]]:
    add = []
    for g in items if isinstance(items, list) else []:
        if not isinstance(g, Mapping):
            continue
        if g.get("DISPLAY") != "LINE" and not (_trim(g.get("NAME")) or _trim(g.get("VALUE"))):
            continue
        item: dict[str, Any] = {
            "DISPLAY": _DISPLAYS.get(_text(g.get("DISPLAY")), "BLOCK"),
            "NAME": _one_line(_trim(g.get("NAME"))),
            "VALUE": _trim(g.get("VALUE")).replace("#BR#", "[BR]"),
        }
        if isinstance(g.get("COLOR"), str) and is_hex_colour(g["COLOR"]):
            item["COLOR"] = g["COLOR"]
        for key in ("WIDTH", "HEIGHT", "USER_ID", "CHAT_ID"):
            if _intval(g.get(key)) > 0:
                item[key] = _intval(g[key])
        if _is_link(g.get("LINK")):
            item["LINK"] = g["LINK"]
        item["COLOR_TOKEN"] = _color_token(g.get("COLOR_TOKEN"))  # the newest versions add it
        add.append(item)
    return add


def _image(p: Any) -> dict[str, Any] | None:
    if not isinstance(p, Mapping) or not _is_link(p.get("LINK")):
        return None
    add: dict[str, Any] = {}
    if _trim(p.get("NAME")):
        add["NAME"] = _trim(p["NAME"])
    add["LINK"] = p["LINK"]
    for key in ("WIDTH", "HEIGHT"):
        if _intval(p.get(key)) > 0:
            add[key] = _intval(p[key])
    if _is_link(p.get("PREVIEW")):
        add["PREVIEW"] = p["PREVIEW"]
    return add


def _file(p: Any) -> dict[str, Any] | None:
    if not isinstance(p, Mapping) or not _is_link(p.get("LINK")):
        return None
    add: dict[str, Any] = {"LINK": p["LINK"]}
    if _trim(p.get("NAME")):
        add["NAME"] = _one_line(_trim(p["NAME"]))
    if _intval(p.get("SIZE")) > 0:
        add["SIZE"] = _intval(p["SIZE"])
    return add


def _delimiter(p: Any) -> dict[str, Any]:
    p = p if isinstance(p, Mapping) else {}
    add: dict[str, Any] = {"SIZE": _intval(p.get("SIZE"))}
    if add["SIZE"] <= 0:
        add["SIZE"] = 200
    if isinstance(p.get("COLOR"), str) and is_hex_colour(p["COLOR"]):
        add["COLOR"] = p["COLOR"]
    return add


def _blocks(blocks: Any) -> tuple[list[dict[str, Any]], str]:
    """The blocks the module keeps, and the DESCRIPTION a ``MESSAGE.AS_DESCRIPTION`` sets."""
    out: list[dict[str, Any]] = []
    description = ""
    for data in blocks if isinstance(blocks, list) else []:
        if not isinstance(data, Mapping):
            continue
        if _given(data, "USER"):
            out += [{"USER": [u]} for u in map(_user, _items(data["USER"], listed=False)) if u]
        elif _given(data, "LINK") or _given(data, "RICH_LINK"):
            kind = "LINK" if _given(data, "LINK") else "RICH_LINK"
            items = (_link(i, rich=kind == "RICH_LINK") for i in _items(data[kind], listed=False))
            out += [{kind: [item]} for item in items if item is not None]
        elif _given(data, "MESSAGE"):
            value, as_description = data["MESSAGE"], False
            if isinstance(value, Mapping) and _given(value, "TEXT"):
                value, as_description = value["TEXT"], value.get("AS_DESCRIPTION") == "Y"
            message = _trim(value).replace("#BR#", "[BR]")
            if message:
                out.append({"MESSAGE": message})
                description = message if as_description else description
        elif _given(data, "GRID"):
            grid = _grid(data["GRID"])
            if grid:
                out.append({"GRID": grid})
        elif _given(data, "IMAGE") or _given(data, "FILE"):
            kind, build = ("IMAGE", _image) if _given(data, "IMAGE") else ("FILE", _file)
            kept = [i for i in map(build, _items(data[kind], listed=True)) if i is not None]
            if kept:
                out.append({kind: kept})
        elif _given(data, "DELIMITER"):
            out.append({"DELIMITER": _delimiter(data["DELIMITER"])})
    return out, description


def portal_form(attach: Any) -> dict[str, Any] | None:
    """The attachment as the module stores it, or None when no block survives.

    Takes the ATTACH value b24notify sends (a list of blocks or the full form). Where module
    versions differ, the larger form is built (see the module docstring).
    """
    full = isinstance(attach, Mapping) and "BLOCKS" in attach
    blocks, description = _blocks(attach["BLOCKS"] if full else attach)
    if not blocks:
        return None
    form: dict[str, Any] = {"ID": 10 ** (_ID_DIGITS - 1), "BLOCKS": blocks}
    if full and isinstance(attach.get("ID"), int) and len(str(attach["ID"])) > _ID_DIGITS:
        form["ID"] = attach["ID"]  # older versions keep a given ID
    given = _text(attach.get("DESCRIPTION")) if full else ""
    form["DESCRIPTION"] = max(given, description, key=len)
    # The constructor always sets a COLOR (a random #rrggbb palette colour unless a valid one is
    # given; CHAT keeps it); the newest versions add COLOR_TOKEN too.
    color = attach.get("COLOR") if full else None
    form["COLOR"] = _STAND_IN_COLOR
    if color == "TRANSPARENT":
        form["COLOR"] = "transparent"
    elif isinstance(color, str) and is_hex_colour(color):
        form["COLOR"] = color
    form["COLOR_TOKEN"] = _color_token(attach.get("COLOR_TOKEN") if full else None)
    return form


def size_ceiling(json_bytes: int) -> int:
    """A bound no count here exceeds, from the UTF-8 bytes of the attachment's JSON as sent.

    Counting exactly rebuilds the module's attachment and writes it as PHP does, twice: most of a
    send's own work for the usual small attachment, which is far under the limit. This bound lets
    the validation skip that while the answer cannot be in doubt. Why it holds (``json_bytes``
    from ``json.dumps`` with its default separators, ``ensure_ascii=False``): the module's form
    copies each text of the request at most twice (a MESSAGE that is also the DESCRIPTION), and
    PHP's escapes write each byte of it in at most 6 characters (``<`` as ``\\u003C``, a 4-byte
    character as two ``\\uXXXX``); what the module adds per item (AVATAR_TYPE, a GRID item's
    DISPLAY/NAME/VALUE/COLOR_TOKEN, a block around each LINK or USER, a DELIMITER's SIZE) is at
    most 5 times the smallest item that gets it; the wrapper is under 200 characters. So
    ``legacy_attach_size`` (the larger count) <= 12 * bytes + 5 * bytes + 200; the ceiling keeps
    more room than that. tests/core/test_attach_size.py checks it on generated attachments.
    """
    return 20 * json_bytes + 400


def attach_size(attach: Any) -> int:
    """Characters of the attachment as the module counts them (``mb_strlen`` of its JSON).

    0 when no block survives (the portal then answers ATTACH_ERROR, not ATTACH_OVERSIZE). Raises
    ``TypeError``/``ValueError`` for values JSON cannot hold.
    """
    form = portal_form(attach)
    return 0 if form is None else len(php_json(form))


def legacy_attach_size(attach: Any) -> int:
    """What older self-hosted versions counted: bytes (``strlen``) of ASCII-escaped JSON."""
    form = portal_form(attach)
    return 0 if form is None else len(php_json(form, unicode=False, hex_escapes=True))
