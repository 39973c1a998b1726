"""Addresses, authentication, parameter encodings and the answer shape.

As the REST docs describe them (https://github.com/bitrix-tools/b24-rest-docs,
``settings/how-to-call-rest-api/general-principles.md``) and ``core/sandbox/NOTES.md`` says.
"""

from __future__ import annotations

import json

import pytest

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import call, request

TIME_FIELDS = {
    "start": float,
    "finish": float,
    "duration": float,
    "processing": float,
    "date_start": str,
    "date_finish": str,
    "operating_reset_at": int,
}


def test_webhook_call_with_and_without_json_suffix(sandbox: SandboxPortal) -> None:
    with_suffix = request(sandbox.webhook_url + "profile.json", json_body={})
    without = request(sandbox.webhook_url + "profile", json_body={})
    assert with_suffix.status == without.status == 200
    assert with_suffix.result["ID"] == without.result["ID"] == "1"
    assert with_suffix.result["ADMIN"] is True


def test_every_success_carries_the_time_block(sandbox: SandboxPortal) -> None:
    block = call(sandbox.webhook_url, "server.time").json["time"]
    for name, kind in TIME_FIELDS.items():
        assert isinstance(block[name], kind), name
    assert "operating" in block
    assert block["finish"] >= block["start"]
    assert block["duration"] == pytest.approx(block["finish"] - block["start"])
    assert block["date_start"][:4].isdigit() and "T" in block["date_start"]


def test_webhook_without_user_id_is_method_not_found(sandbox: SandboxPortal) -> None:
    answer = call(f"{sandbox.url}/rest/{sandbox.secret}/", "im.notify.personal.add", {})
    assert answer.status == 404
    assert answer.json == {
        "error": "ERROR_METHOD_NOT_FOUND",
        "error_description": "Method not found!",
    }


def test_wrong_secret_is_invalid_credentials(sandbox: SandboxPortal) -> None:
    answer = call(f"{sandbox.url}/rest/1/wrongsecret123456/", "profile")
    assert answer.status == 403  # the documented status; the code as the server source has it
    assert answer.error == "INVALID_CREDENTIALS"
    assert answer.json["error_description"] == "Invalid request credentials"


def test_right_secret_with_another_user_id_is_invalid_credentials(sandbox: SandboxPortal) -> None:
    answer = call(f"{sandbox.url}/rest/2/{sandbox.secret}/", "profile")
    assert (answer.status, answer.error) == (403, "INVALID_CREDENTIALS")


def test_unknown_method_is_method_not_found(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.webhook_url, "im.notify.fly.to.moon", {})
    assert (answer.status, answer.error) == (404, "ERROR_METHOD_NOT_FOUND")


def test_method_names_are_case_insensitive(sandbox: SandboxPortal) -> None:
    assert call(sandbox.webhook_url, "PROFILE").status == 200


