"""Names and limits that more than one module needs, declared once.

Stdlib only and importing nothing of b24notify, so any module (the window's too) can use them
without pulling in anything else. The sandbox keeps its own copies on purpose: it plays the portal
and must not share the client's assumptions.
"""

from __future__ import annotations

import re

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

# A REST method name as the portal routes it: ``profile``, ``im.notify.personal.add``.
METHOD_NAME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$")

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
# What an id may look like as text: ASCII digits, optional spaces or tabs around them. Not "+5",
# "5.0", "1_000", fullwidth "１０００" or Arabic-Indic "٣" (Python's int() takes all of those).
ID_TEXT: Final = re.compile(r"[ \t]*(-?)([0-9]+)[ \t]*")

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
