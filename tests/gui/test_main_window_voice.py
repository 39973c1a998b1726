"""The window says what the CLI says (core.voice): hints under the fields, warnings with the answer.

Against the sandbox, and a loopback 'portal' whose ids are its clock (the sandbox has none).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.errors import RateLimitError
from core.voice import NOT_IN_EMAIL_OR_PUSH, TAG_OVER_WEBHOOK, Note
from gui.attachments_model import PICTURE
from gui.main_window import MainWindow
from gui.settings import Settings

FAST = {"timeout": (2.0, 10.0), "base_delay": 0.01}


@pytest.fixture
def window(qtbot, b24_home, secret_store, sandbox) -> MainWindow:
    w = MainWindow(secret_store=secret_store, settings=Settings(), client_options=dict(FAST))
    qtbot.addWidget(w)
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    w.compose.message.user_edit.setText("3")
    w.compose.message.text_edit.setPlainText("Hello")
    return w


def note(w: MainWindow, name: str) -> QLabel:
    return w.findChild(QLabel, name)


def send_and_wait(qtbot, w: MainWindow) -> Any:
    assert w.compose.send_button.isEnabled(), w.validate().problems
    with qtbot.waitSignal(w.sendFinished, timeout=15000) as blocker:
        qtbot.mouseClick(w.compose.send_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_a_tag_over_a_webhook_gets_the_hint_the_cli_prints(window: MainWindow, sandbox) -> None:
    tag_note = note(window, "tagMessage")
    assert not tag_note.isVisibleTo(window)
    window.compose.message.tag_edit.setText("nightly")
    assert tag_note.isVisibleTo(window) and tag_note.level == "hint"
    assert tag_note.text() == Note("tag", TAG_OVER_WEBHOOK).sentence()
    assert window.compose.message.tag_edit.accessibleDescription() == tag_note.text()
    assert window.compose.send_button.isEnabled()  # a hint, not a problem
    window.compose.message.tag_edit.clear()
    assert not tag_note.isVisibleTo(window)
    window.compose.message.tag_edit.setText("nightly")
    window.compose.connection.url_edit.setText(sandbox.url)  # an app token: tags always work
    window.compose.connection.token_edit.setText(sandbox.app_token)
    assert not tag_note.isVisibleTo(window)


def test_attachments_get_the_email_and_push_hint(window: MainWindow) -> None:
    attachments_note = note(window, "attachmentsMessage")
    assert not attachments_note.isVisibleTo(window)
    window.compose.message.model.add_row(PICTURE, "chart", "https://ci.example/chart.png")
    window.revalidate()
    assert attachments_note.level == "hint"
    assert attachments_note.text() == Note("attachments", NOT_IN_EMAIL_OR_PUSH).sentence()


def test_the_older_portal_size_warning_shows_under_the_attachments(window: MainWindow) -> None:
    link = "https://ci.example/" + "ж" * 1500 + ".png"  # 45,000 letters: too many for old portals
    for _ in range(30):
        window.compose.message.model.add_row(PICTURE, "p", link)
    window.revalidate()
    text = note(window, "attachmentsMessage").text()
    assert window.compose.send_button.isEnabled()
    assert "older self-hosted" in text and "e-mail" in text


def test_a_paused_method_is_not_sent_again_by_the_next_send(
    qtbot, window: MainWindow, sandbox
) -> None:
    sandbox.inject("429", count=1, reset_in=600)
    first = send_and_wait(qtbot, window)
    assert isinstance(first.error, RateLimitError) and "local time" in first.error.advice
    calls = len(sandbox.requests())
    second = send_and_wait(qtbot, window)  # the window remembers what the portal said
    assert isinstance(second.error, RateLimitError) and "nothing was sent" in str(second.error)
    assert len(sandbox.requests()) == calls
    assert "local time" in window.findChild(QLabel, "statusLabel").text()


def test_an_id_that_is_the_portals_clock_is_not_a_green_success(
    qtbot, window: MainWindow, clock_portal: str
) -> None:
    window.compose.connection.url_edit.setText(clock_portal)
    outcome = send_and_wait(qtbot, window)
    assert outcome.ok
    assert window.result_panel.tone == "warning"
    text = window.findChild(QLabel, "statusLabel").text()
    assert "notification id 1800000000" in text and "the portal's current time" in text


def test_a_wait_between_attempts_is_said_while_it_lasts(qtbot, window: MainWindow, sandbox) -> None:
    sandbox.inject("503", count=1)
    shown: list[str] = []
    status = window.result_panel.findChild(QLabel, "statusLabel")  # built now if not yet
    window.retryNoted.connect(lambda _text: shown.append(status.text()))
    assert send_and_wait(qtbot, window).ok
    [text] = shown  # what the result panel said during the wait (the CLI prints the same words)
    assert text.startswith("The portal answered QUERY_LIMIT_EXCEEDED; trying again in")
    assert text.endswith("(attempt 2).")
