"""b24notify profile / history / --profile, in-process and as a subprocess, against the sandbox."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.address import parse_endpoint
from core.cli import main
from core.profiles import Profiles, secret_key
from core.secret_store import SERVICE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_PROFILE", "B24NOTIFY_TOKENS_FILE"):
        monkeypatch.delenv(name, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_from_stdin_send_by_profile_and_history(
    capsys, monkeypatch, sandbox, dict_keyring, private_home: Path
) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret
    monkeypatch.setattr(sys, "stdin", io.StringIO(sandbox.webhook_url + "\n"))
    code, out, err = _run(capsys, "profile", "add", "sb", "--url", "-")
    assert code == 0, err
    assert secret not in (private_home / "profiles.json").read_text()
    assert secret in dict_keyring.passwords[(SERVICE, secret_key("sb"))]

    code, out, err = _run(capsys, "profile", "list")
    assert code == 0 and out.startswith("sb ") and secret not in out
    code, out, _ = _run(capsys, "profile", "list", "--json")
    assert json.loads(out)[0]["name"] == "sb"

    code, out, err = _run(capsys, "send", "--profile", "sb", "--user", "2", "--text", "by profile")
    assert code == 0, err
    assert sandbox.inbox(2)[0]["message"] == "by profile"
    monkeypatch.setenv("B24NOTIFY_PROFILE", "sb")
    code, _, err = _run(capsys, "send", "--user", "2", "--text", "by env", "--tag", "tg")
    assert code == 0, err
    code, _, err = _run(capsys, "delete", "--tag", "tg")
    assert code == 0, err

    code, out, err = _run(capsys, "history", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["method"] for r in rows] == [
        "im.notify.delete",
        "im.notify.personal.add",
        "im.notify.personal.add",
    ]
    assert rows[2]["text"] == "by profile" and rows[2]["profile"] == "sb"
    assert rows[2]["outcome"] == "sent" and rows[2]["result_id"]
    code, out, _ = _run(capsys, "history", "--search", "BY ENV", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 1 and "by env" in out
    for path in private_home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()

    code, _, err = _run(capsys, "profile", "remove", "sb")
    assert code == 0 and (SERVICE, secret_key("sb")) not in dict_keyring.passwords


def test_unknown_profile_is_exit_2_naming_it_and_nothing_is_sent(capsys, sandbox) -> None:
    for command in (["send", "--user", "2", "--text", "x"], ["delete", "--tag", "t"], ["check"]):
        code, _, err = _run(capsys, *command, "--profile", "ghost")
        assert code == 2 and "'ghost'" in err and "--profile" in err
    code, _, err = _run(capsys, "history", "--profile", "ghost")
    assert code == 2 and "'ghost'" in err
    assert sandbox.requests() == []


def test_profile_and_url_together_is_a_mistake(capsys, sandbox) -> None:
    code, _, err = _run(
        capsys, "send", "--profile", "p", "--url", sandbox.webhook_url, "--user", "2", "--text", "x"
    )
    assert code == 2 and "not both" in err
    assert sandbox.requests() == []


def test_token_profile_refreshes_and_keeps_the_new_pair(
    capsys, monkeypatch, sandbox, dict_keyring
) -> None:
    monkeypatch.setenv("T", sandbox.expired_token)
    monkeypatch.setenv("CS", sandbox.client_secret)
    monkeypatch.setenv("RT", sandbox.refresh_token)
    code, _, err = _run(
        capsys,
        "profile",
        "add",
        "app",
        "--url",
        sandbox.url,
        "--token-env",
        "T",
        "--client-id",
        sandbox.client_id,
        "--client-secret-env",
        "CS",
        "--refresh-token-env",
        "RT",
        "--oauth-url",
        sandbox.oauth_url,
    )
    assert code == 0, err
    code, _, err = _run(capsys, "send", "-p", "app", "--user", "2", "--text", "refreshed")
    assert code == 0, err
    assert "refreshed" in err and sandbox.expired_token not in err
    stored = Profiles().secrets_of("app")
    assert stored.secret not in ("", sandbox.expired_token)
    assert stored.refresh_token  # the pair the OAuth server handed back
    assert stored.client_secret == sandbox.client_secret
    code, out, _ = _run(capsys, "history", "--json")
    text = out
    for secret in (stored.secret, stored.refresh_token, sandbox.client_secret):
        assert secret not in text


def test_without_a_keyring_add_says_so(capsys, sandbox, private_home: Path) -> None:
    code, _, err = _run(capsys, "profile", "add", "w", "--url", sandbox.webhook_url)
    assert code == 0 and "keyring" in err and "this run only" in err
    secret = parse_endpoint(sandbox.webhook_url).secret
    assert secret not in err
    for path in private_home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()
    code, _, err = _run(capsys, "send", "--profile", "w", "--user", "2", "--text", "x")
    assert code == 2 and "no secret in the keyring" in err
    assert sandbox.requests() == []


def test_bad_add_input(capsys, monkeypatch, tmp_path) -> None:
    code, _, err = _run(capsys, "profile", "add", "x", "--url-env", "NOPE_NOT_SET")
    assert code == 2 and "NOPE_NOT_SET" in err
    code, _, err = _run(
        capsys,
        "profile",
        "add",
        "x",
        "--url",
        "p.bitrix24.com",
        "--token",
        "-",
        "--client-secret",
        "-",
    )
    assert code == 2 and "stdin" in err
    code, _, err = _run(
        capsys,
        "profile",
        "add",
        "x",
        "--url",
        "https://p.bitrix24.com/rest/1/abcdefgh/",
        "--ca-bundle",
        str(tmp_path / "none.pem"),
    )
    assert code == 2 and "--ca-bundle" in err
    assert not (Path(os.environ["B24NOTIFY_HOME"]) / "profiles.json").exists()


def test_a_send_goes_out_although_the_history_is_locked(capsys, sandbox, private_home) -> None:
    import sqlite3

    from core.history import History, entry_for
    from core.request import Notification, build_notification

    path = private_home / "history.sqlite3"
    prepared = build_notification(parse_endpoint(sandbox.webhook_url), Notification(2, "seed"))
    History(path).record(entry_for(prepared, error=KeyboardInterrupt()))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, out, err = _run(
            capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "locked out"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 0 and json.loads(out)["result"]
    assert "warning" in err and "history" in err
    assert sandbox.inbox(2)[0]["message"] == "locked out"


def test_the_real_command_reads_secrets_from_stdin(sandbox, dict_keyring, private_home) -> None:
    # A subprocess has the fail keyring unless told otherwise: the message says so.
    env = {
        **os.environ,
        "B24NOTIFY_HOME": str(private_home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", "profile", "add", "sp", "--url", "-"],
        input=sandbox.webhook_url,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "profile 'sp' saved" in done.stderr and "keyring" in done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "core.cli", "profile", "list", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert json.loads(listed.stdout)[0]["name"] == "sp"
