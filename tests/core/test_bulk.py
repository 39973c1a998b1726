"""Bulk runs against the sandbox: batches, outcomes per recipient, 503s, unknown outcomes never
resent, cancel, retry of the failed only, the hooks."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from core.bulk import (
    CANCELLED,
    NOT_SENT,
    RESULT_FALSE,
    BulkRun,
    Outcome,
    Progress,
    Status,
    describe_plan,
    plan_bulk,
    retry_plan,
)
from core.client import Client
from core.errors import InputError
from core.notification import Notification
from core.pacing import STANDARD, Pacer
from core.recipients import Recipient
from core.sandbox import SandboxPortal


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def fake_pacer() -> Pacer:
    clock = FakeClock()
    return Pacer(STANDARD, clock=clock, sleep=clock.sleep)


@pytest.fixture
def crowded() -> Iterator[SandboxPortal]:
    """A sandbox with 150 generated people (ids 10-159)."""
    portal = SandboxPortal(users=150).start()
    try:
        yield portal
    finally:
        portal.stop()


def active_ids(portal: SandboxPortal, count: int) -> list[int]:
    return [u["id"] for u in portal.users() if u["active"] and u["id"] >= 10][:count]


def notified(portal: SandboxPortal) -> Counter[int]:
    return Counter(n["user_id"] for n in portal.notifications())


def sends(portal: SandboxPortal) -> list[str]:
    return [r["rest_method"] for r in portal.requests() if r["rest_method"] != "user.get"]


def test_everyone_once_in_ceil_n_over_50_requests(crowded: SandboxPortal) -> None:
    people = active_ids(crowded, 120)
    with Client(crowded.webhook_url) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi {NAME}"), pacer=pacer)
        assert [len(b) for b in plan.batches] == [50, 50, 20]
        assert describe_plan(plan) == "120 recipients in 3 requests"
        report = BulkRun(client, plan, pacer=pacer).run()
    assert [o.user_id for o in report.sent] == people
    assert notified(crowded) == Counter(people)
    names = {u["id"]: u["first_name"] for u in crowded.users()}
    assert all(n["message"] == f"Hi {names[n['user_id']]}" for n in crowded.notifications())
    # one batch for the user data (120 ids in 3 commands), then one batch per 50 recipients
    assert sends(crowded) == ["batch"] * 4
    assert report.requests == 3
    assert report.summary()["counts"] == {"sent": 120, "refused": 0, "not_sent": 0, "unknown": 0}


def test_one_recipient_goes_the_simple_way(sandbox: SandboxPortal) -> None:
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [Recipient(3)], Notification(0, "Hi {NAME}"))
        report = BulkRun(client, plan).run()
    (outcome,) = report.outcomes
    assert outcome.status is Status.SENT and outcome.notification_id == sandbox.inbox(3)[0]["id"]
    assert sends(sandbox) == ["batch", "im.notify.personal.add"]  # user data, then the send


def test_refused_recipients_are_explained(sandbox: SandboxPortal) -> None:
    people = [2, sandbox.inactive_user_id, sandbox.missing_user_id, 3]
    with Client(sandbox.webhook_url) as client:
        report = BulkRun(client, plan_bulk(client, people, Notification(0, "Hi"))).run()
    assert [o.user_id for o in report.sent] == [2, 3]
    refused = {o.user_id: o for o in report.refused}
    assert set(refused) == {sandbox.inactive_user_id, sandbox.missing_user_id}
    assert all(o.code == RESULT_FALSE and "result: false" in o.reason for o in refused.values())


def test_a_command_refused_with_a_code_keeps_it(sandbox: SandboxPortal) -> None:
    limited = sandbox.limited_webhook_url  # no im scope: each command is refused
    with Client(limited) as client:
        report = BulkRun(client, plan_bulk(client, [2, 3], Notification(0, "Hi"))).run()
    assert {o.code for o in report.refused} == {"insufficient_scope"}
    assert all("'im'" in o.reason for o in report.refused)


def test_csv_values_fill_placeholders_without_asking_the_portal(sandbox: SandboxPortal) -> None:
    people = [Recipient(2, {"CITY": "Berlin"}), Recipient(3, {"CITY": "Москва"})]
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, people, Notification(0, "{CITY}", tag="t{ID}"))
        BulkRun(client, plan).run()
    assert [n["message"] for n in sandbox.notifications()] == ["Berlin", "Москва"]
    assert sends(sandbox) == ["batch"]


def test_full_name_alone_asks_the_portal(sandbox: SandboxPortal) -> None:
    # FULL_NAME was taken for a value known without the portal: alone, it was never fetched
    # and every send was refused as "no user field of the portal is called FULL_NAME"
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [2, 3], Notification(0, "Hi {FULL_NAME} ({ID})"))
        report = BulkRun(client, plan, pacer=fake_pacer()).run()
    assert len(report.sent) == 2
    people = {u["id"]: f"{u['first_name']} {u['last_name']}" for u in sandbox.users()}
    assert sorted(n["message"] for n in sandbox.notifications()) == sorted(
        f"Hi {people[uid]} ({uid})" for uid in (2, 3)
    )


def test_doubled_braces_are_literal_braces_without_placeholders(sandbox: SandboxPortal) -> None:
    # without any placeholder the text went as typed: "{{x}}" reached the recipients doubled
    note = Notification(0, "Use {{x}} here", tag="t{{1}}", attachments=[{"MESSAGE": "a }}"}])
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [2, 3], note)
        report = BulkRun(client, plan, pacer=fake_pacer()).run()
    assert len(report.sent) == 2
    assert [n["message"] for n in sandbox.notifications()] == ["Use {x} here"] * 2
    assert plan.requests[1].params["TAG"] == "t{1}"
    assert plan.requests[1].params["ATTACH"] == [{"MESSAGE": "a }"}]


def test_a_missing_value_is_found_before_anything_is_sent(sandbox: SandboxPortal) -> None:
    people = [Recipient(2, {"CITY": "Berlin"}), Recipient(3, {"CITY": ""}), Recipient(4)]
    with Client(sandbox.webhook_url) as client, pytest.raises(InputError) as caught:
        plan_bulk(client, people, Notification(0, "Hi {NAME} from {CITY}"))
    assert "{CITY} has no value for user 3, 4" in str(caught.value)
    assert sandbox.notifications() == []
    assert "im.notify.personal.add" not in str(sandbox.requests())


def test_a_bad_personalised_request_names_its_recipient(sandbox: SandboxPortal) -> None:
    people = [Recipient(2, {"URL": "https://ok.test"}), Recipient(3, {"URL": "ftp://no.test"})]
    attach = [{"LINK": {"NAME": "x", "LINK": "{URL}"}}]
    with Client(sandbox.webhook_url) as client, pytest.raises(InputError) as caught:
        plan_bulk(client, people, Notification(0, "Hi", attachments=attach))
    assert "user 3:" in str(caught.value)
    assert "user 2:" not in str(caught.value)
    assert sandbox.requests() == []


def test_a_batch_refused_with_503_is_sent_again_and_nobody_twice(crowded: SandboxPortal) -> None:
    people = active_ids(crowded, 120)
    crowded.inject("503", count=3, method="batch")
    with Client(crowded.webhook_url, max_attempts=1) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi"), pacer=pacer)
        report = BulkRun(client, plan, pacer=pacer).run()
    assert len(report.sent) == 120
    assert notified(crowded) == Counter(people)
    assert report.requests == 3 + 3  # three 503s, then the three batches
    assert pacer.waited > 0  # it slowed down


def test_the_run_stops_when_the_portal_keeps_answering_503(sandbox: SandboxPortal) -> None:
    sandbox.inject("503", count=1000, method="batch")
    with Client(sandbox.webhook_url, max_attempts=1) as client:
        clock = FakeClock()
        pacer = Pacer(STANDARD, clock=clock, sleep=clock.sleep, max_refusals=4)
        report = BulkRun(client, plan_bulk(client, [2, 3], Notification(0, "x")), pacer=pacer).run()
    assert [o.status for o in report.outcomes] == [Status.NOT_SENT] * 2
    assert {o.code for o in report.outcomes} == {"QUERY_LIMIT_EXCEEDED"}
    assert "503" in report.stopped
    assert sandbox.notifications() == []


@pytest.mark.parametrize("fault", ["drop", "invalid_json", "empty"])
def test_an_unknown_batch_is_never_sent_again(crowded: SandboxPortal, fault: str) -> None:
    people = active_ids(crowded, 120)
    with Client(crowded.webhook_url) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi"), pacer=pacer)
        crowded.inject(fault, method="batch")  # the first send batch: carried out, answer lost
        report = BulkRun(client, plan, pacer=pacer).run()
    assert [o.user_id for o in report.unknown] == people[:50]
    assert all("check before sending again" in o.reason for o in report.unknown)
    assert [o.user_id for o in report.sent] == people[50:]
    assert notified(crowded) == Counter(people)  # each exactly once: nobody got two
    assert retry_plan(plan, report) is None  # the unknown ones are never retried


def test_retry_failed_sends_only_to_the_refused(sandbox: SandboxPortal) -> None:
    people = [2, 3, sandbox.inactive_user_id, 4]
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, people, Notification(0, "Hi"))
        sandbox.inject("drop", method="batch")
        first = BulkRun(client, plan).run()
        assert len(first.unknown) == 4
        assert retry_plan(plan, first) is None
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [5, sandbox.inactive_user_id, 6], Notification(0, "Hi"))
        report = BulkRun(client, plan).run()
        again = retry_plan(plan, report)
        assert again is not None and again.recipients == [sandbox.inactive_user_id]
        assert again.requests[0] is plan.request_for(sandbox.inactive_user_id)
        BulkRun(client, again).run()
    assert notified(sandbox)[5] == 1 and notified(sandbox)[6] == 1


def test_cancel_finishes_the_request_in_flight_and_sends_no_more(crowded: SandboxPortal) -> None:
    people = active_ids(crowded, 120)
    seen: list[list[Outcome]] = []
    with Client(crowded.webhook_url) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi"), pacer=pacer)
        run = BulkRun(
            client, plan, pacer=pacer, on_outcomes=lambda o: (seen.append(o), run.cancel())
        )
        report = run.run()
    assert report.cancelled
    assert [o.user_id for o in report.sent] == people[:50]
    assert all(o.status is Status.NOT_SENT and o.code == CANCELLED for o in report.outcomes[50:])
    assert len(crowded.notifications()) == 50
    assert [len(batch) for batch in seen] == [50, 70]  # the sent, then the not sent


def test_cancel_from_another_thread_during_a_wait(crowded: SandboxPortal) -> None:
    people = active_ids(crowded, 120)
    waiting = threading.Event()

    class Watched(Pacer):
        def _wait(self, seconds: float) -> bool:
            if seconds > 0:
                waiting.set()
            return super()._wait(seconds)

    with Client(crowded.webhook_url) as client:
        pacer = Watched(STANDARD)
        plan = plan_bulk(client, people, Notification(0, "Hi"), user_data={})
        pacer._level = 50.0  # the portal's bucket is full: the first send must wait
        run = BulkRun(client, plan, pacer=pacer)
        worker = threading.Thread(target=lambda: results.append(run.run()))
        results: list[Any] = []
        worker.start()
        assert waiting.wait(10)
        run.cancel()
        worker.join(10)
    (report,) = results
    assert report.cancelled and report.requests == 0 and crowded.notifications() == []


def test_cancel_during_the_clients_503_wait_sends_nothing_more(crowded: SandboxPortal) -> None:
    # the client waits to try a 503-refused batch again; a cancel then used to let it wait on
    # and send the batch after all
    people = active_ids(crowded, 120)
    runs: list[BulkRun] = []
    with Client(crowded.webhook_url, on_retry=lambda *_: runs[0].cancel()) as client:
        plan = plan_bulk(client, people, Notification(0, "Hi"), user_data={})
        crowded.inject("503", method="batch")
        runs.append(BulkRun(client, plan, pacer=fake_pacer()))
        report = runs[0].run()
    assert report.cancelled
    assert crowded.notifications() == []
    assert [o.status for o in report.outcomes] == [Status.NOT_SENT] * 120
    assert retry_plan(plan, report) is not None  # not carried out: safe to send again


def test_progress_and_outcomes_hooks(crowded: SandboxPortal, expected_logs: Any) -> None:
    people = active_ids(crowded, 60)
    progress: list[Progress] = []
    expected_logs.expect("the on_outcomes callback failed", logger="b24notify.bulk")

    def broken(outcomes: list[Outcome]) -> None:
        raise RuntimeError("the history is down")

    with Client(crowded.webhook_url) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi"), pacer=pacer)
        report = BulkRun(
            client, plan, pacer=pacer, on_progress=progress.append, on_outcomes=broken
        ).run()
    assert len(report.sent) == 60  # the failing hook did not stop the run
    assert [p.done for p in progress] == [50, 60]
    assert progress[-1].sent == 60 and progress[-1].seconds_left == 0.0
    assert progress[-1].requests == 2


def test_a_refused_batch_stops_the_run(sandbox: SandboxPortal) -> None:
    wrong = sandbox.webhook_url.replace(sandbox.secret, "wrongsecret123")
    with Client(wrong) as client:
        plan = plan_bulk(client, list(range(2, 60)), Notification(0, "Hi"))
        report = BulkRun(client, plan).run()
    assert {o.status for o in report.outcomes[:50]} == {Status.REFUSED}
    assert {o.code for o in report.outcomes[:50]} == {"INVALID_CREDENTIALS"}
    assert {(o.status, o.code) for o in report.outcomes[50:]} == {
        (Status.NOT_SENT, "INVALID_CREDENTIALS")
    }
    assert report.stopped


def test_an_unreachable_portal_sends_nothing(sandbox: SandboxPortal) -> None:
    url = sandbox.webhook_url
    sandbox.stop()
    with Client(url) as client:
        report = BulkRun(client, plan_bulk(client, [2, 3], Notification(0, "Hi"))).run()
    assert {(o.status, o.code) for o in report.outcomes} == {(Status.NOT_SENT, NOT_SENT)}


def test_summary_shape(sandbox: SandboxPortal) -> None:
    with Client(sandbox.webhook_url) as client:
        report = BulkRun(client, plan_bulk(client, [2, 7], Notification(0, "Hi"))).run()
    summary = report.summary()
    assert summary["sent"] == [{"user_id": 2, "id": sandbox.inbox(2)[0]["id"]}]
    assert summary["failed"][0]["user_id"] == 7 and summary["failed"][0]["code"] == RESULT_FALSE
    assert summary["unknown"] == []


def test_several_connections_send_everyone_once(crowded: SandboxPortal) -> None:
    people = active_ids(crowded, 140)
    made: list[Client] = []

    def make() -> Client:
        made.append(Client(crowded.webhook_url))
        return made[-1]

    with Client(crowded.webhook_url) as client:
        pacer = fake_pacer()
        plan = plan_bulk(client, people, Notification(0, "Hi"), user_data={})
        crowded.inject("drop", method="batch")  # one of the three: carried out, answer lost
        report = BulkRun(client, plan, pacer=pacer, connections=3, make_client=make).run()
    unknown = [o.user_id for o in report.unknown]
    assert unknown in [people[:50], people[50:100], people[100:]]  # the batch that met the drop
    assert len(report.sent) + len(unknown) == 140
    assert notified(crowded) == Counter(people)  # each exactly once
    assert report.requests == 3
    assert 1 <= len(made) <= 2


@pytest.mark.parametrize("bad", [0, 17, True, "2"])
def test_connections_are_bounded(sandbox: SandboxPortal, bad: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [2, 3], Notification(0, "Hi"))
        with pytest.raises(InputError, match="connections"):
            BulkRun(client, plan, connections=bad, make_client=lambda: client)


def test_recipients_are_checked_ids(sandbox: SandboxPortal) -> None:
    with Client(sandbox.webhook_url) as client:
        with pytest.raises(InputError, match="whole number"):
            plan_bulk(client, [2, "x"], Notification(0, "Hi"))  # type: ignore[list-item]
        with pytest.raises(InputError, match="at least one recipient"):
            plan_bulk(client, [], Notification(0, "Hi"))
        plan = plan_bulk(client, [3, 2, 3, Recipient(2, {"A": "b"})], Notification(0, "Hi"))
    assert plan.recipients == [3, 2]


@pytest.mark.parametrize(
    "note",
    [
        Notification(0, "Hi & bye + 100%", tag="t", attachments=[{"MESSAGE": "a b"}]),
        Notification(0, "Hi {NAME}", sub_tag="s"),
    ],
)
def test_each_command_is_its_request_encoded(sandbox: SandboxPortal, note: Notification) -> None:
    from core.bulk import batch_command

    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [2, 3, 4], note)
    assert plan.commands == [batch_command(r) for r in plan.requests]
    assert [r.params["USER_ID"] for r in plan.requests] == [2, 3, 4]
