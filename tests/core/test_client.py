"""The client over real HTTP against the sandbox portal on 127.0.0.1: successes, refusals, faults.

No transport is mocked: every test sends real requests and then asks the sandbox what arrived.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import tracemalloc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.address import parse_endpoint
from core.blocks import file_block, picture_block
from core.client import Client, decode_body, parse_json, same_origin, unusable
from core.errors import (
    B24NotifyError,
    CancelledError,
    Category,
    CredentialsError,
    InputError,
    NotSentError,
    OutcomeUnknownError,
    PermissionDeniedError,
    PortalError,
    PortalInputError,
    PortalMovedError,
    PortalServerError,
    RateLimitError,
    RecipientUnavailableError,
)
from core.rate_limits import RESET_GRACE, SHORT_RESET_WAIT, local_time
from core.request import Notification
from core.result import Result
from core.version import __version__
from tests.core._recorder import recorder

IMAGE = "https://ci.example.com/chart.png"
FILE = "https://ci.example.com/report.pdf"


def _recipient(sandbox: Any) -> int:
    return next(u["id"] for u in sandbox.users() if u["active"] and u["id"] != 1)


def _inactive(sandbox: Any) -> int:
    return next(u["id"] for u in sandbox.users() if not u["active"])


def _secrets(sandbox: Any) -> list[str]:
    webhook = parse_endpoint(sandbox.webhook_url)
    limited = parse_endpoint(sandbox.limited_webhook_url)
    return [
        webhook.secret,
        limited.secret,
        sandbox.app_token,
        sandbox.expired_token,
        sandbox.refresh_token,
        sandbox.client_secret,
    ]


def _assert_no_secret(sandbox: Any, *texts: object) -> None:
    for text in texts:
        for secret in _secrets(sandbox):
            assert secret not in str(text), f"a secret leaked into {str(text)[:80]!r}"


def _assert_clean_error(sandbox: Any, err: B24NotifyError) -> None:
    _assert_no_secret(sandbox, str(err), repr(err), err.explanation, err.advice, err.args)
    assert "\n" not in str(err)


class Sleeps(list):
    """Records the waits the client asks for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _notify_calls(sandbox: Any) -> list[dict[str, Any]]:
    return [r for r in sandbox.requests() if str(r["rest_method"]).startswith("im.notify")]


# --- success ------------------------------------------------------------------------------------
def test_text_tag_picture_and_file_arrive_exactly(sandbox: Any) -> None:
    user = _recipient(sandbox)
    note = Notification(
        user_id=user,
        text="Build [b]#42[/b] failed",
        tag="ci-42",
        attachments=[picture_block("chart", IMAGE), file_block("report.pdf", FILE)],
    )
    with Client(sandbox.webhook_url) as client:
        result = client.send_personal(note)

    assert result.http_status == 200
    assert isinstance(result.notification_id, int)
    assert result.raw["result"] == result.notification_id
    assert result.time is not None and "operating_reset_at" in result.time
    assert result.attempts == 1 and result.redirected_to is None
    assert result.elapsed > 0 and result.round_trip is not None

    # What went over the wire: a JSON POST (USER_ID stays an int) naming b24notify.
    (logged,) = sandbox.requests()
    assert logged["http_method"] == "POST" and logged["rest_method"] == "im.notify.personal.add"
    assert logged["content_type"].startswith("application/json")
    assert logged["user_agent"] == f"b24notify/{__version__}"
    assert logged["params"]["USER_ID"] == user and logged["params"]["TAG"] == "ci-42"

    inbox = sandbox.inbox(user)
    assert len(inbox) == 1
    got = inbox[0]
    assert got["id"] == result.notification_id
    assert got["message"] == "Build [b]#42[/b] failed"
    assert got["tag"] == "ci-42"
    assert got["client_id"] == "b24notify"  # webhook + tag: the default CLIENT_ID went along
    assert got["type"] == "USER" and got["author_id"] == 1
    attach = str(got["attach"])
    assert IMAGE in attach and FILE in attach and "report.pdf" in attach


def test_token_mode_sends_auth_in_the_body(sandbox: Any) -> None:
    user = _recipient(sandbox)
    with Client(sandbox.url, sandbox.app_token) as client:
        result = client.send_personal(Notification(user_id=user, text="via app"))
    assert sandbox.inbox(user)[0]["id"] == result.notification_id


def test_system_notification_has_no_author(sandbox: Any) -> None:
    user = _recipient(sandbox)
    with Client(sandbox.webhook_url) as client:
        client.send_system(Notification(user_id=user, text="maintenance at 22:00"))
    got = sandbox.inbox(user)[0]
    assert got["type"] == "SYSTEM" and got["author_id"] is None


def test_delete_by_id_and_by_tag(sandbox: Any) -> None:
    user = _recipient(sandbox)
    recipient = sandbox.add_webhook(["im"], user_id=user)  # only the recipient deletes by id
    with Client(sandbox.webhook_url) as client, Client(recipient) as own:
        first = client.send_personal(Notification(user_id=user, text="one"))
        client.send_personal(Notification(user_id=user, text="two", tag="t"))
        assert len(sandbox.inbox(user)) == 2
        assert own.delete(id=first.notification_id).value is True
        assert [n["message"] for n in sandbox.inbox(user)] == ["two"]
        assert client.delete(tag="t").value is True
    assert sandbox.inbox(user) == []


