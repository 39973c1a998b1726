"""gui.call_job.CallJob: one call on a worker, sent exactly as prepared, cancellable any time."""

from __future__ import annotations

import threading

import pytest

from core.address import parse_endpoint
from core.check import CheckReport
from core.errors import CancelledError
from core.request import Notification, build_notification
from gui.call_job import CallJob
from tests.gui._window import FAST, RECIPIENT


def _prepared(sandbox, **kwargs):
    endpoint = parse_endpoint(sandbox.webhook_url)
    n = Notification(user_id=RECIPIENT, text="from the job", tag="job-tag")
    return build_notification(endpoint, n, **kwargs)


def test_send_sends_exactly_the_prepared_request(sandbox) -> None:
    # A system notification: a job that rebuilt the request from the notification (as the window
    # once did, with send_personal) would send the personal method instead.
    prepared = _prepared(sandbox, system=True)
    result = CallJob(prepared.endpoint, FAST).send(prepared)
    [request] = sandbox.requests()
    assert request["rest_method"] == "im.notify.system.add" == prepared.method
    assert request["params"] == prepared.params
    assert result.notification_id == sandbox.inbox(RECIPIENT)[0]["id"]


def test_a_job_cancelled_before_it_starts_sends_nothing(sandbox) -> None:
    prepared = _prepared(sandbox)
    job = CallJob(prepared.endpoint, FAST)
    job.cancel()
    with pytest.raises(CancelledError) as caught:
        job.send(prepared)
    assert "before it left this computer" in caught.value.explanation
    assert job.cancelled and not job.started.is_set()
    assert sandbox.requests() == []


def test_cancel_during_a_retry_wait_stops_the_job_at_once(sandbox) -> None:
    sandbox.inject("503", count=5)
    prepared = _prepared(sandbox)
    waiting = threading.Event()  # the client announces its wait before it starts waiting
    options = {**FAST, "base_delay": 30.0, "on_retry": lambda *_: waiting.set()}
    job = CallJob(prepared.endpoint, options)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            job.send(prepared)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert waiting.wait(10)
        job.cancel()
    finally:
        worker.join(10)
    assert not worker.is_alive()  # it did not sit out the 30 s wait
    assert [type(e) for e in outcome] == [CancelledError]
    assert len(sandbox.requests()) == 1  # nothing more was sent
    assert sandbox.notifications() == []


def test_check_reports_on_the_connection(sandbox) -> None:
    report = CallJob(parse_endpoint(sandbox.webhook_url), FAST).check()
    assert isinstance(report, CheckReport)
    assert report.ok
    assert report.profile is not None
