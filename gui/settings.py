"""The window's persistent settings: an INI file read and written through ``QSettings``.

It holds the last portal address *as the core parsed it, without its secret* (nothing when it does
not parse), the last form fields, the window geometry and state, and the splitter sizes. Secrets
live in the keyring (:mod:`gui.secret_store`), not here. The file is owner-only (0600), and so is
its folder (0700) when this module creates it.

The folder is ``$B24NOTIFY_HOME`` when set (tests, portable use), else the platform's per-user
configuration folder (``~/.config/b24notify`` on Linux, ``%APPDATA%\\b24notify`` on Windows,
``~/Library/Preferences/b24notify`` on macOS).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from core.address import Endpoint, parse_endpoint, parse_saved_address
from core.constants import ENV_HOME
from core.errors import InputError

HOME_ENV = ENV_HOME
FILE_NAME = "b24notify.ini"
VERSION = 1


def config_dir() -> Path:
    """The configuration folder: ``$B24NOTIFY_HOME`` if set, else the per-user config location."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base or Path.home() / ".config") / "b24notify"


def _parsed(text: str, token: str = "") -> Endpoint | None:
    try:
        return parse_endpoint(text, token)
    except InputError:
        return None


def storable_address(url: str, token: str = "") -> str:
    """The address the settings file may keep: one the core parsed, stripped of its secret.

    A webhook is kept as ``<portal>/rest/<user>/`` and a portal address (token mode) as the portal
    (with ``/rest/`` when it sits behind a path prefix, so it parses to the same portal again). The
    result is built from the parsed scheme, host, prefix and user id only: whatever else was in the
    box (a secret, a token pasted in the wrong place, a query string) never reaches the file. Text
    the core cannot parse gives "" — nothing is kept rather than something unvetted.
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        return ""
    ep = (_parsed(text, token) if token else None) or _parsed(text)
    if ep is not None:
        return ep.address_without_secret
    saved = parse_saved_address(text)  # as saved, or a portal address whose token is elsewhere
    return saved.address_without_secret if saved is not None else ""


def _make_private(path: Path, mode: int) -> None:
    """Owner-only permissions (POSIX; on Windows the per-user folder is private already)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # a file we cannot chmod is still ours to read
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)


def _private_folder(folder: Path) -> None:
    """Create the settings folder owner-only (0700); a folder that exists is left as it is."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    _make_private(folder, 0o700)


def _private_file(path: Path) -> None:
    """Create the settings file owner-only (0600) before QSettings writes to it.

    QSettings saves through ``QSaveFile``, which keeps the permissions of a file that exists but
    gives a new one the default (usually 0644), readable by every local user.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _make_private(path, 0o600)  # also tightens a file written by an older version
    except OSError:
        return  # an unwritable folder: QSettings reports it in its own way
    else:
        os.close(fd)
        _make_private(path, 0o600)


class FormState:
    """The form fields that survive a restart (no secret among them).

    A plain class, not a dataclass: ``@dataclass`` costs ~0.8 ms per class at import, and the
    window imports this module before its first paint.
    """

    __slots__ = ("address", "attachments", "tag", "text", "user")

    def __init__(
        self,
        address: str = "",
        user: str = "",
        text: str = "",
        tag: str = "",
        attachments: list[tuple[str, str, str]] | None = None,  # (type, name, url)
    ) -> None:
        self.address = address
        self.user = user
        self.text = text
        self.tag = tag
        self.attachments: list[tuple[str, str, str]] = list(attachments or [])

    def _values(self) -> tuple[object, ...]:
        return (self.address, self.user, self.text, self.tag, self.attachments)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormState) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:  # the text may be long; the address never holds a secret
        return (
            f"FormState(address={self.address!r}, user={self.user!r}, text={self.text!r}, "
            f"tag={self.tag!r}, attachments={self.attachments!r})"
        )


class Settings:
    """Typed access to the INI file: every value has a default and a known type (as Picard's)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else config_dir() / FILE_NAME
        _private_folder(self.path.parent)
        _private_file(self.path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        if self._qs.value("version") is None:
            self._qs.setValue("version", VERSION)

    # -- the form -----------------------------------------------------------------------------
    def load_form(self) -> FormState:
        qs = self._qs
        rows: list[tuple[str, str, str]] = []
        try:
            raw = json.loads(str(qs.value("form/attachments", "[]") or "[]"))
            for item in raw if isinstance(raw, list) else []:
                if isinstance(item, list) and len(item) == 3:
                    rows.append((str(item[0]), str(item[1]), str(item[2])))
        except ValueError:
            rows = []
        return FormState(
            address=storable_address(str(qs.value("connection/address", "") or "")),
            user=str(qs.value("form/user", "") or ""),
            text=str(qs.value("form/text", "") or ""),
            tag=str(qs.value("form/tag", "") or ""),
            attachments=rows,
        )

    def save_form(self, state: FormState) -> None:
        qs = self._qs
        qs.setValue("connection/address", storable_address(state.address))
        qs.setValue("form/user", state.user)
        qs.setValue("form/text", state.text)
        qs.setValue("form/tag", state.tag)
        qs.setValue("form/attachments", json.dumps([list(r) for r in state.attachments]))

    # -- the window ---------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    def splitter_sizes(self) -> list[int]:
        raw = self._qs.value("window/splitter", [])
        if isinstance(raw, str):
            raw = [raw]
        try:
            return [int(x) for x in raw or []]
        except (TypeError, ValueError):
            return []

    def set_splitter_sizes(self, sizes: list[int]) -> None:
        self._qs.setValue("window/splitter", [int(s) for s in sizes])

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings also does it on its own), owner-only."""
        self._qs.sync()
        _private_file(self.path)
