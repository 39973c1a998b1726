"""The OAuth token endpoint: refresh once on expired_token, then call again.

As the REST docs describe it (https://github.com/bitrix-tools/b24-rest-docs,
``settings/oauth/index.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import FakeClock, call, request


def refresh(portal: SandboxPortal, **overrides: str) -> object:
    params = {
        "grant_type": "refresh_token",
        "client_id": portal.client_id,
        "client_secret": portal.client_secret,
        "refresh_token": portal.refresh_token,
        **overrides,
    }
    return request(f"{portal.oauth_url}?{urlencode(params)}", method="GET")


def test_expired_token_refresh_and_retry_end_to_end(sandbox: SandboxPortal) -> None:
    note = {"USER_ID": 2, "MESSAGE": "after refresh"}
    first = call(
        sandbox.rest_url, "im.notify.personal.add", {**note, "auth": sandbox.expired_token}
    )
    assert (first.status, first.error) == (401, "expired_token")
    old_refresh = sandbox.refresh_token
    answer = refresh(sandbox)
    assert answer.status == 200
    tokens = answer.json
    for name in (
        "access_token",
        "refresh_token",
        "expires",
        "expires_in",
        "client_endpoint",
        "server_endpoint",
        "domain",
        "member_id",
        "scope",
        "status",
        "user_id",
    ):
        assert name in tokens, name
    assert tokens["expires_in"] == 3600
    assert tokens["refresh_token"] != old_refresh
    assert tokens["client_endpoint"] == sandbox.rest_url
    again = call(
        tokens["client_endpoint"],
        "im.notify.personal.add",
        {**note, "auth": tokens["access_token"]},
    )
    assert again.status == 200 and isinstance(again.result, int)
    assert [n["message"] for n in sandbox.inbox(2)] == ["after refresh"]
    assert sandbox.refresh_token == tokens["refresh_token"]


def test_a_refresh_token_works_once(sandbox: SandboxPortal) -> None:
    used = sandbox.refresh_token
    assert refresh(sandbox).status == 200
    reused = refresh(sandbox, refresh_token=used)
    assert (reused.status, reused.error) == (400, "invalid_grant")


def test_refresh_by_post_form(sandbox: SandboxPortal) -> None:
    answer = request(
        sandbox.oauth_url,
        form={
            "grant_type": "refresh_token",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
            "refresh_token": sandbox.refresh_token,
        },
    )
    assert answer.status == 200 and "access_token" in answer.json


def test_oauth_errors(sandbox: SandboxPortal) -> None:
    assert refresh(sandbox, client_secret="wrong").error == "invalid_client"
    assert refresh(sandbox, client_id="other.app").error == "invalid_client"
    assert refresh(sandbox, grant_type="password").error == "invalid_request"
    assert refresh(sandbox, refresh_token="nope").error == "invalid_grant"


def test_the_expired_token_stays_expired(sandbox: SandboxPortal) -> None:
    refresh(sandbox)
    answer = call(sandbox.rest_url, "profile", {"auth": sandbox.expired_token})
    assert answer.error == "expired_token"


def test_issued_tokens_expire_after_an_hour(make_portal: Callable[..., SandboxPortal]) -> None:
    clock = FakeClock()
    portal = make_portal(clock=clock)
    token = refresh(portal).json["access_token"]
    assert call(portal.rest_url, "profile", {"auth": token}).status == 200
    clock.advance(3601)
    assert call(portal.rest_url, "profile", {"auth": token}).error == "expired_token"


def test_refresh_is_logged_without_secrets(sandbox: SandboxPortal) -> None:
    secret_refresh = sandbox.refresh_token
    new = refresh(sandbox).json
    text = repr(sandbox.requests())
    for secret in (secret_refresh, sandbox.client_secret, new["refresh_token"]):
        assert secret not in text
    assert sandbox.requests()[-1]["rest_method"] == "oauth/token"


def test_reset_restores_the_seeded_tokens(sandbox: SandboxPortal) -> None:
    first = sandbox.refresh_token
    refresh(sandbox)
    sandbox.reset()
    assert sandbox.refresh_token == first
    assert refresh(sandbox).status == 200


def test_the_token_endpoint_takes_only_faults_aimed_at_it(sandbox: SandboxPortal) -> None:
    sandbox.inject("html502")  # a fault for any call: it stays with the REST calls
    assert refresh(sandbox).status == 200
    assert len(sandbox.faults()) == 1
    sandbox.clear_faults()
    sandbox.inject("huge", method="oauth/token", size=100_000, chunked=False)
    answer = refresh(sandbox)
    assert answer.status == 200 and len(answer.body) == 100_000
    assert answer.json["access_token"]  # the real pair, padded: the refresh was carried out
    assert sandbox.faults() == []
    assert refresh(sandbox, refresh_token="used-up").status == 400  # count=1: the next is plain
