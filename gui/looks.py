"""How the window looks: light or dark, and its icons.

- :func:`apply_colour_scheme` follows the OS's light or dark scheme (Qt 6.5+ does that through
  the platform theme) or forces one (settings: ``system``, ``light``, ``dark``): with Qt 6.8+
  ``QStyleHints.setColorScheme`` asks the platform; where the palette does not follow (a desktop
  without a platform theme, Xvfb) Fusion's palette is set by hand.
- :func:`apply_icons` puts the SVG icons of ``resources/icons`` on the main actions, drawn in the
  palette's button-text colour so they read on light and dark alike, and again when it changes.

Imported after the first paint (``gui.language.dress_after_first_paint``), or before it only
when the settings force a scheme; the language is ``gui.language``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QSize
from PySide6.QtGui import QColor, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton, QWidget

from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "BUTTON_ICONS",
    "SCHEMES",
    "apply_colour_scheme",
    "apply_icons",
    "icon",
    "is_dark",
]

SCHEMES = ("system", "light", "dark")
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64)  # 200% of the common sizes included
# objectName of a button -> icon in resources/icons (buttons other helpers add can join here).
BUTTON_ICONS: dict[str, str] = {
    "sendButton": "send",
    "cancelButton": "cancel",
    "checkButton": "check",
    "copyButton": "copy",
    "copyResultButton": "copy",
    "removeAttachmentButton": "delete",
    "addPictureButton": "picture",
    "addFileButton": "file",
    "inboxRefreshButton": "refresh",
    "historyButton": "history",
    "profileButton": "profile",
    "previewButton": "preview",
    "settingsButton": "settings",
    "deleteButton": "delete",
}


# --- light and dark ----------------------------------------------------------------------------
def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    """A dark palette for Fusion, where the platform gives none."""
    roles = QPalette.ColorRole
    p = QPalette()
    colours = {
        roles.Window: "#2b2d30",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b",
        roles.ToolTipBase: "#3c3f41",
        roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8c8f94",
        roles.Text: "#e6e6e6",
        roles.Button: "#3a3d41",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Light: "#4a4d51",
        roles.Midlight: "#404347",
        roles.Mid: "#323437",
        roles.Dark: "#1b1c1e",
        roles.Shadow: "#000000",
        roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#6cb4ff",
        roles.LinkVisited: "#b38cff",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#7a7d82"))
    return p


def _light_palette(app: QApplication) -> QPalette:
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def _system_wants_dark(app: QApplication) -> bool | None:
    """The OS's scheme as Qt knows it (None when Qt does not know: no platform theme)."""
    from PySide6.QtCore import Qt

    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return None


def apply_colour_scheme(app: QApplication, choice: str = "system") -> bool:
    """Follow the system (``"system"``) or force ``"light"``/``"dark"``; returns whether the
    palette is now dark. Icons are redrawn to match (see :func:`apply_icons`)."""
    from PySide6.QtCore import Qt

    hints = app.styleHints()
    choice = choice if choice in SCHEMES else "system"
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        if choice == "system":
            hints.unsetColorScheme()
        else:
            wanted = Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light
            hints.setColorScheme(wanted)
    want_dark = {"dark": True, "light": False}.get(choice)
    if want_dark is None:
        want_dark = _system_wants_dark(app)
    forced = bool(app.property("b24notifyForcedPalette"))
    if want_dark is not None and is_dark(app.palette()) != want_dark:
        app.setStyle("Fusion")  # its palette is the one that honours a set palette fully
        app.setPalette(_dark_palette() if want_dark else _light_palette(app))
        app.setProperty("b24notifyForcedPalette", True)
    elif want_dark is None and forced:  # back to the system's own palette
        app.setPalette(_light_palette(app))
        app.setProperty("b24notifyForcedPalette", False)
    dark = is_dark(app.palette())
    for window in app.topLevelWidgets():
        apply_icons(window)
    return dark


def follow_system_scheme(app: QApplication, choice: Callable[[], str]) -> None:
    """Re-apply the scheme when the OS switches between light and dark."""
    app.styleHints().colorSchemeChanged.connect(lambda *_: apply_colour_scheme(app, choice()))


# --- icons -------------------------------------------------------------------------------------
def _icon_file(name: str) -> str:
    from resources import path

    return str(path(f"icons/{name}.svg"))


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """The SVG icon ``resources/icons/<name>.svg``, its strokes drawn in ``colour`` (black when
    None), as pixmaps from 16 to 64 px: sharp at 100% and 200% scale. Empty if it cannot load
    (no SVG image plugin, a missing file): a button then shows its text only."""
    try:
        with open(_icon_file(name), encoding="utf-8") as fp:
            svg = fp.read()
    except OSError:
        return QIcon()
    if colour is not None:
        svg = svg.replace("#000000", colour.name())
    result = QIcon()
    data = QByteArray(svg.encode("utf-8"))
    for size in ICON_SIZES:
        buffer = QBuffer(data)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        image = reader.read()
        if not image.isNull():
            result.addPixmap(QPixmap.fromImage(image))
    return result


def apply_icons(root: QWidget) -> int:
    """Put the icons on the buttons under ``root`` named in :data:`BUTTON_ICONS`, in the
    palette's button-text colour; returns how many buttons got one."""
    colour = root.palette().color(QPalette.ColorRole.ButtonText)
    cache: dict[str, QIcon] = {}
    count = 0
    for button in root.findChildren(QAbstractButton):
        name = BUTTON_ICONS.get(button.objectName())
        if name is None:
            continue
        if name not in cache:
            cache[name] = icon(name, colour)
        if not cache[name].isNull():
            if isinstance(button, QToolButton) and button.text():
                # a tool button shows only its icon by default; keep its words beside it
                set_enum_property(button, "toolButtonStyle", "ToolButtonTextBesideIcon")
            button.setIcon(cache[name])
            count += 1
    return count


def app_icon() -> QIcon:
    """The application icon (the full-colour SVG) at every size."""
    return icon("b24notify")
