"""Retries that fit the portal's limits (core.rate_limits and the client's use of it).

Against the sandbox where it can play the part (503 faults, a 429 with a chosen reset); a tiny
loopback server plays what the sandbox does not: a 429 without a reset time of its own.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core.client import Client
from core.errors import Category, RateLimitError
from core.rate_limits import (
    RESET_GRACE,
    MethodLimits,
    duration,
    local_time,
    when_again,
)
from core.request import Notification
from core.result import Result

SEND = "im.notify.personal.add"


class Sleeps(list):
    """Records the waits the client asks for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _notify_calls(sandbox: Any) -> list[dict[str, Any]]:
    return [r for r in sandbox.requests() if str(r["rest_method"]).startswith("im.notify")]


# --- OVERLOAD_LIMIT: a block lifted by Bitrix24 support ------------------------------------------
def test_overload_limit_is_never_retried_and_says_who_lifts_it(sandbox: Any) -> None:
    sandbox.inject("503", count=1, code="OVERLOAD_LIMIT")
    sleeps, told = Sleeps(), []
    with (
        Client(sandbox.webhook_url, sleep=sleeps, on_retry=lambda *a: told.append(a)) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="blocked"))
    assert sleeps == [] and told == []
    assert len(_notify_calls(sandbox)) == 1  # the fault was for one call: a retry would have passed
    err = info.value
    assert err.code == "OVERLOAD_LIMIT" and err.category is Category.RATE_LIMIT
    assert "gave up" not in str(err)
    assert "support" in err.explanation and "helpdesk.bitrix24.com" in err.explanation
    assert "support" in err.advice and "will not help" in err.advice
    assert sandbox.inbox(2) == []


# --- OPERATION_TIME_LIMIT: remembered per method ------------------------------------------------
def test_a_paused_method_is_not_called_again_until_its_reset(sandbox: Any) -> None:
    sandbox.inject("429", count=1, reset_in=600)
    now = [time.time()]
    limits = MethodLimits(lambda: now[0])
    options: dict[str, Any] = {"sleep": Sleeps(), "clock": lambda: now[0], "limits": limits}
    with Client(sandbox.webhook_url, **options) as client, pytest.raises(RateLimitError):
        client.send_personal(Notification(user_id=2, text="first"))
    assert len(_notify_calls(sandbox)) == 1
    # A later client sharing the memory (the window's next send) sends nothing to that method...
    with Client(sandbox.webhook_url, **options) as client:
        with pytest.raises(RateLimitError) as info:
            client.send_personal(Notification(user_id=2, text="second"))
        assert len(_notify_calls(sandbox)) == 1
        assert "nothing was sent" in str(info.value) and SEND in str(info.value)
        assert info.value.http_status is None and info.value.result is None
        assert "in 10 min" in info.value.advice and "(local time)" in info.value.advice
        # ...but other methods keep working,
        client.send_system(Notification(user_id=2, text="system"))
    assert len(_notify_calls(sandbox)) == 2
    # and once the reset has passed, the method is called again.
    now[0] += 700
    with Client(sandbox.webhook_url, **options) as client:
        client.send_personal(Notification(user_id=2, text="third"))
    assert [n["message"] for n in sandbox.inbox(2)] == ["system", "third"]


def test_a_near_reset_is_waited_for_and_announced(sandbox: Any) -> None:
    sandbox.inject("429", count=1, reset_in=1)
    sleeps, told = Sleeps(), []
    now = time.time()
    with Client(
        sandbox.webhook_url, sleep=sleeps, clock=lambda: now, on_retry=lambda *a: told.append(a)
    ) as client:
        result = client.send_personal(Notification(user_id=2, text="soon"))
    assert result.attempts == 2 and len(sandbox.inbox(2)) == 1
    [(code, seconds, attempt)] = told
    assert code == "OPERATION_TIME_LIMIT" and attempt == 2 and sleeps == [seconds]