def test_deleting_an_unknown_id_is_a_portal_answer(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(PortalInputError) as info:
        client.delete(id=987654)
    assert info.value.result is not None and info.value.result.raw["result"] is False


# --- refusals -----------------------------------------------------------------------------------
def test_wrong_secret_is_a_credentials_error(sandbox: Any) -> None:
    endpoint = parse_endpoint(sandbox.webhook_url)
    wrong = sandbox.webhook_url.replace(endpoint.secret, "x" + endpoint.secret[1:][::-1])
    with Client(wrong) as client, pytest.raises(CredentialsError) as info:
        client.send_personal(Notification(user_id=2, text="hi"))
    err = info.value
    assert err.category is Category.CREDENTIALS
    assert err.code in ("INVALID_CREDENTIALS", "NO_AUTH_FOUND")
    assert err.result is not None and err.result.error_code == err.code
    _assert_clean_error(sandbox, err)
    assert parse_endpoint(wrong).secret not in str(err) + repr(err) + err.explanation


def test_a_url_missing_its_user_id_is_refused_before_sending(sandbox: Any) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret
    with pytest.raises(InputError) as info:
        Client(f"{sandbox.url}/rest/{secret}/")
    assert info.value.problems[0].field == "url"
    assert sandbox.requests() == []
    _assert_clean_error(sandbox, info.value)


def test_missing_im_scope_is_a_permission_error(sandbox: Any) -> None:
    with (
        Client(sandbox.limited_webhook_url) as client,
        pytest.raises(PermissionDeniedError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="hi"))
    assert info.value.code == "insufficient_scope"
    assert "im" in info.value.advice
    _assert_clean_error(sandbox, info.value)


def test_result_false_for_an_inactive_user(sandbox: Any) -> None:
    user = _inactive(sandbox)
    with Client(sandbox.webhook_url) as client, pytest.raises(RecipientUnavailableError) as info:
        client.send_personal(Notification(user_id=user, text="are you there?"))
    err = info.value
    assert err.result is not None and err.result.raw["result"] is False
    assert err.category is Category.INPUT
    assert sandbox.inbox(user) == []


def test_invalid_input_sends_nothing(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(InputError) as info:
        client.send_personal(Notification(user_id="abc", text="   "))
    assert {p.field for p in info.value.problems} >= {"user", "text"}
    assert sandbox.requests() == []


# --- OAuth refresh ------------------------------------------------------------------------------
def test_expired_token_without_refresh_data_explains_itself(sandbox: Any) -> None:
    with Client(sandbox.url, sandbox.expired_token) as client, pytest.raises(CredentialsError) as e:
        client.send_personal(Notification(user_id=2, text="hi"))
    assert e.value.code == "expired_token"
    assert "token" in e.value.advice.lower()
    _assert_clean_error(sandbox, e.value)


def test_expired_token_is_refreshed_once_and_the_call_repeated(sandbox: Any) -> None:
    from core.oauth import OAuthCredentials

    stored: list[Any] = []
    oauth = OAuthCredentials(
        sandbox.client_id, sandbox.client_secret, sandbox.refresh_token, sandbox.oauth_url
    )
    old_refresh = sandbox.refresh_token
    user = _recipient(sandbox)
    with Client(sandbox.url, sandbox.expired_token, oauth=oauth, on_tokens=stored.append) as c:
        result = c.send_personal(Notification(user_id=user, text="after refresh"))
        assert len(stored) == 1
        pair = stored[0]
        assert pair.access_token and pair.access_token != sandbox.expired_token
        assert pair.refresh_token and pair.refresh_token != old_refresh
        assert c.endpoint.token == pair.access_token
        assert c.tokens is pair
        assert pair.access_token not in repr(c) + repr(pair)
        # The new token keeps working without another refresh.
        c.send_personal(Notification(user_id=user, text="second"))
        assert len(stored) == 1
    assert [n["message"] for n in sandbox.inbox(user)] == ["after refresh", "second"]
    assert result.attempts == 2


def test_a_refused_refresh_is_a_credentials_error_and_nothing_is_sent(sandbox: Any) -> None:
    from core.oauth import OAuthCredentials

    oauth = OAuthCredentials(sandbox.client_id, "wrong-secret-123456", sandbox.refresh_token,
                             sandbox.oauth_url)  # fmt: skip
    user = _recipient(sandbox)
    with (
        Client(sandbox.url, sandbox.expired_token, oauth=oauth) as client,
        pytest.raises(CredentialsError) as info,
    ):
        client.send_personal(Notification(user_id=user, text="hi"))
    assert "refresh" in str(info.value).lower()
    assert "wrong-secret-123456" not in str(info.value) + info.value.explanation
    assert sandbox.inbox(user) == []


def test_an_oversized_oauth_answer_refreshes_nothing_and_sends_nothing(sandbox: Any) -> None:
    from core.oauth import OAuthCredentials

    # The OAuth server's answer: the real token pair, padded past 16 MiB, sent piece by piece.
    sandbox.inject("huge", method="oauth/token", size=17 * 1024 * 1024)
    oauth = OAuthCredentials(
        sandbox.client_id, sandbox.client_secret, sandbox.refresh_token, sandbox.oauth_url
    )
    user = _recipient(sandbox)
    with (
        Client(sandbox.url, sandbox.expired_token, oauth=oauth) as client,
        pytest.raises(NotSentError) as info,
    ):
        client.send_personal(Notification(user_id=user, text="hi"))
    assert "larger than 16 MiB" in str(info.value) and "nothing was sent" in str(info.value)
    assert sandbox.inbox(user) == []
    _assert_clean_error(sandbox, info.value)


# --- rate limits and retries --------------------------------------------------------------------
@pytest.mark.parametrize("code", ["QUERY_LIMIT_EXCEEDED"])  # OVERLOAD_LIMIT: test_rate_limits.py
def test_503_then_success_retries_with_a_wait(sandbox: Any, code: str) -> None:
    sandbox.inject("503", count=1, code=code)
    sleeps = Sleeps()
    told: list[tuple[str, float, int]] = []
    user = _recipient(sandbox)
    with Client(sandbox.webhook_url, sleep=sleeps, on_retry=lambda *a: told.append(a)) as client:
        result = client.send_personal(Notification(user_id=user, text="eventually"))
    assert result.attempts == 2
    assert sleeps == [1.0]
    assert told == [(code, 1.0, 2)]
    assert len(sandbox.inbox(user)) == 1


def test_retries_are_bounded_and_delays_grow(sandbox: Any) -> None:
    sandbox.inject("503", count=10)
    sleeps = Sleeps()
    user = _recipient(sandbox)
    with (
        Client(sandbox.webhook_url, sleep=sleeps, max_attempts=4) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.send_personal(Notification(user_id=user, text="never"))
    assert sleeps == [1.0, 2.0, 4.0]
    assert info.value.code == "QUERY_LIMIT_EXCEEDED" and info.value.http_status == 503
    assert "gave up after 4 attempts" in str(info.value)
    assert info.value.result is not None and info.value.result.attempts == 4
    assert len(_notify_calls(sandbox)) == 4
    assert sandbox.inbox(user) == []


def test_429_waits_until_operating_reset_at_when_it_is_seconds_away(sandbox: Any) -> None:
    sandbox.inject("429", count=1, reset_in=2)
    sleeps = Sleeps()
    user = _recipient(sandbox)
    now = time.time()  # the client's clock stands still: its waits are computed, never timed
    with Client(sandbox.webhook_url, sleep=sleeps, clock=lambda: now) as client:
        result = client.send_personal(Notification(user_id=user, text="later"))
    assert result.attempts == 2
    # The wait comes from operating_reset_at (2-3 s away, plus a second), not the 1 s base delay.
    [wait] = sleeps
    assert 3 < wait <= SHORT_RESET_WAIT + RESET_GRACE
    assert len(sandbox.inbox(user)) == 1


def test_429_too_far_away_is_reported_at_once_with_the_local_time(sandbox: Any) -> None:
    sandbox.inject("429", count=1, reset_in=600)
    sleeps = Sleeps()
    now = time.time()
    with (
        Client(sandbox.webhook_url, sleep=sleeps, clock=lambda: now) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="later"))
    assert sleeps == []
    assert info.value.code == "OPERATION_TIME_LIMIT" and info.value.http_status == 429
    assert info.value.result is not None and info.value.result.time is not None
    reset = info.value.result.time["operating_reset_at"]
    assert f"at about {local_time(reset, now)} (local time), in 10 min" in info.value.advice
    assert info.value.advice.startswith("Nothing was created.")
    assert len(_notify_calls(sandbox)) == 1


def test_cancel_interrupts_the_wait_between_retries(sandbox: Any) -> None:
    sandbox.inject("503", count=5)
    user = _recipient(sandbox)
    client = Client(sandbox.webhook_url, base_delay=30.0)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            client.send_personal(Notification(user_id=user, text="x"))
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    for _ in range(400):  # wait until the first refusal arrived, then cancel the 30 s wait
        if _notify_calls(sandbox):
            break
        threading.Event().wait(0.01)
    client.cancel()
    worker.join(timeout=20)  # a generous bound: without cancel() this would take 30 s
    client.close()
    assert not worker.is_alive()
    assert failure and isinstance(failure[0], CancelledError)
    assert len(_notify_calls(sandbox)) == 1


# --- answers that are not answers ---------------------------------------------------------------
def test_html_502_is_outcome_unknown_with_its_title(sandbox: Any) -> None:
    sandbox.inject("html502")
    with (
        Client(sandbox.webhook_url, sleep=Sleeps()) as client,
        pytest.raises(OutcomeUnknownError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="hi"))
    err = info.value
    assert err.reason == "html"
    assert "HTTP 502" in str(err) and "502 Bad Gateway" in str(err)
    assert err.result is not None and err.result.http_status == 502 and err.result.raw is None
    assert "may" in err.advice
    assert len(_notify_calls(sandbox)) == 1


@pytest.mark.parametrize(
    ("fault", "reason", "words"),
    [("invalid_json", "invalid_json", "not JSON"), ("empty", "empty_body", "an empty body")],
)
def test_a_body_that_is_no_answer_is_outcome_unknown(
    sandbox: Any, fault: str, reason: str, words: str
) -> None:
    sandbox.inject(fault)  # the portal carried the call out; only the answer is broken
    with Client(sandbox.webhook_url) as client, pytest.raises(OutcomeUnknownError) as info:
        client.send_personal(Notification(user_id=2, text="hi"))
    assert info.value.reason == reason and words in str(info.value)
    assert info.value.result is not None and info.value.result.http_status == 200
    assert len(_notify_calls(sandbox)) == 1 and len(sandbox.inbox(2)) == 1


def test_a_dropped_connection_is_never_resent(sandbox: Any) -> None:
    sandbox.inject("drop")
    user = _recipient(sandbox)
    with (
        Client(sandbox.webhook_url, sleep=Sleeps()) as client,
        pytest.raises(OutcomeUnknownError) as info,
    ):
        client.send_personal(Notification(user_id=user, text="maybe"))
    assert info.value.reason == "connection_dropped"
    assert "unknown" in str(info.value)
    assert len(_notify_calls(sandbox)) == 1  # exactly one request reached the portal
    assert len(sandbox.inbox(user)) == 1  # ...and it was carried out: resending would duplicate
    _assert_clean_error(sandbox, info.value)


def test_a_timeout_is_never_resent(sandbox: Any) -> None:
    sandbox.inject("hang", seconds=30)
    user = _recipient(sandbox)
    with (
        Client(sandbox.webhook_url, timeout=(2.0, 0.5), sleep=Sleeps()) as client,
        pytest.raises(OutcomeUnknownError) as info,
    ):
        client.send_personal(Notification(user_id=user, text="slow"))
    assert info.value.reason == "timeout"
    assert "0.5 s" in str(info.value)
    # The portal carried the call out before hanging; a resend would have made a second one
    # (the fault hits only once). The log entry itself is written when the hang ends.
    assert len(sandbox.inbox(user)) == 1
    _assert_clean_error(sandbox, info.value)


@pytest.mark.parametrize("chunked", [True, False])  # counted as read; or refused by its length
def test_an_answer_over_the_limit_is_not_read_on_and_never_resent(
    sandbox: Any, chunked: bool
) -> None:
    sandbox.inject("huge", size=3 * 1024 * 1024, chunked=chunked)
    user = _recipient(sandbox)
    with Client(sandbox.webhook_url, sleep=Sleeps()) as client:
        client.max_answer_bytes = 1024 * 1024
        with pytest.raises(OutcomeUnknownError) as info:
            client.send_personal(Notification(user_id=user, text="big"))
        err = info.value
        assert err.reason == "answer_too_large"
        assert "larger than 1 MiB" in str(err) and "unknown" in str(err)
        assert "may" in err.advice  # the advice after a lost answer
        assert len(_notify_calls(sandbox)) == 1 and len(sandbox.inbox(user)) == 1  # not resent
        _assert_clean_error(sandbox, err)
        # The connection that carried the rest of that answer is not used again: the next
        # call gets a clean answer of its own.
        result = client.send_personal(Notification(user_id=user, text="after"))
        assert result.http_status == 200 and isinstance(result.notification_id, int)
    assert len(sandbox.inbox(user)) == 2


def test_an_answer_at_the_limit_is_read_whole(sandbox: Any) -> None:
    size = 200_000
    sandbox.inject("huge", size=size)  # chunked: read piece by piece and counted
    with Client(sandbox.webhook_url) as client:
        client.max_answer_bytes = size
        result = client.send_personal(Notification(user_id=_recipient(sandbox), text="edge"))
    assert result.http_status == 200 and isinstance(result.notification_id, int)
    assert len(result.text) == size


def test_a_redirect_with_a_huge_page_is_not_read_into_memory(sandbox: Any) -> None:
    # requests reads a 3xx answer's whole body on its own (to release the connection), even
    # with allow_redirects=False: the limit must hold before that.
    sandbox.inject("redirect", size=32 * 1024 * 1024)
    user = _recipient(sandbox)
    with Client(sandbox.webhook_url, sleep=Sleeps()) as client:
        client.max_answer_bytes = 1024 * 1024
        tracing = tracemalloc.is_tracing()
        if not tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        try:
            with pytest.raises(OutcomeUnknownError) as info:
                client.send_personal(Notification(user_id=user, text="moved"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            if not tracing:
                tracemalloc.stop()
        assert info.value.reason == "answer_too_large"
        assert peak < 8 * 1024 * 1024  # about the limit, not the 32 MiB page
        _assert_clean_error(sandbox, info.value)
        assert len(_notify_calls(sandbox)) == 1  # not followed, not resent
        result = client.send_personal(Notification(user_id=user, text="after"))
        assert result.http_status == 200 and isinstance(result.notification_id, int)


def test_a_client_reads_up_to_the_shared_limit() -> None:
    from core.bounded_answer import MAX_ANSWER_BYTES  # its value: tests/core/test_bounded_answer

    assert Client("https://p.example/rest/1/abc/").max_answer_bytes == MAX_ANSWER_BYTES


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_an_allowed_move_reposts_the_same_body_once_and_reports_the_address(
    sandbox: Any, status: int
) -> None:
    sandbox.inject("redirect", status=status)  # to the sandbox's second port: another origin
    user = _recipient(sandbox)
    with Client(sandbox.webhook_url, follow_moves=True) as client:
        before = client.endpoint
        result = client.send_personal(
            Notification(user_id=user, text="moved", attachments=[picture_block("p", IMAGE)])
        )
        assert result.redirected_to is not None
        assert result.redirected_to.host != before.host
        assert client.endpoint == result.redirected_to
        assert result.redirected_to.secret == before.secret
    calls = _notify_calls(sandbox)
    assert len(calls) == 2
    got = sandbox.inbox(user)
    assert len(got) == 1 and got[0]["message"] == "moved" and IMAGE in str(got[0]["attach"])
    _assert_no_secret(sandbox, repr(result), result.headers)


def test_a_second_redirect_is_not_followed(sandbox: Any) -> None:
    sandbox.inject("redirect", count=2)
    with (
        Client(sandbox.webhook_url, follow_moves=True) as client,
        pytest.raises(PortalServerError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="loop"))
    assert "a second time" in str(info.value) and "nothing was created" in str(info.value)
    assert len(_notify_calls(sandbox)) == 2 and sandbox.inbox(2) == []
    _assert_clean_error(sandbox, info.value)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda c: c.send_personal(Notification(user_id=2, text="x")),
            "may or may not have been created",
        ),
        (lambda c: c.delete(tag="t"), "may or may not have been deleted"),
        (lambda c: c.call("user.search", {"FIND": "dana"}), "only reads"),
    ],
)
def test_the_advice_after_a_lost_answer_fits_the_call(sandbox: Any, call: Any, words: str) -> None:
    sandbox.inject("drop")
    with Client(sandbox.webhook_url) as client, pytest.raises(OutcomeUnknownError) as info:
        call(client)
    assert words in info.value.advice
    assert len(sandbox.requests()) == 1


def test_connection_refused_is_not_sent() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    secret = "refusedSecret12345"
    with (
        Client(f"http://127.0.0.1:{port}/rest/1/{secret}/") as client,
        pytest.raises(NotSentError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="hi"))
    err = info.value
    assert "nothing was sent" in str(err)
    for text in (str(err), repr(err), err.explanation, err.advice):
        assert secret not in text
    assert f"127.0.0.1:{port}" in str(err)


# --- secrets ------------------------------------------------------------------------------------
def test_no_secret_reaches_any_log_record(sandbox: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs request paths (with the secret) at DEBUG
    user = _recipient(sandbox)
    sandbox.inject("503")
    sandbox.inject("redirect")
    with Client(sandbox.webhook_url, sleep=Sleeps(), follow_moves=True) as client:
        client.send_personal(Notification(user_id=user, text="logged"))
    with Client(sandbox.url, sandbox.app_token) as client:
        client.send_personal(Notification(user_id=user, text="logged"))
    messages = [r.getMessage() for r in caplog.records]
    assert any("urllib3" in r.name for r in caplog.records)  # the check below saw real records
    assert any("/rest/1/" in m for m in messages)
    _assert_no_secret(sandbox, *messages)


def test_repr_of_client_and_results_is_masked(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        result = client.send_personal(Notification(user_id=2, text="x"))
        _assert_no_secret(sandbox, repr(client), str(client), repr(result))


def test_a_redirect_to_an_unusable_address_is_not_followed(sandbox: Any) -> None:
    sandbox.inject("redirect", location="ftp://elsewhere.example/rest/1/abcdefgh1234/")
    with (
        Client(sandbox.webhook_url) as client,
        pytest.raises(B24NotifyError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="x"))
    assert not isinstance(info.value, InputError)
    assert "nothing was created" in str(info.value)
    assert len(_notify_calls(sandbox)) == 1 and sandbox.inbox(2) == []


@pytest.mark.parametrize(
    "timeout",
    [0, -1, (5.0, 0.0), ("a", 1), 1e10, 1e12, float("inf"), float("nan"), 1e309, 601, "5", None,
     True, (1, 1e12), (float("inf"), 5), [5, 5], (5,)],
)  # fmt: skip
def test_a_bad_timeout_is_an_input_error_and_nothing_is_sent(sandbox: Any, timeout: Any) -> None:
    with (
        pytest.raises(InputError) as info,
        Client(sandbox.webhook_url, timeout=timeout) as client,
    ):
        client.send_personal(Notification(user_id=2, text="x"))
    assert [p.field for p in info.value.problems] == ["timeout"]
    assert sandbox.requests() == [] and sandbox.inbox(2) == []


def test_the_longest_timeout_allowed_works(sandbox: Any) -> None:
    with Client(sandbox.webhook_url, timeout=600) as client:
        assert client.send_personal(Notification(user_id=2, text="x")).notification_id


# --- whatever the body, a verdict and never a crash ---------------------------------------------
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.binary(max_size=300), _json_values.map(lambda v: repr(v).encode())),
    st.sampled_from([None, "utf-8", "ISO-8859-1", "no-such-charset"]),
    st.integers(min_value=100, max_value=599),
)
def test_any_body_gets_a_verdict(content: bytes, encoding: str | None, status: int) -> None:
    text = decode_body(content, encoding)
    raw = parse_json(text)
    result = Result("im.notify.personal.add", status, raw, text, 0.0)
    problem = unusable(result)
    if isinstance(raw, dict) and "result" in raw:
        assert problem is None
    else:
        assert isinstance(problem, OutcomeUnknownError)
        assert f"HTTP {status}" in str(problem) and "\n" not in str(problem)


@given(_json_values)
def test_any_json_object_with_a_result_is_usable(value: Any) -> None:
    text = json.dumps({"result": value})
    assert unusable(Result("m", 200, parse_json(text), text, 0.0)) is None


def test_deeply_nested_garbage_does_not_crash() -> None:
    text = "[" * 100_000
    assert parse_json(text) is None
    assert unusable(Result("m", 200, None, text, 0.0)).reason == "invalid_json"


def test_an_html_title_is_found_and_unescaped() -> None:
    page = "<!DOCTYPE html><html><head><TITLE>503 &amp; Service\n Unavailable</TITLE></head>"
    problem = unusable(Result("m", 503, None, page, 0.0))
    assert problem is not None and problem.reason == "html"
    assert '("503 & Service Unavailable")' in str(problem)


def test_cyrillic_bodies_decode_as_utf8_whatever_the_header_says() -> None:
    body = '{"error_description": "Пользователь"}'.encode()
    assert "Пользователь" in decode_body(body, "ISO-8859-1")


def test_a_failed_tls_handshake_is_not_sent(sandbox: Any) -> None:
    # https:// to the plain-http sandbox: the handshake fails before any request is written.
    url = sandbox.webhook_url.replace("http://", "https://")
    with Client(url) as client, pytest.raises(NotSentError) as info:
        client.send_personal(Notification(user_id=2, text="x"))
    assert "secure connection" in str(info.value) and "http://" in info.value.advice
    assert sandbox.inbox(2) == []
    _assert_clean_error(sandbox, info.value)


def test_cancel_before_sending_sends_nothing_and_sticks(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        client.cancel()
        assert client.cancelled
        for _ in range(2):
            with pytest.raises(CancelledError) as info:
                client.send_personal(Notification(user_id=2, text="x"))
            assert "nothing was sent" in str(info.value)
    assert sandbox.requests() == []


def test_a_cancel_during_the_exchange_also_stops_a_token_refresh() -> None:
    # The cancel lands while the portal answers expired_token: no refresh request may follow.
    from core.oauth import OAuthCredentials
    from core.sandbox import SandboxPortal

    client: list[Client] = []

    def cancel_on_expired(entry: dict[str, Any]) -> None:
        if entry.get("error") == "expired_token":
            client[0].cancel()

    portal = SandboxPortal(on_request=cancel_on_expired).start()
    try:
        oauth = OAuthCredentials(
            portal.client_id, portal.client_secret, portal.refresh_token, portal.oauth_url
        )
        client.append(Client(portal.url, portal.expired_token, oauth=oauth))
        with client[0], pytest.raises(CancelledError) as info:
            client[0].send_personal(Notification(user_id=2, text="x"))
        assert "nothing more was sent" in str(info.value)
        assert [r["rest_method"] for r in portal.requests()] == ["im.notify.personal.add"]
    finally:
        portal.stop()


def _cancel_when_ready(start: threading.Barrier, client: Client) -> None:
    start.wait()
    client.cancel()


def test_cancel_racing_a_send_either_stops_it_cleanly_or_lets_it_finish(sandbox: Any) -> None:
    # Whatever the timing, a cancel never leaves a half state: either nothing was sent and
    # CancelledError says so, or the one request went out and its answer is the result.
    outcomes = set()
    for i in range(40):
        client = Client(sandbox.webhook_url)
        start = threading.Barrier(2)
        racer = threading.Thread(target=_cancel_when_ready, args=(start, client))
        racer.start()
        before = len(sandbox.requests())
        start.wait()
        threading.Event().wait((i % 8) * 0.0005)  # jitter: the cancel lands before or during
        try:
            result = client.send_personal(Notification(user_id=2, text=f"race {i}"))
        except CancelledError as err:
            outcomes.add("cancelled")
            assert "nothing was sent" in str(err)
            assert len(sandbox.requests()) == before
        else:
            outcomes.add("sent")
            assert len(sandbox.requests()) == before + 1
            assert sandbox.inbox(2)[-1]["id"] == result.notification_id
        racer.join()
        with pytest.raises(CancelledError):  # and it sticks
            client.send_personal(Notification(user_id=2, text="after"))
        client.close()
    assert outcomes  # both kinds usually happen; which ones depends on the machine's timing


def test_cancel_during_the_exchange_keeps_its_answer_but_sends_nothing_more(sandbox: Any) -> None:
    # The answer to a request already under way still counts; a retry after it is not sent.
    sandbox.inject("503", count=1)
    client = Client(sandbox.webhook_url, sleep=lambda _: client.cancel())
    with client, pytest.raises(CancelledError):
        client.send_personal(Notification(user_id=2, text="x"))
    assert len(_notify_calls(sandbox)) == 1 and sandbox.inbox(2) == []


@pytest.fixture
def tls_redirector(tmp_path: Any, sandbox: Any) -> Any:
    """An HTTPS server on loopback answering every POST with a 302 to the plain-http sandbox."""
    import shutil
    import ssl
    import subprocess
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a throw-away certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", sandbox.url + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", str(cert), hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize("follow_moves", [False, True])
def test_a_redirect_from_https_to_http_is_not_followed(
    sandbox: Any, tls_redirector: Any, follow_moves: bool
) -> None:
    import requests

    base, cert, hits = tls_redirector
    secret = parse_endpoint(sandbox.webhook_url).secret
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify otherwise
    session.verify = cert
    with (
        Client(f"{base}/rest/1/{secret}/", session=session, follow_moves=follow_moves) as client,
        pytest.raises(B24NotifyError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="x"))
    session.close()
    assert "plain http" in str(info.value), info.value.explanation
    assert "nothing was created" in str(info.value)
    assert len(hits) == 1  # it reached the https server once...
    assert sandbox.requests() == []  # ...and the secret never went out unencrypted
    _assert_clean_error(sandbox, info.value)


def test_a_profiles_ca_bundle_beats_requests_ca_bundle_in_the_environment(
    sandbox: Any, tls_redirector: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile's CA bundle verifies the portal although $REQUESTS_CA_BUNDLE names another
    file (requests lets the environment's bundle win over a session's when a call passes none:
    the portal's certificate was then checked against the wrong authorities and refused)."""
    import certifi

    from core.profiles import ca_session

    base, cert, hits = tls_redirector
    secret = parse_endpoint(sandbox.webhook_url).secret
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())  # not the portal's authority
    session = ca_session(cert)
    with (
        Client(f"{base}/rest/1/{secret}/", session=session) as client,
        pytest.raises(B24NotifyError) as info,
    ):
        client.send_personal(Notification(user_id=2, text="x"))
    session.close()
    assert len(hits) == 1, info.value.explanation  # verified with the profile's file: reached
    assert "plain http" in str(info.value)  # the redirector's answer, not a TLS failure


# --- moves to another origin ----------------------------------------------------------------------
def _deep_texts(err: BaseException) -> list[str]:
    """repr of every value reachable through the error's attributes (nested objects too)."""
    seen: set[int] = set()
    todo: list[Any] = [err]
    texts: list[str] = []
    while todo:
        item = todo.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float, bool, type(None))):
            if isinstance(item, (str, bytes)):
                texts.append(repr(item))
            continue
        seen.add(id(item))
        texts.append(repr(item))
        if isinstance(item, dict):
            todo += [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set, frozenset)):
            todo += list(item)
        else:
            fields = getattr(item, "__dict__", None) or {}
            slots = [getattr(item, n, None) for n in getattr(type(item), "__slots__", ())]
            dataclass_fields = getattr(item, "__dataclass_fields__", {})
            todo += [*fields.values(), *slots, *(getattr(item, n) for n in dataclass_fields)]
    return texts


