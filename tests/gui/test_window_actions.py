"""gui.window_actions.WindowActions: the menu, its shortcuts, and what a key meant."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from gui.window_actions import WindowActions


class Host:
    def __init__(self, qtbot) -> None:
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.calls: list[str] = []
        self.actions = WindowActions(
            self.window,
            send=lambda: self.calls.append("send"),
            cancel=lambda: self.calls.append("cancel"),
            check=lambda: self.calls.append("check"),
            copy=lambda fmt, reveal: self.calls.append(f"copy {fmt} {reveal}"),
        )


@pytest.fixture
def host(qtbot) -> Host:
    return Host(qtbot)


def test_each_action_does_its_command(host: Host) -> None:
    a = host.actions
    for action in (a.send, a.cancel, a.check, a.copy_curl, a.copy_cli):
        action.trigger()
    a.copy_curl_secret.trigger()
    a.copy_cli_secret.trigger()
    a.copy_python.trigger()
    a.copy_python_secret.trigger()
    assert host.calls == [
        "send",
        "cancel",
        "check",
        "copy curl False",
        "copy cli False",
        "copy curl True",
        "copy cli True",
        "copy python False",
        "copy python True",
    ]
    assert host.window.findChild(QAction, "copyCurlAction") is a.copy_curl


def test_the_menu_and_the_copy_menu(host: Host) -> None:
    a = host.actions
    assert a.menu.objectName() == "notificationMenu"
    texts = [action.text() for action in a.menu.actions() if not action.isSeparator()]
    assert texts[0] == "&Send" and texts[-1] == "&Quit"
    button = QWidget()
    copy_menu = a.copy_menu(button)
    copies = [action for action in copy_menu.actions() if not action.isSeparator()]
    assert copies == [
        a.copy_curl,
        a.copy_cli,
        a.copy_python,
        a.copy_curl_secret,
        a.copy_cli_secret,
        a.copy_python_secret,
    ]
    toggle = a.add_toggle("Show the sandbox &inbox", lambda _shown: None)
    actions = a.menu.actions()
    assert actions.index(toggle) < actions.index(a.quit)
    assert toggle.isCheckable() and toggle.isChecked()


def test_update_enables_what_the_form_and_the_call_allow(host: Host) -> None:
    a = host.actions
    a.update(busy=False, valid=True, can_check=True)
    assert a.send.isEnabled() and not a.cancel.isEnabled() and a.copy_cli_secret.isEnabled()
    a.update(busy=True, valid=True, can_check=True)
    assert not a.send.isEnabled() and a.cancel.isEnabled() and not a.check.isEnabled()
    a.update(busy=False, valid=False, can_check=True)
    assert not a.send.isEnabled() and not a.copy_curl.isEnabled() and a.check.isEnabled()


@pytest.mark.parametrize(
    ("key", "modifiers", "meant"),
    [
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, "send"),
        (
            Qt.Key.Key_Enter,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
            "send",
        ),
        (
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            "copy curl False",
        ),
        (
            Qt.Key.Key_B,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            "copy cli False",
        ),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, None),
    ],
)
def test_a_key_says_which_command_it_meant(host: Host, key, modifiers, meant) -> None:
    handler = host.actions.typed(QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    if meant is None:
        assert handler is None
    else:
        handler()
        assert host.calls == [meant]
