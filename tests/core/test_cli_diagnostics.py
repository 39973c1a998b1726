"""``b24notify --debug`` and ``--traceback`` against the sandbox: what they show, and no secret.

Real runs (a subprocess, as a user types it) and in-process runs of :func:`core.cli.main`.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.address import parse_endpoint
from core.cli import main
from core.diagnostics import LOG_FILE

ROOT = Path(__file__).resolve().parents[2]
ENV_NAMES = (
    "B24NOTIFY_URL",
    "B24NOTIFY_TOKEN",
    "B24NOTIFY_CLIENT_ID",
    "B24NOTIFY_CLIENT_SECRET",
    "B24NOTIFY_REFRESH_TOKEN",
    "B24NOTIFY_OAUTH_URL",
    "B24NOTIFY_TOKENS_FILE",
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private settings folder (the log file lands there) and no connection from outside."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "home"
    monkeypatch.setenv("B24NOTIFY_HOME", str(folder))
    return folder


def _cli(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *argv],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _absent(secrets: list[str], *texts: str) -> None:
    for secret in secrets:
        assert secret
        for text in texts:
            assert secret not in text


def test_debug_send_logs_to_stderr_and_a_private_file_without_the_secret(
    sandbox: Any, home: Path
) -> None:
    done = _cli(
        "--debug",
        "send",
        "--user",
        "2",
        "--text",
        "debug me",
        env={"B24NOTIFY_URL": sandbox.webhook_url, "B24NOTIFY_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    assert sandbox.inbox(2)[0]["message"] == "debug me"
    log_file = home / LOG_FILE
    assert f"b24notify: debug log: {log_file}" in done.stderr.splitlines()
    assert "DEBUG b24notify.client" in done.stderr
    written = log_file.read_text(encoding="utf-8")
    # The HTTP stack's own request line, whose path holds the webhook secret, is there masked.
    assert "DEBUG urllib3.connectionpool" in written and "im.notify.personal.add" in written
    if os.name == "posix":
        assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    _absent([parse_endpoint(sandbox.webhook_url).secret], done.stderr, done.stdout, written)


def test_debug_after_the_command_with_a_refreshed_token(
    sandbox: Any, home: Path, tmp_path: Path
) -> None:
    tokens = tmp_path / "tokens.json"
    old_refresh = sandbox.refresh_token
    tokens.write_text(
        json.dumps({"access_token": sandbox.expired_token, "refresh_token": old_refresh})
    )
    env = {
        "B24NOTIFY_HOME": str(home),
        "B24NOTIFY_CLIENT_ID": sandbox.client_id,
        "B24NOTIFY_CLIENT_SECRET": sandbox.client_secret,
        "B24NOTIFY_OAUTH_URL": sandbox.oauth_url,
    }
    argv = ["send", "--debug", "--url", sandbox.url, "--tokens-file", str(tokens)]
    done = _cli(*argv, "--user", "2", "--text", "refreshed", env=env)
    assert done.returncode == 0, done.stderr
    written = (home / LOG_FILE).read_text(encoding="utf-8")
    assert "refreshing the access token" in written and "oauth/token" in written
    stored = json.loads(tokens.read_text())
    secrets = [
        sandbox.expired_token,
        old_refresh,
        sandbox.client_secret,
        stored["access_token"],
        stored["refresh_token"],
    ]
    _absent(secrets, done.stderr, done.stdout, written)


def test_without_debug_nothing_is_logged_nor_written(sandbox: Any, home: Path) -> None:
    done = _cli(
        "send",
        "--user",
        "2",
        "--text",
        "quiet",
        env={"B24NOTIFY_URL": sandbox.webhook_url, "B24NOTIFY_HOME": str(home)},
    )
    assert done.returncode == 0 and done.stderr == ""
    assert not (home / LOG_FILE).exists()


def _broken_check(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make ``Client.check`` fail the way a bug would, with the webhook in its message."""
    from core.client import Client

    def check(self: Client) -> None:
        raise RuntimeError(f"a bug met {sandbox.webhook_url} and auth={sandbox.app_token}")

    monkeypatch.setattr(Client, "check", check)
    return parse_endpoint(sandbox.webhook_url).secret


def test_traceback_shows_an_unexpected_error_scrubbed(
    sandbox: Any, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _broken_check(sandbox, monkeypatch)
    code = main(["check", "--url", sandbox.webhook_url])
    out, err = capsys.readouterr()
    assert code == 4 and err == "b24notify: unexpected problem: RuntimeError. Please report it.\n"

    code = main(["--traceback", "check", "--url", sandbox.webhook_url])
    out, err = capsys.readouterr()
    assert code == 4 and out == ""
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: a bug met" in err and "in check" in err
    _absent([secret, sandbox.app_token], err)
    assert not (home / LOG_FILE).exists()


@pytest.mark.expect_log_warnings("unexpected problem", logger="b24notify.diagnostics")
def test_debug_logs_an_unexpected_error_with_its_traceback(
    sandbox: Any, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _broken_check(sandbox, monkeypatch)
    code = main(["check", "--url", sandbox.webhook_url, "--debug"])
    out, err = capsys.readouterr()
    written = (home / LOG_FILE).read_text(encoding="utf-8")
    assert code == 4
    for text in (err, written):
        assert "ERROR b24notify.diagnostics" in text and "RuntimeError: a bug met" in text
        assert "Traceback (most recent call last):" in text
    _absent([secret, sandbox.app_token], out, err, written)


def test_debug_covers_the_window_and_ends_with_it(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def open_window(sandbox: bool = False) -> int:
        logging.getLogger("b24notify.gui").debug("the window is open (sandbox=%s)", sandbox)
        return 0

    assert main(["--debug", "--sandbox"], open_window=open_window) == 0
    _, err = capsys.readouterr()
    assert "the window is open (sandbox=True)" in err
    assert "the window is open" in (home / LOG_FILE).read_text(encoding="utf-8")
    assert root.handlers == handlers and root.level == level  # nothing left behind


@pytest.mark.parametrize("argv", [["--help"], ["send", "--help"], ["check", "--help"]])
def test_help_lists_the_diagnostic_options(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    assert "--debug" in out and "--traceback" in out


def test_the_sandbox_command_takes_debug_too(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A refused --host ends the sandbox at once, after the diagnostics started.
    assert main(["sandbox", "--debug", "--host", "192.0.2.1"]) == 2
    _, err = capsys.readouterr()
    assert f"b24notify: debug log: {home / LOG_FILE}" in err