def _moved_secret_free(sandbox: Any, err: PortalMovedError, *extra: str) -> None:
    texts = [str(err), repr(err), err.explanation, err.advice, repr(err.args)]
    texts += [repr(err.new_address), str(err.new_address), err.masked_address]
    texts += _deep_texts(err)
    if err.result is not None:
        texts += [err.result.text, repr(err.result.headers), repr(err.result)]
    for text in texts:
        for secret in (*_secrets(sandbox), *extra):
            assert secret not in text, f"a secret leaked into {text[:80]!r}"


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_move_to_another_port_sends_nothing_there(sandbox: Any, status: int) -> None:
    sandbox.inject("redirect", status=status)
    with Client(sandbox.webhook_url) as client, pytest.raises(PortalMovedError) as info:
        client.send_personal(Notification(user_id=2, text="moved?"))
    err = info.value
    assert isinstance(err, PortalError) and err.http_status == status
    moved = sandbox.moved_url.split("//")[1]
    assert err.new_address.host == moved and err.new_address.kind == "webhook"
    assert client.moved_to is not None and client.moved_to.secret == sandbox.secret
    assert moved in str(err) and "nothing was sent there" in str(err) and "\n" not in str(err)
    assert "…" in str(err)  # the secret is shown masked
    assert "--follow-moves" in err.advice
    assert [r["address"] for r in sandbox.requests()] == ["primary"]  # none at the moved port
    assert sandbox.inbox(2) == []
    assert client.endpoint == parse_endpoint(sandbox.webhook_url)  # the client did not move
    _moved_secret_free(sandbox, err)


