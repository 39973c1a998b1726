"""Pure text helpers for the window: BB-code to safe HTML; times, durations and sizes (from core).

They live apart from the widgets so they can be unit-tested without a QApplication, and so the
result panel and the sandbox inbox view word things the same way.
"""

from __future__ import annotations

import html
import re

from core.formatting import format_duration, format_local_time, format_size, time_block_lines
from core.i18n import _

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
_SIZE_RE = re.compile(r"\[size=(\d{1,2})(?:px)?\](.*?)\[/size\]", re.IGNORECASE | re.DOTALL)
# Chat links and actions: shown as the link-coloured text they make, never followed from here.
_ACTION_RE = re.compile(
    r"\[(chat|put|send|call|context)=[^\]]*\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL
)
_CALL_RE = re.compile(r"\[call\](.*?)\[/call\]", re.IGNORECASE | re.DOTALL)
# [user=N] with no [/user] before the next [user=: a bare mention (the portal shows the name).
_USER_BARE_RE = re.compile(
    r"\[user=(\d+|all)\](?!(?:(?!\[user=).)*?\[/user\])", re.IGNORECASE | re.DOTALL
)
_IMG_RE = re.compile(r"\[img(?: size=\w+)?\](.*?)\s*\[/img\]", re.IGNORECASE | re.DOTALL)
_ICON_RE = re.compile(r"\[icon=([^\]\s]+)[^\]]*\]", re.IGNORECASE)
ACTION_COLOR = "#2067b0"  # Bitrix24's link blue


def bbcode_to_html(text: str) -> str:
    """Render Bitrix24 BB-codes to a small, safe HTML fragment.

    Everything is HTML-escaped first, so the text can never inject markup; then the codes a
    notification uses are turned into tags: [b] [i] [u] [s] [code], [url] / [url=...], [user=ID]
    (with or without a name; [user=all]), [color=#hex], [size=N] (8-30 px), [br] / #BR# and
    newlines; [chat=…] [put=…] [send=…] [call] [context=…] as link-coloured text; [img]/[icon=…]
    as a link to the picture. Links are kept clickable only for http(s) or portal-relative
    addresses. Unknown or unbalanced codes stay visible as typed. The list of codes:
    https://apidocs.bitrix24.com/api-reference/chats/messages/formatting.html
    """
    out = html.escape(text, quote=True)
    out = _BR_RE.sub("\n", out)
    out = _IMG_RE.sub(lambda m: "🖼 " + _link(m.group(1), m.group(1)), out)
    out = _ICON_RE.sub(lambda m: "🖼 " + _link(m.group(1), m.group(1)), out)
    out = _USER_BARE_RE.sub(_user_mention, out)
    out = _URL_PLAIN_RE.sub(lambda m: _link(m.group(1), m.group(1)), out)
    previous = None
    while previous != out:
        previous = out
        out = _URL_NAMED_RE.sub(lambda m: _link(m.group(1), m.group(2)), out)
        out = _PAIRED_RE.sub(
            lambda m: _PAIRED[m.group(1).lower()][0] + m.group(2) + _PAIRED[m.group(1).lower()][1],
            out,
        )
        out = _USER_RE.sub(
            lambda m: f"<b>{m.group(2)}</b>" if m.group(2) else _user_mention(m), out
        )
        out = _COLOR_RE.sub(_color_span, out)
        out = _SIZE_RE.sub(_size_span, out)
        out = _ACTION_RE.sub(lambda m: _action(m.group(2)), out)
        out = _CALL_RE.sub(lambda m: _action(m.group(1)), out)
    return out.replace("\r\n", "\n").replace("\n", "<br>")


def _color_span(match: re.Match[str]) -> str:
    color = html.unescape(match.group(1)).strip()
    if not _COLOR.match(color):
        return match.group(2)
    return f'<span style="color:{color}">{match.group(2)}</span>'


def _size_span(match: re.Match[str]) -> str:
    size = max(8, min(int(match.group(1)), 30))  # the portal's range
    return f'<span style="font-size:{size}px">{match.group(2)}</span>'


def _action(label_html: str) -> str:
    return f'<span style="color:{ACTION_COLOR}">{label_html}</span>'


def _user_named(match: re.Match[str]) -> str:
    return f"<b>{match.group(2)}</b>" if match.group(2) else _user_mention(match)


def _user_mention(match: re.Match[str]) -> str:
    who = match.group(1)
    label = _("all") if who.lower() == "all" else _("user {id}").format(id=who)
    return f"<b>@{label}</b>"
