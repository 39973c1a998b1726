"""Pure text helpers for the window: BB-code to safe HTML, times, durations and sizes.

They live apart from the widgets so they can be unit-tested without a QApplication, and so the
result panel and the sandbox inbox view word things the same way.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "bbcode_to_html",
    "format_duration",
    "format_local_time",
    "format_size",
    "is_safe_url",
    "time_block_lines",
]

_SAFE_URL = re.compile(r"^(?:https?://|/(?!/))", re.IGNORECASE)
_COLOR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$", re.IGNORECASE)


def is_safe_url(url: str) -> bool:
    """Whether a link may be clickable: absolute http(s) or portal-relative (Bitrix24's own rule).

    ``javascript:``, ``data:``, ``file:`` and protocol-relative ``//host`` links are refused.
    """
    return bool(_SAFE_URL.match(url.strip()))


def _link(url_escaped: str, label_html: str) -> str:
    """An <a> for an already-escaped URL, or just the label when the URL is not safe to follow."""
    url_plain = html.unescape(url_escaped).strip()
    if not is_safe_url(url_plain):
        return label_html
    return f'<a href="{html.escape(url_plain, quote=True)}">{label_html}</a>'


# Simple paired tags; applied repeatedly so nesting like [b][i]x[/i][/b] works.
_PAIRED = {
    "b": ("<b>", "</b>"),
    "i": ("<i>", "</i>"),
    "u": ("<u>", "</u>"),
    "s": ("<s>", "</s>"),
    "code": ("<code>", "</code>"),
}
_PAIRED_RE = re.compile(r"\[(b|i|u|s|code)\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL)
_URL_PLAIN_RE = re.compile(r"\[url\](.*?)\[/url\]", re.IGNORECASE | re.DOTALL)
_URL_NAMED_RE = re.compile(r"\[url=([^\]]+)\](.*?)\[/url\]", re.IGNORECASE | re.DOTALL)
_USER_RE = re.compile(r"\[user=([^\]]+)\](.*?)\[/user\]", re.IGNORECASE | re.DOTALL)
_COLOR_RE = re.compile(r"\[color=([^\]]+)\](.*?)\[/color\]", re.IGNORECASE | re.DOTALL)
_BR_RE = re.compile(r"\[br\]|#BR#", re.IGNORECASE)


def bbcode_to_html(text: str) -> str:
    """Render Bitrix24 BB-codes to a small, safe HTML fragment.

    Everything is HTML-escaped first, so the text can never inject markup; then the codes a
    notification uses are turned into tags: [b] [i] [u] [s] [code], [url] / [url=...], [user=ID],
    [color=#hex], [br] / #BR# and newlines. Links are kept clickable only for http(s) or
    portal-relative addresses. Unknown or unbalanced codes stay visible as typed.
    """
    out = html.escape(text, quote=True)
    out = _BR_RE.sub("\n", out)
    out = _URL_PLAIN_RE.sub(lambda m: _link(m.group(1), m.group(1)), out)
    previous = None
    while previous != out:
        previous = out
        out = _URL_NAMED_RE.sub(lambda m: _link(m.group(1), m.group(2)), out)
        out = _PAIRED_RE.sub(
            lambda m: _PAIRED[m.group(1).lower()][0] + m.group(2) + _PAIRED[m.group(1).lower()][1],
            out,
        )
        out = _USER_RE.sub(lambda m: f"<b>{m.group(2)}</b>", out)
        out = _COLOR_RE.sub(_color_span, out)
    return out.replace("\r\n", "\n").replace("\n", "<br>")


def _color_span(match: re.Match[str]) -> str:
    color = html.unescape(match.group(1)).strip()
    if not _COLOR.match(color):
        return match.group(2)
    return f'<span style="color:{color}">{match.group(2)}</span>'


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
    if value == 0:
        return "0 ms"
    if value < 0.00005:
        return "<0.1 ms"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"  # a fast local portal: keep the tenths
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 60:
        return f"{value:.2f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest} s"


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

    Values that are not a time are returned as text, so odd portal answers still show something.
    """
    moment = _to_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


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
        rows.append(("Duration", format_duration(time_block.get("duration"))))
    if "processing" in time_block:
        rows.append(("Processing", format_duration(time_block.get("processing"))))
    if "operating" in time_block:
        rows.append(("Operating", format_duration(time_block.get("operating"))))
    if time_block.get("operating_reset_at") not in (None, ""):
        rows.append(
            (
                "Operating resets at",
                format_local_time(time_block.get("operating_reset_at"), now=now),
            )
        )
    return rows
