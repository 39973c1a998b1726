"""The portal's request-rate limit: a leaky bucket counted per portal (see NOTES.md)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

DEFAULT_BUCKET = 50
DEFAULT_DRAIN = 2.0
ENTERPRISE_BUCKET = 250
ENTERPRISE_DRAIN = 5.0
MAX_BUCKET = 1_000_000
MAX_DRAIN = 1_000_000.0


def check_rate_limit(size: Any, drain_rate: Any) -> None:
    """Raise ValueError unless ``size`` is a whole number from 1 to MAX_BUCKET and ``drain_rate`` a
    finite number from 0 to MAX_DRAIN (NaN would silently switch the limit off)."""
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_BUCKET:
        raise ValueError(f"bucket_size must be a whole number from 1 to {MAX_BUCKET:,}")
    if (
        isinstance(drain_rate, bool)
        or not isinstance(drain_rate, (int, float))
        or not math.isfinite(drain_rate)
        or not 0 <= drain_rate <= MAX_DRAIN
    ):
        raise ValueError(
            f"drain_rate must be a number of requests per second from 0 to {MAX_DRAIN:,.0f}"
        )


class LeakyBucket:
    """Every request adds one; the level drains by ``drain_rate`` per second; past ``size``, refuse.

    Not thread-safe on its own: the portal calls it under its state lock. ``clock`` is injectable so
    tests can move time forward instead of sleeping.
    """

    def __init__(self, size: int, drain_rate: float, clock: Callable[[], float]) -> None:
        check_rate_limit(size, drain_rate)
        self.size = size
        self.drain_rate = drain_rate
        self._clock = clock
        self._level = 0.0
        self._last = clock()

    @property
    def level(self) -> float:
        """The current fill level (after draining up to now)."""
        self._drain()
        return self._level

    def _drain(self) -> None:
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._last) * self.drain_rate)
        self._last = now

    def take(self) -> bool:
        """Count one request; False (and nothing counted) when the bucket is full."""
        self._drain()
        if self._level + 1 > self.size:
            return False
        self._level += 1
        return True

    def reset(self) -> None:
        """Empty the bucket."""
        self._level = 0.0
        self._last = self._clock()
