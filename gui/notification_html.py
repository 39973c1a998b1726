"""Render a notification (a sandbox inbox record, or the form's for the preview) to safe HTML.

Pure functions, no widgets: the sandbox inbox view and the live preview (gui.preview_view) show
the result in a QTextBrowser — one renderer for both — and the tests check the markup directly.
Every string from the notification is escaped; links are clickable only for http(s) or
portal-relative addresses. Pictures are not downloaded here: they are shown as a named link with
their size, which is what a user needs to see that the attachment arrived intact; the preview
hands in a ``picture`` function that adds a thumbnail it fetched itself.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from core.i18n import _
from gui.format import bbcode_to_html, format_local_time, format_size, is_safe_url

__all__ = ["attachment_blocks", "attachments_html", "notification_html", "notifications_html"]

Picture = Callable[[dict], str]  # an IMAGE item -> HTML drawn under its name ("" for nothing)
MUTED = "#8a9099"  # readable on light and dark backgrounds
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_TOKEN_COLORS = {
    "primary": "#2FC6F6",
    "secondary": "#A8ADB4",
    "alert": "#FF5752",
    "base": "#C9CCD0",
}


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _a(url: Any, label_html: str) -> str:
    text = "" if url is None else str(url).strip()
    if not text or not is_safe_url(text):
        return label_html
    return f'<a href="{_esc(text)}">{label_html}</a>'


def _small(text_html: str) -> str:
    return f'<span style="color:{MUTED}; font-size:small">{text_html}</span>'


def _kind(label: str) -> str:
    return f'<span style="color:{MUTED}; font-size:small"><b>{_esc(label.upper())}</b></span>'


def attachment_blocks(attach: Any) -> list[tuple[str | None, list[dict]]]:
    """Normalise every accepted ATTACH shape to a list of (colour, blocks).

    Accepts a JSON string, one block, a list of blocks, a full-form dict with BLOCKS, or a list of
    full-form dicts. Anything unreadable yields an empty list.
    """
    if isinstance(attach, str):
        try:
            attach = json.loads(attach)
        except ValueError:
            return []
    if isinstance(attach, dict):
        if "BLOCKS" in attach:
            return [(_color_of(attach), _as_blocks(attach.get("BLOCKS")))]
        return [(None, [attach])]
    if isinstance(attach, list):
        if attach and all(isinstance(a, dict) and "BLOCKS" in a for a in attach):
            return [(_color_of(a), _as_blocks(a.get("BLOCKS"))) for a in attach]
        return [(None, _as_blocks(attach))]
    return []


def _as_blocks(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [b for b in value if isinstance(b, dict)]
    return []


def _color_of(full: dict) -> str | None:
    color = full.get("COLOR")
    if isinstance(color, str) and color.startswith("#") and len(color) in (4, 7):
        return color
    token = full.get("COLOR_TOKEN")
    if isinstance(token, str):
        return _TOKEN_COLORS.get(token.lower())
    return None


def _items(value: Any) -> list[dict]:
    """IMAGE / FILE / LINK / USER accept one object or a list of them."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _dims(item: dict) -> str:
    width, height = item.get("WIDTH"), item.get("HEIGHT")
    if width and height:
        return f"{_esc(width)}×{_esc(height)}"
    return ""


def _block_html(block: dict, picture: Picture | None = None) -> str:
    parts: list[str] = []
    for key, value in block.items():
        kind = str(key).upper()
        if kind == "MESSAGE":
            text = value.get("TEXT", "") if isinstance(value, dict) else value
            parts.append(f"<div>{bbcode_to_html(str(text or ''))}</div>")
        elif kind == "IMAGE":
            for item in _items(value):
                url = item.get("LINK", "")
                name = _esc(item.get("NAME") or url)
                extra = " · ".join(x for x in (_dims(item), _esc(url)) if x)
                shown = picture(item) if picture is not None else ""
                more = f"{_small(extra)}<br>{shown}" if shown else _small(extra)
                parts.append(f"<div>{_kind(_('Picture'))} {_a(url, name)}<br>{more}</div>")
        elif kind == "FILE":
            for item in _items(value):
                url = item.get("LINK", "")
                name = _esc(item.get("NAME") or url)
                size = item.get("SIZE")
                extra = " · ".join(
                    x for x in (format_size(size) if size not in (None, "") else "", _esc(url)) if x
                )
                parts.append(f"<div>{_kind(_('File'))} {_a(url, name)}<br>{_small(extra)}</div>")
        elif kind in ("LINK", "RICH_LINK"):
            for item in _items(value):
                url = item.get("LINK", "")
                name = _esc(item.get("NAME") or url)
                desc = item.get("DESC") or ""
                line = f"<div>{_kind(_('Link'))} <b>{_a(url, name)}</b>"
                if desc:
                    line += f"<br>{bbcode_to_html(str(desc))}"
                if item.get("PREVIEW"):
                    line += "<br>" + _small(_("preview: {url}").format(url=_esc(item["PREVIEW"])))
                parts.append(line + "</div>")
        elif kind == "USER":
            for item in _items(value):
                name = _esc(item.get("NAME") or "")
                link = item.get("LINK") or ""
                parts.append(f"<div>{_kind(_('User'))} <b>{_a(link, name)}</b></div>")
        elif kind == "GRID":
            parts.append(_grid_html(_items(value)))
        elif kind == "DELIMITER":
            size = value.get("SIZE", 200) if isinstance(value, dict) else 200
            color = value.get("COLOR") if isinstance(value, dict) else None
            if not (isinstance(color, str) and _HEX.match(color)):
                color = MUTED
            try:
                width = max(10, min(int(size), 600))
            except (TypeError, ValueError):
                width = 200
            # A one-cell table, not <hr>: Qt draws <hr> across the whole cell, over the colour bar.
            parts.append(
                f'<table width="{width}" cellspacing="0" cellpadding="0" style="margin:4px 0">'
                f'<tr><td bgcolor="{color}" style="font-size:1px">&nbsp;</td></tr></table>'
            )
        else:
            dump = json.dumps(value, ensure_ascii=False)
            parts.append(f"<div>{_kind(str(key))} {_small(_esc(dump))}</div>")
    return "".join(parts)


