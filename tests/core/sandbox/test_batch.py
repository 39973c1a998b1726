"""``batch``: result maps, halt, the 50-command limit, no nesting, one rate hit.

As the REST docs describe it (https://github.com/bitrix-tools/b24-rest-docs,
``settings/how-to-call-rest-api/batch.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import call, request


def test_batch_collects_results_errors_and_times(sandbox: SandboxPortal) -> None:
    cmd = {
        "me": "profile",
        "send": "im.notify.personal.add?USER_ID=2&MESSAGE=from%20batch&ATTACH[0][MESSAGE]=m",
        "bad": "im.notify.personal.add?USER_ID=2",
        "after": "server.time",
    }
    answer = call(sandbox.webhook_url, "batch", {"halt": 0, "cmd": cmd})
    assert answer.status == 200
    body = answer.result
    assert set(body) >= {"result", "result_error", "result_total", "result_next", "result_time"}
    assert body["result"]["me"]["ID"] == "1"
    assert isinstance(body["result"]["send"], int)
    assert "after" in body["result"]
    assert body["result_error"] == {
        "bad": {"error": "MESSAGE_EMPTY", "error_description": "Message can't be empty"}
    }
    assert set(body["result_time"]) == set(cmd)
    assert {"start", "finish", "duration"} <= set(body["result_time"]["me"])
    assert "time" in answer.json
    (record,) = sandbox.inbox(2)
    assert record["message"] == "from batch"
    assert record["attach"]["BLOCKS"] == [{"MESSAGE": "m"}]


def test_halt_stops_at_the_first_error(sandbox: SandboxPortal) -> None:
    cmd = {"a": "profile", "b": "no.such.method", "c": "im.notify.personal.add?USER_ID=2&MESSAGE=x"}
    body = call(sandbox.webhook_url, "batch", {"halt": 1, "cmd": cmd}).result
    assert list(body["result"]) == ["a"]
    assert body["result_error"]["b"]["error"] == "ERROR_METHOD_NOT_FOUND"
    assert sandbox.notifications() == []


def test_empty_collections_come_back_as_lists(sandbox: SandboxPortal) -> None:
    body = call(sandbox.webhook_url, "batch", {"cmd": {"a": "profile"}}).result
    assert body["result_error"] == []
    assert body["result_next"] == []


def test_list_commands_give_list_results(sandbox: SandboxPortal) -> None:
    body = call(sandbox.webhook_url, "batch", {"cmd": ["profile", "server.time"]}).result
    assert isinstance(body["result"], list) and len(body["result"]) == 2


def test_more_than_fifty_commands_is_refused(sandbox: SandboxPortal) -> None:
    fifty = {f"c{i}": "server.time" for i in range(50)}
    assert call(sandbox.webhook_url, "batch", {"cmd": fifty}).status == 200
    answer = call(sandbox.webhook_url, "batch", {"cmd": {**fifty, "c50": "server.time"}})
    assert answer.status == 400
    assert answer.json == {
        "error": "ERROR_BATCH_LENGTH_EXCEEDED",
        "error_description": "Max batch length exceeded",
    }


def test_nested_batch_is_refused(sandbox: SandboxPortal) -> None:
    body = call(sandbox.webhook_url, "batch", {"cmd": {"inner": "batch?cmd[x]=profile"}}).result
    assert body["result_error"]["inner"] == {
        "error": "ERROR_BATCH_METHOD_NOT_ALLOWED",
        "error_description": "Method is not allowed for batch usage",
    }


def test_commands_use_the_batch_callers_scopes(sandbox: SandboxPortal) -> None:
    cmd = {"n": "im.notify.personal.add?USER_ID=2&MESSAGE=x"}
    body = call(sandbox.limited_webhook_url, "batch", {"cmd": cmd}).result
    assert body["result_error"]["n"]["error"] == "insufficient_scope"


def test_result_references_chain_commands(sandbox: SandboxPortal) -> None:
    cmd = {
        "who": "user.get?FILTER[NAME_SEARCH]=Hana",
        "tell": "im.notify.personal.add?USER_ID=$result[who][0][ID]&MESSAGE=hi",
    }
    call(sandbox.webhook_url, "batch", {"cmd": cmd})
    assert [n["message"] for n in sandbox.inbox(8)] == ["hi"]


def test_batch_in_the_query_string_is_double_encoded(sandbox: SandboxPortal) -> None:
    command = quote("im.notify.personal.add?USER_ID=3&MESSAGE=" + quote("a&b"), safe="")
    answer = request(f"{sandbox.webhook_url}batch.json?halt=0&cmd[one]={command}", method="GET")
    assert answer.status == 200, answer.body
    assert sandbox.inbox(3)[0]["message"] == "a&b"


def test_a_batch_counts_once_on_the_rate_limit(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(bucket_size=2, drain_rate=0.0)
    cmd = {f"n{i}": f"im.notify.personal.add?USER_ID=2&MESSAGE={i}" for i in range(10)}
    assert call(portal.webhook_url, "batch", {"cmd": cmd}).status == 200
    assert len(portal.inbox(2)) == 10
    assert call(portal.webhook_url, "profile").status == 200  # the second of two allowed
    assert call(portal.webhook_url, "profile").status == 503
