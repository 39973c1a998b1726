"""Names and limits that more than one module needs, declared once.

Stdlib only and importing nothing of b24notify, so any module (the window's too) can use them
without pulling in anything else. The sandbox keeps its own copies on purpose: it plays the portal
and must not share the client's assumptions.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the CLI's --help is timed)
if TYPE_CHECKING:
    from typing import Final, Literal

# --- REST methods -------------------------------------------------------------------------------
PERSONAL_METHOD: Final = "im.notify.personal.add"
SYSTEM_METHOD: Final = "im.notify.system.add"
DELETE_METHOD: Final = "im.notify.delete"
# ``im.notify`` is the old name of the personal method; answers to it read like a send's.
SEND_METHODS: Final = (PERSONAL_METHOD, SYSTEM_METHOD, "im.notify")
PROFILE_METHOD: Final = "profile"
METHOD_GET: Final = "method.get"
USER_SEARCH_METHOD: Final = "user.search"
IM_USER_SEARCH_METHOD: Final = "im.search.user.list"


# --- environment variables ----------------------------------------------------------------------
ENV_URL: Final = "B24NOTIFY_URL"
ENV_TOKEN: Final = "B24NOTIFY_TOKEN"
ENV_CLIENT_ID: Final = "B24NOTIFY_CLIENT_ID"
ENV_CLIENT_SECRET: Final = "B24NOTIFY_CLIENT_SECRET"
ENV_REFRESH_TOKEN: Final = "B24NOTIFY_REFRESH_TOKEN"
ENV_OAUTH_URL: Final = "B24NOTIFY_OAUTH_URL"
ENV_TOKENS_FILE: Final = "B24NOTIFY_TOKENS_FILE"
ENV_HOME: Final = "B24NOTIFY_HOME"  # the settings folder (tests, portable use)
ENV_PROFILE: Final = "B24NOTIFY_PROFILE"  # the profile (core.profiles) commands use by default

# --- ids ----------------------------------------------------------------------------------------
# The portal keeps ids in signed 64-bit columns.
MAX_USER_ID: Final = 2**63 - 1

# --- text shapes ----------------------------------------------------------------------------------
# Plain string code, not regular expressions: every module-level ``re.compile`` costs 0.3-0.9 M
# instructions on each command line and before the window's first paint (issue 10). Each function
# says which pattern it stands for; tests/core/test_constants.py holds them to it (non-ASCII
# digits, empty text, whitespace, case, a final newline where ``$`` allows one).
DIGITS: Final = "0123456789"
ASCII_LETTERS: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
HEX_DIGITS: Final = "0123456789abcdefABCDEF"
_WORD = ASCII_LETTERS + DIGITS + "_"


def _dollar(text: str) -> str:
    """``text`` as a pattern anchored with ``$`` sees it: a final newline does not count."""
    return text[:-1] if text.endswith("\n") else text


def is_ascii_digits(text: str) -> bool:
    """``^[0-9]+$`` (matched at the start: ``$`` allows a final newline)."""
    text = _dollar(text)
    return text.isascii() and text.isdigit()


def is_method_name(text: str) -> bool:
    r"""A REST method name as the portal routes it: ``profile``, ``im.notify.personal.add``
    (``^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$``, matched at the start)."""
    text = _dollar(text)
    if not text.isascii() or text[:1] == "" or text[0] not in ASCII_LETTERS:
        return False
    return all(part and not part.strip(_WORD) for part in text.split("."))


def id_text(text: str) -> tuple[str, str] | None:
    """What an id may look like as text: ASCII digits, optional spaces or tabs around them, a
    minus sign in front; ``(sign, digits)``, or None. Not "+5", "5.0", "1_000", fullwidth
    "１０００" or Arabic-Indic "٣" (Python's int() takes all of those).
    (``[ \t]*(-?)([0-9]+)[ \t]*``, the whole text.)"""
    core = text.strip(" \t")
    sign = "-" if core.startswith("-") else ""
    digits = core[len(sign) :]
    return (sign, digits) if digits.isascii() and digits.isdigit() else None


def is_hex_colour(text: str) -> bool:
    """``#RGB`` or ``#RRGGBB``: ``^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$`` (and the portal's
    ``^#[a-fA-F0-9]{3}(?:[a-fA-F0-9]{3})?$``) matched at the start, where ``$`` (Python's and
    PCRE's alike) allows a final newline."""
    text = _dollar(text)
    return len(text) in (4, 7) and text[0] == "#" and not text[1:].strip(HEX_DIGITS)


def is_link_start(text: str) -> bool:
    """The portal's own test of a link (``#^(?:/|https?://)#``, case-sensitive, not trimmed)."""
    return text.startswith(("/", "http://", "https://"))


# --- tones --------------------------------------------------------------------------------------
# How an outcome reads: the window colours its status by it, the CLI picks stdout or stderr.
if TYPE_CHECKING:
    Tone = Literal["ok", "warning", "error", "neutral"]
else:
    Tone = str
TONES: Final[tuple[Tone, ...]] = ("ok", "warning", "error", "neutral")
# (on a light background, on a dark background): readable on both, never pure red/green on black.
# "neutral" has none: it takes the palette's text colour.
TONE_COLOURS: Final[dict[str, tuple[str, str]]] = {
    "ok": ("#1e7b34", "#7ee08f"),
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5300", "#ffc66d"),
}

MAX_TIMEOUT = 600.0
"""The longest wait for an answer b24notify accepts, in seconds (the cloud stops at 60)."""

DRAFT_FILE = "draft.json"  # the form a moment ago, in the settings folder (core.draft)