@pytest.mark.parametrize("where", ["body", "query", "access_token", "bearer", "form"])
def test_token_call_accepts_every_documented_place(sandbox: SandboxPortal, where: str) -> None:
    token = sandbox.app_token
    url = sandbox.rest_url + "profile.json"
    if where == "body":
        answer = request(url, json_body={"auth": token})
    elif where == "query":
        answer = request(f"{url}?auth={token}", method="GET")
    elif where == "access_token":
        answer = request(url, json_body={"access_token": token})
    elif where == "form":
        answer = request(url, form={"auth": token})
    else:
        answer = request(url, json_body={}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.body
    assert answer.result["ID"] == "1"


def test_token_call_without_token_is_no_auth_found(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.rest_url, "profile", {})
    assert answer.status == 401
    assert answer.json == {
        "error": "NO_AUTH_FOUND",
        "error_description": "Wrong authorization data",
    }


def test_unknown_token_is_invalid_token(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.rest_url, "profile", {"auth": "0" * 70})
    assert (answer.status, answer.error) == (401, "invalid_token")


def test_expired_token_is_expired_token(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.rest_url, "im.notify.personal.add", {"auth": sandbox.expired_token})
    assert answer.status == 401
    assert answer.error == "expired_token"
    assert answer.json["error_description"] == "The access token provided has expired"


def test_webhook_without_im_scope_gets_insufficient_scope(sandbox: SandboxPortal) -> None:
    answer = call(
        sandbox.limited_webhook_url, "im.notify.personal.add", {"USER_ID": 2, "MESSAGE": "x"}
    )
    assert answer.status == 403  # the documented status; reports of 401 are unconfirmed
    assert answer.error == "insufficient_scope"
    assert "webhook" in answer.json["error_description"]
    assert sandbox.inbox(2) == []
    # profile needs no scope, so the limited webhook is still "valid"
    assert call(sandbox.limited_webhook_url, "profile").status == 200


def test_an_added_webhook_has_exactly_its_scopes(sandbox: SandboxPortal) -> None:
    im_only = sandbox.add_webhook(["im"], user_id=2)
    assert im_only.startswith(f"{sandbox.url}/rest/2/") and im_only.endswith("/")
    assert call(im_only, "scope").result == ["im"]
    sent = call(im_only, "im.notify.personal.add", {"USER_ID": 3, "MESSAGE": "from Boris"})
    assert sandbox.inbox(3)[0]["id"] == sent.result and sandbox.inbox(3)[0]["author_id"] == 2
    refused = call(im_only, "user.search", {"FIND": "dana"})
    assert (refused.status, refused.error) == (403, "insufficient_scope")
    # the new secret is masked in the log like the seeded ones, and survives reset()
    secret = im_only.rstrip("/").rsplit("/", 1)[1]
    assert secret not in json.dumps(sandbox.requests())
    sandbox.reset()
    assert call(im_only, "profile").result["ID"] == "2"
    # a fixed secret works once; nonsense is refused
    assert sandbox.add_webhook(["im"], secret="fixedSecret123").endswith("/fixedSecret123/")
    for bad in (
        {"scopes": []},
        {"scopes": ["im"], "user_id": 999},
        {"scopes": ["im"], "secret": "fixedSecret123"},
        {"scopes": ["im"], "secret": "a/b"},
    ):
        with pytest.raises(ValueError):
            sandbox.add_webhook(**bad)


def test_scope_and_method_get_tell_whether_im_is_granted(sandbox: SandboxPortal) -> None:
    assert "im" in call(sandbox.webhook_url, "scope").result
    assert "im" not in call(sandbox.limited_webhook_url, "scope").result
    assert "im" in call(sandbox.limited_webhook_url, "scope", {"full": True}).result
    name = {"name": "im.notify.personal.add"}
    assert call(sandbox.webhook_url, "method.get", name).result == {
        "isExisting": True,
        "isAvailable": True,
    }
    assert call(sandbox.limited_webhook_url, "method.get", name).result == {
        "isExisting": True,
        "isAvailable": False,
    }
    assert call(sandbox.webhook_url, "method.get", {"name": "no.such"}).result == {
        "isExisting": False,
        "isAvailable": False,
    }


def test_parameters_from_query_string(sandbox: SandboxPortal) -> None:
    answer = request(
        sandbox.webhook_url + "im.notify.personal.add.json?USER_ID=3&MESSAGE=from%20query",
        method="GET",
    )
    assert isinstance(answer.result, int)
    assert sandbox.inbox(3)[0]["message"] == "from query"


def test_parameters_from_php_bracket_form(sandbox: SandboxPortal) -> None:
    form = [
        ("USER_ID", "4"),
        ("MESSAGE", "form"),
        ("ATTACH[0][MESSAGE]", "first"),
        ("ATTACH[1][IMAGE][NAME]", "pic"),
        ("ATTACH[1][IMAGE][LINK]", "https://example.com/a.png"),
    ]
    answer = request(sandbox.webhook_url + "im.notify.personal.add.json", form=form)
    assert answer.status == 200, answer.body
    attach = sandbox.inbox(4)[0]["attach"]
    assert attach["BLOCKS"] == [
        {"MESSAGE": "first"},
        {"IMAGE": [{"NAME": "pic", "LINK": "https://example.com/a.png"}]},
    ]


def test_parameters_from_multipart_form(sandbox: SandboxPortal) -> None:
    boundary = "XyZb24"
    fields = {"USER_ID": "5", "MESSAGE": "Привет multipart"}
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        + f"--{boundary}--\r\n"
    )
    answer = request(
        sandbox.webhook_url + "im.notify.personal.add",
        body=body.encode("utf-8"),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status == 200, answer.body
    assert sandbox.inbox(5)[0]["message"] == "Привет multipart"


def test_parameter_names_are_upper_cased_for_notify(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.webhook_url, "im.notify.personal.add", {"user_id": 2, "message": "lower"})
    assert isinstance(answer.result, int)
    assert sandbox.inbox(2)[0]["message"] == "lower"


def test_unreadable_json_body_means_no_parameters(sandbox: SandboxPortal) -> None:
    answer = request(
        sandbox.webhook_url + "im.notify.personal.add",
        body=b'{"USER_ID": 2, "MESSAGE": ',
        headers={"Content-Type": "application/json"},
    )
    assert (answer.status, answer.error) == (400, "USER_ID_EMPTY")


def test_error_answers_are_json_with_the_documented_shape(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.webhook_url, "im.notify.personal.add", {})
    assert answer.headers["Content-Type"].startswith("application/json")
    assert set(answer.json) == {"error", "error_description"}


def test_repr_and_log_never_show_the_secret(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, "profile")
    assert sandbox.secret not in repr(sandbox)
    assert sandbox.secret not in json.dumps(sandbox.requests(), ensure_ascii=False)


def test_non_loopback_host_is_refused_unless_allowed() -> None:
    with pytest.raises(ValueError, match="loopback"):
        SandboxPortal("0.0.0.0")
    SandboxPortal("0.0.0.0", allow_remote=True)  # constructing is enough; not started
    SandboxPortal("localhost")
    SandboxPortal("::1")


def test_addresses_need_a_started_portal() -> None:
    portal = SandboxPortal()
    with pytest.raises(RuntimeError, match="start"):
        _ = portal.webhook_url
    assert "not running" in repr(portal)


# --- hostile bodies (issue 7 item 11): a 400 or a normal answer, never a 500 ---------------------
DEEP = b"[" * 100_000 + b"]" * 100_000


def test_a_100k_deep_json_body_is_unreadable_not_a_crash(sandbox: SandboxPortal) -> None:
    # The portal ignores a JSON body it cannot decode (CRestUtil::getRequestData catches it):
    # no parameters, so the method's own error.
    body = b'{"USER_ID": 2, "MESSAGE": "x", "deep": ' + DEEP + b"}"
    for content_type in ("application/json", ""):
        answer = request(
            sandbox.webhook_url + "im.notify.personal.add",
            body=body,
            headers={"Content-Type": content_type} if content_type else {},
        )
        assert (answer.status, answer.error) == (400, "USER_ID_EMPTY")
        assert "nested deeper" in " ".join(sandbox.requests()[-1]["notes"])
    assert sandbox.notifications() == []


def test_deep_or_non_finite_attach_text_is_attach_error(sandbox: SandboxPortal) -> None:
    for attach in (DEEP.decode(), '[{"MESSAGE": "x", "n": NaN}]', '[{"IMAGE": 1e999}]'):
        answer = call(
            sandbox.webhook_url,
            "im.notify.personal.add",
            {"USER_ID": 2, "MESSAGE": "x", "ATTACH": attach},
        )
        assert (answer.status, answer.error) == (400, "ATTACH_ERROR")


def test_a_100k_deep_form_body_drops_the_variable(sandbox: SandboxPortal) -> None:
    # PHP's max_input_nesting_level (64): a deeper name removes that variable, the rest is read.
    body = b"USER_ID=2&MESSAGE=deep&ATTACH" + b"[a]" * 100_000 + b"=1"
    answer = request(
        sandbox.webhook_url + "im.notify.personal.add",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200, answer.body[:200]
    assert sandbox.inbox(2)[0]["attach"] is None
    batch = call(sandbox.webhook_url, "batch", {"cmd": {"a": "profile?x" + "[]" * 100_000 + "=1"}})
    assert batch.status == 200 and batch.result["result"]["a"]["ID"] == "1"


def test_huge_numbers_in_parameters_are_php_intval(sandbox: SandboxPortal) -> None:
    answer = call(
        sandbox.webhook_url, "im.notify.personal.add", {"USER_ID": "9" * 5000, "MESSAGE": "x"}
    )
    assert (answer.status, answer.result) == (200, False)  # PHP_INT_MAX: no such user
    fullwidth = call(
        sandbox.webhook_url, "im.notify.personal.add", {"USER_ID": "２", "MESSAGE": "x"}
    )
    assert fullwidth.error == "USER_ID_EMPTY"  # intval("２") is 0
