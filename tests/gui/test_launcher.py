"""gui.launcher: the console entry point — the CLI without Qt, the window without a subcommand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui import launcher

ROOT = Path(__file__).resolve().parents[2]


def test_no_subcommand_opens_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []

    def fake_window(sandbox: bool = False) -> int:
        opened.append(sandbox)
        return 7

    monkeypatch.setattr(launcher, "_open_window", fake_window)
    assert launcher.main([]) == 7
    assert launcher.main(["--sandbox"]) == 7
    assert opened == [False, True]


def test_a_subcommand_runs_the_cli_without_qt(sandbox, tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from gui.launcher import main\n"
        f"code = main(['send', '--dry-run', '--url', {sandbox.webhook_url!r}, '--user', '3',"
        " '--text', 'hi'])\n"
        "print(json.dumps({'code': code, 'qt': 'PySide6' in sys.modules}))\n"
    )
    env = {**os.environ, "B24NOTIFY_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "qt": False}
    assert "im.notify.personal.add" in out.stdout
    assert sandbox.requests() == []  # a dry run sends nothing


def test_a_bare_start_opens_the_window_without_the_cli_parser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code = (
        "import json, sys\n"
        "from gui import launcher\n"
        "seen = []\n"
        "launcher._open_window = lambda sandbox=False: seen.append(sandbox) or 0\n"
        "codes = [launcher.main([]), launcher.main(['--sandbox'])]\n"
        "print(json.dumps({'codes': codes, 'seen': seen, 'cli': 'core.cli' in sys.modules,"
        " 'cli_args': 'core.cli_args' in sys.modules}))\n"
    )
    env = {**os.environ, "B24NOTIFY_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {
        "codes": [0, 0],
        "seen": [False, True],
        "cli": False,
        "cli_args": False,
    }


def test_an_error_in_a_bare_start_is_reported_as_the_cli_reports_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.errors import NotSentError

    def broken(sandbox: bool = False) -> int:
        raise NotSentError("the portal could not be reached")

    def interrupted(sandbox: bool = False) -> int:
        raise KeyboardInterrupt

    def crashed(sandbox: bool = False) -> int:
        raise RuntimeError("boom")

    codes = []
    for fake in (broken, interrupted, crashed):
        monkeypatch.setattr(launcher, "_open_window", fake)
        codes.append(launcher.main([]))
    from core.cli import ExitCode

    err = capsys.readouterr().err
    assert codes[1] == ExitCode.INTERRUPTED and codes[2] == ExitCode.UNKNOWN and codes[0] != 0
    assert "interrupted" in err and "unexpected problem: RuntimeError" in err
    assert "Traceback" not in err
