"""The notification methods and the helper methods (reference §1, §2)."""

from __future__ import annotations

import pytest

from core.sandbox import SandboxPortal
from tests.core.sandbox._http import call

ADD = "im.notify.personal.add"


def send(portal: SandboxPortal, base: str | None = None, **params: object) -> object:
    return call(base or portal.webhook_url, ADD, params)


def test_personal_add_returns_the_new_id_and_fills_the_inbox(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, USER_ID=2, MESSAGE="  Build [b]failed[/b]  ", MESSAGE_OUT="mail")
    assert answer.status == 200
    nid = answer.result
    assert isinstance(nid, int) and nid > 0
    (record,) = sandbox.inbox(2)
    assert record["id"] == nid
    assert record["user_id"] == 2
    assert record["author_id"] == 1
    assert record["type"] == "USER"
    assert record["message"] == "Build [b]failed[/b]"  # trimmed, BB-codes kept
    assert record["message_out"] == "mail"
    assert record["attach"] is None
    assert {"tag", "sub_tag", "client_id", "date"} <= set(record)


def test_ids_increase(sandbox: SandboxPortal) -> None:
    first = send(sandbox, USER_ID=2, MESSAGE="a").result
    second = send(sandbox, USER_ID=3, MESSAGE="b").result
    assert second > first


def test_system_add_has_no_author(sandbox: SandboxPortal) -> None:
    nid = call(sandbox.webhook_url, "im.notify.system.add", {"USER_ID": 3, "MESSAGE": "sys"}).result
    (record,) = sandbox.inbox(3)
    assert (record["id"], record["type"], record["author_id"]) == (nid, "SYSTEM", None)


@pytest.mark.parametrize(
    ("kind", "expected"), [("SYSTEM", "SYSTEM"), ("USER", "USER"), (None, "USER")]
)
def test_im_notify_type(sandbox: SandboxPortal, kind: str | None, expected: str) -> None:
    params = {"USER_ID": 4, "MESSAGE": "x", **({"TYPE": kind} if kind else {})}
    assert isinstance(call(sandbox.webhook_url, "im.notify", params).result, int)
    assert sandbox.inbox(4)[0]["type"] == expected


@pytest.mark.parametrize("user", [None, 0, -3, "", "abc"])
def test_missing_or_non_positive_user_id_is_user_id_empty(
    sandbox: SandboxPortal, user: object
) -> None:
    params = {"MESSAGE": "x"} if user is None else {"USER_ID": user, "MESSAGE": "x"}
    answer = call(sandbox.webhook_url, ADD, params)
    assert answer.status == 400
    assert answer.json == {"error": "USER_ID_EMPTY", "error_description": "User ID can't be empty"}


def test_to_is_an_alias_of_user_id(sandbox: SandboxPortal) -> None:
    assert isinstance(send(sandbox, TO=5, MESSAGE="alias").result, int)
    assert len(sandbox.inbox(5)) == 1


@pytest.mark.parametrize("message", [None, "", "   \n\t "])
def test_empty_message_after_trim_is_message_empty(sandbox: SandboxPortal, message: object) -> None:
    params = {"USER_ID": 2} if message is None else {"USER_ID": 2, "MESSAGE": message}
    answer = call(sandbox.webhook_url, ADD, params)
    assert answer.status == 400
    assert answer.json == {"error": "MESSAGE_EMPTY", "error_description": "Message can't be empty"}
    assert sandbox.notifications() == []


def test_inactive_recipient_gives_result_false(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, USER_ID=sandbox.inactive_user_id, MESSAGE="hello?")
    assert answer.status == 200
    assert answer.result is False
    assert "time" in answer.json
    assert sandbox.notifications() == []


def test_missing_recipient_gives_result_false(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, USER_ID=sandbox.missing_user_id, MESSAGE="hello?")
    assert (answer.status, answer.result) == (200, False)


def test_webhook_tag_without_client_id_is_ignored(sandbox: SandboxPortal) -> None:
    send(sandbox, USER_ID=2, MESSAGE="one", TAG="build")
    send(sandbox, USER_ID=2, MESSAGE="two", TAG="build")
    inbox = sandbox.inbox(2)
    assert [n["message"] for n in inbox] == ["one", "two"]
    assert all(n["tag"] == "" for n in inbox)


def test_tag_with_client_id_replaces_the_earlier_notification(sandbox: SandboxPortal) -> None:
    first = send(sandbox, USER_ID=2, MESSAGE="one", TAG="build", CLIENT_ID="ci").result
    second = send(sandbox, USER_ID=2, MESSAGE="two", TAG="build", CLIENT_ID="ci").result
    (record,) = sandbox.inbox(2)
    assert record["id"] == second != first
    assert (record["message"], record["tag"], record["client_id"]) == ("two", "build", "ci")


def test_tag_replacement_is_per_recipient_and_per_client_id(sandbox: SandboxPortal) -> None:
    send(sandbox, USER_ID=2, MESSAGE="ci for 2", TAG="t", CLIENT_ID="ci")
    send(sandbox, USER_ID=3, MESSAGE="ci for 3", TAG="t", CLIENT_ID="ci")
    send(sandbox, USER_ID=2, MESSAGE="other app for 2", TAG="t", CLIENT_ID="other")
    assert [n["message"] for n in sandbox.inbox(2)] == ["ci for 2", "other app for 2"]
    assert [n["message"] for n in sandbox.inbox(3)] == ["ci for 3"]


