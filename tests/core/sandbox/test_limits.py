"""The leaky bucket: X requests, then Y per second, 503 QUERY_LIMIT_EXCEEDED.

As the REST docs describe it (https://github.com/bitrix-tools/b24-rest-docs,
``settings/performance/limits.md``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.sandbox import SandboxPortal
from core.sandbox.limits import LeakyBucket
from tests.core.sandbox._http import FakeClock, call, request


def test_bucket_fills_then_drains() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(3, 2.0, clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.advance(0.5)  # one request drained
    assert bucket.take() is True
    assert bucket.take() is False
    clock.advance(10)
    assert bucket.level == 0.0


def test_refused_requests_are_not_counted() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(1, 1.0, clock)
    assert bucket.take()
    for _ in range(5):
        assert not bucket.take()
    clock.advance(1.0)
    assert bucket.take()


def test_bucket_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        LeakyBucket(0, 2.0, FakeClock())


def test_portal_answers_503_past_the_bucket(make_portal: Callable[..., SandboxPortal]) -> None:
    clock = FakeClock()
    portal = make_portal(bucket_size=3, drain_rate=2.0, clock=clock)
    statuses = [call(portal.webhook_url, "profile").status for _ in range(4)]
    assert statuses == [200, 200, 200, 503]
    refused = call(portal.webhook_url, "im.notify.personal.add", {"USER_ID": 2, "MESSAGE": "x"})
    assert refused.status == 503
    assert refused.json == {
        "error": "QUERY_LIMIT_EXCEEDED",
        "error_description": "Too many requests",
    }
    assert portal.notifications() == []
    clock.advance(1.0)  # drains two
    assert [call(portal.webhook_url, "profile").status for _ in range(3)] == [200, 200, 503]


def test_the_limit_is_per_portal(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(bucket_size=3, drain_rate=0.0)
    assert call(portal.webhook_url, "profile").status == 200
    assert call(portal.limited_webhook_url, "profile").status == 200
    assert call(portal.rest_url, "profile", {"auth": portal.app_token}).status == 200
    assert call(portal.moved_webhook_url, "profile").status == 503  # second address, same portal


def test_default_is_fifty_then_two_per_second(make_portal: Callable[..., SandboxPortal]) -> None:
    clock = FakeClock()
    portal = make_portal(clock=clock)  # the defaults: 50, then 2/s
    statuses = [call(portal.webhook_url, "server.time").status for _ in range(51)]
    assert statuses == [200] * 50 + [503]
    clock.advance(1.0)
    assert [call(portal.webhook_url, "server.time").status for _ in range(3)] == [200, 200, 503]


def test_enterprise_limit_is_configurable(make_portal: Callable[..., SandboxPortal]) -> None:
    clock = FakeClock()
    portal = make_portal(clock=clock)
    portal.set_rate_limit(250, 5.0)
    assert all(call(portal.webhook_url, "server.time").status == 200 for _ in range(250))
    assert call(portal.webhook_url, "server.time").status == 503
    clock.advance(1.0)
    assert [call(portal.webhook_url, "server.time").status for _ in range(6)] == [200] * 5 + [503]


def test_inspection_endpoints_are_not_rate_limited(
    make_portal: Callable[..., SandboxPortal],
) -> None:

    portal = make_portal(bucket_size=1, drain_rate=0.0)
    for _ in range(5):
        assert request(portal.url + "/sandbox/requests", method="GET").status == 200
    assert call(portal.webhook_url, "profile").status == 200
