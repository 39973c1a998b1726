"""The window's persistent settings: an INI file read and written through ``QSettings``.

It holds the last portal address *without its secret*, the last form fields, the window geometry
and state, and the splitter sizes. Secrets live in the keyring (:mod:`gui.secret_store`), not here.

The folder is ``$B24NOTIFY_HOME`` when set (tests, portable use), else the platform's per-user
configuration folder (``~/.config/b24notify`` on Linux, ``%APPDATA%\\b24notify`` on Windows,
``~/Library/Preferences/b24notify`` on macOS).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

HOME_ENV = "B24NOTIFY_HOME"
FILE_NAME = "b24notify.ini"
VERSION = 1


def config_dir() -> Path:
    """The configuration folder: ``$B24NOTIFY_HOME`` if set, else the per-user config location."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base or Path.home() / ".config") / "b24notify"


def strip_secret(address: str) -> str:
    """An address with anything from the webhook secret on cut off (``https://p/rest/1/``).

    Works on text that does not parse, too: whatever follows ``/rest/<digits>/`` (or ``/rest/`` when
    no user id follows it) is dropped, so a secret typed in the wrong place never reaches the file.
    """
    text = address.strip()
    marker = text.find("/rest/")
    if marker < 0:
        return text
    head, tail = text[: marker + len("/rest/")], text[marker + len("/rest/") :]
    user, _slash, _rest = tail.partition("/")
    return head + (user + "/" if user.isdigit() else "")


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
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
            address=strip_secret(str(qs.value("connection/address", "") or "")),
            user=str(qs.value("form/user", "") or ""),
            text=str(qs.value("form/text", "") or ""),
            tag=str(qs.value("form/tag", "") or ""),
            attachments=rows,
        )

    def save_form(self, state: FormState) -> None:
        qs = self._qs
        qs.setValue("connection/address", strip_secret(state.address))
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
        """Write pending changes to disk now (QSettings also does it on its own)."""
        self._qs.sync()
