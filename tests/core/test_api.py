"""Seed-parity functions (OPI's CreatePersonalNotification and friends) over the sandbox."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import core
from core.errors import PermissionDeniedError, RecipientUnavailableError

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


def test_every_export_resolves() -> None:
    for name in core.__all__:
        assert getattr(core, name) is not None
    with pytest.raises(AttributeError):
        core.no_such_name  # noqa: B018
