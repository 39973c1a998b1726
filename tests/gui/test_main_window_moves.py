"""A portal that answers "moved to another address": nothing goes there until the user agrees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from core.address import parse_endpoint
from core.errors import PortalMovedError
from core.sandbox import SandboxPortal
from gui.main_window import MainWindow
from tests.gui._window import RECIPIENT, fill, send_and_wait, status

SEND = "im.notify.personal.add"


@pytest.fixture
def second() -> Iterator[SandboxPortal]:
    """Another portal (another port: another origin) that the first one says it moved to."""
    portal = SandboxPortal()
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


def _question(qtbot, w: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "portalMovedDialog") is not None, timeout=5000)
    dialog = w.findChild(QMessageBox, "portalMovedDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def _click(qtbot, dialog: QMessageBox, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _secret(url: str) -> str:
    return parse_endpoint(url).secret


def test_a_move_to_another_portal_is_sent_there_only_after_the_user_agrees(
    qtbot, window, sandbox, second
) -> None:
    sandbox.inject("redirect", method=SEND, status=301, location=second.webhook_url + SEND)
    fill(window, text="after the move")
    outcome = send_and_wait(qtbot, window)
    assert isinstance(outcome.error, PortalMovedError)

    dialog = _question(qtbot, window)
    shown = dialog.text() + dialog.informativeText()
    assert parse_endpoint(second.webhook_url).masked_base_url in shown
    assert _secret(second.webhook_url) not in shown and _secret(sandbox.webhook_url) not in shown
    assert dialog.defaultButton().objectName() == "cancelMoveButton"  # Enter does not send
    assert second.requests() == []  # nothing before consent
    assert sandbox.notifications() == []
    assert window.compose.connection.url_edit.text() == sandbox.webhook_url

    with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
        _click(qtbot, dialog, "followMoveButton")
    assert blocker.args[0].ok
    assert [n["message"] for n in second.notifications()] == ["after the move"]
    assert [r["rest_method"] for r in second.requests()] == [SEND]
    assert second.inbox(RECIPIENT)[0]["message"] == "after the move"
    assert sandbox.notifications() == []
    assert (
        window.compose.connection.url_edit.text() == second.webhook_url
    )  # the new address, kept from now on
    assert status(window).startswith("Sent")


def test_declining_a_move_sends_nothing_and_keeps_the_address(qtbot, window, sandbox, second):
    sandbox.inject("redirect", method=SEND, location=second.webhook_url + SEND)
    fill(window)
    assert isinstance(send_and_wait(qtbot, window).error, PortalMovedError)
    _click(qtbot, _question(qtbot, window), "cancelMoveButton")
    qtbot.waitUntil(lambda: "left as it was" in status(window), timeout=5000)
    assert status(window).startswith("Nothing was sent")
    assert window.compose.connection.url_edit.text() == sandbox.webhook_url
    assert second.requests() == [] and sandbox.notifications() == []
    assert not window.busy and window.compose.send_button.isEnabled()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "portalMovedDialog") is None)  # freed


def test_esc_on_the_question_is_a_no(qtbot, window, sandbox) -> None:
    sandbox.inject("redirect", method=SEND)  # to the sandbox's second address (another port)
    fill(window)
    assert isinstance(send_and_wait(qtbot, window).error, PortalMovedError)
    qtbot.keyClick(_question(qtbot, window), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "left as it was" in status(window), timeout=5000)
    assert [r["address"] for r in sandbox.requests()] == ["primary"]
    assert window.compose.connection.url_edit.text() == sandbox.webhook_url


def test_a_token_goes_to_the_new_address_only_after_the_user_agrees(qtbot, make_window, sandbox):
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.url)
    w.compose.connection.token_edit.setText(sandbox.app_token)
    fill(w, text="token moved")
    sandbox.inject("redirect", method=SEND, status=308)  # same portal, its second address
    assert isinstance(send_and_wait(qtbot, w).error, PortalMovedError)
    dialog = _question(qtbot, w)
    assert sandbox.moved_url in dialog.text()
    assert sandbox.app_token not in dialog.text() + dialog.informativeText()
    assert [r["address"] for r in sandbox.requests()] == ["primary"]

    with qtbot.waitSignal(w.sendFinished, timeout=15000) as blocker:
        _click(qtbot, dialog, "followMoveButton")
    assert blocker.args[0].ok
    assert [r["address"] for r in sandbox.requests()] == ["primary", "moved"]
    assert [n["message"] for n in sandbox.notifications()] == ["token moved"]
    assert w.compose.connection.url_edit.text() == sandbox.moved_url
    assert w.compose.connection.token_edit.text() == sandbox.app_token


def test_a_check_that_meets_a_move_asks_too(qtbot, window, sandbox) -> None:
    sandbox.inject("redirect", method="profile")
    with qtbot.waitSignal(window.checkFinished, timeout=15000):
        window.check_connection()
    dialog = _question(qtbot, window)
    assert dialog.findChild(QPushButton, "followMoveButton").text().startswith("Check there")
    assert [r["address"] for r in sandbox.requests()] == ["primary"]
    with qtbot.waitSignal(window.checkFinished, timeout=15000) as blocker:
        _click(qtbot, dialog, "followMoveButton")
    assert blocker.args[0].result.ok
    assert {r["address"] for r in sandbox.requests()[1:]} == {"moved"}
    assert window.compose.connection.url_edit.text() == sandbox.moved_webhook_url
    assert sandbox.notifications() == []  # a check never sends a notification