@pytest.mark.parametrize("kind", ["webhook", "token"])
def test_credentials_never_reach_another_host(sandbox: Any, kind: str) -> None:
    """A redirect to another server: neither the secret (path) nor the token (body) goes there."""
    with recorder() as other:
        if kind == "webhook":
            client = Client(sandbox.webhook_url)
            location = f"{other.url}/rest/1/{sandbox.secret}/im.notify.personal.add"
        else:
            client = Client(sandbox.url, sandbox.app_token)
            location = f"{other.url}/rest/im.notify.personal.add"
        sandbox.inject("redirect", status=301, location=location)
        with client, pytest.raises(PortalMovedError) as info:
            client.send_personal(Notification(user_id=2, text="x"))
        assert other.hits == []
        assert info.value.new_address.portal_url == other.url
        assert info.value.new_address.kind == kind
        assert client.moved_to is not None and client.moved_to.portal_url == other.url
        assert other.url.split("//")[1] in str(info.value)
        _moved_secret_free(sandbox, info.value)

        # The control: allowed, the same call goes there once, credentials and all.
        sandbox.inject("redirect", status=301, location=location)
        with Client(client.endpoint, follow_moves=True) as allowed:
            result = allowed.send_personal(Notification(user_id=2, text="x"))
        assert result.notification_id == 777 and len(other.hits) == 1
        assert (sandbox.secret if kind == "webhook" else sandbox.app_token) in other.everything()
    assert sandbox.inbox(2) == []


