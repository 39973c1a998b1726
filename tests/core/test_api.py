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
    assert core.delete_notification(sandbox.webhook_url, sent["result"])["result"] is True
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
