"""One voice (core.voice): what the core tells about a request or an answer, and the CLI saying it.

The window's side of the same notes is in tests/gui/test_main_window_voice.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.address import parse_endpoint
from core.blocks import picture_block
from core.check import CheckReport, Finding
from core.cli import main
from core.client import Client
from core.constants import TONES
from core.errors import (
    CancelledError,
    InputError,
    NotSentError,
    OutcomeUnknownError,
    PortalInputError,
    Problem,
    portal_error,
)
from core.request import Notification, build_delete, build_notification
from core.result import Result
from core.voice import (
    DELETE_BY_TAG_IS_ALWAYS_TRUE,
    NOT_IN_EMAIL_OR_PUSH,
    TAG_OVER_WEBHOOK,
    Note,
    delete_refusal,
    for_cancel,
    for_check,
    for_error,
    for_result,
    notes_after,
    notes_before_sending,
    notes_for_notification,
    retry_note,
)

WEBHOOK = "https://portal.example/rest/1/secret1234/"
PIC = "https://ci.example/p.png"


def _token() -> Any:
    return parse_endpoint("portal.example", "token-abcdef-1234")


def _fields(notes: list[Note]) -> list[str]:
    return [n.field for n in notes]


# --- before sending -----------------------------------------------------------------------------
@pytest.mark.parametrize(("tag", "sub_tag"), [("t", ""), ("", "s"), ("t", "s")])
def test_a_tag_over_a_webhook_is_noted_once(tag: str, sub_tag: str) -> None:
    n = Notification(2, "x", tag=tag, sub_tag=sub_tag)
    assert notes_for_notification(parse_endpoint(WEBHOOK), n) == [Note("tag", TAG_OVER_WEBHOOK)]
    prepared = build_notification(WEBHOOK, n)
    assert prepared.params["CLIENT_ID"] == "b24notify"  # still sent: newer portals honour it
    assert notes_before_sending(prepared) == [Note("tag", TAG_OVER_WEBHOOK)]


def test_no_tag_note_with_an_app_token_or_without_a_tag() -> None:
    assert notes_for_notification(_token(), Notification(2, "x", tag="t")) == []
    assert notes_for_notification(parse_endpoint(WEBHOOK), Notification(2, "x")) == []
    assert notes_for_notification(None, Notification(2, "x", tag="t")) == []  # no address yet
    assert notes_before_sending(build_notification(_token(), Notification(2, "x", tag="t"))) == []


def test_the_tag_note_takes_back_the_promise() -> None:
    assert "CLIENT_ID" in TAG_OVER_WEBHOOK and "drop" in TAG_OVER_WEBHOOK
    assert "app token" in TAG_OVER_WEBHOOK


def test_attachments_bring_their_warnings_and_the_email_push_hint() -> None:
    attach = [{"IMAGE": {"LINK": PIC, "URL": "x"}}]
    n = Notification(2, "x", attachments=attach)
    notes = notes_for_notification(parse_endpoint(WEBHOOK), n)
    assert _fields(notes) == ["attachments[0].IMAGE.URL", "attachments"]
    assert notes[-1].message == NOT_IN_EMAIL_OR_PUSH
    assert notes_before_sending(build_notification(WEBHOOK, n)) == notes
    with_out = Notification(2, "x", text_out="for e-mail", attachments=[picture_block("p", PIC)])
    assert notes_for_notification(parse_endpoint(WEBHOOK), with_out) == []


def test_the_older_portal_size_warning_is_a_note() -> None:
    n = Notification(2, "x", text_out="y", attachments=[{"MESSAGE": "ж" * 35_000}])
    [note] = notes_for_notification(parse_endpoint(WEBHOOK), n)
    assert note.field == "attachments" and "older self-hosted" in note.message


def test_broken_attachments_give_no_notes_only_problems() -> None:
    n = Notification(2, "x", attachments="[{")
    assert notes_for_notification(parse_endpoint(WEBHOOK), n) == []


def test_a_delete_by_tag_over_a_webhook_is_noted() -> None:
    [note] = notes_before_sending(build_delete(WEBHOOK, tag="t"))
    assert note.field == "tag" and "CLIENT_ID" in note.message
    assert notes_before_sending(build_delete(WEBHOOK, id=5)) == []
    assert notes_before_sending(build_delete(_token(), tag="t")) == []


# --- after the answer ---------------------------------------------------------------------------
def _result(method: str, raw: dict[str, Any]) -> Result:
    return Result(method, 200, raw, json.dumps(raw), 0.1)


def test_an_id_that_is_the_portals_clock_is_noted() -> None:
    stamp = _result("im.notify.personal.add", {"result": 1_800_000_000, "time": {"start": 1.8e9}})
    [note] = notes_after(stamp)
    assert note.field == "result" and "1800000000" in note.message and "time" in note.message
    real = _result("im.notify.personal.add", {"result": 42, "time": {"start": 1.8e9}})
    assert notes_after(real) == []


def test_a_true_from_a_delete_by_tag_proves_little() -> None:
    deleted = _result("im.notify.delete", {"result": True})
    assert notes_after(deleted, build_delete(WEBHOOK, tag="t")) == [
        Note("result", DELETE_BY_TAG_IS_ALWAYS_TRUE)
    ]
    assert notes_after(deleted, build_delete(WEBHOOK, id=5)) == []


def test_a_note_is_a_sentence() -> None:
    assert Note("tag", "over a webhook x.").sentence() == "Over a webhook x."


def test_retry_notes() -> None:
    assert retry_note("QUERY_LIMIT_EXCEEDED", 1.0, 2) == (
        "the portal answered QUERY_LIMIT_EXCEEDED; trying again in 1 s (attempt 2)."
    )
    said = retry_note("OPERATION_TIME_LIMIT", 4.2, 2)
    assert "time limit" in said and "waiting 4 s" in said and "attempt 2" in said


def test_delete_refusals_depend_on_what_was_deleted_by() -> None:
    explanation, advice = delete_refusal(by_id=True)
    assert "recipient" in explanation and "Only the recipient" in advice and "tag" in advice
    explanation, advice = delete_refusal(by_id=False)
    assert "CLIENT_ID" in advice and "recipient" not in explanation


# --- the client and the CLI against the sandbox -------------------------------------------------
def test_a_false_from_a_delete_by_id_says_only_the_recipient_may(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(PortalInputError) as info:
        client.delete(id=987_654)
    assert "recipient" in info.value.explanation and "Only the recipient" in info.value.advice
    with Client(sandbox.webhook_url) as client:  # by tag, like a real portal: true all the same
        assert client.delete(tag="never-sent").value is True


def test_the_recipient_deletes_by_id_with_their_own_webhook(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        nid = client.send_personal(Notification(4, "for four")).notification_id
    with Client(sandbox.add_webhook(["im"], user_id=4)) as client:
        assert client.delete(id=nid).value is True
    assert sandbox.inbox(4) == []


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_TOKENS_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_the_cli_notes_a_webhook_tag_once_and_an_app_tag_not_at_all(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    send = ("send", "--user", "2", "--text", "x", "--tag", "t", "--sub-tag", "s")
    code, _, err = _run(capsys, *send, "--url", sandbox.webhook_url)
    assert code == 0 and err == f"b24notify: note: {TAG_OVER_WEBHOOK}\n"
    code, _, err = _run(capsys, *send, "--url", sandbox.url, "--token", sandbox.app_token)
    assert code == 0 and err == ""
    code, _, err = _run(capsys, "delete", "--url", sandbox.webhook_url, "--tag", "t")
    assert code == 0
    assert err.splitlines() == [
        "b24notify: note: " + notes_before_sending(build_delete(WEBHOOK, tag="t"))[0].message,
        f"b24notify: note: {DELETE_BY_TAG_IS_ALWAYS_TRUE}",
    ]


def test_the_cli_names_the_option_an_attachment_note_is_about(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = json.dumps([{"IMAGE": {"LINK": PIC, "URL": "x"}}])
    base = ("send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x", "--blocks", blocks)
    code, _, err = _run(capsys, *base)
    assert code == 0
    assert err.splitlines() == [
        "b24notify: note: --blocks[0].IMAGE.URL: unknown field; the portal ignores it "
        "(LINK, NAME, PREVIEW, WIDTH, HEIGHT).",
        f"b24notify: note: --blocks: {NOT_IN_EMAIL_OR_PUSH}",
    ]
    code, _, err = _run(capsys, *base, "--text-out", "see Bitrix24", "--dry-run")
    assert code == 0 and "e-mail" not in err


def test_the_cli_explains_a_false_from_a_delete_by_id(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "delete", "--url", sandbox.webhook_url, "--id", "987654")
    assert code == 3 and json.loads(out)["result"] is False
    assert "Only the recipient can delete a notification by id" in err


# --- an id that is the portal's clock: a loopback portal that answers so ------------------------


def test_the_cli_notes_an_id_that_is_the_portals_clock(
    clock_portal: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "send", "--url", clock_portal, "--user", "2", "--text", "x")
    assert code == 0
    assert (
        err
        == "b24notify: note: "
        + notes_after(
            _result("im.notify.personal.add", {"result": 1_800_000_000, "time": {"start": 1.8e9}})
        )[0].message
        + "\n"
    )


# --- advice that counted on a tag -----------------------------------------------------------------
def test_server_error_advice_counts_on_a_tag_only_with_an_app_token() -> None:
    from core.errors import explain, portal_error

    assert "TAG" in explain("INTERNAL_SERVER_ERROR").advice
    assert "app token" in explain("INTERNAL_SERVER_ERROR").advice
    assert "TAG" not in explain("INTERNAL_SERVER_ERROR", webhook=True).advice
    assert "TAG" not in portal_error("ERROR_UNEXPECTED_ANSWER", webhook=True).advice
    assert "TAG" not in explain("", http_status=500, webhook=True).advice


def test_a_lost_answer_over_a_webhook_does_not_promise_a_tag(sandbox: Any) -> None:
    from core.errors import OutcomeUnknownError

    for url, token, promised in (
        (sandbox.webhook_url, "", False),
        (sandbox.url, sandbox.app_token, True),
    ):
        sandbox.inject("html502")
        with Client(url, token) as client, pytest.raises(OutcomeUnknownError) as info:
            client.send_personal(Notification(2, "x", tag="t"))
        assert ("TAG" in info.value.advice) is promised, info.value.advice
        assert "may or may not" in info.value.advice


# --- outcomes: one Message each (the window's status header and the CLI word them so) ------------
def _answer(raw: Any, method: str = "im.notify.personal.add", **kw: Any) -> Result:
    text = kw.pop("text", json.dumps(raw))
    return Result(method, kw.pop("status", 200), raw, text, kw.pop("elapsed", 0.25), **kw)


def test_a_sent_result_reads_sent_with_its_id_and_its_details() -> None:
    time_block = {"duration": 0.1, "processing": 0.04, "operating": 0, "start": 1}
    msg = for_result(_answer({"result": 61102, "time": time_block}, round_trip=0.12))
    assert (msg.headline, msg.tone, msg.warnings) == ("Sent — notification id 61102", "ok", [])
    assert msg.text() == "Sent — notification id 61102"
    assert msg.details == [
        "HTTP 200 · round trip 120 ms · 1 attempt",
        "Portal time: duration 100 ms · processing 40 ms · operating 0 ms",
    ]
    system = for_result(_answer({"result": 5}, "im.notify.system.add", attempts=3))
    assert system.text() == "Sent as a system notification — notification id 5"
    assert "3 attempts, 250 ms in all" in system.details[0]


@pytest.mark.parametrize(
    ("raw", "method", "text", "tone"),
    [
        (
            {"result": False},
            "im.notify.personal.add",
            "Not sent — the portal answered result: false (the recipient does not exist, is "
            "inactive, or the portal refused them).",
            "error",
        ),
        (
            {"result": "odd"},
            "im.notify.personal.add",
            "The portal answered without a notification id (result: 'odd').",
            "warning",
        ),
        (
            {"result": True},
            "im.notify.delete",
            "Deleted — the portal confirmed (result: true).",
            "ok",
        ),
        (
            {"result": False},
            "im.notify.delete",
            "Nothing deleted — the portal answered result: false.",
            "warning",
        ),
        ({"result": {"ID": 1}}, "profile", "Done — profile answered.", "ok"),
        (
            {"error": "ACCESS_DENIED", "error_description": "no"},
            "profile",
            "The portal answered with an error: ACCESS_DENIED — no",
            "error",
        ),
        (
            None,
            "profile",
            "The portal's answer is not JSON, so it cannot be read as a result. See the raw "
            "answer below.",
            "warning",
        ),
    ],
)
def test_every_kind_of_answer_has_its_words(raw: Any, method: str, text: str, tone: str) -> None:
    msg = for_result(_answer(raw, method, text="<html>" if raw is None else json.dumps(raw)))
    assert (msg.text().splitlines()[0], msg.tone) == (text.splitlines()[0], tone)
    if method != "im.notify.delete" or raw != {"result": False}:
        assert msg.text() == text  # only a refused delete says more (why, and what to do)


def test_an_id_that_is_the_portals_clock_is_a_warning() -> None:
    msg = for_result(_answer({"result": 1_700_000_000, "time": {"start": 1_700_000_001}}))
    assert msg.tone == "warning" and len(msg.warnings) == 1
    assert msg.warnings[0].startswith("The id 1700000000 is the portal's current time")
    assert msg.text().splitlines() == [msg.headline, msg.warnings[0]]


def test_a_redirect_is_a_detail_without_the_secret() -> None:
    target = parse_endpoint("https://new.example.com/rest/1/abcdefsecret99/")
    msg = for_result(_answer({"result": 3}, redirected_to=target))
    assert "Redirected: the portal now answers at https://new.example.com/rest/1/" in msg.details[1]
    assert "abcdefsecret99" not in "".join(msg.details)


def test_errors_name_their_kind_explain_and_advise() -> None:
    body = {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"}
    error = portal_error(
        "INVALID_CREDENTIALS", body["error_description"], 401, _answer(body, status=401)
    )
    msg = for_error(error)
    assert msg.text() == "\n".join(
        [f"Credentials problem: {error}", error.explanation, f"What to do: {error.advice}"]
    )
    assert msg.tone == "error" and msg.details[0].startswith("HTTP 401")
    assert msg.answer_note == ""
    for code, words in (
        ("ACCESS_DENIED", "Permission problem"),
        ("USER_ID_EMPTY", "Input problem"),
    ):
        assert for_error(portal_error(code, "x", 400)).headline.startswith(words)


def test_an_input_error_lists_every_problem_and_nothing_was_sent() -> None:
    error = InputError([Problem("user", "must be positive"), Problem("text", "is empty")])
    msg = for_error(error)
    assert msg.text().splitlines() == [
        "Nothing was sent — the input has a problem:",
        "• user: must be positive",
        "• text: is empty",
        f"What to do: {error.advice}",
    ]
    assert msg.answer_note == "Nothing was sent, so there is no answer to show."


def test_an_unknown_outcome_warns_against_sending_again() -> None:
    error = OutcomeUnknownError("No answer within 55 s", explanation="timed out", advice="Look.")
    msg = for_error(error)
    assert msg.tone == "warning"
    assert msg.text().splitlines() == [
        "Outcome unknown — the notification may or may not have been created.",
        "No answer within 55 s",
        "timed out",
        "Do not send it again blindly: first look at the recipient's notifications.",
        "What to do: Look.",
    ]
    assert msg.answer_note == "No answer arrived from the portal."


def test_not_sent_and_cancelled_errors_read_so() -> None:
    msg = for_error(NotSentError("Could not connect to p", advice="Check the address."))
    assert (
        msg.text()
        == "Not sent — network problem: Could not connect to p\nWhat to do: Check the address."
    )
    assert msg.answer_note == "Nothing was sent, so there is no answer to show."
    cancelled = for_error(CancelledError("Cancelled; nothing was sent", advice="Again."))
    assert cancelled.text() == "Cancelled — Cancelled; nothing was sent\nWhat to do: Again."
    assert cancelled.tone == "neutral"


def test_a_check_report_lists_its_findings_marked() -> None:
    report = CheckReport(
        ok=False,
        findings=[Finding("ok", "Works."), Finding("warning", "Hm."), Finding("error", "No im.")],
        profile={"ID": 1},
    )
    msg = for_check(report)
    assert msg.text().splitlines() == [
        "The connection check found a problem.",
        "✓ Works.",
        "! Hm.",
        "✗ No im.",
    ]
    assert msg.tone == "error"
    assert msg.answer_note == "The check makes several calls; the tree shows the profile it read."
    warned = for_check(CheckReport(ok=True, findings=[Finding("warning", "Hm.")]))
    assert (warned.headline, warned.tone) == ("Connection works.", "warning")
    assert warned.answer_note == "The check has no answer to show: see the findings above."
    assert for_check(CheckReport(ok=True, findings=[Finding("ok", "Ok.")])).tone == "ok"


def test_a_cancel_says_whether_a_notification_may_exist() -> None:
    maybe = for_cancel("send", maybe_sent=True)
    assert maybe.tone == "warning"
    assert maybe.text() == (
        "Cancelled after the request had gone out: the notification may or may not have been "
        "created.\nDo not send it again blindly — first look at the recipient's notifications."
    )
    assert for_cancel("send", maybe_sent=False).text() == "Cancelled — nothing was sent."
    assert for_cancel("check", maybe_sent=False).text() == "Connection check cancelled."
    assert for_cancel("send", False, "Nothing went there.").text() == "Nothing went there."
    assert {m.tone for m in (for_cancel("send", False), for_cancel("check", False))} == {"neutral"}


def test_every_message_tone_is_one_of_the_tones() -> None:
    messages = [
        for_result(_answer({"result": 1})),
        for_error(InputError([Problem("user", "x")])),
        for_cancel("send", True),
        for_check(CheckReport(ok=True)),
    ]
    assert {m.tone for m in messages} <= set(TONES)


def test_a_delete_by_tag_warns_that_true_proves_little_when_the_request_is_known() -> None:
    prepared = build_delete(WEBHOOK, tag="t")
    result = _answer({"result": True}, "im.notify.delete")
    assert for_result(result).warnings == []
    msg = for_result(result, prepared)
    assert msg.headline == "Deleted — the portal confirmed (result: true)."
    assert msg.warnings == [Note("result", DELETE_BY_TAG_IS_ALWAYS_TRUE).sentence()]
    assert for_result(result, build_delete(WEBHOOK, id=5)).warnings == []


def test_a_false_from_a_delete_is_explained_in_the_window_words_too() -> None:
    # Issue 8 item 2: the result panel (for_result) explains a false like the CLI's error does.
    result = _answer({"result": False}, "im.notify.delete")
    by_id = for_result(result, build_delete(WEBHOOK, id=5))
    assert by_id.headline == "Nothing deleted — the portal answered result: false."
    assert "only for its recipient" in by_id.explanation
    assert "Only the recipient can delete" in by_id.advice
    by_tag = for_result(result, build_delete(WEBHOOK, tag="t"))
    assert "CLIENT_ID" in by_tag.explanation and "recipient" not in by_tag.explanation
    assert "only for its recipient" in for_result(result).explanation  # request unknown: by id
