"""The connection check explains, in words, what is wrong with a webhook or token."""

from __future__ import annotations

from typing import Any

import pytest

from core.address import parse_endpoint
from core.check import _credential_finding
from core.client import Client
from core.errors import PortalMovedError, portal_error


def _text(report: Any) -> str:
    return " ".join(f.message for f in report.findings)


def test_a_good_webhook_names_its_owner_and_role(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        report = client.check()
    assert report.ok is True
    assert report.im_available is True
    owner = next(u for u in sandbox.users() if u["id"] == 1)
    assert owner["first_name"] in _text(report) and owner["last_name"] in _text(report)
    assert "an administrator" in _text(report)
    assert report.profile is not None and str(report.profile["ID"]) == "1"
    assert [f.level for f in report.findings] == ["ok", "ok"]


def test_a_webhook_without_im_scope_is_not_ok(sandbox: Any) -> None:
    with Client(sandbox.limited_webhook_url) as client:
        report = client.check()
    assert report.ok is False
    assert report.im_available is False
    assert "'im' scope" in _text(report)
    assert report.findings[0].level == "ok"  # the credentials themselves are fine


def test_a_wrong_secret_is_explained(sandbox: Any) -> None:
    endpoint = parse_endpoint(sandbox.webhook_url)
    wrong = sandbox.webhook_url.replace(endpoint.secret, "wrongsecret0000")
    with Client(wrong) as client:
        report = client.check()
    assert report.ok is False and report.profile is None
    assert "secret" in _text(report)
    assert "wrongsecret0000" not in _text(report)


def test_a_webhook_url_with_the_wrong_user_id(sandbox: Any) -> None:
    url = sandbox.webhook_url.replace("/rest/1/", "/rest/2/")
    with Client(url) as client:
        report = client.check()
    assert report.ok is False
    assert "user id" in _text(report) or "secret" in _text(report)


def test_an_expired_token_is_explained(sandbox: Any) -> None:
    with Client(sandbox.url, sandbox.expired_token) as client:
        report = client.check()
    assert report.ok is False
    assert "expired" in _text(report)


def test_a_good_token(sandbox: Any) -> None:
    with Client(sandbox.url, sandbox.app_token) as client:
        report = client.check()
    assert report.ok is True and "The token works" in _text(report)


def test_an_unreachable_portal_is_a_finding_not_a_crash() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Client(f"http://127.0.0.1:{port}/rest/1/abcdefgh1234/") as client:
        report = client.check()
    assert report.ok is False and report.findings[0].level == "error"
    assert "abcdefgh1234" not in _text(report)


def test_a_lost_answer_is_explained_in_one_sentence_for_a_read_only_call(sandbox: Any) -> None:
    sandbox.inject("drop", method="profile")
    with Client(sandbox.webhook_url) as client:
        report = client.check()
    (finding,) = report.findings
    assert finding.level == "error"
    assert "outcome is unknown. This call only reads" in finding.message
    assert "notification" not in finding.message  # a check creates nothing


def test_an_unanswered_scope_question_is_a_warning_not_an_error(sandbox: Any) -> None:
    sandbox.inject("html502", method="method.get")
    with Client(sandbox.webhook_url) as client:
        report = client.check()
    assert report.ok is True and report.im_available is None
    assert [f.level for f in report.findings] == ["ok", "warning"]
    warning = report.findings[1].message
    assert "502 Bad Gateway" in warning and warning.endswith("trying again is safe.")


def test_a_move_to_another_address_is_an_error_and_nothing_goes_there(sandbox: Any) -> None:
    sandbox.inject("redirect", method="profile")
    with Client(sandbox.webhook_url) as client:
        report = client.check()
        assert client.endpoint == parse_endpoint(sandbox.webhook_url)
    assert report.ok is False and isinstance(report.error, PortalMovedError)
    assert [f.level for f in report.findings] == ["error"]
    assert "moved to" in _text(report) and sandbox.moved_url.split("//")[1] in _text(report)
    assert [r["address"] for r in sandbox.requests()] == ["primary"]
    assert parse_endpoint(sandbox.webhook_url).secret not in _text(report)


def test_an_allowed_move_is_a_warning_and_the_check_follows_it(sandbox: Any) -> None:
    sandbox.inject("redirect", method="profile")
    with Client(sandbox.webhook_url, follow_moves=True) as client:
        report = client.check()
        assert client.endpoint.host != parse_endpoint(sandbox.webhook_url).host
    assert report.ok is True
    assert [f.level for f in report.findings] == ["ok", "warning", "ok"]
    assert "moved" in report.findings[1].message
    assert parse_endpoint(sandbox.webhook_url).secret not in _text(report)


@pytest.mark.parametrize(
    ("code", "status", "kind", "words"),
    [
        ("INVALID_CREDENTIALS", 403, "webhook", "secret or user id is wrong"),
        ("NO_AUTH_FOUND", 401, "token", "access token is not accepted"),
        ("ERROR_METHOD_NOT_FOUND", 404, "webhook", "missing its user id or its secret"),
        ("expired_token", 401, "token", "has expired"),
        ("invalid_token", 401, "token", "unknown to the portal"),
        ("PORTAL_DELETED", 403, "webhook", "The portal was deleted"),
    ],
)
def test_each_refusal_of_profile_is_one_sentence(
    code: str, status: int, kind: str, words: str
) -> None:
    # Real portals answer some of these in ways the sandbox never does (a deleted portal, a
    # webhook path the portal routes to no method); the wording is checked directly.
    finding = _credential_finding(portal_error(code, "", status), kind)
    assert finding.level == "error" and words in finding.message
    assert (
        finding.message.endswith(".")
        and "\n" not in finding.message
        and ".." not in finding.message
    )
