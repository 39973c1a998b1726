"""The b24notify CLI in-process (capsys) and as a real subprocess, against the sandbox portal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.address import parse_endpoint
from core.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys: pytest.CaptureFixture[str], *argv: str, **kw: Any) -> tuple[int, str, str]:
    code = main(list(argv), **kw)
    out, err = capsys.readouterr()
    return code, out, err


def _secrets(sandbox: Any) -> list[str]:
    return [
        parse_endpoint(sandbox.webhook_url).secret,
        parse_endpoint(sandbox.limited_webhook_url).secret,
        sandbox.app_token,
        sandbox.expired_token,
    ]


def _clean(sandbox: Any, *texts: str) -> None:
    for text in texts:
        for secret in _secrets(sandbox):
            assert secret not in text


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "B24NOTIFY_URL",
        "B24NOTIFY_TOKEN",
        "B24NOTIFY_CLIENT_ID",
        "B24NOTIFY_TOKENS_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_send_prints_the_portal_answer(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys,
        "send",
        "--url",
        sandbox.webhook_url,
        "--user",
        "2",
        "--text",
        "Привет",
        "--tag",
        "t",
    )
    assert code == 0, err
    answer = json.loads(out)
    assert isinstance(answer["result"], int) and "time" in answer
    assert "Привет" not in out  # the answer is the portal's, not an echo
    got = sandbox.inbox(2)
    assert len(got) == 1 and got[0]["message"] == "Привет" and got[0]["tag"] == "t"
    [note] = err.splitlines()  # a tag over a webhook may be dropped by older portals
    assert note.startswith("b24notify: note: over a webhook") and "CLIENT_ID" in note
    _clean(sandbox, out, err)


def test_blocks_from_json_text_and_from_a_file(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocks = [{"IMAGE": {"NAME": "chart", "LINK": "https://ci.example/chart.png"}}]
    code, _, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "a",
        "--blocks", json.dumps(blocks),
    )  # fmt: skip
    assert code == 0, err
    path = tmp_path / "blocks.json"
    path.write_text(json.dumps([{"FILE": {"NAME": "r.pdf", "LINK": "https://ci.example/r.pdf"}}]))
    code, _, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "b",
        "--blocks", str(path),
    )  # fmt: skip
    assert code == 0, err
    attach = [str(n["attach"]) for n in sandbox.inbox(2)]
    assert "chart.png" in attach[0] and "r.pdf" in attach[1]


def test_url_and_token_come_from_the_environment(
    sandbox: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24NOTIFY_URL", sandbox.url)
    monkeypatch.setenv("B24NOTIFY_TOKEN", sandbox.app_token)
    code, out, err = _run(capsys, "send", "--user", "3", "--text", "from env")
    assert code == 0, err
    assert sandbox.inbox(3)[0]["id"] == json.loads(out)["result"]


def test_a_token_left_in_the_environment_is_named_when_it_is_in_the_way(
    sandbox: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24NOTIFY_TOKEN", sandbox.app_token)
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x")
    assert code == 2 and "--token: this is a webhook URL" in err and "$B24NOTIFY_TOKEN" in err
    assert sandbox.app_token not in err and sandbox.requests() == []


def test_system_send_and_delete_by_tag(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url = sandbox.webhook_url
    code, _, err = _run(
        capsys, "send", "--url", url, "--user", "4", "--text", "sys", "--system", "--tag", "x"
    )
    assert code == 0, err
    assert sandbox.inbox(4)[0]["type"] == "SYSTEM"
    code, out, err = _run(capsys, "delete", "--url", url, "--tag", "x")
    assert code == 0, err
    assert json.loads(out)["result"] is True
    assert sandbox.inbox(4) == []


def test_dry_run_and_curl_send_nothing_and_mask_secrets(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret
    code, out, _ = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x", "--dry-run"
    )
    assert code == 0
    shown = json.loads(out)
    assert shown["body"] == {"USER_ID": 2, "MESSAGE": "x"}
    assert secret not in out and "…" in shown["url"]
    code, out, _ = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x", "--curl"
    )
    assert code == 0 and out.startswith("curl ") and secret not in out
    code, out, _ = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x", "--curl",
        "--reveal",
    )  # fmt: skip
    assert code == 0 and secret in out
    code, out, _ = _run(
        capsys, "send", "--url", sandbox.url, "--token", sandbox.app_token, "--user", "2",
        "--text", "x", "--dry-run",
    )  # fmt: skip
    assert sandbox.app_token not in out and json.loads(out)["body"]["auth"] != sandbox.app_token
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    "argv",
    [
        ["send", "--user", "abc", "--text", " "],
        ["send", "--user", "2", "--text", "x", "--blocks", "https://evil.example/blocks.json"],
        ["send", "--user", "2", "--text", "x", "--blocks", "[{"],
        ["send", "--user", "2", "--text", "x", "--timeout", "0"],
    ],
)
def test_invalid_input_exits_2_and_sends_nothing(
    sandbox: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = _run(capsys, *argv[:1], "--url", sandbox.webhook_url, *argv[1:])
    assert code == 2
    assert out == ""
    assert err.startswith("b24notify: ") and "Traceback" not in err
    assert sandbox.requests() == []
    _clean(sandbox, err)


def test_every_input_problem_gets_its_own_line(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "0", "--text", "")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) >= 2 and all(line.startswith("b24notify: ") for line in lines)
    # problems are named by the options the user typed
    assert "nothing was sent: --user: " in lines[0] and "nothing was sent: --text: " in lines[1]
    blocks = '[{"IMAGE": {"LINK": "ftp://x"}}]'
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x",
                        "--blocks", blocks)  # fmt: skip
    assert code == 2 and "nothing was sent: --blocks[0].IMAGE.LINK: " in err


def test_address_problems_exit_2(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret
    code, _, err = _run(capsys, "send", "--url", f"{sandbox.url}/rest/{secret}/", "--user", "2",
                        "--text", "x")  # fmt: skip
    assert code == 2 and "user id" in err and secret not in err
    code, _, err = _run(capsys, "send", "--user", "2", "--text", "x")
    assert code == 2 and "B24NOTIFY_URL" in err
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--text", "x")
    assert code == 2 and "--user" in err  # argparse's own usage error, still one line + exit 2


def test_portal_errors_exit_3_with_the_answer_on_stdout(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "send", "--url", sandbox.limited_webhook_url, "--user", "2", "--text", "x"
    )
    assert code == 3
    assert json.loads(out)["error"] == "insufficient_scope"
    assert len(err.strip().splitlines()) == 1 and "im" in err
    _clean(sandbox, out, err)

    code, out, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "7", "--text", "x"
    )
    assert code == 3 and json.loads(out)["result"] is False
    assert "result: false" in err


@pytest.mark.parametrize(
    ("fault", "reason_words"),
    [("html502", "502 Bad Gateway"), ("empty", "empty"), ("drop", "dropped")],
)
def test_no_usable_answer_exits_4(
    sandbox: Any, capsys: pytest.CaptureFixture[str], fault: str, reason_words: str
) -> None:
    sandbox.inject(fault)
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x")
    assert code == 4
    assert reason_words in err and "unknown" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    _clean(sandbox, err)


def test_a_retry_is_announced_on_stderr(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    sandbox.inject("503")
    code, out, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x"
    )
    assert code == 0 and isinstance(json.loads(out)["result"], int)
    assert err == (
        "b24notify: note: the portal answered QUERY_LIMIT_EXCEEDED; "
        "trying again in 1 s (attempt 2).\n"
    )
    assert len(sandbox.inbox(2)) == 1


def test_timeout_option(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    sandbox.inject("hang", seconds=20)
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x",
                        "--timeout", "0.5")  # fmt: skip
    assert code == 4 and "0.5 s" in err
    assert len(sandbox.inbox(2)) == 1  # carried out once, never resent


def test_an_allowed_move_is_reported_on_stderr(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.inject("redirect")
    code, out, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x",
        "--follow-moves",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["result"]
    assert "moved" in err and sandbox.moved_url.split("//")[1] in err
    assert [r["address"] for r in sandbox.requests()] == ["primary", "moved"]
    _clean(sandbox, err)


_MOVE_COMMANDS = {
    "send": ["send", "--user", "2", "--text", "x"],
    "delete": ["delete", "--tag", "t"],
    "check": ["check"],
}


@pytest.mark.parametrize("command", list(_MOVE_COMMANDS))
def test_a_move_to_another_address_sends_nothing_there_and_exits_3(
    sandbox: Any, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    sandbox.inject("redirect")
    argv = _MOVE_COMMANDS[command]
    code, out, err = _run(capsys, argv[0], "--url", sandbox.webhook_url, *argv[1:])
    assert code == 3
    moved = sandbox.moved_url.split("//")[1]
    assert f"moved to http://{moved}/rest/1/" in err and "…" in err
    assert "--follow-moves" in err
    assert [r["address"] for r in sandbox.requests()] == ["primary"]
    _clean(sandbox, out, err)


@pytest.mark.parametrize("command", list(_MOVE_COMMANDS))
def test_follow_moves_goes_there_once(
    sandbox: Any, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    sandbox.inject("redirect")
    argv = _MOVE_COMMANDS[command]
    code, out, err = _run(
        capsys, argv[0], "--url", sandbox.webhook_url, "--follow-moves", *argv[1:]
    )
    assert code == 0
    assert "moved" in (out + err)
    assert [r["address"] for r in sandbox.requests()][:2] == ["primary", "moved"]
    _clean(sandbox, out, err)


def test_follow_moves_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("send", "delete", "check"):
        code, out, _ = _run(capsys, command, "--help")
        assert code == 0 and "--follow-moves" in out


def test_check_prints_findings(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "--url", sandbox.webhook_url)
    assert code == 0 and out.startswith("ok: ") and "administrator" in out
    code, out, _ = _run(capsys, "check", "--url", sandbox.limited_webhook_url)
    assert code == 3 and "error: " in out and "'im' scope" in out
    _clean(sandbox, out)
    secret, before = parse_endpoint(sandbox.webhook_url).secret, len(sandbox.requests())
    code, out, err = _run(capsys, "check", "--url", f"{sandbox.url}/rest/{secret}/")
    assert code == 2 and out == "" and "--url: the webhook URL is missing its user id" in err
    assert secret not in err and len(sandbox.requests()) == before


def test_no_command_opens_the_window_or_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[bool] = []

    def window(sandbox: bool) -> int:
        calls.append(sandbox)
        return 0

    assert _run(capsys, "--sandbox", open_window=window)[0] == 0
    assert _run(capsys, open_window=window)[0] == 0
    assert calls == [True, False]
    code, _, err = _run(capsys)
    assert code == 2 and "send" in err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0 and "examples:" in out and "b24notify send" in out and "exit codes" in out
    code, out, _ = _run(capsys, "send", "--help")
    assert code == 0 and "--blocks" in out and "--dry-run" in out and "B24NOTIFY_URL" in out
    assert "examples:" in out and "--system" in out and "exit codes" in out
    for command, shown in (("delete", "--sub-tag"), ("check", "ok:"), ("sandbox", "/faults")):
        code, out, _ = _run(capsys, command, "--help")
        assert code == 0 and "examples:" in out and f"b24notify {command} " in out, command
        assert shown in out, command


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process")
def test_ctrl_c_during_a_send_exits_130_in_one_line(
    sandbox: Any, ctrl_c_reaches_children: None
) -> None:
    import signal
    import time

    sandbox.inject("hang", seconds=30)  # carried out, then no answer: Ctrl+C comes mid-exchange
    env = {**os.environ, "B24NOTIFY_URL": sandbox.webhook_url, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "core.cli", "send", "--user", "2", "--text", "x"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30  # a generous bound: the hang is the failure
        while not sandbox.inbox(2) and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.count("\n") == 1 and err.startswith("b24notify: interrupted")
    assert "may or may not" in err and "Traceback" not in err and out == ""


def test_real_subprocess_send_and_failure(sandbox: Any) -> None:
    env = {**os.environ, "B24NOTIFY_URL": sandbox.webhook_url, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "core.cli", "send", "--user", "5", "--text", "из подпроцесса"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"] == sandbox.inbox(5)[0]["id"]
    assert sandbox.inbox(5)[0]["message"] == "из подпроцесса"

    sandbox.inject("html502")
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 4
    assert "Traceback" not in done.stderr and "502" in done.stderr
    _clean(sandbox, done.stdout, done.stderr)


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_check_of_an_unreachable_portal_exits_5(capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    code, out, _ = _run(capsys, "check", "--url", f"http://127.0.0.1:{port}/rest/1/abcdefgh1234/")
    assert code == 5 and out.startswith("error: ") and "abcdefgh1234" not in out


@pytest.mark.parametrize("where", ["closed port", "unknown host", "tls to plain http"])
@pytest.mark.parametrize("command", list(_MOVE_COMMANDS))
def test_an_unreachable_portal_exits_5_nothing_sent(
    sandbox: Any, capsys: pytest.CaptureFixture[str], where: str, command: str
) -> None:
    secret = "unreachableSecret99"
    base = {
        "closed port": f"http://127.0.0.1:{_closed_port()}",
        "unknown host": "http://no-such-host.invalid",
        "tls to plain http": sandbox.url.replace("http://", "https://"),
    }[where]
    argv = _MOVE_COMMANDS[command]
    code, out, err = _run(capsys, argv[0], "--url", f"{base}/rest/1/{secret}/", *argv[1:])
    assert code == 5, err
    assert "nothing was sent" in out + err and secret not in out + err
    assert sandbox.requests() == []


def test_help_documents_exit_code_5(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["send", "--help"], ["delete", "--help"], ["check", "--help"]):
        code, out, _ = _run(capsys, *argv)
        assert code == 0 and "5 " in out and "safe to" in out and "nothing was sent" in out


def test_oauth_refresh_keeps_the_new_pair_in_the_tokens_file(
    sandbox: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text(
        json.dumps({"access_token": sandbox.expired_token, "refresh_token": sandbox.refresh_token})
    )
    monkeypatch.setenv("B24NOTIFY_CLIENT_ID", sandbox.client_id)
    monkeypatch.setenv("B24NOTIFY_CLIENT_SECRET", sandbox.client_secret)
    monkeypatch.setenv("B24NOTIFY_OAUTH_URL", sandbox.oauth_url)
    argv = ["send", "--url", sandbox.url, "--tokens-file", str(tokens), "--user", "2"]
    code, out, err = _run(capsys, *argv, "--text", "refreshed")
    assert code == 0, err
    assert sandbox.inbox(2)[0]["message"] == "refreshed"
    assert "saved in" in err
    stored = json.loads(tokens.read_text())
    assert stored["access_token"] not in (sandbox.expired_token, "")
    assert stored["refresh_token"] and stored["refresh_token"] != sandbox.expired_token
    if os.name == "posix":
        assert tokens.stat().st_mode & 0o077 == 0
    _clean(sandbox, out, err)
    assert sandbox.client_secret not in out + err and stored["access_token"] not in out + err
    # The next run uses the stored access token and needs no refresh.
    code, _, err = _run(capsys, *argv, "--text", "again")
    assert code == 0 and err == ""
    assert [n["message"] for n in sandbox.inbox(2)] == ["refreshed", "again"]


def test_without_a_tokens_file_an_expired_token_says_how_to_refresh(
    sandbox: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24NOTIFY_CLIENT_ID", sandbox.client_id)
    monkeypatch.setenv("B24NOTIFY_CLIENT_SECRET", sandbox.client_secret)
    monkeypatch.setenv("B24NOTIFY_REFRESH_TOKEN", sandbox.refresh_token)
    monkeypatch.delenv("B24NOTIFY_TOKENS_FILE", raising=False)
    code, out, err = _run(capsys, "send", "--url", sandbox.url, "--token", sandbox.expired_token,
                          "--user", "2", "--text", "x")  # fmt: skip
    assert code == 3 and json.loads(out)["error"] == "expired_token"
    assert "B24NOTIFY_TOKENS_FILE" in err and len(err.strip().splitlines()) == 1
    assert [r for r in sandbox.requests() if r["rest_method"] == "oauth/token"] == []


def test_a_broken_tokens_file_is_invalid_input(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "t.json"
    bad.write_text("{nope")
    code, _, err = _run(capsys, "send", "--url", sandbox.url, "--tokens-file", str(bad),
                        "--user", "2", "--text", "x")  # fmt: skip
    assert code == 2 and "--tokens-file" in err and sandbox.requests() == []


def test_the_sandbox_command_serves_a_portal_the_cli_can_use(
    capsys: pytest.CaptureFixture[str], ctrl_c_reaches_children: None
) -> None:
    import signal

    code, out, _ = _run(capsys, "sandbox", "--help")
    assert code == 0 and "--port" in out
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "sandbox", "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("Webhook URL: "), first
        url = first.split(": ", 1)[1].strip()
        code, answer, err = _run(capsys, "send", "--url", url, "--user", "2", "--text", "hi")
        assert code == 0, err
        assert isinstance(json.loads(answer)["result"], int)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode in (0, 130)


# --- numbers on the command line ----------------------------------------------------------------
_COMMANDS = {
    "send": ["send", "--user", "2", "--text", "x"],
    "delete": ["delete", "--tag", "t"],
    "check": ["check"],
}
_BAD_SECONDS = ["1e10", "1e12", "inf", "-inf", "Infinity", "nan", "1e309", "0", "-1", "601", "",
                "abc", "1_0", "５", "5s"]  # fmt: skip


@pytest.mark.parametrize("command", list(_COMMANDS))
@pytest.mark.parametrize("seconds", _BAD_SECONDS)
def test_a_bad_timeout_is_refused_before_anything_is_sent(
    sandbox: Any, capsys: pytest.CaptureFixture[str], command: str, seconds: str
) -> None:
    argv = _COMMANDS[command]
    code, out, err = _run(
        capsys, argv[0], "--url", sandbox.webhook_url, f"--timeout={seconds}", *argv[1:]
    )
    assert code == 2 and out == ""
    assert "nothing was sent: --timeout: " in err and "600" in err
    assert sandbox.requests() == []


def test_the_timeout_may_be_600_seconds(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--timeout", " 600 ",
                        "--user", "2", "--text", "x")  # fmt: skip
    assert code == 0, err


_BAD_IDS = ["１０００", "٣", "1_000", "+5", "5.0", "1e3", "0x10", "0", "-3", "", " ", "9" * 5000,
            "1 000", "²"]  # fmt: skip


@pytest.mark.parametrize("value", _BAD_IDS)
def test_delete_id_takes_only_ascii_digits(
    sandbox: Any, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, out, err = _run(capsys, "delete", "--url", sandbox.webhook_url, f"--id={value}")
    assert code == 2 and out == ""
    assert "nothing was sent: --id: " in err
    assert sandbox.requests() == []


@pytest.mark.parametrize("value", _BAD_IDS)
def test_send_user_takes_only_ascii_digits(
    sandbox: Any, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, out, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, f"--user={value}", "--text", "x"
    )
    assert code == 2 and out == "" and "nothing was sent: --user: " in err
    assert sandbox.requests() == []


def test_delete_by_id_with_spaces_around(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "3", "--text", "x")
    sent = json.loads(out)["result"]
    recipient = sandbox.add_webhook(["im"], user_id=3)  # only the recipient deletes by id
    code, out, err = _run(capsys, "delete", "--url", recipient, "--id", f" {sent} ")
    assert code == 0, err
    assert sandbox.requests()[-1]["params"]["ID"] == sent and sandbox.inbox(3) == []


# --- files the command line reads ---------------------------------------------------------------
def _special_files(tmp_path: Path) -> dict[str, str]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    big.write_text("[" + " " * 3_000_000 + "]")
    return {"zero": "/dev/zero", "fifo": str(fifo), "folder": str(tmp_path), "big": str(big)}


@pytest.mark.skipif(os.name != "posix", reason="devices and FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["zero", "fifo", "folder", "big"])
@pytest.mark.parametrize("option", ["--tokens-file", "--blocks"])
def test_files_that_are_no_regular_small_files_are_refused(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, option: str
) -> None:
    path = _special_files(tmp_path)[kind]
    url = sandbox.url if option == "--tokens-file" else sandbox.webhook_url
    code, out, err = _run(capsys, "send", "--url", url, option, path, "--user", "2",
                          "--text", "x")  # fmt: skip
    assert code == 2 and out == ""
    assert f"nothing was sent: {option}: " in err and "Traceback" not in err
    assert sandbox.requests() == []


@pytest.mark.parametrize(
    "blocks",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"a":' * 10_000 + "1" + "}" * 10_000,
        '[{"DELIMITER": {"SIZE": ' + "9" * 5_000 + "}}]",
        '[{"MESSAGE": "' + "x" * 10 + '"}, ' + "[" * 10_000 + "]" * 10_000 + "]",
    ],
)
@pytest.mark.parametrize("from_file", [False, True])
def test_hostile_blocks_exit_2_naming_the_option(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, blocks: str, from_file: bool
) -> None:
    if from_file:
        path = tmp_path / "blocks.json"
        path.write_text(blocks, encoding="utf-8")
        blocks = str(path)
    code, out, err = _run(capsys, "send", "--url", sandbox.webhook_url, "--user", "2",
                          "--text", "x", "--blocks", blocks)  # fmt: skip
    assert code == 2 and out == "" and "nothing was sent: --blocks" in err
    assert "unexpected problem" not in err and sandbox.requests() == []


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u200b"])
def test_a_token_with_a_control_character_sends_nothing(
    sandbox: Any, capsys: pytest.CaptureFixture[str], char: str
) -> None:
    token = sandbox.app_token[:10] + char + sandbox.app_token[10:]
    code, out, err = _run(capsys, "send", "--url", sandbox.url, "--token", token, "--user", "2",
                          "--text", "x")  # fmt: skip
    assert code == 2 and "nothing was sent: --token: " in err and "control" in err
    assert sandbox.requests() == []
    _clean(sandbox, out, err)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/",
                                 "file:///etc/passwd", "file:/etc/passwd"])  # fmt: skip
@pytest.mark.parametrize("command", list(_MOVE_COMMANDS))
def test_non_http_addresses_are_refused_in_words(
    capsys: pytest.CaptureFixture[str], url: str, command: str
) -> None:
    argv = _MOVE_COMMANDS[command]
    code, out, err = _run(capsys, argv[0], "--url", url, *argv[1:])
    assert code == 2 and out == ""
    assert "--url: only http:// and https:// addresses are accepted" in err


# --- one send path, one voice, main() and program() --------------------------------------------
def test_the_exit_codes_are_an_enum_with_the_documented_numbers() -> None:
    from core.cli import ExitCode

    assert {c.name: int(c) for c in ExitCode} == {
        "OK": 0,
        "INPUT": 2,
        "PORTAL": 3,
        "UNKNOWN": 4,
        "NOT_SENT": 5,
        "INTERRUPTED": 130,
    }


def test_what_dry_run_prints_is_what_is_sent(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocks = tmp_path / "blocks.json"
    blocks.write_text('[{"IMAGE": {"NAME": "c", "LINK": "https://ci.example/c.png"}}]', "utf-8")
    argv = ["send", "--url", sandbox.webhook_url, "--user", "2", "--text", "x", "--tag", "t"]
    argv += ["--blocks", str(blocks), "--text-out", "out", "--system"]
    code, out, err = _run(capsys, *argv, "--dry-run", "--reveal")
    assert code == 0, err
    shown = json.loads(out)
    assert sandbox.requests() == []
    code, _, err = _run(capsys, *argv)
    assert code == 0, err
    (logged,) = sandbox.requests()
    assert shown["url"].endswith("/" + logged["rest_method"])
    assert logged["params"] == shown["body"]


def test_program_raises_and_main_reports(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from core.cli import ExitCode, program
    from core.errors import InputError, RecipientUnavailableError
    from core.voice import for_error

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(InputError):
        program(
            ["send", "--url", sandbox.webhook_url, "--user", "0", "--text", "x"], out=out, err=err
        )
    inactive = next(str(u["id"]) for u in sandbox.users() if not u["active"])
    argv = ["send", "--url", sandbox.webhook_url, "--user", inactive, "--text", "x"]
    with pytest.raises(RecipientUnavailableError) as info:
        program(argv, out=out, err=err)
    assert out.getvalue() == err.getvalue() == ""  # program() says nothing of its errors
    code, printed, said = _run(capsys, *argv)
    assert code == ExitCode.PORTAL and json.loads(printed)["result"] is False
    assert said == f"b24notify: {for_error(info.value).one_line()}\n"
