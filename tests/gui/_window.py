"""Helpers shared by the window's tests (the fixtures ``make_window`` and ``window`` are in
conftest.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from gui.main_window import MainWindow

FAST = {"timeout": (2.0, 10.0), "base_delay": 0.01}
RECIPIENT = 3  # an active seeded sandbox user (Chen Wei)


def show_active(qtbot, w: MainWindow) -> None:
    """Window shortcuts (Ctrl+Enter, Esc) need a shown, active window: wait until it is.

    ``qtbot.waitActive`` waits only as a context manager; called bare it returned at once, and a
    test whose next step processed no events (a fast worker) pressed Esc in an inactive window,
    where the window's shortcuts do not fire.
    """
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    assert QApplication.activeWindow() is w


def fill(w: MainWindow, *, user: object = RECIPIENT, text: str = "Hello", tag: str = "") -> None:
    w.compose.message.user_edit.setText(str(user))
    w.compose.message.text_edit.setPlainText(text)
    w.compose.message.tag_edit.setText(tag)


def send_and_wait(qtbot, w: MainWindow, timeout: int = 15000):
    assert w.compose.send_button.isEnabled(), w.validate().problems
    with qtbot.waitSignal(w.sendFinished, timeout=timeout) as blocker:
        qtbot.mouseClick(w.compose.send_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def status(w: MainWindow) -> str:
    return w.result_panel.findChild(QLabel, "statusLabel").text()  # the panel, built if need be


def raw_answer(w: MainWindow) -> str:
    return w.result_panel.findChild(QPlainTextEdit, "resultRaw").toPlainText()
