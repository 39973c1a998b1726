"""What the portal said about its limits, remembered per method, and when sending works again.

Bitrix24 cloud has three refusals (https://apidocs.bitrix24.com/settings/performance/limits.html,
https://helpdesk.bitrix24.com/open/21138454/; the Russian original of the limits page is
``limits.md`` in https://github.com/bitrix-tools/b24-rest-docs):

- ``QUERY_LIMIT_EXCEEDED`` (503): too many requests a second; the bucket drains in seconds, so
  waiting a little and trying again is right.
- ``OPERATION_TIME_LIMIT`` (429): one method used too much execution time in the last 10 minutes
  (480 s on the cloud). It is blocked for this app or webhook until ``time.operating_reset_at``,
  when the oldest one-minute bucket drops out; usually minutes away. The docs say to pause that
  method and retry first at the ``operating_reset_at`` of the last *successful* answer.
- ``OVERLOAD_LIMIT`` (503): Bitrix24 blocked the webhook or app by hand for overloading the
  portal; the block stays until Bitrix24 support lifts it. Retrying only adds load.

:class:`MethodLimits` keeps the last ``operating_reset_at`` of each method (from any answer) and
whether the method was refused, so that a client can say when sending works again and need not
send what would be refused. It is thread-safe: the window shares one across its calls.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.result import Result

TIME_LIMIT = "OPERATION_TIME_LIMIT"
SHORT_RESET_WAIT = 10.0
"""A time-limit reset at most this many seconds away is waited for; a later one stops the call."""
RESET_GRACE = 1.0
"""Seconds added to a short wait: the portal's clock and ours differ a little."""


def operating_reset_at(result: Result) -> float | None:
    """The answer's ``time.operating_reset_at`` (Unix time), or None."""
    value = (result.time or {}).get("operating_reset_at")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class MethodLimits:
    """Per method: the last ``operating_reset_at`` seen, and until when the method is paused."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._reset_at: dict[str, float] = {}
        self._paused_until: dict[str, float | None] = {}

    def observe(self, result: Result) -> None:
        """Take in an answer: its reset time, and whether the method is paused or works again."""
        method, reset, code = result.method, operating_reset_at(result), result.error_code
        with self._lock:
            if reset is not None:
                self._reset_at[method] = reset
            if code == TIME_LIMIT:
                self._paused_until[method] = reset
            elif not code and result.http_status is not None and self._paused_until:
                self._paused_until.pop(method, None)

    def reset_at(self, method: str) -> float | None:
        """The last ``operating_reset_at`` the portal gave for ``method`` (may be in the past)."""
        with self._lock:
            return self._reset_at.get(method)

    def paused_until(self, method: str) -> float | None:
        """When ``method`` works again, if the portal paused it and that time is still ahead.

        For a pause without a reset time of its own, the last reset time seen for the method is
        used (the docs' advice); None when neither is known or the time has passed.
        """
        with self._lock:
            if method not in self._paused_until:
                return None
            until = self._paused_until[method] or self._reset_at.get(method)
        return until if until is not None and until > self._clock() else None


def local_time(timestamp: float, now: float) -> str:
    """``14:32:05``, or ``2026-05-14 14:32:05`` when not today (local time)."""
    moment, today = time.localtime(timestamp), time.localtime(now)
    same_day = moment[:3] == today[:3]
    return time.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M:%S", moment)


def duration(seconds: float) -> str:
    """``45 s``, ``9 min``, ``2 h 5 min``: how long a wait is, in round words."""
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def when_again(reset: float | None, now: float) -> str:
    """The sentence that says when a paused method works again."""
    if reset is None:
        return (
            "The pause usually lasts a few minutes (at most 10, the portal's window); try again "
            "later."
        )
    if reset <= now:
        return "The pause should be over now; try again in a moment."
    return (
        f"Sending is possible again at about {local_time(reset, now)} (local time), "
        f"in {duration(reset - now)}; other methods keep working."
    )
