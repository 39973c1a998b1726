"""``json.dumps(value, indent=2, ensure_ascii=False)`` for plain data, without importing json.

The CLI prints its JSON this way (``--dry-run``'s request, the portal's answer). Importing
``json`` (its decoder, scanner and encoder, three regular expressions compiled) costs ~4.5 M
instructions, an eighth of what a dry run spends beyond ``python -c pass`` (issue 10), for a
request that holds text and whole numbers. So text, whole numbers, true/false/null, lists (and
tuples) and objects with text keys are written here, byte for byte as json writes them
(tests/core/test_json_text.py compares the two); anything else (a float, another key, another
type, a cycle) goes to ``json.dumps`` itself, as does everything once ``json`` is loaded anyway.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

# What json's encoder escapes when ensure_ascii is off: the backslash, the quote and U+0000-U+001F.
_ESCAPES = {chr(code): f"\\u{code:04x}" for code in range(0x20)}
_ESCAPES.update({"\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"})
_ESCAPES["\t"] = "\\t"
_INDENT = "  "


class _NotPlain(Exception):
    """A value this module leaves to json."""


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``."""
    if "json" not in sys.modules:
        text = plain_dumps(value)
        if text is not None:
            return text
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)


def plain_dumps(value: Any) -> str | None:
    """What ``json.dumps(value, indent=2, ensure_ascii=False)`` gives, written here; None for a
    value that is not plain data (see the module's docstring)."""
    parts: list[str] = []
    try:
        _write(value, parts, "\n")
    except (_NotPlain, RecursionError):
        return None
    return "".join(parts)


def _string(text: str) -> str:
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # printable: no U+0000-U+001F
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _write(value: Any, parts: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(separator)
            parts.append(_string(key))
            parts.append(": ")
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise _NotPlain