def test_app_token_tags_use_the_apps_client_id(sandbox: SandboxPortal) -> None:
    base = sandbox.rest_url
    for text in ("one", "two"):
        call(base, ADD, {"auth": sandbox.app_token, "USER_ID": 2, "MESSAGE": text, "TAG": "t"})
    (record,) = sandbox.inbox(2)
    assert (record["message"], record["client_id"]) == ("two", sandbox.client_id)


def test_delete_by_id(sandbox: SandboxPortal) -> None:
    nid = send(sandbox, USER_ID=2, MESSAGE="bye").result
    assert call(sandbox.webhook_url, "im.notify.delete", {"ID": nid}).result is True
    assert sandbox.inbox(2) == []
    assert call(sandbox.webhook_url, "im.notify.delete", {"ID": nid}).result is False


def test_delete_by_tag_and_sub_tag_needs_the_same_client_id(sandbox: SandboxPortal) -> None:
    send(sandbox, USER_ID=2, MESSAGE="a", TAG="t1", SUB_TAG="group", CLIENT_ID="ci")
    send(sandbox, USER_ID=3, MESSAGE="b", TAG="t2", SUB_TAG="group", CLIENT_ID="ci")
    send(sandbox, USER_ID=4, MESSAGE="c", TAG="t1", CLIENT_ID="ci")
    delete = "im.notify.delete"
    assert call(sandbox.webhook_url, delete, {"TAG": "t1", "CLIENT_ID": "other"}).result is True
    assert len(sandbox.notifications()) == 3  # another app's namespace: nothing deleted
    call(sandbox.webhook_url, delete, {"TAG": "t1", "CLIENT_ID": "ci"})
    assert [n["message"] for n in sandbox.notifications()] == ["b"]
    call(sandbox.webhook_url, delete, {"SUB_TAG": "group", "CLIENT_ID": "ci"})
    assert sandbox.notifications() == []


def test_delete_errors(sandbox: SandboxPortal) -> None:
    none = call(sandbox.webhook_url, "im.notify.delete", {})
    assert (none.status, none.json) == (
        400,
        {"error": "PARAMS_ERROR", "error_description": "Incorrect params"},
    )
    no_client = call(sandbox.webhook_url, "im.notify.delete", {"TAG": "t"})
    assert no_client.error == "ACCESS_DENIED"
    assert no_client.json["error_description"] == "Access denied! Client ID not specified"


def test_profile_and_user_current(sandbox: SandboxPortal) -> None:
    profile = call(sandbox.webhook_url, "profile").result
    assert {"ID", "ADMIN", "NAME", "LAST_NAME", "PERSONAL_GENDER"} <= set(profile)
    current = call(sandbox.webhook_url, "user.current").result
    assert current["ID"] == profile["ID"] == "1"
    assert current["ACTIVE"] is True


def test_user_get_filters_and_reports_total(sandbox: SandboxPortal) -> None:
    everyone = call(sandbox.webhook_url, "user.get")
    assert everyone.json["total"] == len(sandbox.users()) == len(everyone.result)
    inactive = call(sandbox.webhook_url, "user.get", {"FILTER": {"ACTIVE": False}}).result
    assert [u["ID"] for u in inactive] == [str(sandbox.inactive_user_id)]
    by_id = call(sandbox.webhook_url, "user.get", {"ID": 3}).result
    assert [u["ID"] for u in by_id] == ["3"]
    by_name = call(sandbox.webhook_url, "user.get", {"FILTER": {"NAME_SEARCH": "dana"}}).result
    assert [u["LAST_NAME"] for u in by_name] == ["Smith"]


def test_user_search_finds_by_name_position_and_unicode(sandbox: SandboxPortal) -> None:
    found = call(sandbox.webhook_url, "user.search", {"FIND": "engineer"}).result
    assert {u["NAME"] for u in found} >= {"Emil", "Hana"}
    cyrillic = call(sandbox.webhook_url, "user.search", {"FIND": "кузн"}).result
    assert [u["NAME"] for u in cyrillic] == ["Иван"]
    assert call(sandbox.webhook_url, "user.search", {"FIND": "zzzz"}).result == []


def test_user_methods_need_the_user_scope(sandbox: SandboxPortal) -> None:
    # the limited webhook has user but not im; the admin webhook has both
    assert call(sandbox.limited_webhook_url, "user.get").status == 200


def test_im_search_user_list(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.webhook_url, "im.search.user.list", {"FIND": "Boris"})
    assert answer.json["total"] == 1
    assert answer.result["2"]["name"] == "Boris Ivanov"
    assert answer.result["2"]["work_position"] == "Backend developer"
    short = call(sandbox.webhook_url, "im.search.user.list", {"FIND": "B"})
    assert (short.status, short.error) == (400, "FIND_SHORT")
    assert call(sandbox.limited_webhook_url, "im.search.user.list", {"FIND": "Bo"}).status == 403


def test_server_time_is_an_iso_date(sandbox: SandboxPortal) -> None:
    value = call(sandbox.webhook_url, "server.time").result
    assert value[4] == "-" and "T" in value


def test_app_info_only_for_apps(sandbox: SandboxPortal) -> None:
    assert call(sandbox.webhook_url, "app.info").error == "ACCESS_DENIED"
    info = call(sandbox.rest_url, "app.info", {"auth": sandbox.app_token}).result
    assert info["CODE"] == sandbox.client_id