def test_a_location_with_another_secret_is_masked_too(sandbox: Any) -> None:
    other_secret = "zz9OtherSecretInTheLocation"
    with recorder() as other:
        location = f"{other.url}/rest/5/{other_secret}/im.notify.personal.add"
        sandbox.inject("redirect", location=location)
        with Client(sandbox.webhook_url) as client, pytest.raises(PortalMovedError) as info:
            client.send_personal(Notification(user_id=2, text="x"))
        assert other.hits == []
    err = info.value
    assert client.moved_to is not None and client.moved_to.secret == other_secret
    assert err.new_address.user_id == 5
    assert "/rest/5/zz…on/" in str(err)
    assert err.result is not None and "Location" in err.result.headers
    _moved_secret_free(sandbox, err, other_secret)


def test_a_move_on_the_same_origin_is_followed_without_asking(sandbox: Any) -> None:
    # http://127.0.0.1:PORT/ and http://127.0.0.1:PORT/rest/... are the same origin.
    sandbox.inject("redirect", location=f"{sandbox.webhook_url}im.notify.personal.add")
    with Client(sandbox.webhook_url) as client:
        result = client.send_personal(Notification(user_id=2, text="same server"))
    assert result.redirected_to == parse_endpoint(sandbox.webhook_url)
    assert [r["address"] for r in sandbox.requests()] == ["primary", "primary"]


