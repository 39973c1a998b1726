"""Inspection from Python and as JSON over HTTP, with secrets masked."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import call, request

ADD = "im.notify.personal.add"


def test_notifications_over_http(sandbox: SandboxPortal) -> None:
    call(
        sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "to two", "ATTACH": [{"MESSAGE": "a"}]}
    )
    call(
        sandbox.webhook_url,
        ADD,
        {"USER_ID": 3, "MESSAGE": "to three", "TAG": "t", "CLIENT_ID": "c"},
    )
    everyone = request(sandbox.url + "/sandbox/notifications", method="GET")
    assert everyone.status == 200
    assert [n["message"] for n in everyone.result] == ["to two", "to three"]
    assert everyone.result == sandbox.notifications()
    three = request(sandbox.url + "/sandbox/notifications?user_id=3", method="GET").result
    assert [(n["message"], n["tag"], n["client_id"]) for n in three] == [("to three", "t", "c")]
    two = request(sandbox.url + "/sandbox/notifications?user_id=2", method="GET").result
    assert two[0]["attach"] == {"BLOCKS": [{"MESSAGE": "a"}]}
    bad = request(sandbox.url + "/sandbox/notifications?user_id=x", method="GET")
    assert bad.status == 400


def test_inbox_returns_copies(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "m"})
    sandbox.inbox(2)[0]["message"] = "changed"
    assert sandbox.inbox(2)[0]["message"] == "m"


def test_request_log_masks_every_secret(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, "profile")
    call(f"{sandbox.url}/rest/1/myrealsecretvalue99/", "profile")  # someone's wrong secret
    call(sandbox.rest_url, "profile", {"auth": sandbox.app_token})
    request(f"{sandbox.rest_url}profile?auth={sandbox.app_token}", method="GET")
    request(
        sandbox.rest_url + "profile",
        json_body={},
        headers={"Authorization": f"Bearer {sandbox.expired_token}"},
    )
    over_http = request(sandbox.url + "/sandbox/requests", method="GET")
    text = over_http.body.decode("utf-8") + json.dumps(sandbox.requests(), ensure_ascii=False)
    for secret in (sandbox.secret, "myrealsecretvalue99", sandbox.app_token, sandbox.expired_token):
        assert secret not in text
    entries = over_http.result
    assert len(entries) == 5
    assert entries[0]["path"].startswith("/rest/1/")
    assert "…" in entries[0]["path"]
    assert [e["status"] for e in entries] == [200, 403, 200, 200, 401]
    assert entries[1]["error"] == "INVALID_CREDENTIALS"
    assert entries[2]["auth"] == "token"


def test_request_log_records_notes(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "m", "TAG": "t"},
         headers={"User-Agent": "probe/1"})  # fmt: skip
    entry = sandbox.requests()[-1]
    assert entry["rest_method"] == ADD
    assert (entry["content_type"], entry["user_agent"]) == ("application/json", "probe/1")
    assert entry["result"] == sandbox.inbox(2)[0]["id"]
    assert any("CLIENT_ID" in note for note in entry["notes"])


def test_users_over_http(sandbox: SandboxPortal) -> None:
    users = request(sandbox.url + "/sandbox/users", method="GET").result
    assert users == sandbox.users()
    admins = [u for u in users if u["admin"]]
    inactive = [u for u in users if not u["active"]]
    assert [u["id"] for u in admins] == [sandbox.admin_id]
    assert [u["id"] for u in inactive] == [sandbox.inactive_user_id]
    assert all(u["name"] and u["position"] for u in users)


def test_reset_over_http(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "m"})
    assert request(sandbox.url + "/sandbox/reset", json_body={}).result is True
    assert sandbox.notifications() == []
    assert sandbox.requests() == []


def test_unknown_paths_are_404_json(sandbox: SandboxPortal) -> None:
    answer = request(sandbox.url + "/sandbox/nothing", method="GET")
    assert answer.status == 404 and answer.error == "NOT_FOUND"
    assert request(sandbox.url + "/", method="GET").status == 200


def test_a_secret_pasted_into_a_message_is_masked_in_the_log(sandbox: SandboxPortal) -> None:
    text = f"my webhook is {sandbox.webhook_url} and token {sandbox.app_token}"
    call(sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": text})
    logged = json.dumps(sandbox.requests(), ensure_ascii=False)
    assert sandbox.secret not in logged and sandbox.app_token not in logged
    assert sandbox.inbox(2)[0]["message"] == text  # the notification itself is what was sent


# --- paging (issue 7 item 10) ---------------------------------------------------------------------
def get(portal: SandboxPortal, path: str) -> object:
    return request(portal.url + path, method="GET")


def test_notifications_are_paged(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(bucket_size=10_000)
    for n in range(105):
        call(portal.webhook_url, ADD, {"USER_ID": 2 + n % 2, "MESSAGE": f"m{n}"})
    first = get(portal, "/sandbox/notifications")
    assert (len(first.result), first.json["total"], first.json["next"]) == (100, 105, 100)
    assert first.result[0]["message"] == "m0"  # oldest first
    rest = get(portal, "/sandbox/notifications?offset=100")
    assert [n["message"] for n in rest.result] == [f"m{n}" for n in range(100, 105)]
    assert "next" not in rest.json
    page = get(portal, "/sandbox/notifications?user_id=3&limit=2&offset=1")
    assert [n["message"] for n in page.result] == ["m3", "m5"]
    assert (page.json["total"], page.json["next"]) == (52, 3)
    assert len(get(portal, "/sandbox/notifications?limit=1000").result) == 105
    requests = get(portal, "/sandbox/requests?limit=3&offset=102")
    assert [e["n"] for e in requests.result] == [103, 104, 105]
    assert requests.json["total"] == 105  # inspection GETs are not REST calls: not logged


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=1001",
        "limit=abc",
        "limit=",
        "offset=-1",
        "offset=1e3",
        "limit=%EF%BC%91%EF%BC%90",  # fullwidth 10
        "user_id=x",
        "user_id=0",
        "user_id=%EF%BC%92",  # fullwidth 2
        "offset=" + "9" * 40,
    ],
)
def test_bad_paging_is_400(sandbox: SandboxPortal, query: str) -> None:
    path = "/sandbox/requests" if query.startswith(("limit", "offset")) else ""
    for where in (path, "/sandbox/notifications"):
        if where:
            answer = get(sandbox, f"{where}?{query}")
            assert (answer.status, answer.error) == (400, "INVALID_REQUEST")
            assert query.split("=")[0] in answer.json["error_description"]


# --- stored notifications are capped by size as well as count ------------------------------------
def test_stored_notifications_are_capped_by_total_size(
    make_portal: Callable[..., SandboxPortal],
) -> None:
    portal = make_portal(max_stored_bytes=20_000)
    ids = [
        call(portal.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": f"{n}:" + "x" * 5_000}).result
        for n in range(10)
    ]
    kept = [n["id"] for n in portal.notifications()]
    assert kept == ids[-len(kept) :] and 2 <= len(kept) <= 3  # the oldest went first
    stored = len(json.dumps(portal.notifications(), ensure_ascii=False).encode())
    assert stored <= 20_000
    huge = call(portal.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "y" * 50_000}).result
    assert [n["id"] for n in portal.notifications()] == [huge]  # the newest always stays
    small = call(portal.webhook_url, ADD, {"USER_ID": 3, "MESSAGE": "small"}).result
    assert [n["id"] for n in portal.notifications()] == [small]


def test_the_default_size_cap_is_64_mib() -> None:
    from core.sandbox.notifications import DEFAULT_MAX_STORED_BYTES

    assert DEFAULT_MAX_STORED_BYTES == 64 * 1024 * 1024
    for bad in (0, -1, 1.5, True, "64"):
        with pytest.raises(ValueError, match="max_stored_bytes"):
            SandboxPortal(max_stored_bytes=bad)
