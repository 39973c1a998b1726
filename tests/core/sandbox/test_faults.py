"""Injected faults: what a client must survive (issue 3 "Fault injection")."""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import pytest

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import call, request

ADD = "im.notify.personal.add"
NOTE = {"USER_ID": 2, "MESSAGE": "hello"}


def send(portal: SandboxPortal, **kwargs: object) -> object:
    return call(portal.webhook_url, ADD, NOTE, **kwargs)


def test_latency_delays_a_normal_answer(sandbox: SandboxPortal) -> None:
    sandbox.inject("latency", seconds=0.2)
    answer = send(sandbox)
    assert answer.status == 200 and isinstance(answer.result, int)
    assert sandbox.requests()[-1]["fault"] == "latency"
    assert send(sandbox).status == 200  # count=1: only the next call


def test_next_n_calls_answer_503(sandbox: SandboxPortal) -> None:
    sandbox.inject("503", count=2)
    first, second, third = send(sandbox), send(sandbox), send(sandbox)
    assert (first.status, second.status, third.status) == (503, 503, 200)
    assert first.json == {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    assert len(sandbox.inbox(2)) == 1  # the refused calls created nothing


def test_503_can_be_overload_limit(sandbox: SandboxPortal) -> None:
    sandbox.inject("503", code="OVERLOAD_LIMIT")
    assert send(sandbox).json == {
        "error": "OVERLOAD_LIMIT",
        "error_description": "REST API is blocked due to overload",
    }


def test_429_carries_operating_reset_at(sandbox: SandboxPortal) -> None:
    sandbox.inject("429", reset_in=5)
    before = time.time()
    answer = send(sandbox)
    assert answer.status == 429
    assert answer.error == "OPERATION_TIME_LIMIT"
    assert answer.json["error_description"] == "Method is blocked due to operation time limit."
    assert answer.json["time"]["operating_reset_at"] >= int(before) + 5
    assert sandbox.notifications() == []


def test_html_502_page(sandbox: SandboxPortal) -> None:
    sandbox.inject("html502")
    answer = send(sandbox)
    assert answer.status == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert b"<html>" in answer.body
    with pytest.raises(json.JSONDecodeError):
        _ = answer.json
    assert sandbox.notifications() == []


def test_html_502_after_processing(sandbox: SandboxPortal) -> None:
    sandbox.inject("html502", process=True)
    assert send(sandbox).status == 502
    assert len(sandbox.inbox(2)) == 1


def test_invalid_json_after_the_notification_was_created(sandbox: SandboxPortal) -> None:
    sandbox.inject("invalid_json")
    answer = send(sandbox)
    assert answer.status == 200
    with pytest.raises(json.JSONDecodeError):
        _ = answer.json
    assert len(sandbox.inbox(2)) == 1


def test_empty_body(sandbox: SandboxPortal) -> None:
    sandbox.inject("empty")
    answer = send(sandbox)
    assert (answer.status, answer.body) == (200, b"")
    assert len(sandbox.inbox(2)) == 1


def test_empty_body_without_processing(sandbox: SandboxPortal) -> None:
    sandbox.inject("empty", process=False, status=500)
    assert send(sandbox).status == 500
    assert sandbox.notifications() == []


def test_dropped_connection_after_processing(sandbox: SandboxPortal) -> None:
    sandbox.inject("drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        send(sandbox)
    # realistic worst case: the portal did the work, the answer was lost
    assert len(sandbox.inbox(2)) == 1
    assert sandbox.requests()[-1]["status"] is None
    assert send(sandbox).status == 200


def test_dropped_connection_without_processing(sandbox: SandboxPortal) -> None:
    sandbox.inject("drop", process=False)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        send(sandbox)
    assert sandbox.notifications() == []


def test_hang_outlasts_the_client_timeout_and_stop_is_not_blocked() -> None:
    portal = SandboxPortal().start()
    try:
        portal.inject("hang", seconds=120)
        with pytest.raises(TimeoutError):
            call(portal.webhook_url, ADD, NOTE, timeout=0.3)
        assert len(portal.inbox(2)) == 1  # processed before hanging
    finally:
        started = time.monotonic()
        portal.stop()
        assert time.monotonic() - started < 10  # generous: the hang is 120 s
    assert not [t for t in threading.enumerate() if t.name.startswith("b24notify-sandbox")]


def test_hang_then_answer(sandbox: SandboxPortal) -> None:
    sandbox.inject("hang", seconds=0.2)
    assert send(sandbox, timeout=10).status == 200


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_to_a_second_working_address(sandbox: SandboxPortal, status: int) -> None:
    sandbox.inject("redirect", status=status)
    answer = request(sandbox.webhook_url + ADD + ".json?x=1", json_body=NOTE)
    assert answer.status == status
    location = answer.headers["Location"]
    assert location == sandbox.moved_webhook_url + ADD + ".json?x=1"
    assert urlsplit(location).netloc != urlsplit(sandbox.url).netloc
    assert sandbox.notifications() == []
    again = request(location, json_body=NOTE)  # a careful client re-POSTs the same body
    assert again.status == 200 and isinstance(again.result, int)
    assert len(sandbox.inbox(2)) == 1
    assert sandbox.requests()[-1]["address"] == "moved"


def test_redirect_to_a_given_location(sandbox: SandboxPortal) -> None:
    sandbox.inject("redirect", location="https://new-portal.example.com")
    location = send(sandbox).headers["Location"]
    assert location.startswith("https://new-portal.example.com/rest/1/")


def test_redirect_with_a_page_padded_to_size(sandbox: SandboxPortal) -> None:
    size = 200_000  # several of the server's 64 KiB pieces
    sandbox.inject("redirect", size=size)
    answer = send(sandbox)
    assert answer.status == 302 and answer.headers["Location"].startswith(sandbox.moved_url)
    assert len(answer.body) == size and answer.body.rstrip(b" ").endswith(b"</html>")
    assert answer.headers.get("Transfer-Encoding") == "chunked"
    assert sandbox.notifications() == []


def test_fault_limited_to_one_method(sandbox: SandboxPortal) -> None:
    sandbox.inject("503", method=ADD)
    assert call(sandbox.webhook_url, "profile").status == 200
    assert send(sandbox).status == 503
    assert send(sandbox).status == 200


def test_faults_apply_in_order(sandbox: SandboxPortal) -> None:
    sandbox.inject("503")
    sandbox.inject("429")
    assert [send(sandbox).status for _ in range(3)] == [503, 429, 200]


def test_clear_faults(sandbox: SandboxPortal) -> None:
    sandbox.inject("503", count=5)
    assert sandbox.faults()[0]["count"] == 5
    sandbox.clear_faults()
    assert send(sandbox).status == 200


@pytest.mark.parametrize(
    ("fault", "opts"),
    [
        ("teleport", {}),
        ("503", {"count": 0}),
        ("latency", {"seconds": -1}),
        ("redirect", {"status": 303}),
        ("503", {"colour": "red"}),
        ("503", {"code": "NOPE"}),
        ("503", {"code": ["QUERY_LIMIT_EXCEEDED"]}),
        ("latency", {"seconds": 1e300}),
        ("latency", {"seconds": float("nan")}),
        ("latency", {"seconds": float("inf")}),
        ("hang", {"seconds": 3601}),
        ("hang", {"seconds": "5"}),
        ("hang", {"seconds": True}),
        ("429", {"reset_in": float("-inf")}),
        ("429", {"reset_in": 1e12}),
        ("503", {"count": 10**12}),
        ("503", {"count": 2.0}),
        ("drop", {"process": "yes"}),
        ("empty", {"status": 99_999}),
        ("redirect", {"location": "https://x.example/\r\nSet-Cookie: a=b"}),
        ("503", {"method": 5}),
        ("redirect", {"size": -1}),
        ("redirect", {"size": 65 * 1024 * 1024}),
        ("huge", {"size": 0}),
        ("huge", {"size": 65 * 1024 * 1024}),
        ("huge", {"size": 1.5}),
        ("huge", {"chunked": "yes"}),
        ("huge", {"seconds": 1}),
    ],
)
def test_bad_faults_are_refused(sandbox: SandboxPortal, fault: str, opts: dict) -> None:
    with pytest.raises(ValueError):
        sandbox.inject(fault, **opts)


def test_faults_over_http(sandbox: SandboxPortal) -> None:
    url = sandbox.url + "/sandbox/faults"
    answer = request(url, json_body=[{"fault": "503", "count": 2}, {"fault": "empty"}])
    assert answer.status == 200
    assert [f["fault"] for f in answer.result] == ["503", "empty"]
    assert request(url, method="GET").result[0]["count"] == 2
    assert send(sandbox).status == 503
    assert request(url, method="DELETE").result == []
    assert send(sandbox).status == 200


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"fault": "latency", "seconds": 1e300}', "seconds"),
        (b'{"fault": "hang", "seconds": NaN}', "not readable JSON"),
        (b'{"fault": "hang", "seconds": Infinity}', "not readable JSON"),
        (b'{"fault": "hang", "seconds": 1e400}', "not readable JSON"),
        (b'{"fault": "latency", "seconds": -1}', "seconds"),
        (b'{"fault": "429", "reset_in": 1e20}', "reset_in"),
        (b'{"fault": "503", "count": 1e300}', "count"),
        (b'{"fault": "503", "count": ' + b"9" * 5000 + b"}", "not readable JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"fault": "503", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested deeper"),
    ],
    ids=[
        "1e300", "nan", "infinity", "overflow", "negative", "reset-1e20", "count-float",
        "count-5000-digits", "100k-deep", "100k-deep-inside",
    ],
)  # fmt: skip
def test_absurd_faults_over_http_are_400_and_nothing_is_queued(
    sandbox: SandboxPortal, body: bytes, words: str
) -> None:
    answer = request(sandbox.url + "/sandbox/faults", body=body)
    assert (answer.status, answer.error) == (400, "INVALID_FAULT")
    assert words in answer.json["error_description"]
    assert sandbox.faults() == []
    assert send(sandbox).status == 200  # and the next call is served normally


def test_bad_fault_over_http_is_400(sandbox: SandboxPortal) -> None:
    answer = request(sandbox.url + "/sandbox/faults", json_body={"fault": "teleport"})
    assert (answer.status, answer.error) == (400, "INVALID_FAULT")
    assert "teleport" in answer.json["error_description"]
    garbage = request(sandbox.url + "/sandbox/faults", body=b"{nope")
    assert garbage.status == 400 and '{"fault": "503"' in garbage.json["error_description"]


@pytest.mark.parametrize("chunked", [True, False])
def test_a_huge_answer_is_the_real_one_padded_after_the_work_is_done(
    sandbox: SandboxPortal, chunked: bool
) -> None:
    size = 300_000  # several of the server's 64 KiB pieces when chunked
    sandbox.inject("huge", size=size, chunked=chunked)
    answer = send(sandbox)
    assert answer.status == 200 and len(answer.body) == size
    assert ("Content-Length" not in answer.headers) is chunked
    assert (answer.headers.get("Transfer-Encoding") == "chunked") is chunked
    assert isinstance(answer.result, int)  # still the portal's JSON answer, spaces after it
    assert len(sandbox.inbox(2)) == 1  # the call was carried out
    assert len(send(sandbox).body) < 1000  # count=1: only the next call
