"""Copy as: the form's request on the clipboard as a cURL or ``b24notify send`` command, or a
Python snippet (:mod:`core.copy_as` words them; secrets masked unless revealed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from core.i18n import N_, _

COPIED = {
    ("curl", False): N_("Copied the cURL command (secret masked)."),
    ("curl", True): N_("Copied the cURL command (with the secret — keep it private)."),
    ("cli", False): N_("Copied the b24notify command (secret masked)."),
    ("cli", True): N_("Copied the b24notify command (with the secret — keep it private)."),
    ("python", False): N_("Copied the Python snippet (secret masked)."),
    ("python", True): N_("Copied the Python snippet (with the secret — keep it private)."),
}


def copy_request(window: Any, fmt: str, *, reveal: bool = False) -> str:
    """Copy the request of ``window`` (a :class:`gui.main_window.MainWindow`, which imports
    this module) as ``fmt`` (``curl``, ``cli``, ``python``); a form naming many recipients copies
    the command with the whole list. The text copied, or "" when nothing was (the status bar
    says why)."""
    from core.copy_as import copy_as

    status = window.statusBar()
    v = window.revalidate()
    if v.prepared is None:
        status.showMessage(_("Nothing to copy: correct the fields marked in red."), 8000)
        return ""
    prepared = window.bulk.copyable(v, fmt) if v.many else v.prepared  # many: the CLI's list
    if prepared is None:
        return ""
    # A profile in use is the form's connection as saved (editing the address or token leaves it).
    profiles = getattr(window, "profiles", None)
    profile = profiles.bar.current() if profiles is not None else ""
    text = copy_as(prepared, fmt, reveal=reveal, profile=profile)
    if not text:
        status.showMessage(_("This request has no b24notify command form."), 8000)
        return ""
    QGuiApplication.clipboard().setText(text)
    said = COPIED.get((fmt, reveal)) or COPIED[("python", reveal)]
    status.showMessage(_(said), 8000)
    return text
