"""Tests for core.http_env: the environment's proxy settings, read again only when they change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.http_env import EnvironmentSession, environment_only, environment_session

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal

pytestmark = pytest.mark.skipif(
    not environment_only(), reason="urllib reads this system's proxy settings elsewhere"
)

_VARIABLES = (
    "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
    "NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
)  # fmt: skip
_VALUES = st.sampled_from(
    [None, "", "http://proxy.example:3128", "socks5://127.0.0.1:1080", "127.0.0.1",
     "localhost,.example,10.0.0.0/8", "*", "portal.example:8443", "/etc/ssl/bundle.pem"]
)  # fmt: skip
_URLS = st.sampled_from(
    ["http://127.0.0.1:8000/rest/1/x/m", "https://portal.example/rest/m",
     "https://portal.example:8443/rest/m", "http://a.example/p?q=1", "https://[::1]:5/r"]
)  # fmt: skip
_SETTINGS = st.fixed_dictionaries(
    {
        "proxies": st.sampled_from([None, {}, {"https": "http://given:1"}, {"no_proxy": "*"}]),
        "stream": st.sampled_from([None, False, True]),
        "verify": st.sampled_from([None, True, False, "/given/ca.pem"]),
        "cert": st.sampled_from([None, "/given/cert.pem"]),
    }
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.dictionaries(st.sampled_from(_VARIABLES), _VALUES), _URLS, _SETTINGS),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([None, {"http": "http://session:2"}]),
)
def test_the_settings_are_requests_own_as_the_environment_changes(
    monkeypatch: pytest.MonkeyPatch, calls: list[Any], session_proxies: Any
) -> None:
    """One session across environment changes gives, call by call, what a plain one does."""
    ours, plain = EnvironmentSession(), requests.Session()
    for session in (ours, plain):
        session.proxies.update(session_proxies or {})
    with monkeypatch.context() as env:
        for variable in _VARIABLES:
            env.delenv(variable, raising=False)
        for changes, url, given_settings in calls:
            for variable, value in changes.items():
                if value is None:
                    env.delenv(variable, raising=False)
                else:
                    env.setenv(variable, value)
            results = [
                session.merge_environment_settings(
                    url,
                    dict(given_settings["proxies"])
                    if given_settings["proxies"] is not None
                    else None,
                    given_settings["stream"],
                    given_settings["verify"],
                    given_settings["cert"],
                )
                for session in (ours, plain)
            ]
            assert results[0] == results[1]


def test_a_client_sees_a_proxy_set_or_removed_between_two_sends(
    sandbox: SandboxPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real HTTP: a proxy that answers nothing stops the next send (nothing sent), and its
    removal lets the one after go through, on the same client and connection pool."""
    from core.client import Client
    from core.errors import NotSentError
    from core.request import Notification

    for variable in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(variable, raising=False)
    with Client(sandbox.webhook_url) as client:
        assert isinstance(client._session, EnvironmentSession)
        client.send_personal(Notification(2, "direct"))
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # the discard port: refused
        with pytest.raises(NotSentError):
            client.send_personal(Notification(2, "through a dead proxy"))
        monkeypatch.delenv("HTTP_PROXY")
        client.send_personal(Notification(2, "direct again"))
    assert [n["message"] for n in sandbox.inbox(2)] == ["direct", "direct again"]


def test_where_the_system_holds_the_proxies_the_session_is_requests_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import urllib.request

    assert type(environment_session()) is EnvironmentSession
    monkeypatch.setattr(urllib.request, "getproxies", lambda: {})  # as on macOS or Windows
    assert type(environment_session()) is requests.Session
