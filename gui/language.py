"""The window's language: the catalogue, Qt's own translations and Qt's locale.

:func:`install_language` chooses the language as the CLI does (``core.i18n``: the
``B24NOTIFY_LANG`` variable, the settings' choice, the system; here the system is what ``QLocale``
says, which on Windows and macOS is the OS's own), installs the catalogue, makes Qt's locale
follow (numbers, dates in Qt's widgets) and loads Qt's own translations (``qtbase_ru.qm``, shipped
with PySide6) for its standard buttons and context menus.

On the way to the first paint: it touches only the few Qt classes it needs (PySide6 builds each
class's Python side, enums included, when first used: ``QPalette`` alone costs ~5 ms, ``QLocale``
with its language and country enums ~8 ms), and leaves the look (``gui.looks``) to just after the
first paint. English, the source text, needs none of Qt's locale classes: ``QLocale``,
``QLibraryInfo`` and ``QTranslator`` are imported only for another language, and the OS language
is asked of Qt only where the environment cannot carry it (macOS; Windows has its own call in
:func:`core.i18n.system_language`; elsewhere Qt reads the same ``LC_*``/``LANG`` variables).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from core import i18n

__all__ = ["dress_after_first_paint", "install_language", "qt_translations_file", "saved_choice"]

SCHEME_KEY = "appearance/colour_scheme"
TRANSLATOR_NAME = "b24notifyQtTranslator"


def saved_choice(key: str) -> str:
    """A choice the settings file keeps (``appearance/colour_scheme``…), read without QSettings
    so the start does not parse the file twice; ``""`` when none."""
    return i18n.read_ini_value(_settings_file(), key)


def _settings_file() -> str:
    from core.paths import config_dir

    return os.path.join(str(config_dir()), "b24notify.ini")


def qt_translations_file(lang: str) -> str | None:
    """PySide6's own translation of Qt's strings for ``lang`` (``qtbase_ru.qm``), if shipped."""
    from PySide6.QtCore import QLibraryInfo

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    path = os.path.join(folder, f"qtbase_{lang}.qm")
    return path if os.path.isfile(path) else None


def _system_language() -> str | None:
    """The OS's language where the environment does not say it: Windows' own call (as the CLI
    asks), Qt's answer on macOS; None elsewhere, where Qt would read the very ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that :func:`core.i18n.choose_language` reads first."""
    if sys.platform == "win32":
        return i18n.system_language()
    if sys.platform != "darwin":
        return None
    from PySide6.QtCore import QLocale  # by name, not its enums

    ui_languages = QLocale.system().uiLanguages()
    return ui_languages[0] if ui_languages else None


def install_language(app: QApplication, setting: str | None = None) -> str:
    """Choose and install the language for the core, the window and Qt's own strings."""
    if setting is None:
        setting = i18n.settings_language(_settings_file())
    lang = i18n.install(i18n.choose_language(setting=setting, system=_system_language()))
    for old in app.findChildren(QObject, TRANSLATOR_NAME):  # one of another language, earlier
        app.removeTranslator(old)  # type: ignore[arg-type]
        old.deleteLater()
    if lang == i18n.SOURCE_LANGUAGE:
        return lang  # English words; Qt keeps the system's locale for numbers and dates
    from PySide6.QtCore import QLocale, QTranslator  # another language only (see above)

    QLocale.setDefault(QLocale(lang))
    qm = qt_translations_file(lang)
    if qm is not None:
        translator = QTranslator(app)  # parented: it lives as long as the application
        translator.setObjectName(TRANSLATOR_NAME)
        if translator.load(qm):
            app.installTranslator(translator)
    return lang


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, just after the window's first paint (then lets go of the window)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False


def dress_after_first_paint(app: QApplication, window: QWidget, scheme: str) -> None:
    """Once the window is on screen: icons, the system's scheme, and following its changes."""

    def dress() -> None:
        from gui.looks import apply_colour_scheme, follow_system_scheme

        apply_colour_scheme(app, scheme)  # also draws the icons
        follow_system_scheme(app, lambda: saved_choice(SCHEME_KEY) or "system")

    # The main window's own first-paint queue (gui/first_paint.py): a filter installed now
    # would see the paint before every other watcher and run the dress ahead of their work.
    queue = getattr(window, "after_first_paint", None)
    if callable(queue):
        queue(dress)
    else:
        _AfterFirstPaint(window, dress)