def _grid_html(items: list[dict]) -> str:
    rows = []
    for item in items:
        name = _esc(item.get("NAME") or "")
        value = bbcode_to_html(str(item.get("VALUE") or ""))
        link = item.get("LINK")
        if link:
            value = _a(link, value)
        display = str(item.get("DISPLAY") or "BLOCK").upper()
        if display == "BLOCK":
            rows.append(
                f'<tr><td colspan="2">{_small(name)}<br>{value}</td></tr>'
                if name
                else f'<tr><td colspan="2">{value}</td></tr>'
            )
        else:
            rows.append(
                f'<tr><td style="padding-right:12px">{_small(name)}</td><td>{value}</td></tr>'
            )
    return f'<table cellspacing="0" cellpadding="2">{"".join(rows)}</table>'


def attachments_html(attach: Any, picture: Picture | None = None) -> str:
    """All attachments of a notification, each with a coloured bar on the left as in Bitrix24.

    ``picture(item)`` (an IMAGE item) may add the picture itself under its name: the live preview
    draws thumbnails that way; the inbox draws none.
    """
    out = []
    for color, blocks in attachment_blocks(attach):
        body = "".join(_block_html(b, picture) for b in blocks)
        bar = color or _TOKEN_COLORS["base"]
        out.append(
            '<table cellspacing="0" cellpadding="0" style="margin-top:6px"><tr>'
            f'<td width="4" bgcolor="{_esc(bar)}"></td>'
            f'<td style="padding-left:10px">{body}</td></tr></table>'
        )
    return "".join(out)


def notification_html(
    record: dict, *, author_name: str = "", picture: Picture | None = None
) -> str:
    """One inbox record as a notification card: author (or System), time, text, tag, attachments."""
    is_system = str(record.get("type", "")).upper() == "SYSTEM" or record.get("author_id") is None
    if is_system:
        author = _("System")
    else:
        author = author_name or _("User {id}").format(id=record.get("author_id"))
    when = format_local_time(record.get("date"))
    head = f"<b>{_esc(author)}</b>"
    if when:
        head += "&nbsp;&nbsp;" + _small(_esc(when))
    if record.get("id") is not None:
        head += "&nbsp;&nbsp;" + _small(f"#{_esc(record.get('id'))}")
    text = bbcode_to_html(str(record.get("message") or ""))
    tags = []
    if record.get("tag"):
        tags.append(_("tag {tag}").format(tag=_esc(record["tag"])))
    if record.get("sub_tag"):
        tags.append(_("sub-tag {tag}").format(tag=_esc(record["sub_tag"])))
    if record.get("client_id"):
        tags.append(_("client {id}").format(id=_esc(record["client_id"])))
    foot = f'<div style="margin-top:4px">{_small(" · ".join(tags))}</div>' if tags else ""
    attach = attachments_html(record.get("attach"), picture) if record.get("attach") else ""
    return f"<div>{head}</div><div>{text}</div>{attach}{foot}"


def notifications_html(records: Iterable[dict], names: dict[int, str] | None = None) -> str:
    """A list of inbox records, newest first, separated by rules; a friendly line when empty."""
    names = names or {}
    ordered = sorted(records, key=_newest_first_key, reverse=True)
    if not ordered:
        return f"<p>{_small(_('No notifications yet. Send one and it appears here.'))}</p>"
    cards = [
        notification_html(r, author_name=names.get(_int(r.get("author_id")) or 0, ""))
        for r in ordered
    ]
    return "<hr>".join(f'<div style="margin:4px 0 8px 0">{c}</div>' for c in cards)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _newest_first_key(record: dict) -> tuple[int, str]:
    # Sandbox ids only grow, so the id orders reliably; the date breaks ties for other sources.
    return (_int(record.get("id")) or 0, str(record.get("date") or ""))
