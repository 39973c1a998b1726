"""gui.compose_pane.ComposePane: the form validated as you type, its buttons, its saved state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.attachments_model import PICTURE
from gui.compose_pane import ComposePane
from gui.settings import FormState

WEBHOOK = "https://p.example/rest/1/Zq9paneSecret/"


@pytest.fixture
def pane(qtbot) -> ComposePane:
    widget = ComposePane()
    qtbot.addWidget(widget)
    return widget


def _fill(pane: ComposePane, user: str = "3") -> None:
    pane.connection.set_url(WEBHOOK)
    pane.message.set_user(user)
    pane.message.set_text("Hello")


def test_every_edit_is_validated_and_send_follows(qtbot, pane: ComposePane) -> None:
    assert not pane.send_button.isEnabled() and not pane.copy_button.isEnabled()
    seen: list[bool] = []
    pane.validated.connect(lambda v: seen.append(v.ok))
    _fill(pane)
    assert seen[-1] is True and pane.validation.ok
    assert pane.send_button.isEnabled() and pane.copy_button.isEnabled()
    assert pane.connection.check_button.isEnabled()
    with qtbot.waitSignal(pane.validated):
        pane.message.set_user("abc")
    assert not pane.send_button.isEnabled()
    assert pane.message.user_note.level == "error"
    assert pane.connection.check_button.isEnabled()  # the address alone can be checked


def test_while_busy_send_and_check_wait_and_cancel_works(pane: ComposePane) -> None:
    _fill(pane)
    assert not pane.cancel_button.isEnabled()
    pane.show_busy("Sending… (Esc cancels)")
    assert pane.busy_label.text() == "Sending… (Esc cancels)"
    assert not pane.send_button.isEnabled() and not pane.connection.check_button.isEnabled()
    assert pane.cancel_button.isEnabled()
    pane.message.set_text("Edited while sending")  # a revalidation keeps the busy state
    assert not pane.send_button.isEnabled()
    pane.show_busy("")
    assert pane.send_button.isEnabled() and not pane.cancel_button.isEnabled()
    assert pane.busy_label.text() == ""


def test_the_saved_form_has_no_secret_and_comes_back(qtbot) -> None:
    first = ComposePane()
    qtbot.addWidget(first)
    _fill(first)
    first.message.set_tag("t")
    first.message.model.add_row(PICTURE, "a", "https://example.com/a.png")
    state = first.form_state()
    assert state == FormState(
        "https://p.example/rest/1/",
        "3",
        "Hello",
        "t",
        [(PICTURE, "a", "https://example.com/a.png")],
    )
    second = ComposePane()
    qtbot.addWidget(second)
    second.restore_form(state)
    assert second.form_state() == state


def test_the_cursor_goes_to_the_first_field_to_correct(pane: ComposePane) -> None:
    _fill(pane, user="abc")
    pane.focus_first_problem()
    assert pane.focusWidget() is pane.message.user_edit
    pane.connection.set_url("")
    pane.focus_first_problem()
    assert pane.focusWidget() is pane.connection.url_edit


def test_ctrl_enter_in_the_text_asks_to_send(qtbot, pane: ComposePane) -> None:
    with qtbot.waitSignal(pane.sendRequested):
        qtbot.keyClick(
            pane.message.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )


def test_the_second_click_of_a_double_click_on_send_is_swallowed(pane: ComposePane) -> None:
    _fill(pane)
    clicks: list[bool] = []
    pane.send_button.clicked.connect(lambda: clicks.append(True))
    button = pane.send_button
    centre = QPointF(button.rect().center())
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonDblClick, left),
        (QEvent.Type.MouseButtonRelease, none),
    ):
        event = QMouseEvent(
            kind, centre, button.mapToGlobal(centre), left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(button, event)
    assert clicks == []


def test_tab_goes_through_the_form_then_the_buttons(pane: ComposePane) -> None:
    names = [w.objectName() for w in pane.tab_chain()]
    assert names[:2] == ["urlEdit", "tokenEdit"]
    assert names[-3:] == ["copyAsButton", "cancelButton", "sendButton"]


def test_the_form_scroll_counts_its_scroll_bar_as_the_bar_says(qtbot, pane: ComposePane) -> None:
    # FormScroll reads the bar's width from its holder (no QScrollBar class before the first
    # paint): the same number as the bar's own, before and after the pane is shown.
    from PySide6.QtWidgets import QScrollArea

    scroll = pane.findChild(QScrollArea, "formScroll")
    assert scroll is not None
    form = scroll.widget()
    for _ in range(2):
        bar = scroll.verticalScrollBar().sizeHint().width()
        assert bar > 0 and scroll._bar_width() == bar
        need = form.minimumSizeHint().width() + bar + 2 * scroll.frameWidth()
        assert scroll.minimumSizeHint().width() >= need
        with qtbot.waitExposed(pane):
            pane.show()
