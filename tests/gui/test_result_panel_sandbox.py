"""The result panel fed by the real core client talking to the sandbox over HTTP (no mocks)."""

from __future__ import annotations

import pytest

from core.blocks import attachment, file_block, picture_block
from core.client import Client
from core.errors import CredentialsError, OutcomeUnknownError, PortalInputError
from core.request import Notification
from gui.result_panel import ResultPanel


@pytest.fixture
def panel(qtbot) -> ResultPanel:
    widget = ResultPanel()
    qtbot.addWidget(widget)
    return widget


def _keys(panel: ResultPanel) -> list[str]:
    model = panel.answer.resultTree.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_a_real_send_shows_its_id_the_exact_body_and_the_time_block(panel, sandbox) -> None:
    blocks = attachment(
        [
            picture_block("chart.png", "https://example.com/chart.png"),
            file_block("report.pdf", "https://example.com/r.pdf", size=2048),
        ]
    )
    with Client(sandbox.webhook_url) as client:
        result = client.send_personal(
            Notification(user_id=2, text="Hi [b]there[/b]", tag="t1", attachments=blocks)
        )
    panel.show_result(result)
    assert panel.header.statusLabel.text() == f"Sent — notification id {result.notification_id}"
    assert panel.answer.resultRaw.toPlainText() == result.text
    assert "result" in _keys(panel) and "time" in _keys(panel)
    assert "Portal time: duration" in panel.header.detailsLabel.text()
    assert "HTTP 200" in panel.header.detailsLabel.text()
    stored = sandbox.inbox(2)
    assert [n["id"] for n in stored] == [result.notification_id]


def test_a_real_portal_error_shows_the_portals_answer(panel, sandbox) -> None:
    bad = sandbox.webhook_url.replace(sandbox.secret, "x" * len(sandbox.secret))
    with Client(bad) as client, pytest.raises(CredentialsError) as caught:
        client.send_personal(Notification(user_id=2, text="Hi"))
    panel.show_error(caught.value)
    assert panel.header.statusLabel.text().startswith("Credentials problem: ")
    assert caught.value.result is not None
    assert panel.answer.resultRaw.toPlainText() == caught.value.result.text
    assert "error" in _keys(panel)
    assert sandbox.secret not in panel.header.statusLabel.text()
    assert sandbox.secret not in panel.header.detailsLabel.text()


def test_recipient_missing_is_an_input_problem_with_the_answer(panel, sandbox) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(PortalInputError) as caught:
        client.send_personal(Notification(user_id=9999, text="Hi"))
    panel.show_error(caught.value)
    assert panel.header.statusLabel.text().startswith("Input problem: ")
    assert panel.tone == "error"


def test_an_html_502_is_outcome_unknown_with_the_page_as_is(panel, sandbox) -> None:
    sandbox.inject("html502")
    client = Client(sandbox.webhook_url, max_attempts=1)
    with client, pytest.raises(OutcomeUnknownError) as caught:
        client.send_personal(Notification(user_id=2, text="Hi"))
    panel.show_error(caught.value)
    assert "may or may not have been created" in panel.header.statusLabel.text()
    assert caught.value.result is not None
    body = caught.value.result.text
    assert "\r\n" in body  # a proxy's page, CRLF line endings and all
    # The editor shows line breaks; the copy (and raw_text) keep the body byte for byte.
    assert panel.answer.resultRaw.toPlainText() == body.replace("\r\n", "\n")
    assert panel.raw_text == body
    assert "<html" in panel.answer.resultRaw.toPlainText().lower()
    assert panel.answer.tabs.currentWidget() is panel.answer.resultRaw


def test_copy_gives_the_body_byte_for_byte(panel, sandbox, qtbot) -> None:
    sandbox.inject("html502")
    client = Client(sandbox.webhook_url, max_attempts=1)
    with client, pytest.raises(OutcomeUnknownError) as caught:
        client.send_personal(Notification(user_id=2, text="Hi"))
    panel.show_error(caught.value)
    with qtbot.waitSignal(panel.copied) as blocker:
        panel.copy_raw()
    assert blocker.args == [caught.value.result.text]
