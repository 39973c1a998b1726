"""The window's draft: the form as it was a moment ago, on disk, so that a crash or a kill loses
nothing. Qt-free: the window decides when to save (``gui/draft_saver.py``); this module says what
a draft holds and reads and writes it.

A draft is a small JSON file in the settings folder (:data:`DRAFT_FILE`)::

    {"version": 1, "saved": "2026-11-29T08:31:02+01:00",
     "form": {"address": "https://portal.example/rest/1/", "user": "3", "text": "...", ...}}

It never holds a secret: the token field is not among :data:`FIELDS`, and the address is kept only
as the core reads it back without its secret (a webhook's secret and anything else typed into the
address are dropped here, whatever the caller passed). The file is written whole or not at all
(a temporary file in the same folder, then ``os.replace``), owner-only (0600), and read back
through ``core.files.read_text_file`` (bounded, regular files only).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.constants import DRAFT_FILE as DRAFT_FILE  # the file's name, declared there
from core.files import read_text_file
from core.i18n import _
from core.paths import make_private, private_folder
from core.problems import InputError, Problem

if TYPE_CHECKING:
    from datetime import datetime

VERSION = 1
MAX_DRAFT_BYTES = 4_000_000  # a long text and a full attachment are far below this

# The form's fields and their defaults (their types are the defaults' types). ``attachments`` is
# the attachments table's rows, each ``[kind, name, value]``.
FIELDS: dict[str, Any] = {
    "address": "",
    "user": "",
    "text": "",
    "tag": "",
    "attachments": [],
    "system": False,
    "text_out": "",
    "sub_tag": "",
    "client_id": "",
    "color_token": "",
    # The connection's extras that are not secrets (gui.connection_extras): an app's client id
    # (its client secret and refresh token are never here) and a CA bundle file.
    "oauth_client_id": "",
    "ca_bundle": "",
}


class Draft:
    """A draft as read back: the form's fields (every one of :data:`FIELDS`) and when it was
    saved (None when the file did not say). A plain class, not a dataclass: the window reads
    its draft before its first paint."""

    __slots__ = ("form", "saved")

    def __init__(self, form: dict[str, Any], saved: datetime | None = None) -> None:
        self.form = form
        self.saved = saved

    def __repr__(self) -> str:
        return f"Draft(saved={self.saved!r}, fields={sorted(k for k, v in self.form.items() if v)})"


def address_without_secret(text: str) -> str:
    """The address as a draft may keep it: parsed by the core, without its secret; else ""."""
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        return ""
    from core.address import parse_endpoint, parse_saved_address  # an address to read: later

    saved = parse_saved_address(text)
    if saved is not None:
        return saved.address_without_secret
    try:
        return parse_endpoint(text).address_without_secret
    except InputError:
        return ""


def _rows(value: Any) -> list[list[str]]:
    if not isinstance(value, list):
        return []
    return [
        [str(part) for part in row]
        for row in value
        if isinstance(row, (list, tuple)) and len(row) == 3 and all(isinstance(p, str) for p in row)
    ]


def clean_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of :data:`FIELDS`, of its type (a missing or mistyped one takes its default),
    the address without its secret, and nothing else."""
    clean: dict[str, Any] = {}
    for name, default in FIELDS.items():
        value = form.get(name, default)
        if name == "attachments":
            value = _rows(value)
        elif type(value) is not type(default):
            value = default
        clean[name] = value
    clean["address"] = address_without_secret(clean["address"])
    return clean


def form_key(form: Mapping[str, Any]) -> str:
    """The form's fields as one text: equal texts, equal drafts (to skip writing the same again)."""
    import json  # drafts are written after the first paint (which imports this module)

    return json.dumps(clean_form(form), ensure_ascii=False, sort_keys=True)


def encode(form: Mapping[str, Any], saved: datetime | None = None) -> str:
    """The draft file's text for ``form`` (cleaned by :func:`clean_form`), saved now by default."""
    from datetime import datetime, timezone  # when a draft is written (after the first paint)

    when = saved or datetime.now(timezone.utc).astimezone()
    saved_at = when.isoformat(timespec="seconds")
    data = {"version": VERSION, "saved": saved_at, "form": clean_form(form)}
    import json

    return json.dumps(data, ensure_ascii=False, indent=1)


def _unreadable(reason: str) -> InputError:
    return InputError([Problem("draft", reason)])


def decode(text: str) -> Draft:
    """Read a draft file's text; ``InputError`` (field ``draft``) when it is not one."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise _unreadable(_("the draft file is not valid JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("form"), dict):
        raise _unreadable(_("the draft file holds no form."))
    saved = None
    if isinstance(data.get("saved"), str):
        from datetime import datetime  # a draft was left: read at the start, rarely

        try:
            saved = datetime.fromisoformat(data["saved"])
        except ValueError:
            saved = None
    return Draft(clean_form(data["form"]), saved)


def read_draft(path: Path) -> Draft | None:
    """The draft at ``path``, or None when there is none; ``InputError`` when it is unreadable."""
    if not os.path.lexists(path):
        return None
    return decode(read_text_file(path, max_bytes=MAX_DRAFT_BYTES, field="draft", what="draft file"))


def write_draft(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, owner-only; ``OSError`` when it cannot.

    The text goes to a temporary file beside ``path`` (created 0600), is flushed to disk, then
    replaces ``path`` in one step: a kill at any moment leaves the old draft or the new one.
    """
    private_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temporary, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        make_private(temporary, 0o600)  # a file left by an earlier run may have had another mode
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def clear_draft(path: Path) -> None:
    """Remove the draft (a clean close); no draft is fine. ``OSError`` when it cannot."""
    path.unlink(missing_ok=True)


def set_aside(path: Path) -> Path:
    """Move an unreadable draft out of the way (``draft.json.unreadable``), kept for a look."""
    aside = path.with_name(path.name + ".unreadable")
    os.replace(path, aside)
    return aside
