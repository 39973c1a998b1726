"""core.formatting: durations, local times, sizes and the portal's time block, for people.

The window (``gui.format`` re-exports these) and the voice (a result's details) word them the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.formatting import format_duration, format_local_time, format_size, time_block_lines


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (0, "0 ms"),
        (0.00001, "<0.1 ms"),
        (0.00033, "0.3 ms"),
        (0.0854, "85 ms"),
        (1.236, "1.24 s"),
        (125, "2 min 5 s"),
        (-1, "0 ms"),
        ("abc", "abc"),
    ],
)
def test_format_duration(seconds: object, text: str) -> None:
    assert format_duration(seconds) == text  # type: ignore[arg-type]


def test_local_time_today_shows_clock_only() -> None:
    now = datetime.now().astimezone()
    stamp = now.replace(microsecond=0)
    assert format_local_time(stamp.timestamp(), now=now) == stamp.strftime("%H:%M:%S")


def test_local_time_other_days_show_the_date() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    earlier = now - timedelta(days=3)
    expected = earlier.astimezone().strftime("%Y-%m-%d %H:%M")
    assert format_local_time(earlier.timestamp(), now=now) == expected
    assert format_local_time(earlier.isoformat(), now=now) == expected
    assert format_local_time(str(int(earlier.timestamp())), now=now) == expected


def test_local_time_leaves_garbage_readable() -> None:
    assert format_local_time("soon") == "soon"
    assert format_local_time(None) == ""


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (512, "512 B"), (1536, "1.5 KB"), (3 * 1024**2, "3.0 MB"), ("x", "x")],
)
def test_format_size(size: object, text: str) -> None:
    assert format_size(size) == text


def test_time_block_lines_in_reading_order() -> None:
    now = datetime.now().astimezone()
    reset = now.replace(microsecond=0)
    block = {
        "start": 1.0,
        "finish": 1.1,
        "duration": 0.1,
        "processing": 0.04,
        "date_start": "2026-03-02T09:30:00+03:00",
        "operating_reset_at": int(reset.timestamp()),
        "operating": 0,
    }
    assert time_block_lines(block, now=now) == [
        ("Duration", "100 ms"),
        ("Processing", "40 ms"),
        ("Operating", "0 ms"),
        ("Operating resets at", reset.strftime("%H:%M:%S")),
    ]
    assert time_block_lines(None) == []
    assert time_block_lines({"operating_reset_at": None}) == []
