"""The notification methods and the helper methods.

Sources: ``core/sandbox/NOTES.md`` and the REST docs (https://github.com/bitrix-tools/b24-rest-docs,
``api-reference/chats/notifications/``, ``api-reference/common/``).
"""

from __future__ import annotations

from collections.abc import Callable

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
    ("kind", "expected"),
    [("SYSTEM", "SYSTEM"), ("USER", "USER"), (None, "USER"), ("system", "USER")],
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


def test_delete_by_id_is_for_the_recipient_only(sandbox: SandboxPortal) -> None:
    # CIMNotify::DeleteWithCheck: the notification must be in the caller's own notifications.
    nid = send(sandbox, USER_ID=2, MESSAGE="bye").result
    delete = "im.notify.delete"
    refused = call(sandbox.webhook_url, delete, {"ID": nid})  # user 1 sent it to user 2
    assert (refused.status, refused.result) == (200, False)
    assert [n["id"] for n in sandbox.inbox(2)] == [nid]
    recipient = sandbox.add_webhook(["im"], user_id=2)
    assert call(recipient, delete, {"ID": nid}).result is True
    assert sandbox.inbox(2) == []
    assert call(recipient, delete, {"ID": nid}).result is False
    own = send(sandbox, USER_ID=sandbox.admin_id, MESSAGE="to myself").result
    assert call(sandbox.webhook_url, delete, {"ID": own}).result is True


def test_delete_by_id_over_an_app_token_is_for_its_user_only(sandbox: SandboxPortal) -> None:
    # The app token acts as user 1: it deletes by id what user 1 received, not what it sent.
    auth = {"auth": sandbox.app_token}
    to_two = call(sandbox.rest_url, ADD, {**auth, "USER_ID": 2, "MESSAGE": "x"}).result
    to_one = call(sandbox.rest_url, ADD, {**auth, "USER_ID": 1, "MESSAGE": "y"}).result
    delete = "im.notify.delete"
    assert call(sandbox.rest_url, delete, {**auth, "ID": to_two}).result is False
    assert call(sandbox.rest_url, delete, {**auth, "ID": to_one}).result is True


@pytest.mark.parametrize("given", [0, "", "abc", -5, [], [9999]])
def test_delete_with_an_id_that_is_nothing_is_false(sandbox: SandboxPortal, given: object) -> None:
    # Any ID given (isset) takes the by-id path, even with a TAG beside it.
    send(sandbox, USER_ID=1, MESSAGE="a", TAG="t", CLIENT_ID="ci")
    answer = call(sandbox.webhook_url, "im.notify.delete", {"ID": given, "TAG": "t"})
    assert (answer.status, answer.result) == (200, False)
    assert len(sandbox.notifications()) == 1


def test_delete_a_list_of_ids(sandbox: SandboxPortal) -> None:
    mine = [send(sandbox, USER_ID=1, MESSAGE=m).result for m in ("a", "b")]
    theirs = send(sandbox, USER_ID=3, MESSAGE="c").result
    answer = call(sandbox.webhook_url, "im.notify.delete", {"ID": [*mine, theirs]})
    assert answer.result is True
    assert [n["id"] for n in sandbox.notifications()] == [theirs]


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


# --- tags over a webhook: the two modes ----------------------------------------------------------
def test_webhook_tags_ignored_as_the_module_source_does(
    make_portal: Callable[..., SandboxPortal],
) -> None:
    portal = make_portal(webhook_tags="ignored")
    assert portal.webhook_tags == "ignored"
    tagged = {"USER_ID": 2, "TAG": "build", "SUB_TAG": "ci", "CLIENT_ID": "ci"}
    first = call(portal.webhook_url, ADD, {**tagged, "MESSAGE": "one"}).result
    second = call(portal.webhook_url, ADD, {**tagged, "MESSAGE": "two"}).result
    inbox = portal.inbox(2)
    assert [n["id"] for n in inbox] == [first, second]  # no replacing
    assert all((n["tag"], n["sub_tag"], n["client_id"]) == ("", "", "") for n in inbox)
    assert any("ignored" in note for note in portal.requests()[-1]["notes"])
    delete = "im.notify.delete"
    for selector in ({"TAG": "build"}, {"SUB_TAG": "ci"}):
        answer = call(portal.webhook_url, delete, {**selector, "CLIENT_ID": "ci"})
        assert (answer.status, answer.result) == (200, True)  # true, yet nothing deleted
        assert len(portal.inbox(2)) == 2
    assert call(portal.webhook_url, delete, {"TAG": "build"}).error == "ACCESS_DENIED"


@pytest.mark.parametrize("mode", ["client-id", "ignored"])
def test_app_token_tags_replace_and_delete_in_both_modes(
    make_portal: Callable[..., SandboxPortal], mode: str
) -> None:
    portal = make_portal(webhook_tags=mode)
    auth = {"auth": portal.app_token}
    for text in ("one", "two"):
        call(portal.rest_url, ADD, {**auth, "USER_ID": 3, "MESSAGE": text, "TAG": "t"})
    assert [n["message"] for n in portal.inbox(3)] == ["two"]
    assert call(portal.rest_url, "im.notify.delete", {**auth, "TAG": "t"}).result is True
    assert portal.inbox(3) == []


@pytest.mark.parametrize("mode", ["client-id", "ignored"])
def test_webhook_tags_in_each_mode(make_portal: Callable[..., SandboxPortal], mode: str) -> None:
    portal = make_portal(webhook_tags=mode)
    for text in ("one", "two"):
        call(portal.webhook_url, ADD, {"USER_ID": 4, "MESSAGE": text, "TAG": "t", "CLIENT_ID": "c"})
    replaced = mode == "client-id"
    assert [n["message"] for n in portal.inbox(4)] == (["two"] if replaced else ["one", "two"])
    call(portal.webhook_url, "im.notify.delete", {"TAG": "t", "CLIENT_ID": "c"})
    assert len(portal.inbox(4)) == (0 if replaced else 2)


def test_webhook_tags_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="webhook_tags"):
        SandboxPortal(webhook_tags="sometimes")


# --- im.notify.system.add with an app token ---------------------------------------------------
def test_system_add_by_an_app_starts_with_the_apps_name(sandbox: SandboxPortal) -> None:
    # notifyAdd: $message = $moduleName."#BR#".$arParams['MESSAGE'] when the call has a client id.
    auth = {"auth": sandbox.app_token}
    params = {**auth, "USER_ID": 2, "MESSAGE": " Backup done ", "MESSAGE_OUT": "Backup done (mail)"}
    call(sandbox.rest_url, "im.notify.system.add", params)
    call(sandbox.rest_url, "im.notify", {**auth, "USER_ID": 2, "MESSAGE": "x", "TYPE": "SYSTEM"})
    call(sandbox.rest_url, "im.notify.system.add", {**auth, "USER_ID": 2, "MESSAGE": "no out"})
    first, second, third = sandbox.inbox(2)
    assert first["message"] == "Sandbox App#BR#Backup done"
    assert first["message_out"] == "Sandbox App#BR#Backup done (mail)"
    assert second["message"] == "Sandbox App#BR#x"
    assert third["message_out"] == ""  # an empty MESSAGE_OUT stays empty


def test_no_app_name_for_webhooks_or_personal_notifications(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, "im.notify.system.add", {"USER_ID": 2, "MESSAGE": "hook"})
    call(sandbox.rest_url, ADD, {"auth": sandbox.app_token, "USER_ID": 2, "MESSAGE": "app"})
    assert [n["message"] for n in sandbox.inbox(2)] == ["hook", "app"]
