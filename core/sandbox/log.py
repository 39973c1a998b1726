"""The request log: what each call looked like, with every secret masked, bounded in size."""

from __future__ import annotations

import itertools
import json
import re
from collections import deque
from typing import Any

from core.secrets import Redactor, mask_secret

SECRET_PARAMS = frozenset({"auth", "access_token", "refresh_token", "client_secret", "code"})
_MAX_PARAMS_CHARS = 2_000


def mask_path(path: str) -> str:
    """Mask the secret segment of ``/rest/<user>/<secret>/...`` (and of ``/rest/<secret>/...``)."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] == "rest" and parts[2].isdigit() and parts[3]:
        parts[3] = mask_secret(parts[3])
    elif len(parts) > 3 and parts[1] == "rest" and parts[2]:
        parts[2] = mask_secret(parts[2])
    return "/".join(parts)


def mask_params(value: Any) -> Any:
    """A copy of the parameters with secret-named values masked, at any depth."""
    if isinstance(value, dict):
        return {
            k: mask_secret(str(v)) if str(k).lower() in SECRET_PARAMS and v else mask_params(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_params(v) for v in value]
    return value


def scrub(text: str, secrets: list[str]) -> str:
    """Replace each known secret in free text (raw or URL-encoded) by its mask."""
    return Redactor(secrets).scrub(text)


def bounded_params(params: Any) -> Any:
    """The masked parameters, or a truncated JSON text when large (bounded memory)."""
    masked = mask_params(params)
    text = json.dumps(masked, ensure_ascii=False, default=str)
    if len(text) <= _MAX_PARAMS_CHARS:
        return masked
    return text[:_MAX_PARAMS_CHARS] + f"… ({len(text)} characters)"


_QUERY_SECRET_RE = re.compile(
    r"((?:^|[?&])(?:auth|access_token|refresh_token|client_secret)=)([^&]*)"
)


def mask_query(query: str) -> str:
    """Mask secret-named values in a raw query string."""
    return _QUERY_SECRET_RE.sub(
        lambda m: m.group(1) + (mask_secret(m.group(2)) if m.group(2) else ""), query
    )


class RequestLog:
    """A bounded deque of masked entries; the oldest rotate out. Callers hold the portal lock."""

    def __init__(self, max_entries: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=max_entries)
        self._next = 1

    def add(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Store an entry (already masked), numbering it."""
        entry = {"n": self._next, **entry}
        self._next += 1
        self._entries.append(entry)
        return entry

    def entries(self) -> list[dict[str, Any]]:
        """Copies, oldest first."""
        return [dict(e) for e in self._entries]

    def page(self, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """Copies of ``limit`` entries from ``offset`` (oldest first), and the total."""
        chosen = list(itertools.islice(self._entries, offset, offset + limit))
        return [dict(e) for e in chosen], len(self._entries)

    def clear(self) -> None:
        """Forget everything (numbering continues)."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
