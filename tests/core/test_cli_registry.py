"""The CLI's command registry: a command is one line in ``core.cli.COMMANDS``; its module is
imported (and its parser built) only when that command runs, so ``--help`` stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import cli
from core.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]

# What the top-level --help does not need (bench/cli.py times the whole process).
NOT_FOR_HELP = (
    "logging",
    "json",
    "pathlib",
    "typing",
    "shutil",
    "urllib.parse",
    "dataclasses",
    "core.errors",
    "core.problems",
    "core.diagnostics",
    "core.secrets",
    "core.request",
    "core.sandbox.cli",
    "locale",  # gettext's look-ups for argparse's words (core.cli_args routes them to core.i18n)
)
# What a dry run does not need: it builds and prints the request, nothing is contacted. (json:
# core.json_text writes the request; urllib.parse, which imports ipaddress: core.address splits
# a plain address itself; the portal errors' catalogue, the bulk path, the attachment's count
# and file reading: only when there is an error, many recipients, an attachment.)
NOT_FOR_DRY_RUN = (
    "logging",
    "requests",
    "core.client",
    "core.diagnostics",
    "core.sandbox",
    "difflib",
    "json",
    "urllib.parse",
    "ipaddress",
    "locale",
    "unicodedata",
    "importlib",
    "core.errors",
    "core.cli_bulk",
    "core.attach_size",
    "core.files",
    "core.recipients",
    "core.voice",  # its notes before a send: core.notes
)


def _run(tmp_path: Path, code: str, *argv: str) -> tuple[int, set[str], str]:
    """-S: without site, whose editable-install finder (the dev venv) imports pathlib and
    urllib.parse in every process; core is found in the working folder (the checkout)."""
    listing = tmp_path / "modules.txt"
    code += "\nopen(sys.argv[1], 'w').write('\\n'.join(sorted(sys.modules)))\nsys.exit(code)\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("B24NOTIFY_")}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code, str(listing), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, set(listing.read_text().split()), done.stdout


def _modules_after(tmp_path: Path, *argv: str) -> tuple[int, set[str], str]:
    """Run the CLI in a fresh interpreter; its exit code, the modules it loaded beyond what the
    interpreter itself loads, and its stdout."""
    _code, bare, _out = _run(tmp_path, "import sys\ncode = 0")
    code, loaded, out = _run(
        tmp_path, "import sys\nfrom core.cli import main\ncode = main(sys.argv[2:])", *argv
    )
    return code, loaded - bare, out


def test_top_level_help_imports_none_of_the_commands_machinery(tmp_path: Path) -> None:
    code, modules, _out = _modules_after(tmp_path, "--help")
    assert code == 0
    assert sorted(m for m in NOT_FOR_HELP if m in modules) == []


def test_dry_run_imports_no_http_stack_nor_logging(tmp_path: Path) -> None:
    code, modules, printed = _modules_after(
        tmp_path, "send", "--dry-run", "--url", "http://127.0.0.1:9/rest/1/abcdef1234/",
        "--user", "5", "--text", "x",
    )  # fmt: skip
    assert code == 0
    assert sorted(m for m in NOT_FOR_DRY_RUN if m in modules) == []
    request = json.loads(printed)  # written by core.json_text, as json.dumps writes it
    assert printed == json.dumps(request, indent=2, ensure_ascii=False) + "\n"
    assert request["body"] == {"USER_ID": 5, "MESSAGE": "x"}
    assert request["url"] == "http://127.0.0.1:9/rest/1/ab…34/im.notify.personal.add"


def test_help_lists_every_registered_command_with_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name, (_target, summary) in COMMANDS.items():
        assert any(line.split() == [name, *summary.split()] for line in out.splitlines()), name


@pytest.fixture
def hello_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A command module written as the other commands are, registered with one line."""
    (tmp_path / "b24_hello_cmd.py").write_text(
        textwrap.dedent(
            """
            from core.cli import ExitCode, _add_connection

            def add_parser(sub):
                p = sub.add_parser("hello", help="say hello", description="Say hello.")
                _add_connection(p)
                p.add_argument("--name", required=True)

            def run(args, out, err):
                out.write(f"hello {args.name}, timeout {args.seconds:g}\\n")
                return ExitCode.OK
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "b24_hello_cmd", raising=False)
    monkeypatch.setitem(COMMANDS, "hello", ("b24_hello_cmd", "say hello"))
    return "b24_hello_cmd"


def test_a_command_module_is_imported_only_when_its_command_runs(
    hello_command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--help"]) == 0
    assert "say hello" in capsys.readouterr().out
    assert main(["send", "--help"]) == 0
    capsys.readouterr()
    assert hello_command not in sys.modules  # listed, never imported
    assert main(["hello", "--name", "Ann", "--timeout", "7"]) == 0
    assert capsys.readouterr().out == "hello Ann, timeout 7\n"
    assert hello_command in sys.modules


def test_a_command_module_gets_its_usage_errors_and_help(
    hello_command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["hello"]) == 2
    assert "the following arguments are required: --name" in capsys.readouterr().err
    assert main(["hello", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Say hello." in out and "--url" in out and "--name" in out


def test_an_unknown_command_names_every_registered_one(
    hello_command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["helo"]) == 2
    err = capsys.readouterr().err
    assert "unknown command" in err and "hello" in err and "send" in err


def test_built_in_commands_follow_the_same_protocol() -> None:
    for name, (target, _summary) in COMMANDS.items():
        if name == "sandbox":  # parsed by its own options (core.sandbox.cli)
            continue
        command = cli._load(target)
        assert callable(command.add_parser) and callable(command.run), name


def test_the_console_script_freezes_what_the_start_made_and_a_call_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() on the process's own command line (argv None) leaves the start's objects out of
    the cyclic collector's walks (gc.freeze); main([...]) from a caller leaves its process alone."""
    import gc

    before = gc.get_freeze_count()
    assert main(["--help"]) == 0
    capsys.readouterr()
    assert gc.get_freeze_count() == before
    code = (
        "import gc, sys\n"
        "from core.cli import main\n"
        "given, sys.argv = sys.argv, ['b24notify', '--help']\n"
        "assert gc.get_freeze_count() == 0\n"
        "code = main()\n"
        "sys.argv = given\n"
        "assert code == 0 and gc.get_freeze_count() > 1000, gc.get_freeze_count()\n"
    )
    assert _run(tmp_path, code)[0] == 0