def test_an_upgrade_to_https_on_the_same_host_is_followed(sandbox: Any) -> None:
    # https on the sandbox's own (plain http) port: the client goes there, the TLS handshake fails
    # and nothing is sent; a move to another origin would have been refused before connecting.
    https = sandbox.url.replace("http://", "https://")
    sandbox.inject("redirect", location=f"{https}/rest/1/{sandbox.secret}/im.notify.personal.add")
    with Client(sandbox.webhook_url) as client, pytest.raises(NotSentError) as info:
        client.send_personal(Notification(user_id=2, text="x"))
    assert "secure connection" in str(info.value)
    assert sandbox.inbox(2) == []


@pytest.mark.parametrize(
    ("current", "target", "same"),
    [
        ("https://portal.example/rest/1/s3cretsecret/", "https://portal.example/x/", True),
        ("https://portal.example", "https://PORTAL.example:443/", True),
        ("http://portal.example", "https://portal.example/", True),  # the upgrade
        ("http://portal.example:80", "https://portal.example:443/", True),
        ("http://127.0.0.1:8080", "https://127.0.0.1:8080/", True),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8081/", False),  # another port
        ("https://portal.example", "https://portal.example:8443/", False),
        ("http://portal.example:8080", "https://portal.example/", False),
        ("https://portal.example", "https://new.example/", False),  # another host
        ("https://portal.example", "https://evil.portal.example/", False),
        ("https://portal.example", "https://portal.example.evil/", False),
        ("https://portal.example", "https://127.0.0.1/", False),
        ("https://[::1]:8443", "https://[::1]:8443/", True),
        ("https://[::1]:8443", "https://[::2]:8443/", False),
        ("https://[::1]", "https://[::1]:444/", False),
    ],
)
def test_what_counts_as_the_same_origin(current: str, target: str, same: bool) -> None:
    ep = parse_endpoint(current, "" if "/rest/" in current else "tok3nvalue")
    assert same_origin(ep, ep.with_location(target)) is same


