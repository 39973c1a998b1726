"""Token refresh against the sandbox's OAuth endpoint (real HTTP on loopback)."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest
import requests

from core.errors import CredentialsError, NotSentError
from core.oauth import DEFAULT_OAUTH_URL, OAuthCredentials, TokenPair, TokenRefresher


def _creds(sandbox: Any, **changes: str) -> OAuthCredentials:
    values = {
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        "refresh_token": sandbox.refresh_token,
        "server_url": sandbox.oauth_url,
        **changes,
    }
    return OAuthCredentials(**values)


def _oauth_calls(sandbox: Any) -> list[dict[str, Any]]:
    return [r for r in sandbox.requests() if r["rest_method"] == "oauth/token"]


def test_refresh_returns_a_new_pair_and_rotates_the_refresh_token(sandbox: Any) -> None:
    stored: list[TokenPair] = []
    with requests.Session() as session:
        refresher = TokenRefresher(_creds(sandbox), session, on_tokens=stored.append)
        pair = refresher.refresh(sandbox.expired_token)
        assert stored == [pair]
        assert pair.access_token and pair.refresh_token
        assert refresher.credentials.refresh_token == pair.refresh_token
        assert pair.expires is not None
        # The rotated refresh token works for the next refresh; the old one is spent.
        second = refresher.refresh(pair.access_token)
        assert second.access_token != pair.access_token
    assert len(_oauth_calls(sandbox)) == 2
    assert all(c["status"] == 200 for c in _oauth_calls(sandbox))


def test_concurrent_refreshes_of_one_token_collapse_into_one(sandbox: Any) -> None:
    with requests.Session() as session:
        refresher = TokenRefresher(_creds(sandbox), session)
        pairs: list[TokenPair] = []
        barrier = threading.Barrier(4)

        def run() -> None:
            barrier.wait()
            pairs.append(refresher.refresh(sandbox.expired_token))

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
    assert len(pairs) == 4 and len({p.access_token for p in pairs}) == 1
    assert len(_oauth_calls(sandbox)) == 1


def test_a_wrong_client_secret_is_a_credentials_error(sandbox: Any) -> None:
    with requests.Session() as session:
        refresher = TokenRefresher(_creds(sandbox, client_secret="not-the-secret-1234"), session)
        with pytest.raises(CredentialsError) as info:
            refresher.refresh(sandbox.expired_token)
    assert info.value.code == "invalid_client"
    assert "not-the-secret-1234" not in str(info.value) + info.value.explanation


def test_a_spent_refresh_token_is_invalid_grant(sandbox: Any) -> None:
    with requests.Session() as session:
        TokenRefresher(_creds(sandbox), session).refresh(sandbox.expired_token)
        # The sandbox's first refresh token is now spent.
        with pytest.raises(CredentialsError) as info:
            TokenRefresher(_creds(sandbox, refresh_token="spent-token-value-1"), session).refresh(
                sandbox.expired_token
            )
    assert info.value.code == "invalid_grant"
    assert "again" in info.value.advice


def test_an_unreachable_oauth_server_means_nothing_was_sent() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    creds = OAuthCredentials("app", "client-secret-xyz", "refresh-abc-123",
                             f"http://127.0.0.1:{port}/oauth/token/")  # fmt: skip
    with requests.Session() as session, pytest.raises(NotSentError) as info:
        TokenRefresher(creds, session).refresh("old")
    text = str(info.value) + info.value.explanation
    assert "client-secret-xyz" not in text and "refresh-abc-123" not in text


@pytest.mark.expect_log_warnings("on_tokens callback failed", logger="b24notify.oauth")
def test_a_failing_store_callback_does_not_fail_the_refresh(sandbox: Any) -> None:
    def broken(pair: TokenPair) -> None:
        raise OSError("disk full")

    with requests.Session() as session:
        pair = TokenRefresher(_creds(sandbox), session, on_tokens=broken).refresh("x")
    assert pair.access_token


def test_reprs_are_masked() -> None:
    creds = OAuthCredentials("app", "client-secret-xyz", "refresh-abc-123")
    assert "client-secret-xyz" not in repr(creds) and "refresh-abc-123" not in repr(creds)
    assert creds.server_url == DEFAULT_OAUTH_URL
    pair = TokenPair("access-token-0001", "refresh-token-0002")
    assert "access-token-0001" not in repr(pair) and "refresh-token-0002" not in repr(pair)


def test_a_deeply_nested_answer_from_the_oauth_server_is_no_crash(sandbox: Any) -> None:
    from tests.core._recorder import recorder

    with recorder(answer=b"[" * 100_000 + b"]" * 100_000) as server:
        creds = _creds(sandbox, server_url=f"{server.url}/oauth/token/")
        with requests.Session() as session, pytest.raises(NotSentError) as info:
            TokenRefresher(creds, session).refresh(sandbox.expired_token)
    assert "without JSON" in str(info.value)