# --- a 429 without a reset time: what successful answers said -----------------------------------
class _Script:
    """A loopback 'portal' answering POSTs from a list of (status, body) pairs, in order."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, Any]]] = []
        self.calls = 0
        script = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, body = script.answers[min(script.calls, len(script.answers) - 1)]
                script.calls += 1
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rest/1/secret1234/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def script() -> Iterator[_Script]:
    s = _Script()
    s.thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _ok(reset_at: float) -> tuple[int, dict[str, Any]]:
    return 200, {"result": 7, "time": {"start": 1.0, "operating_reset_at": reset_at}}


BLOCKED = (429, {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked"})


def test_a_bare_429_waits_for_the_reset_a_successful_answer_gave(script: _Script) -> None:
    now = 1_800_000_000.0
    script.answers = [_ok(now + 4), BLOCKED, _ok(now + 600)]
    sleeps = Sleeps()
    with Client(script.url, sleep=sleeps, clock=lambda: now) as client:
        client.send_personal(Notification(user_id=2, text="a"))
        result = client.send_personal(Notification(user_id=2, text="b"))
    assert result.attempts == 2 and script.calls == 3
    assert sleeps == [4 + RESET_GRACE]


def test_a_bare_429_with_a_far_remembered_reset_stops_and_says_when(script: _Script) -> None:
    now = 1_800_000_000.0
    script.answers = [_ok(now + 300), BLOCKED]
    with Client(script.url, sleep=Sleeps(), clock=lambda: now) as client:
        client.send_personal(Notification(user_id=2, text="a"))
        with pytest.raises(RateLimitError) as info:
            client.send_personal(Notification(user_id=2, text="b"))
    assert script.calls == 2
    assert f"at about {local_time(now + 300, now)} (local time), in 5 min" in info.value.advice


def test_a_bare_429_with_nothing_remembered_stops_at_once(script: _Script) -> None:
    script.answers = [BLOCKED]
    sleeps = Sleeps()
    with Client(script.url, sleep=sleeps) as client, pytest.raises(RateLimitError) as info:
        client.send_personal(Notification(user_id=2, text="a"))
    assert sleeps == [] and script.calls == 1
    assert "a few minutes" in info.value.advice


# --- the memory and the words -------------------------------------------------------------------
def _answer(method: str, raw: dict[str, Any], status: int = 200) -> Result:
    return Result(method, status, raw, json.dumps(raw), 0.0)


def test_the_memory_is_per_method_and_a_success_ends_a_pause() -> None:
    now = [1000.0]
    limits = MethodLimits(lambda: now[0])
    limits.observe(_answer(SEND, {"result": 1, "time": {"operating_reset_at": 1300}}))
    assert limits.reset_at(SEND) == 1300 and limits.paused_until(SEND) is None
    limits.observe(_answer(SEND, {"error": "OPERATION_TIME_LIMIT"}, 429))
    assert limits.paused_until(SEND) == 1300  # no reset of its own: the remembered one
    assert limits.paused_until("im.notify.system.add") is None
    now[0] = 1301
    assert limits.paused_until(SEND) is None  # past
    now[0] = 1000
    limits.observe(_answer(SEND, {"result": 2}))
    assert limits.paused_until(SEND) is None


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0 s"), (45, "45 s"), (89, "89 s"), (600, "10 min"), (7500, "2 h 5 min")],
)
def test_durations_in_round_words(seconds: float, words: str) -> None:
    assert duration(seconds) == words


def test_local_time_adds_the_date_when_not_today() -> None:
    now = time.mktime((2026, 5, 14, 12, 0, 0, 0, 0, -1))
    assert local_time(now + 3600, now) == "13:00:00"
    assert local_time(now + 86400, now) == "2026-05-15 12:00:00"


def test_when_again() -> None:
    assert "a few minutes" in when_again(None, 100.0)
    assert "over now" in when_again(50.0, 100.0)
    assert "in 2 min" in when_again(220.0, 100.0)