def test_follow_moves_must_be_a_bool(sandbox: Any) -> None:
    with pytest.raises(InputError) as info:
        Client(sandbox.webhook_url, follow_moves="yes")  # type: ignore[arg-type]
    assert info.value.problems[0].field == "follow_moves"


# --- no attribute of a raised error holds a secret ------------------------------------------------
def _texts_of(error: BaseException) -> list[str]:
    """str and repr of the error, of each of its attributes and args, through every linked error."""
    texts: list[str] = []
    seen: list[BaseException] = []
    todo: list[Any] = [error]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        texts += [str(item), repr(item)]
        linked = [*vars(item).values(), *item.args, item.__context__, item.__cause__]
        for value in linked:
            if isinstance(value, BaseException):
                todo.append(value)
            elif value is not None:
                texts += [str(value), repr(value)]
    return texts


def _closed_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _failing_calls(sandbox: Any) -> dict[str, Any]:
    from core.oauth import OAuthCredentials

    webhook, token = sandbox.webhook_url, sandbox.app_token
    note = Notification(user_id=2, text="x")

    def send(*args: Any, fault: str | None = None, **kw: Any) -> Any:
        def run() -> None:
            if fault is not None:
                sandbox.inject(fault, **({"seconds": 20} if fault == "hang" else {}))
            with Client(*args, **kw) as client:
                client.send_personal(note)

        return run

    closed = _closed_url()
    oauth = OAuthCredentials(sandbox.client_id, sandbox.client_secret, sandbox.refresh_token,
                             f"{closed}/oauth/token/")  # fmt: skip
    tls = sandbox.url.replace("http://", "https://")
    return {
        "not sent (webhook)": send(f"{closed}/rest/1/{sandbox.secret}/"),
        "not sent (token)": send(closed, token),
        "tls handshake": send(f"{tls}/rest/1/{sandbox.secret}/"),
        "oauth unreachable": send(sandbox.url, sandbox.expired_token, oauth=oauth),
        "timeout": send(webhook, timeout=(2.0, 0.5), fault="hang"),
        "dropped": send(webhook, fault="drop"),
        "dropped (token)": send(sandbox.url, token, fault="drop"),
        "html": send(webhook, fault="html502"),
        "portal error": send(sandbox.limited_webhook_url),
        "rate limit": send(webhook, max_attempts=1, fault="503"),
        "moved": send(webhook, fault="redirect"),
        "input": lambda: Client(webhook).send_personal(Notification(user_id="x", text="")),
        "input (ipv6)": lambda: Client(f"https://[::1/rest/1/{sandbox.secret}/"),
        "input (token)": lambda: Client(sandbox.url, token + "\x00"),
    }


