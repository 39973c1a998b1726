"""The window's language, light and dark palettes, icons and accessible names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from core import i18n
from core.constants import TONE_COLOURS
from core.errors import explain
from gui import language, looks
from gui.status_header import tone_color


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, its language, style and palette put back after the test."""
    style, palette = qapp.style().name(), qapp.palette()
    yield qapp
    language.install_language(qapp, "en")
    i18n.install("en")
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setProperty("b24notifyForcedPalette", False)


def test_russian_installs_the_catalogue_and_qts_own_translation(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("B24NOTIFY_LANG")  # the suite's English; here the setting decides
    assert language.qt_translations_file("ru") is not None, "PySide6 ships qtbase_ru.qm"
    assert language.install_language(app, "ru") == "ru"
    assert explain("ACCESS_DENIED").title == "Доступ запрещён"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    assert language.install_language(app, "en") == "en"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert explain("ACCESS_DENIED").title == "Access denied"


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_forced_scheme_gives_a_palette_where_the_answers_colours_read(
    app: QApplication, scheme: str
) -> None:
    dark = looks.apply_colour_scheme(app, scheme)
    assert dark == (scheme == "dark") == looks.is_dark(app.palette())
    window = app.palette().color(QPalette.ColorRole.Base)
    for tone in TONE_COLOURS:
        assert _contrast(tone_color(tone, app.palette()), window) >= 4.5, tone
    text = app.palette().color(QPalette.ColorRole.Text)
    assert _contrast(text, window) >= 7


def test_every_icon_loads_and_is_sharp_at_200_percent(qapp: QApplication) -> None:
    for name in {*looks.BUTTON_ICONS.values(), "b24notify"}:
        icon = looks.icon(name, QColor("#e6e6e6"))
        assert not icon.isNull(), name
        # at 200% a 16 px icon is drawn from a 32 px pixmap, not a blown-up 16 px one
        assert icon.pixmap(QSize(16, 16), 2.0).width() == 32, name


@pytest.fixture(params=["portal", "sandbox"])
def shown(request, qtbot, make_window, app: QApplication):  # type: ignore[no-untyped-def]
    """A shown window (private settings, the memory secret store), the app restored after; also
    in sandbox mode, with the inbox."""
    if request.param == "sandbox":
        w = make_window(sandbox=request.getfixturevalue("sandbox"))
    else:
        w = make_window()
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_main_actions_get_icons_drawn_in_the_palettes_text_colour(shown) -> None:  # type: ignore[no-untyped-def]
    assert looks.apply_icons(shown) >= 4
    assert not shown.compose.send_button.icon().isNull()
    assert not shown.compose.connection.check_button.icon().isNull()
    assert shown.compose.copy_button.text()  # a tool button keeps its words beside the icon


def test_every_focusable_control_has_an_accessible_name(shown) -> None:  # type: ignore[no-untyped-def]
    window: QWidget = shown
    from PySide6.QtCore import Qt

    nameless = [
        f"{type(w).__name__} {w.objectName() or '(no objectName)'}"
        for w in window.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(window)
        and not w.accessibleName().strip()
        and not w.objectName().startswith("qt_")  # Qt's own parts (scroll areas' viewports)
    ]
    assert nameless == []


def test_the_window_shows_a_real_answer_in_russian(
    qtbot, make_window, sandbox, app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui._window import fill, send_and_wait, status

    monkeypatch.delenv("B24NOTIFY_LANG")
    language.install_language(app, "ru")
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w, user=99999)  # nobody: the portal answers an error, with advice
    send_and_wait(qtbot, w)
    text = status(w)
    assert text.startswith("Не отправлено") or text.startswith("Ошибка"), text
    assert "Что делать:" in text


def test_the_icons_arrive_just_after_the_first_paint(qtbot, make_window, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    w = make_window()
    language.dress_after_first_paint(app, w, "system")
    assert w.compose.send_button.icon().isNull()  # nothing before the window is painted
    w.show()
    qtbot.waitUntil(lambda: not w.compose.send_button.icon().isNull())
