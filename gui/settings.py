"""The window's persistent settings: an INI file read and written through ``QSettings``.

It holds the last portal address *as the core parsed it, without its secret* (nothing when it does
not parse), the last form fields, the window geometry and state, and the splitter sizes. Secrets
live in the keyring (:mod:`gui.secret_store`), not here. The file is owner-only (0600), and so is
its folder (0700) when this module creates it. The folder is :func:`core.paths.config_dir`.

Every value is declared once below, as an :class:`Option` with its key, type and default
(Picard's typed options); every read and write goes through one. The file records the ``version``
of this layout. On load, a file of an older version is upgraded step by step (``_UPGRADES``) and
saved; one of a newer version (written by a later b24notify) is read as it is and never
downgraded: its version number stays.

The form's fields themselves (:class:`FormState`, :func:`storable_address`) are in
:mod:`gui.form_state`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QSettings

from core.constants import ENV_HOME as HOME_ENV
from core.paths import config_dir, private_file, private_folder
from gui.form_state import ADVANCED_FIELDS, FormState, storable_address

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray

__all__ = [
    "FILE_NAME",
    "HOME_ENV",
    "OPTIONS",
    "VERSION",
    "ChoiceOption",
    "FormState",
    "Option",
    "Settings",
    "config_dir",
    "storable_address",
]

FILE_NAME = "b24notify.ini"
# 1: the first layout. 2: an address is kept only as ``storable_address`` keeps it (the upgrade
# drops any secret an older version left in the file).
VERSION = 2


T = TypeVar("T")


class Option(Generic[T]):
    """One stored value: its INI key, its type (``convert``), and the default for a value that is
    missing or unreadable. Plain classes, not dataclasses (cheap at import: the window imports
    this module before its first paint)."""

    __slots__ = ("default", "key")

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def convert(self, raw: Any) -> T:
        """The typed value of what QSettings read; raise TypeError/ValueError if it is not one."""
        raise NotImplementedError

    def stored(self, value: T) -> Any:
        """What QSettings writes for ``value``."""
        return value

    def fallback(self) -> T:
        default = self.default
        return list(default) if isinstance(default, list) else default  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.default!r})"


class TextOption(Option[str]):
    def convert(self, raw: Any) -> str:
        if isinstance(raw, list):  # an unquoted "a, b" typed into the file by hand
            return ", ".join(str(part) for part in raw)
        return str(raw)


class IntOption(Option[int]):
    def convert(self, raw: Any) -> int:
        return int(str(raw).strip())


class BoolOption(Option[bool]):
    def convert(self, raw: Any) -> bool:
        text = str(raw).strip().lower()
        if text not in ("true", "false", "1", "0"):
            raise ValueError("not a flag")
        return text in ("true", "1")


class IntListOption(Option[list[int]]):
    def convert(self, raw: Any) -> list[int]:
        parts = [raw] if isinstance(raw, str) else raw
        return [int(x) for x in parts or []]

    def stored(self, value: list[int]) -> Any:
        return [int(x) for x in value]


class ChoiceOption(TextOption):
    """One of a fixed set of words (``system``/``light``/``dark``, the rate presets...): read
    trimmed and in lower case; anything else reads as the default."""

    __slots__ = ("choices",)

    def __init__(self, key: str, default: str, choices: tuple[str, ...]) -> None:
        super().__init__(key, default)
        self.choices = choices

    def convert(self, raw: Any) -> str:
        value = super().convert(raw).strip().lower()
        if value not in self.choices:
            raise ValueError(f"not one of {self.choices}")
        return value

    def stored(self, value: str) -> Any:
        return value if value in self.choices else self.default


class BytesOption(Option["QByteArray | None"]):
    """Qt's saved geometry and state; an empty value reads as ``None`` (nothing to restore)."""

    def convert(self, raw: Any) -> QByteArray | None:
        # Here, not at the top: a first start has no geometry to read, and PySide6 builds the
        # class the first time it is used (~2 ms of the first paint; issue 10).
        from PySide6.QtCore import QByteArray

        if not isinstance(raw, QByteArray):
            raise TypeError("not bytes")
        return raw if not raw.isEmpty() else None


class RowsOption(Option[list[tuple[str, str, str]]]):
    """Attachment rows ``(type, name, url)`` as a JSON list of three-item lists."""

    def convert(self, raw: Any) -> list[tuple[str, str, str]]:
        text = str(raw or "[]")
        if text == "[]":
            return []  # no rows (json is not needed for the first paint of an empty form)
        import json

        data = json.loads(text)
        if not isinstance(data, list):
            raise ValueError("not a list")
        return [(str(a), str(b), str(c)) for a, b, c in (r for r in data if _is_row(r))]

    def stored(self, value: list[tuple[str, str, str]]) -> Any:
        import json

        return json.dumps([list(row) for row in value])


