"""gui.sandbox_pane: the form filled in for the sandbox portal, and its inbox with a title."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gui.compose_pane import ComposePane
from gui.sandbox_pane import SANDBOX_TEXT, fill_form, framed_inbox


def test_the_form_gets_the_webhook_and_a_recipient_other_than_the_admin(qtbot, sandbox) -> None:
    pane = ComposePane()
    qtbot.addWidget(pane)
    pane.connection.set_token("left over")
    fill_form(pane, sandbox)
    assert pane.connection.url() == sandbox.webhook_url
    assert pane.connection.token() == ""
    assert pane.message.user() == "2"  # the first active user who is not the webhook's own
    assert pane.message.text() == SANDBOX_TEXT
    assert pane.validation.ok


def test_a_text_already_written_is_kept(qtbot, sandbox) -> None:
    pane = ComposePane()
    qtbot.addWidget(pane)
    pane.message.set_text("Mine")
    fill_form(pane, sandbox)
    assert pane.message.text() == "Mine"


def test_the_inbox_gets_its_title(qtbot) -> None:
    view = QWidget()
    pane = framed_inbox(view)
    qtbot.addWidget(pane)
    assert pane.objectName() == "inboxPane"
    assert view.parent() is pane
    assert "Sandbox inbox" in pane.findChild(QLabel, "inboxTitle").text()
