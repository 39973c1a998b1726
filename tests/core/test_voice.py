"""One voice (core.voice): what the core tells about a request or an answer, and the CLI saying it.

The window's side of the same notes is in tests/gui/test_main_window_voice.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core.address import parse_endpoint
from core.blocks import picture_block
from core.cli import main
from core.client import Client
from core.errors import PortalInputError
from core.request import Notification, build_delete, build_notification
from core.result import Result
from core.voice import (
    DELETE_BY_TAG_IS_ALWAYS_TRUE,
    NOT_IN_EMAIL_OR_PUSH,
    TAG_OVER_WEBHOOK,
    Note,
    delete_refusal,
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
@pytest.fixture
def clock_portal() -> Iterator[str]:
    """A 'portal' whose every answer is an id equal to its current time."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.dumps({"result": 1_800_000_000, "time": {"start": 1_800_000_000.2}})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rest/1/secret1234/"
    server.shutdown()
    server.server_close()


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