@pytest.mark.parametrize(
    "path",
    ["not sent (webhook)", "not sent (token)", "tls handshake", "oauth unreachable", "timeout",
     "dropped", "dropped (token)", "html", "portal error", "rate limit", "moved", "input",
     "input (ipv6)", "input (token)"],
)  # fmt: skip
def test_no_attribute_of_a_raised_error_holds_a_secret(sandbox: Any, path: str) -> None:
    with pytest.raises(B24NotifyError) as info:
        _failing_calls(sandbox)[path]()
    texts = _texts_of(info.value)
    for secret in _secrets(sandbox):
        for text in texts:
            assert secret not in text, f"{path}: a secret in {text[:120]!r}"
    if path.startswith(("not sent", "tls", "oauth", "timeout", "dropped")):
        assert info.value.__context__ is None and info.value.__cause__ is None


# --- send(prepared): the one send path -----------------------------------------------------------
def test_send_puts_exactly_the_prepared_request_on_the_wire(sandbox: Any) -> None:
    from core.request import build_notification

    user = _recipient(sandbox)
    note = Notification(user_id=user, text="exactly this", tag="t1", text_out="out")
    prepared = build_notification(sandbox.webhook_url, note)
    with Client(prepared.endpoint) as client:
        result = client.send(prepared)
    (logged,) = sandbox.requests()
    assert logged["rest_method"] == prepared.method
    assert logged["params"] == prepared.params
    assert sandbox.inbox(user)[0]["id"] == result.notification_id


def test_send_checks_the_answer_as_send_personal_did(sandbox: Any) -> None:
    from core.request import build_delete, build_notification

    with Client(sandbox.webhook_url) as client:
        inactive = build_notification(client.endpoint, Notification(_inactive(sandbox), "x"))
        with pytest.raises(RecipientUnavailableError):
            client.send(inactive)
        with pytest.raises(PortalInputError) as info:
            client.send(build_delete(client.endpoint, id=987654))
    assert "recipient" in info.value.advice  # by id: only the recipient deletes


def test_send_refuses_anything_but_a_built_notification_or_delete(sandbox: Any) -> None:
    from core.request import build_call

    with Client(sandbox.webhook_url) as client:
        for wrong in (build_call(client.endpoint, "profile"), {"USER_ID": 1}, None):
            with pytest.raises(InputError) as info:
                client.send(wrong)  # type: ignore[arg-type]
            assert info.value.problems[0].field == "prepared"
    assert sandbox.requests() == []


def test_send_masks_the_secret_of_a_request_built_for_another_address(
    sandbox: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from core.request import build_notification

    caplog.set_level(logging.DEBUG)  # urllib3 logs request paths (with the secret) at DEBUG
    other = sandbox.add_webhook(["im"], user_id=_recipient(sandbox))
    secret = parse_endpoint(other).secret
    prepared = build_notification(other, Notification(_recipient(sandbox), "x"))
    with Client(sandbox.webhook_url) as client:
        client.send(prepared)
    messages = [r.getMessage() for r in caplog.records if "urllib3" in r.name]
    assert any("/rest/" in m for m in messages)  # the check below saw the request's path
    assert not [m for m in messages if secret in m]


# --- the send path's shortcuts keep masking exact (issue 10: less work per send) ------------------
def _per_header(headers: Any, scrub: Any) -> dict[str, str]:
    return {k: scrub(v) for k, v in headers.items()}


def test_answer_headers_keep_their_names_and_lose_their_secrets() -> None:
    from requests.structures import CaseInsensitiveDict

    from core.client import _scrubbed_headers
    from core.secrets import Redactor

    secret = "k3y5ecretvalue9q"
    scrub = Redactor([secret]).scrub
    for headers in (
        CaseInsensitiveDict({"Content-Type": "application/json", "X-Echo": f"/rest/1/{secret}/"}),
        {"Content-Type": "application/json", "X-Echo": f"/rest/1/{secret}/"},
    ):
        got = _scrubbed_headers(headers, scrub)
        assert type(got) is dict and list(got) == ["Content-Type", "X-Echo"]
        assert got["X-Echo"] == "/rest/1/k3…9q/" and secret not in repr(got)
    clean = CaseInsensitiveDict({"Server": "x", "Content-Length": "12"})
    assert _scrubbed_headers(clean, scrub) == {"Server": "x", "Content-Length": "12"}
    # A "secret" that only the joined values hold (across the join) is in no single value.
    odd = Redactor(["aaaaaaaa\nbbbbbbbb"]).scrub
    assert _scrubbed_headers({"A": "aaaaaaaa", "B": "bbbbbbbb"}, odd) == {
        "A": "aaaaaaaa",
        "B": "bbbbbbbb",
    }


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.text(max_size=30), max_size=5),
    secrets=st.lists(st.text(min_size=1, max_size=12), max_size=3),
)
def test_the_one_pass_header_scan_masks_what_scrubbing_each_value_masks(
    values: list[str], secrets: list[str]
) -> None:
    from requests.structures import CaseInsensitiveDict

    from core.client import _scrubbed_headers
    from core.secrets import Redactor

    headers = CaseInsensitiveDict({f"H{i}": v for i, v in enumerate(values)})
    scrub = Redactor(secrets).scrub
    assert _scrubbed_headers(headers, scrub) == _per_header(headers, scrub)


def test_blank_answers_of_any_whitespace_parse_to_nothing() -> None:
    for blank in ("", " ", "\n\t ", "\u2003\u3000", "\x1c"):
        assert parse_json(blank) is None
    assert parse_json(" 1 ") == 1 and parse_json("\u20031") is None


def test_the_redactor_is_reused_and_rebuilt_when_a_secret_changes(sandbox: Any) -> None:
    from core.record import replace

    with Client(sandbox.webhook_url) as client:
        client.send_personal(Notification(user_id=_recipient(sandbox), text="x"))
        first = client._redactor()
        assert client._redactor() is first  # no secrets gathered again on every send
        old = client.endpoint.secret
        new_secret = "n3wwebhooksecretz7"
        client._endpoint = replace(client.endpoint, secret=new_secret)  # as a redirect does
        scrub = client._redactor().scrub
        assert scrub(f"/{new_secret}/") == "/n3…z7/"
        assert old not in scrub(f"/{old}/")  # the first address's secret stays masked for good
