"""gui.call_controller.CallController against the sandbox over HTTP: sends, checks, cancels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from core.address import parse_endpoint
from core.errors import B24NotifyError, CredentialsError
from core.request import Notification, build_notification
from core.sandbox import SandboxPortal
from gui.call_controller import CallController, as_error
from gui.result_panel import ResultPanel
from gui.tasks import Outcome
from tests.gui._window import FAST, RECIPIENT

SEND = "im.notify.personal.add"


class Calls:
    """A controller with its panel and parent, and what it said."""

    def __init__(self, qtbot, options: dict | None = None) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.panel = ResultPanel(self.window)
        self.controller = CallController(self.panel, self.window, options or FAST)
        self.status: list[str] = []
        self.busy: list[bool] = []
        self.events: list[str] = []
        c = self.controller
        c.statusMessage.connect(lambda text, _ms: self.status.append(text))
        c.busyChanged.connect(self.busy.append)
        c.worked.connect(lambda: self.events.append("worked"))
        c.portalChanged.connect(lambda: self.events.append("portal"))
        c.moveAccepted.connect(lambda ep: self.events.append(f"moved {ep.masked_base_url}"))


@pytest.fixture
def calls(qtbot) -> Calls:
    return Calls(qtbot)


def _prepared(url: str, text: str = "from the controller"):
    endpoint = parse_endpoint(url)
    return build_notification(endpoint, Notification(user_id=RECIPIENT, text=text))


def test_a_send_goes_out_as_prepared_and_is_shown(qtbot, calls: Calls, sandbox) -> None:
    prepared = _prepared(sandbox.webhook_url)
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000) as blocker:
        calls.controller.send(prepared)
        assert calls.controller.busy and calls.controller.kind == "send"
        assert calls.controller.busy_text == "Sending… (Esc cancels)"
        assert calls.panel.state == "pending"
    outcome = blocker.args[0]
    assert outcome.ok
    [request] = sandbox.requests()
    assert request["params"] == prepared.params
    assert calls.panel.state == "result" and calls.panel.tone == "ok"
    assert calls.busy == [True, False]
    assert calls.events == ["worked", "portal"]
    nid = outcome.result.notification_id
    assert calls.status == ["", f"Sent: notification {nid}."]
    assert not calls.controller.busy and calls.controller.job is None


def test_a_second_call_while_one_runs_is_ignored(qtbot, calls: Calls, sandbox) -> None:
    sandbox.inject("latency", seconds=1)
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000):
        calls.controller.send(_prepared(sandbox.webhook_url, "first"))
        calls.controller.send(_prepared(sandbox.webhook_url, "second"))
        calls.controller.check(parse_endpoint(sandbox.webhook_url))
    assert calls.controller.wait_for_done(5000)
    assert [n["message"] for n in sandbox.notifications()] == ["first"]
    assert len(sandbox.requests()) == 1


def test_a_check_is_shown_and_a_working_one_keeps_the_secret(qtbot, calls: Calls, sandbox):
    with qtbot.waitSignal(calls.controller.checkFinished, timeout=15000) as blocker:
        calls.controller.check(parse_endpoint(sandbox.webhook_url))
        assert calls.controller.busy_text == "Checking… (Esc cancels)"
    assert blocker.args[0].ok
    assert calls.panel.state == "check"
    assert calls.events == ["worked"]  # a check changes nothing at the portal


def test_a_refused_send_is_an_error_and_keeps_nothing(qtbot, calls: Calls, sandbox) -> None:
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000) as blocker:
        calls.controller.send(_prepared(sandbox.limited_webhook_url))  # no 'im' scope
    assert not blocker.args[0].ok
    assert calls.panel.state == "error" and calls.panel.tone == "error"
    assert calls.events == ["portal"]


def test_a_cancelled_send_that_ends_later_is_reported_in_the_status_bar(
    qtbot, calls: Calls, sandbox
) -> None:
    sandbox.inject("latency", seconds=1.5)
    finished: list[object] = []
    calls.controller.sendFinished.connect(finished.append)
    calls.controller.send(_prepared(sandbox.webhook_url))
    job = calls.controller.job
    qtbot.waitUntil(lambda: job.started.is_set(), timeout=5000)
    calls.controller.cancel()
    assert not calls.controller.busy
    assert calls.panel.state == "cancelled" and calls.panel.tone == "warning"
    assert calls.status[-1] == "Cancelled."
    qtbot.waitUntil(lambda: "after all" in calls.status[-1], timeout=10000)
    nid = sandbox.notifications()[0]["id"]
    assert calls.status[-1] == (
        f"The cancelled send reached the portal after all: notification {nid} was created."
    )
    assert calls.panel.state == "cancelled"  # the late answer does not replace the warning
    assert finished == []  # the form stopped waiting for it
    assert calls.events == ["portal"]


def test_a_cancelled_check_says_so(qtbot, calls: Calls, sandbox) -> None:
    sandbox.inject("latency", seconds=1.5)
    calls.controller.check(parse_endpoint(sandbox.webhook_url))
    calls.controller.cancel()
    assert calls.panel.header.statusLabel.text() == "Connection check cancelled."
    assert calls.panel.tone == "neutral"
    assert calls.controller.wait_for_done(10000)


def test_a_wait_between_attempts_is_said_while_it_lasts(qtbot, calls: Calls, sandbox) -> None:
    sandbox.inject("503", count=1)
    said: list[str] = []
    calls.controller.retryNoted.connect(
        lambda text: said.append((text, calls.panel.header.statusLabel.text()))
    )
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000):
        calls.controller.send(_prepared(sandbox.webhook_url))
    [(text, shown)] = said
    assert text == shown  # the panel says it before the signal goes out
    assert text.startswith("The portal answered QUERY_LIMIT_EXCEEDED; trying again in")


@pytest.mark.expect_log_warnings("unexpected problem on a worker", logger="b24notify.gui")
def test_an_unexpected_failure_is_worded_without_the_secret(qtbot, sandbox) -> None:
    calls = Calls(qtbot, {"no_such_option": 1})  # Client() raises TypeError on the worker
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000) as blocker:
        calls.controller.send(_prepared(sandbox.webhook_url))
    assert isinstance(blocker.args[0].error, TypeError)
    text = calls.panel.header.statusLabel.text()
    assert "Unexpected problem: TypeError" in text
    assert parse_endpoint(sandbox.webhook_url).secret not in text
    assert sandbox.requests() == []


@pytest.mark.expect_log_warnings("unexpected problem on a worker", logger="b24notify.gui")
def test_as_error_keeps_typed_errors_and_masks_secrets_in_others(log_guard) -> None:
    endpoint = parse_endpoint("https://p.example/rest/1/Zq9secretValue/")
    typed = CredentialsError("no")
    assert as_error(Outcome(error=typed), endpoint) is typed
    failure = ValueError("bad https://p.example/rest/1/Zq9secretValue/")
    other = as_error(Outcome(error=failure), endpoint)
    assert isinstance(other, B24NotifyError)
    assert "Zq9secretValue" not in str(other)
    assert str(other).startswith("Unexpected problem: ValueError")
    assert "bug in b24notify" in other.advice
    logged = [r.getMessage() for r in log_guard.records if r.name == "b24notify.gui"]
    assert len(logged) == 1 and "ValueError" in logged[0] and "Zq9secretValue" not in logged[0]


@pytest.fixture
def second() -> Iterator[SandboxPortal]:
    portal = SandboxPortal()
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


def test_a_move_is_followed_with_the_same_request_only_after_consent(
    qtbot, calls: Calls, sandbox, second
) -> None:
    sandbox.inject("redirect", method=SEND, status=301, location=second.webhook_url + SEND)
    prepared = _prepared(sandbox.webhook_url, "after the move")
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000):
        calls.controller.send(prepared)
    qtbot.waitUntil(
        lambda: calls.window.findChild(QMessageBox, "portalMovedDialog") is not None, timeout=5000
    )
    dialog = calls.window.findChild(QMessageBox, "portalMovedDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert second.requests() == []  # nothing before consent
    with qtbot.waitSignal(calls.controller.sendFinished, timeout=15000):
        qtbot.mouseClick(
            dialog.findChild(QPushButton, "followMoveButton"), Qt.MouseButton.LeftButton
        )
    [request] = second.requests()
    assert request["params"] == prepared.params  # the same request, at the new address
    there = parse_endpoint(second.webhook_url).masked_base_url
    assert calls.events[-3:] == [f"moved {there}", "worked", "portal"]
