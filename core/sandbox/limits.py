"""The portal's request-rate limit: a leaky bucket counted per portal (reference §6.1)."""

from __future__ import annotations

from collections.abc import Callable

DEFAULT_BUCKET = 50
DEFAULT_DRAIN = 2.0
ENTERPRISE_BUCKET = 250
ENTERPRISE_DRAIN = 5.0


class LeakyBucket:
    """Every request adds one; the level drains by ``drain_rate`` per second; past ``size``, refuse.

    Not thread-safe on its own: the portal calls it under its state lock. ``clock`` is injectable so
    tests can move time forward instead of sleeping.
    """

    def __init__(self, size: int, drain_rate: float, clock: Callable[[], float]) -> None:
        if size < 1 or drain_rate < 0:
            raise ValueError("bucket_size must be >= 1 and drain_rate >= 0")
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
