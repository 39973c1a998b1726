"""Seed-parity functions (OPI's CreatePersonalNotification and friends) over the sandbox."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import core
from core.errors import PermissionDeniedError, PortalMovedError, RecipientUnavailableError

ROOT = Path(__file__).resolve().parents[2]


def test_create_personal_notification_like_opi(sandbox: Any) -> None:
    attachments = [
        core.picture_block("Image1", "https://example.com/picture.jpg"),
        core.file_block("File1.docx", "https://example.com/document.docx"),
    ]
    answer = core.create_personal_notification(
        sandbox.webhook_url, 2, "Message text", "", attachments
    )
    assert isinstance(answer, dict)
    assert isinstance(answer["result"], int) and "time" in answer
    got = sandbox.inbox(2)
    assert len(got) == 1 and got[0]["id"] == answer["result"]
    assert "picture.jpg" in str(got[0]["attach"]) and "document.docx" in str(got[0]["attach"])


def test_token_mode_with_a_bare_domain(sandbox: Any) -> None:
    host = sandbox.url  # http://127.0.0.1:PORT (http kept for the local sandbox)
    answer = core.create_personal_notification(host, "3", "Hi", "New", token=sandbox.app_token)
    assert sandbox.inbox(3)[0]["id"] == answer["result"]
    assert sandbox.inbox(3)[0]["tag"] == "New"


def test_system_and_delete(sandbox: Any) -> None:
    core.create_system_notification(sandbox.webhook_url, 2, "System says hi")
    assert sandbox.inbox(2)[0]["type"] == "SYSTEM"
    sent = core.create_personal_notification(sandbox.webhook_url, 3, "bye")
    recipient = sandbox.add_webhook(["im"], user_id=3)  # only the recipient deletes by id
    assert core.delete_notification(recipient, sent["result"])["result"] is True
    assert sandbox.inbox(3) == []


def test_keyword_fields_reach_the_portal(sandbox: Any) -> None:
    for send in (core.create_personal_notification, core.create_system_notification):
        send(sandbox.webhook_url, 4, "x", "t", None, sub_tag="s", text_out="o", client_id="app")
    got = sandbox.inbox(4)
    assert [n["type"] for n in got] == ["SYSTEM"]  # same tag and client id: the second replaced
    assert (got[0]["tag"], got[0]["sub_tag"], got[0]["message_out"], got[0]["client_id"]) == (
        "t", "s", "o", "app"
    )  # fmt: skip
    answer = core.delete_notification(sandbox.webhook_url, sub_tag="s", client_id="app")
    assert answer["result"] is True and sandbox.inbox(4) == []


def test_errors_are_raised_not_returned(sandbox: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        core.create_personal_notification(sandbox.limited_webhook_url, 2, "x")
    with pytest.raises(RecipientUnavailableError):
        core.create_personal_notification(sandbox.webhook_url, 7, "x")


def test_importing_core_does_not_import_requests_until_needed() -> None:
    code = (
        "import sys, core\n"
        "print('requests' in sys.modules)\n"
        "core.picture_block, core.Notification, core.explain, core.parse_endpoint\n"
        "print('requests' in sys.modules)\n"
        "core.Client\n"
        "print('requests' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False", "True"], out.stderr


def test_all_exports_and_the_type_checking_imports_agree() -> None:
    import ast

    tree = ast.parse(Path(core.__file__).read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    imported = {
        (node.module, alias.name)
        for node in ast.walk(block)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {(module, name) for name, module in core._EXPORTS.items()}
    assert sorted(core.__all__) == sorted([*core._EXPORTS, "__version__"])


def test_every_export_resolves() -> None:
    for name in core.__all__:
        assert getattr(core, name) is not None
    with pytest.raises(AttributeError):
        core.no_such_name  # noqa: B018


def test_the_functions_follow_a_move_only_when_allowed(sandbox: Any) -> None:
    calls = [
        lambda **kw: core.create_personal_notification(sandbox.webhook_url, 2, "x", **kw),
        lambda **kw: core.create_system_notification(sandbox.webhook_url, 2, "x", **kw),
        lambda **kw: core.delete_notification(sandbox.webhook_url, tag="t", **kw),
    ]
    for call in calls:
        sandbox.reset()
        sandbox.inject("redirect")
        with pytest.raises(PortalMovedError) as info:
            call()
        assert sandbox.secret not in str(info.value)
        assert [r["address"] for r in sandbox.requests()] == ["primary"]
        sandbox.inject("redirect")
        assert call(follow_moves=True)["result"]
        assert [r["address"] for r in sandbox.requests()][1:] == ["primary", "moved"]


@pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["zero", "fifo", "zero-text", "folder"])
def test_attachments_from_a_special_path_are_refused(
    sandbox: Any, tmp_path: Path, kind: str
) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    value = {"zero": Path("/dev/zero"), "fifo": fifo, "zero-text": "/dev/zero",
             "folder": tmp_path}[kind]  # fmt: skip
    with pytest.raises(core.InputError) as info:
        core.create_personal_notification(sandbox.webhook_url, 2, "x", attachments=value)
    assert [p.field for p in info.value.problems] == ["attachments"]
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    "attachments",
    [
        "[" * 10_000 + "]" * 10_000,
        '[{"DELIMITER": {"SIZE": ' + "9" * 5_000 + "}}]",
        [{"DELIMITER": {"SIZE": 10**5000}}],
    ],
)
def test_hostile_attachments_through_the_api_are_input_errors(
    sandbox: Any, attachments: Any
) -> None:
    with pytest.raises(core.InputError) as info:
        core.create_personal_notification(sandbox.webhook_url, 2, "x", attachments=attachments)
    assert [p.field for p in info.value.problems] == ["attachments"]
    assert sandbox.requests() == []


def _deep(depth: int) -> list[Any]:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _wrong_types(w: str) -> list[tuple[str, Any, str]]:
    """(label, call, field) for wrong types handed to the public API."""
    from core.client import Client
    from core.request import Notification

    def client(**kw: Any) -> Any:
        return lambda: Client(w, **kw).close()

    def using(method: Any) -> Any:
        def call() -> None:
            with Client(w) as c:
                method(c)

        return call

    return [
        ("timeout text", client(timeout="5"), "timeout"),
        ("timeout None", client(timeout=None), "timeout"),
        ("timeout huge", client(timeout=1e12), "timeout"),
        ("timeout pair", client(timeout=(5, "5")), "timeout"),
        ("max_attempts text", client(max_attempts="x"), "max_attempts"),
        ("max_attempts None", client(max_attempts=None), "max_attempts"),
        ("max_attempts float", client(max_attempts=1.5), "max_attempts"),
        ("max_attempts bool", client(max_attempts=True), "max_attempts"),
        ("max_attempts 0", client(max_attempts=0), "max_attempts"),
        ("base_delay text", client(base_delay="x"), "base_delay"),
        ("base_delay nan", client(base_delay=float("nan")), "base_delay"),
        ("max_wait None", client(max_wait=None), "max_wait"),
        ("max_wait negative", client(max_wait=-1), "max_wait"),
        ("sleep", client(sleep=5), "sleep"),
        ("clock", client(clock=None), "clock"),
        ("on_retry", client(on_retry="x"), "on_retry"),
        ("session", client(session=5), "session"),
        ("oauth", client(oauth="x"), "oauth"),
        ("follow_moves", client(follow_moves=1), "follow_moves"),
        ("limits", client(limits=5), "limits"),
        ("token", lambda: Client(w, 5), "token"),
        ("url", lambda: Client(None), "url"),
        ("send_personal None", using(lambda c: c.send_personal(None)), "notification"),
        ("send_personal dict", using(lambda c: c.send_personal({"user_id": 2})), "notification"),
        ("send_system text", using(lambda c: c.send_system("x")), "notification"),
        ("delete id list", using(lambda c: c.delete(id=[1])), "id"),
        ("delete id float", using(lambda c: c.delete(id=1.0)), "id"),
        ("delete tag int", using(lambda c: c.delete(tag=5)), "tag"),
        ("delete tag bytes", using(lambda c: c.delete(tag=b"x")), "tag"),
        ("delete sub_tag list", using(lambda c: c.delete(sub_tag=["a"])), "sub_tag"),
        ("delete client_id", using(lambda c: c.delete(tag="t", client_id=5)), "client_id"),
        ("call method", using(lambda c: c.call(5)), "method"),
        ("call params int", using(lambda c: c.call("profile", 5)), "params"),
        ("call params list", using(lambda c: c.call("profile", [1])), "params"),
        ("call params deep", using(lambda c: c.call("profile", {"a": _deep(100_000)})), "params"),
        ("call params object", using(lambda c: c.call("profile", {"a": object()})), "params"),
        ("call params bytes", using(lambda c: c.call("profile", {"a": b"x"})), "params"),
        ("call params nan", using(lambda c: c.call("profile", {"a": float("nan")})), "params"),
        ("search query", using(lambda c: c.search_users(5)), "query"),
        ("search limit", using(lambda c: c.search_users("ab", "x")), "limit"),
        ("user None", lambda: core.create_personal_notification(w, None, "x"), "user"),
        ("user float", lambda: core.create_personal_notification(w, 2.0, "x"), "user"),
        ("text int", lambda: core.create_personal_notification(w, 2, 5), "text"),
        ("tag int", lambda: core.create_personal_notification(w, 2, "x", 5), "tag"),
        ("url int", lambda: core.create_personal_notification(5, 2, "x"), "url"),
        ("url bytes", lambda: core.create_system_notification(w.encode(), 2, "x"), "url"),
        ("token None", lambda: core.create_personal_notification(w, 2, "x", token=None), "token"),
        ("attachments int", lambda: core.create_personal_notification(w, 2, "x", "", 5),
         "attachments"),
        ("api timeout", lambda: core.create_system_notification(w, 2, "x", timeout="1"),
         "timeout"),
        ("api follow_moves", lambda: core.delete_notification(w, 1, follow_moves="y"),
         "follow_moves"),
        ("delete id text", lambda: core.delete_notification(w, "x"), "id"),
        ("delete tag int", lambda: core.delete_notification(w, tag=5), "tag"),
        ("Notification fields",
         using(lambda c: c.send_personal(Notification(user_id=2, text=b"x"))), "text"),
        ("endpoint and token", lambda: core.parse_endpoint(core.parse_endpoint(w), 5), "token"),
    ]  # fmt: skip


def test_wrong_types_are_input_errors_naming_the_argument(sandbox: Any) -> None:
    for label, call, field in _wrong_types(sandbox.webhook_url):
        try:
            call()
        except core.InputError as error:
            assert field in [p.field for p in error.problems], (label, error)
        except Exception as error:
            pytest.fail(f"{label}: raw {type(error).__name__}: {error}")
        else:
            pytest.fail(f"{label}: accepted")
    assert sandbox.requests() == []
