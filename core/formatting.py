"""Text helpers for people, Qt-free: durations, local times, sizes and the portal's ``time`` block.

The window and the CLI word these things the same way (``core.voice`` uses them for a result's
details); ``gui.format`` re-exports them next to its HTML rendering.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from core.i18n import _, pgettext

__all__ = ["format_duration", "format_local_time", "format_size", "time_block_lines"]


def format_duration(seconds: float | int | None) -> str:
    """A duration for people: "0.4 ms", "85 ms", "1.24 s", "2 min 5 s"; "—" when unknown."""
    if seconds is None:
        return "—"
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return str(seconds)
    if value < 0:
        value = 0.0
    ms, sec = pgettext("unit of time", "ms"), pgettext("unit of time", "s")
    if value == 0:
        return f"0 {ms}"
    if value < 0.00005:
        return f"<0.1 {ms}".replace(".", pgettext("decimal separator", "."))
    point = pgettext("decimal separator", ".")
    if value < 0.01:  # a fast local portal: keep the tenths
        return f"{value * 1000:.1f} {ms}".replace(".", point)
    if value < 1:
        return f"{value * 1000:.0f} {ms}"
    if value < 60:
        return f"{value:.2f} {sec}".replace(".", point)
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} {pgettext('unit of time', 'min')} {rest} {sec}"


def _to_datetime(value: Any) -> datetime | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value).strip()
    try:
        return datetime.fromtimestamp(float(text), tz=timezone.utc)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def format_local_time(value: Any, *, now: datetime | None = None) -> str:
    """A Unix time or ISO date as local time: "14:05:12" today, "2026-11-26 14:05" otherwise.

    The formats follow the language (Russian writes "26.11.2026 14:05").

    Values that are not a time are returned as text, so odd portal answers still show something.
    """
    moment = _to_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    if local.date() == today:
        return local.strftime(pgettext("time of day (strftime)", "%H:%M:%S"))
    return local.strftime(pgettext("date and time (strftime)", "%Y-%m-%d %H:%M"))


def format_size(size: Any) -> str:
    """Bytes for people: "512 B", "1.5 KB", "3.2 MB"; anything not a number is returned as is."""
    try:
        value = float(size)
    except (TypeError, ValueError):
        return str(size)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover - loop always returns


def time_block_lines(time_block: Any, *, now: datetime | None = None) -> list[tuple[str, str]]:
    """The portal's ``time`` block as (label, value) pairs, in the order people read them.

    duration and processing are seconds; operating is the method's accumulated execution time
    (the resource limit); operating_reset_at is a Unix time, shown as local time.
    """
    if not isinstance(time_block, dict):
        return []
    rows: list[tuple[str, str]] = []
    if "duration" in time_block:
        rows.append((_("Duration"), format_duration(time_block.get("duration"))))
    if "processing" in time_block:
        rows.append((_("Processing"), format_duration(time_block.get("processing"))))
    if "operating" in time_block:
        rows.append((_("Operating"), format_duration(time_block.get("operating"))))
    if time_block.get("operating_reset_at") not in (None, ""):
        rows.append(
            (
                _("Operating resets at"),
                format_local_time(time_block.get("operating_reset_at"), now=now),
            )
        )
    return rows
