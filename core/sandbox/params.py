"""Request parameters as a Bitrix24 portal reads them: query string, JSON body or PHP-style form.

The portal is PHP, so ``ATTACH[0][IMAGE][LINK]=...`` arrives as nested arrays. PHP arrays whose keys
are exactly 0..n-1 serialise as JSON lists, so :func:`php_arrays` turns such dicts into lists: the
sandbox then sees the same shapes as the real server whatever encoding the client chose.
"""

from __future__ import annotations

import json
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

_KEY_RE = re.compile(r"\[([^\]]*)\]")


def _insert(target: dict[str, Any], name: str, value: Any) -> None:
    """Put one ``a[b][c]=v`` pair into ``target`` the way PHP's parse_str does."""
    first, _, rest = name.partition("[")
    if not first:
        return
    if not rest:
        target[first] = value
        return
    keys = [first, *_KEY_RE.findall("[" + rest)]
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
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        _insert(out, str(name), payload.decode(charset, "replace"))
    return {name: php_arrays(value) for name, value in out.items()}


class BodyError(ValueError):
    """The body could not be read as the declared content type (kept for the request log)."""


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """Parameters from a request body; raises :class:`BodyError` for unreadable JSON."""
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json" or (not kind and body.lstrip()[:1] in (b"{", b"[")):
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BodyError(f"the JSON body could not be read: {exc}") from exc
        if isinstance(data, dict):
            return data
        raise BodyError("the JSON body is not an object")
    if kind == "multipart/form-data":
        return parse_multipart(body, content_type)
    return parse_query(body.decode("utf-8", "replace"))


def upper_keys(params: dict[str, Any]) -> dict[str, Any]:
    """Top-level names upper-cased, as ``array_change_key_case(..., CASE_UPPER)`` does (§1.2)."""
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


def to_int(value: Any) -> int:
    """PHP ``intval``: leading digits of a string, 0 when there are none; bools count as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        match = re.match(r"\s*([+-]?\d+)", value)
        return int(match.group(1)) if match else 0
    return 0


def to_bool(value: Any) -> bool:
    """Bitrix flags: ``Y``/``N``, ``1``/``0``, ``true``/``false`` and JSON booleans."""
    if isinstance(value, str):
        return value.strip().lower() in {"y", "1", "true", "yes"}
    return bool(value)
