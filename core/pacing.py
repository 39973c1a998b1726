"""Client-side pacing: a leaky bucket that mirrors the portal's, so a bulk send is never refused.

A cloud portal counts every HTTP request (a ``batch`` of up to 50 commands is one) in a bucket
that holds ``burst`` requests and drains ``per_second`` of them each second; past that it answers
HTTP 503 ``QUERY_LIMIT_EXCEEDED`` and does not carry the request out
(https://apidocs.bitrix24.com/settings/performance/limits.html: 50 then 2/s on most plans,
250 then 5/s on Enterprise). :class:`Pacer` keeps the same count on this side and waits before a
request that would overflow it, so a run goes at the bucket's own arithmetic: N requests take
``max(0, N - burst) / per_second`` seconds.

The portal's bucket may be smaller than the plan says, or shared (the limit is per portal, and
apps on one server share it). When the portal still answers 503, :meth:`Pacer.refused` takes the
bucket for full and waits a little longer each time in a row (up to ``max_backoff`` seconds);
the first request that goes through resets that. :meth:`Pacer.gave_up` says when so many 503s
came in a row that the run should stop rather than hammer the portal.

The clock and the sleep are injectable (tests move a fake clock instead of sleeping); the default
sleep waits on ``cancel`` so that a cancellation ends a wait at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import InputError, Problem
from core.i18n import _


@dataclass(frozen=True)
class Rate:
    """A leaky bucket: ``burst`` requests at once, then ``per_second`` a second."""

    burst: int
    per_second: float

    def __post_init__(self) -> None:
        problems = []
        if isinstance(self.burst, bool) or not isinstance(self.burst, int) or self.burst < 1:
            problems.append(Problem("burst", _("must be a whole number, 1 or more.")))
        elif self.burst > MAX_BURST:
            problems.append(Problem("burst", _("must be at most {n}.").format(n=MAX_BURST)))
        rate = self.per_second
        if (
            isinstance(rate, bool)
            or not isinstance(rate, (int, float))
            or not math.isfinite(rate)
            or rate <= 0
            or rate > MAX_RATE
        ):
            problems.append(
                Problem(
                    "rate",
                    _("must be a number of requests a second, above 0 and at most {n}.").format(
                        n=MAX_RATE
                    ),
                )
            )
        if problems:
            raise InputError(problems)

    def seconds_for(self, requests: int, level: float = 0.0) -> float:
        """How long ``requests`` more take from a bucket filled to ``level`` (its arithmetic)."""
        overflow = max(0.0, level + requests - self.burst)
        return overflow / self.per_second


MAX_BURST = 100_000
MAX_RATE = 10_000.0
STANDARD = Rate(50, 2.0)
"""Most plans: 50 requests, then 2 a second."""
ENTERPRISE = Rate(250, 5.0)
"""Enterprise plans: 250 requests, then 5 a second."""
PRESETS = {"standard": STANDARD, "enterprise": ENTERPRISE}

MARGIN = 0.25
"""Seconds added to every wait, so that a request never leaves at the very edge of the portal's
bucket: the portal counts a request when it arrives, and when the first one took longer to get
there than a later one (a new connection, a loaded machine), the portal's bucket is that much
fuller than this side's count says. In steady state the waits stay 1/rate apart, so the margin
costs its 0.25 s once per run, not per request."""
MAX_BACKOFF = 10.0
"""The longest wait after a 503 in a row (seconds)."""
MAX_REFUSALS_IN_A_ROW = 12
"""This many 503s in a row, with the waits growing to ``MAX_BACKOFF``, and the run stops."""


class Pacer:
    """The client's copy of the portal's bucket; one per run, used from one thread at a time.

    ``wait_turn()`` before each request (it waits, then counts the request); ``refused()`` when
    the portal answered 503 anyway; ``succeeded()`` when a request went through.
    ``cancel`` (set from any thread) ends a wait at once.
    """

    def __init__(
        self,
        rate: Rate = STANDARD,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
        max_backoff: float = MAX_BACKOFF,
        max_refusals: int = MAX_REFUSALS_IN_A_ROW,
        margin: float = MARGIN,
    ) -> None:
        if not isinstance(rate, Rate):
            raise InputError([Problem("rate", _("must be a core.pacing.Rate."))])
        self.rate = rate
        self._clock = clock
        self._cancel = cancel if cancel is not None else threading.Event()
        self._sleep = sleep
        self._level = 0.0
        self._last = clock()
        self._refusals = 0
        self._max_backoff = max_backoff
        self._max_refusals = max_refusals
        self._margin = margin
        self.waited = 0.0
        """Seconds spent waiting so far (for the benchmark and the progress line)."""

    @property
    def cancel_event(self) -> threading.Event:
        return self._cancel

    def _drain(self) -> None:
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._last) * self.rate.per_second)
        self._last = now

    @property
    def level(self) -> float:
        """The bucket's level as this side counts it now."""
        self._drain()
        return self._level

    def delay(self) -> float:
        """Seconds to wait before the next request may go (0 when it may go now)."""
        self._drain()
        overflow = self._level + 1 - self.rate.burst
        base = max(0.0, overflow / self.rate.per_second)
        if self._refusals:
            backoff = min(self._max_backoff, (2 ** (self._refusals - 1)) / self.rate.per_second)
            base = max(base, backoff)
        return base + self._margin if base > 0 else 0.0

    def _wait(self, seconds: float) -> bool:
        """Wait ``seconds``; False when cancelled meanwhile."""
        if seconds <= 0:
            return not self._cancel.is_set()
        self.waited += seconds
        if self._sleep is not None:
            self._sleep(seconds)
            return not self._cancel.is_set()
        return not self._cancel.wait(seconds)

    def wait_turn(self) -> bool:
        """Wait until a request may go, then count it; False (nothing counted) when cancelled."""
        if self._cancel.is_set():
            return False
        if not self._wait(self.delay()):
            return False
        self._drain()
        self._level += 1
        return True

    def refused(self) -> None:
        """The portal answered 503 QUERY_LIMIT_EXCEEDED: its bucket is full, whatever ours says."""
        self._drain()
        self._level = max(self._level, float(self.rate.burst))
        self._refusals += 1

    def succeeded(self) -> None:
        """A request went through: the 503s in a row are over."""
        self._refusals = 0

    def gave_up(self) -> bool:
        """True after so many 503s in a row that the run should stop."""
        return self._refusals >= self._max_refusals

    def seconds_for(self, requests: int) -> float:
        """The bucket's arithmetic for ``requests`` more from now (the time-left estimate)."""
        return self.rate.seconds_for(requests, self.level)