def _is_row(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 3


class AddressOption(TextOption):
    """The portal address, only ever as :func:`storable_address` keeps it (never a secret)."""

    def convert(self, raw: Any) -> str:
        return storable_address(super().convert(raw))

    def stored(self, value: str) -> Any:
        return storable_address(value)


# Every stored value, declared once (the keys are those of version 1: users' files still load).
SETTINGS_VERSION = IntOption("version", 1)  # a file without it predates versioning
ADDRESS = AddressOption("connection/address", "")
USER = TextOption("form/user", "")
TEXT = TextOption("form/text", "")
TAG = TextOption("form/tag", "")
ATTACHMENTS = RowsOption("form/attachments", [])
SYSTEM = BoolOption("form/system", False)
TEXT_OUT = TextOption("form/text_out", "")
SUB_TAG = TextOption("form/sub_tag", "")
CLIENT_ID = TextOption("form/client_id", "")
COLOR_TOKEN = TextOption("form/color_token", "")
GEOMETRY = BytesOption("window/geometry", None)
WINDOW_STATE = BytesOption("window/state", None)
SPLITTER = IntListOption("window/splitter", [])
# The language and the light/dark scheme (core.i18n and the CLI read the language key too).
LANGUAGE = ChoiceOption("appearance/language", "system", ("system", "en", "ru"))
COLOUR_SCHEME = ChoiceOption("appearance/colour_scheme", "system", ("system", "light", "dark"))
# The bulk send's pacing: core.pacing.PRESETS' keys (50 then 2/s, or Enterprise's 250 then 5/s).
RATE_PRESET = ChoiceOption("bulk/rate_preset", "standard", ("standard", "enterprise"))
OPTIONS: tuple[Option[Any], ...] = (
    SETTINGS_VERSION,
    ADDRESS,
    USER,
    TEXT,
    TAG,
    ATTACHMENTS,
    SYSTEM,
    TEXT_OUT,
    SUB_TAG,
    CLIENT_ID,
    COLOR_TOKEN,
    GEOMETRY,
    WINDOW_STATE,
    SPLITTER,
    LANGUAGE,
    COLOUR_SCHEME,
    RATE_PRESET,
)

_ADVANCED_OPTIONS: dict[str, Option[Any]] = dict(
    zip(ADVANCED_FIELDS, (SYSTEM, TEXT_OUT, SUB_TAG, CLIENT_ID, COLOR_TOKEN), strict=True)
)


def _upgrade_1_to_2(qs: QSettings) -> None:
    """Drop a secret-bearing address: keep only what ``storable_address`` keeps (maybe nothing)."""
    raw = qs.value(ADDRESS.key)
    if raw is None:
        return
    kept = ADDRESS.convert(raw)
    if kept:
        qs.setValue(ADDRESS.key, kept)
    else:
        qs.remove(ADDRESS.key)


# _UPGRADES[n] turns a file of version n into version n + 1.
_UPGRADES: dict[int, Callable[[QSettings], None]] = {1: _upgrade_1_to_2}


class Settings:
    """Typed access to the INI file: every value has a default and a known type (as Picard's)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else config_dir() / FILE_NAME
        private_folder(self.path.parent)
        private_file(self.path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._version_unwritten = False
        self.loaded_version = self._upgrade()

    def _upgrade(self) -> int:
        """Bring an older file up to :data:`VERSION`, step by step; returns the version it had."""
        qs = self._qs
        if not qs.allKeys():  # a new file: nothing to upgrade
            # Its version is written with its first value (or an explicit sync), not now: a
            # value set now would have QSettings write the file, with two fdatasync calls, on
            # the event loop's first turn, before the window's first paint (issue 10).
            self._version_unwritten = True
            return VERSION
        found = self.value(SETTINGS_VERSION)
        if found >= VERSION:
            return found  # current, or written by a newer b24notify: read as it is
        for step in range(max(found, 1), VERSION):
            _UPGRADES[step](qs)
        qs.setValue(SETTINGS_VERSION.key, VERSION)
        self.sync()  # an upgrade that removes a secret must not wait for the next save
        return found

    # -- typed values ---------------------------------------------------------------------------
    def value(self, option: Option[T]) -> T:
        """The stored value of ``option``, or its default when missing or unreadable."""
        raw = self._qs.value(option.key)
        if raw is None:
            return option.fallback()
        try:
            return option.convert(raw)
        except (TypeError, ValueError, RecursionError):
            return option.fallback()

    def set_value(self, option: Option[T], value: T) -> None:
        self._write_version_of_a_new_file()
        self._qs.setValue(option.key, option.stored(value))

    def _write_version_of_a_new_file(self) -> None:
        """A new file records the version of its layout with its first value (see _upgrade)."""
        if self._version_unwritten:
            self._version_unwritten = False
            # As text: the same line in the file ("version=2"), while an int would make
            # PySide6 build QByteArray (issue 10: none before the first paint).
            self._qs.setValue(SETTINGS_VERSION.key, str(VERSION))

    # -- the form -----------------------------------------------------------------------------
    def load_form(self) -> FormState:
        return FormState(
            address=self.value(ADDRESS),
            user=self.value(USER),
            text=self.value(TEXT),
            tag=self.value(TAG),
            attachments=self.value(ATTACHMENTS),
            **{name: self.value(option) for name, option in _ADVANCED_OPTIONS.items()},
        )

    def save_form(self, state: FormState) -> None:
        self.set_value(ADDRESS, state.address)
        self.set_value(USER, state.user)
        self.set_value(TEXT, state.text)
        self.set_value(TAG, state.tag)
        self.set_value(ATTACHMENTS, state.attachments)
        for name, option in _ADVANCED_OPTIONS.items():
            self.set_value(option, getattr(state, name))

    # -- the window ---------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self.value(GEOMETRY)

    def set_geometry(self, value: QByteArray) -> None:
        self.set_value(GEOMETRY, value)

    def window_state(self) -> QByteArray | None:
        return self.value(WINDOW_STATE)

    def set_window_state(self, value: QByteArray) -> None:
        self.set_value(WINDOW_STATE, value)

    def splitter_sizes(self) -> list[int]:
        return self.value(SPLITTER)

    def set_splitter_sizes(self, sizes: list[int]) -> None:
        self.set_value(SPLITTER, sizes)

    def rate_preset(self) -> str:
        """The bulk send's pacing preset: "standard" or "enterprise"."""
        return self.value(RATE_PRESET)

    def set_rate_preset(self, key: str) -> None:
        self.set_value(RATE_PRESET, key)

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings also does it on its own), owner-only."""
        self._write_version_of_a_new_file()
        self._qs.sync()
        private_file(self.path)
