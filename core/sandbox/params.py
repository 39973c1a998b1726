"""Request parameters as a Bitrix24 portal reads them: query string, JSON body or PHP-style form.

The portal is PHP, so ``ATTACH[0][IMAGE][LINK]=...`` arrives as nested arrays. PHP arrays whose keys
are exactly 0..n-1 serialise as JSON lists, so :func:`php_arrays` turns such dicts into lists: the
sandbox then sees the same shapes as the real server whatever encoding the client chose.

Hostile input is bounded here, once, for every caller: form names nest at most
:data:`MAX_NESTING` levels (PHP's ``max_input_nesting_level``: a deeper name removes the whole
variable), and :func:`load_json` refuses JSON nested deeper than that, NaN/Infinity and numbers that
overflow — as unreadable JSON, never a crash (see ``core/sandbox/NOTES.md``).
"""

from __future__ import annotations

import json
import math
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

_KEY_RE = re.compile(r"\[([^\]]*)\]")

MAX_NESTING = 64
"""Deepest nesting of parameters the sandbox reads: PHP's default ``max_input_nesting_level`` for
forms (https://www.php.net/manual/en/info.configuration.php#ini.max-input-nesting-level). JSON gets
the same bound (PHP allows 512 there; nothing a notification needs comes near either)."""

PHP_INT_MAX = 2**63 - 1


def _insert(target: dict[str, Any], name: str, value: Any) -> None:
    """Put one ``a[b][c]=v`` pair into ``target`` the way PHP's parse_str does.

    A name nested deeper than :data:`MAX_NESTING` removes the whole top-level variable, as PHP does.
    """
    first, _, rest = name.partition("[")
    if not first:
        return
    if not rest:
        target[first] = value
        return
    keys = [first, *_KEY_RE.findall("[" + rest)]
    if len(keys) - 1 > MAX_NESTING:
        target.pop(first, None)
        return
    node: dict[str, Any] = target
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if key == "":  # a[]=1 appends with the next integer key
            ints = [int(k) for k in node if k.lstrip("-").isdigit()]
            key = str(max(ints) + 1 if ints else 0)
        if last:
            node[key] = value
        else:
            child = node.get(key)
            if not isinstance(child, dict):
                child = {}
                node[key] = child
            node = child


def php_arrays(value: Any) -> Any:
    """Turn dicts keyed exactly "0".."n-1" into lists, recursively (PHP's json_encode rule)."""
    if isinstance(value, dict):
        converted = {k: php_arrays(v) for k, v in value.items()}
        keys = list(converted)
        if keys and keys == [str(i) for i in range(len(keys))]:
            return [converted[k] for k in keys]
        return converted
    if isinstance(value, list):
        return [php_arrays(v) for v in value]
    return value


def parse_query(query: str) -> dict[str, Any]:
    """Parse a query string or form body with PHP brackets into nested dicts and lists."""
    out: dict[str, Any] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        _insert(out, name, value)
    return {name: php_arrays(value) for name, value in out.items()}


def parse_multipart(body: bytes, content_type: str) -> dict[str, Any]:
    """Parse a ``multipart/form-data`` body (text fields; files are not needed)."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    out: dict[str, Any] = {}
    if not message.is_multipart():
        return out
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True)  # bytes, or None for a nested multipart
        data = payload if isinstance(payload, bytes) else b""
        charset = part.get_content_charset() or "utf-8"
        _insert(out, str(name), data.decode(charset, "replace"))
    return {name: php_arrays(value) for name, value in out.items()}


class BodyError(ValueError):
    """The body could not be read as the declared content type (kept for the request log)."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}… is too large")
    return value


def _problem(value: Any, limit: int = MAX_NESTING) -> str | None:
    """Why a decoded JSON value is unusable, or None: nesting deeper than ``limit`` arrays/objects,
    or text with a lone UTF-16 surrogate (``"\\ud800"``, which PHP refuses and UTF-8 cannot carry).
    Iterative, so any depth is safe."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return "a lone UTF-16 surrogate in a string"
        elif isinstance(node, (dict, list)):
            if depth >= limit:
                return f"nested deeper than {limit} levels"
            if isinstance(node, dict):
                stack.extend((key, depth) for key in node)
                stack.extend((child, depth + 1) for child in node.values())
            else:
                stack.extend((child, depth + 1) for child in node)
    return None


def load_json(text: str | bytes) -> Any:
    """``json.loads`` bounded for hostile input; raises ValueError with a plain reason.

    Refuses what PHP's ``json_decode`` refuses (NaN, Infinity, lone surrogates), numbers that
    overflow to infinity or have more digits than Python converts, and nesting deeper than
    :data:`MAX_NESTING` — including 100,000 brackets, which would exhaust the recursion limit.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_NESTING} levels") from None
    problem = _problem(data)
    if problem:
        raise ValueError(problem)
    return data


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """Parameters from a request body; raises :class:`BodyError` for unreadable JSON."""
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json" or (not kind and body.lstrip()[:1] in (b"{", b"[")):
        try:
            data = load_json(body)
        except ValueError as exc:  # UnicodeDecodeError is a ValueError too
            raise BodyError(f"the JSON body could not be read: {exc}") from exc
        if isinstance(data, dict):
            return data
        raise BodyError("the JSON body is not an object")
    if kind == "multipart/form-data":
        return parse_multipart(body, content_type)
    return parse_query(body.decode("utf-8", "replace"))


def upper_keys(params: dict[str, Any]) -> dict[str, Any]:
    """Top-level names upper-cased, as ``array_change_key_case(..., CASE_UPPER)`` does."""
    return {str(k).upper(): v for k, v in params.items()}


def get_ci(params: dict[str, Any], name: str, default: Any = None) -> Any:
    """A parameter by name, ignoring case (the portal reads ``FILTER`` and ``filter`` alike)."""
    if name in params:
        return params[name]
    lowered = name.lower()
    for key, value in params.items():
        if str(key).lower() == lowered:
            return value
    return default


_INT_RE = re.compile(r"[ \t\n\r\v\f]*([+-]?)([0-9]+)")


def to_int(value: Any) -> int:
    """PHP ``intval``: leading ASCII digits of a string, 0 when there are none; bools count as 0/1.

    As on 64-bit PHP, a string beyond the integer range saturates at ``PHP_INT_MAX`` (or its
    negative), and a float that is not finite or out of range gives 0. Other digits (``١``, ``１``)
    are not digits to PHP.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return max(-PHP_INT_MAX - 1, min(PHP_INT_MAX, value))
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= 2**63:
            return 0
        return int(value)
    if isinstance(value, str):
        match = _INT_RE.match(value)
        if not match:
            return 0
        sign, digits = match.groups()
        digits = digits.lstrip("0") or "0"
        if len(digits) > 19 or int(digits) > PHP_INT_MAX:
            return -PHP_INT_MAX - 1 if sign == "-" else PHP_INT_MAX
        return -int(digits) if sign == "-" else int(digits)
    return 0


def to_bool(value: Any) -> bool:
    """Bitrix flags: ``Y``/``N``, ``1``/``0``, ``true``/``false`` and JSON booleans."""
    if isinstance(value, str):
        return value.strip().lower() in {"y", "1", "true", "yes"}
    return bool(value)
