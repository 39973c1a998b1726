"""Usage errors of the command line never repeat a value that was typed (it may be a secret)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.cli import main
from core.cli_args import safe_message

SECRET = "k3yS3cr3tValue9q"
TOKEN = "tok3nAccess7777zz"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_TOKENS_FILE"):
        monkeypatch.delenv(name, raising=False)


def _webhook(sandbox: Any) -> str:
    return f"{sandbox.url}/rest/1/{SECRET}/"


# Each case: argv (W = a webhook URL holding SECRET, T = TOKEN, U = the sandbox, V = its working
# webhook), words the message must contain.
CASES = [
    (["send", "W", "--user", "5", "--text", "x"], ["unexpected argument 2", "--url"]),
    (["W"], ["unknown command at argument 1", "send --url"]),
    (["--sandbox", "W"], ["unknown command at argument 2"]),
    (["T"], ["unknown command at argument 1"]),
    (["check", "W"], ["unexpected argument 2", "--url"]),
    (["check", "--url", "W", "T"], ["unexpected argument 4"]),
    (["send", "--url", "U", "T", "--user", "2", "--text", "x"], ["unexpected argument 4"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "T", "W"], ["arguments 8, 9"]),
    (["delete", "--url", "W", "--id", "1", "T"], ["unexpected argument 6"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--tex=T"], ["could mean --text"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--bogus=T"], ["unknown option"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--timout=T"], ["--timeout"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--dry-run=T"], ["takes no value"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--curl", "--dry-run"], ["not allowed"]),
    (["send", "--url", "W", "--user", "2", "--text", "x", "--system=T"], ["takes no value"]),
    (["delete", "--url", "W", "--id", "1", "--tag", "T"], ["not allowed with"]),
    (["send", "--text", "T"], ["give --user"]),  # or --department / --recipients (issue 13)
    (["sandbox", "--port", "T"], ["--port", "whole number"]),
    (["sandbox", "--drain-rate", "T"], ["--drain-rate"]),
    (["sandbox", "T"], ["unexpected argument 2"]),
    (["send", "--timeout", "W", "--url", "U", "--user", "2", "--text", "x"], ["--timeout: "]),
    (["send", "--timeout", "T", "--url", "U", "--user", "2", "--text", "x"], ["--timeout: "]),
    (["delete", "--url", "V", "--id", "W"], ["--id: "]),
    (["delete", "--url", "V", "--id", "T"], ["--id: "]),
    (["send", "--url", "V", "--user", "T", "--text", "x"], ["--user: "]),
]


@pytest.mark.parametrize(("argv", "words"), CASES)
def test_usage_errors_name_the_place_not_the_value(
    sandbox: Any, capsys: pytest.CaptureFixture[str], argv: list[str], words: list[str]
) -> None:
    values = {"W": _webhook(sandbox), "T": TOKEN, "U": sandbox.url, "V": sandbox.webhook_url}
    typed = [values.get(a, a) for a in argv]
    typed = [a.replace("=T", f"={TOKEN}") for a in typed]
    code, out, err = _run(capsys, *typed)
    assert code == 2, err
    assert SECRET not in out + err and TOKEN not in out + err
    assert TOKEN[:8] not in err and SECRET[:8] not in err  # not even a part of it
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for word in words:
        assert word in err
    assert sandbox.requests() == []


def test_a_value_that_looks_like_an_option_name_is_not_echoed_either(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "send", "--user", "2", "--text", "x", "--k3yS3cr3tValue9q")
    assert code == 2 and "unknown option" in err and SECRET not in err


@pytest.mark.parametrize(
    "message",
    [
        f"argument --port: invalid int value: '{TOKEN}'",
        f"argument COMMAND: invalid choice: '{TOKEN}' (choose from 'send', 'delete')",
        f"argument --dry-run: ignored explicit argument '{TOKEN}'",
        f"ambiguous option: --t={TOKEN} could match --text, --tag",
        f"unrecognized arguments: {TOKEN} x",
        f"argument --drain-rate: {TOKEN} is not a finite number",
        f"something new argparse may say about {TOKEN}",
    ],
)
def test_safe_message_drops_the_value_whatever_the_template(message: str) -> None:
    safe = safe_message(message, ["send", TOKEN, f"--t={TOKEN}"], ["--text", "--tag"])
    assert TOKEN not in safe and TOKEN[:8] not in safe and safe


def test_safe_message_keeps_our_own_explanations() -> None:
    message = "argument --drain-rate: must be a finite number above 0"
    assert safe_message(message, ["sandbox", "--drain-rate", "nan"], ["--drain-rate"]) == message


def test_other_messages_pass_the_redactor(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # A message that names a path holding a secret (made up, but any message could): masked.
    client_secret = "cl1entS3cretValue"
    monkeypatch.setenv("B24NOTIFY_CLIENT_SECRET", client_secret)
    folder = tmp_path / client_secret
    folder.mkdir()
    (folder / "t.json").write_text("{broken")
    code, _, err = _run(capsys, "send", "--url", "portal.example", "--tokens-file",
                          str(folder / "t.json"), "--user", "2", "--text", "x")  # fmt: skip
    assert code == 2 and "--tokens-file" in err
    assert client_secret not in err and "cl…ue" in err


def test_the_scrubbing_stderr_learns_secrets_from_every_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse
    import io

    from core.cli import _learn_secrets, _Scrubbed

    monkeypatch.setenv("B24NOTIFY_REFRESH_TOKEN", "refreshT0kenValue")
    stream = io.StringIO()
    err: Any = _Scrubbed(stream)
    args = argparse.Namespace(url=f"https://p.example/REST/1/{SECRET}/x", token=f" {TOKEN} ")
    _learn_secrets(err, args)
    err.write(f"{SECRET} {TOKEN} refreshT0kenValue a short 12345 stays\n")
    assert stream.getvalue() == "k3…9q to…zz re…ue a short 12345 stays\n"


def test_argparse_speaks_through_the_catalogue_without_gettexts_disk_look_ups() -> None:
    import argparse
    import gettext

    from core import cli_args, i18n

    assert argparse._ is i18n._ and argparse.ngettext is i18n.ngettext  # type: ignore[attr-defined]
    assert argparse._ is not gettext.gettext  # type: ignore[attr-defined]
    assert set(cli_args.ARGPARSE_WORDS) == {
        "usage: ",
        "positional arguments",
        "options",
        "show this help message and exit",
    }


def test_the_catalogue_translates_none_of_argparses_error_messages() -> None:
    """safe_message recognises argparse's errors by their English words: were the catalogue to
    translate one of them, argparse (which now asks the catalogue) would word it in Russian and
    the message would no longer be recognised."""
    import argparse
    import ast
    import inspect

    from core import cli_args, i18n

    tree = ast.parse(inspect.getsource(argparse))
    words = {
        node.args[i].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext")
        for i in range(len(node.args))
        if isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str)
    }
    assert "the following arguments are required: %s" in words and len(words) > 25
    russian = i18n.load("ru")
    assert russian is not None
    translated = {w for w in words if russian.gettext(w) != w}
    assert translated == set(cli_args.ARGPARSE_WORDS)


def test_russian_usage_errors_and_help_titles(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import i18n

    monkeypatch.setenv("B24NOTIFY_LANG", "ru")
    try:
        code, out, _err = _run(capsys, "send", "--help")
        assert code == 0 and out.startswith("использование: b24notify send")
        assert "\nпараметры:\n  -h, --help " in out and "показать эту справку и выйти" in out
        code, out, _err = _run(capsys, "--help")
        assert code == 0 and "\nпозиционные аргументы:\n  COMMAND\n" in out
        code, _out, err = _run(capsys, "sned")
        assert code == 2 and "invalid choice" not in err
        assert err.startswith("b24notify: ошибка: неизвестная команда в аргументе 1; есть команды ")
        code, _out, err = _run(capsys, "send", "--user", "5")
        assert code == 2 and "--text" in err and "following" not in err
    finally:
        i18n.install("en")


def test_a_listed_command_is_parsed_even_without_its_own_parser() -> None:
    """``list_only`` names a command without building its parser; parsed anyway, it gets the
    empty parser ``add_parser(name)`` made before (nothing else is built on a command line)."""
    from core.cli import build_parser

    parser = build_parser(None)
    assert parser.parse_args(["users"]).command == "users"
    with pytest.raises(SystemExit):
        parser.parse_args(["history", "--help"])


def test_an_unknown_command_lists_every_command_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from core.cli import COMMANDS

    code, _out, err = _run(capsys, "sned")
    assert code == 2
    assert f"the commands are {', '.join(COMMANDS)} (see --help)" in err


_URL_PIECES = [
    "/rest/", "/REST/", "/ReSt/", "/reſt/", "/rEST", "/res/", "rest", "/", "1", "12", "٣", "/",
    "k3yS3cr3t", "?", "#", " ", "\t", "\u3000", "\n", "é", "x", "//", "https://p.example",
]  # fmt: skip


@given(st.lists(st.sampled_from(_URL_PIECES), max_size=10).map("".join))
@example("https://p.example/rest/1/abc/rest/2/def?x#/rest/3/ghi")
@example("/rest/1/a/rest/1/b")
@example("/rest//rest/1/x")
@example("/REST/1/ſecret\u3000tail")
def test_webhook_secrets_finds_what_the_pattern_found(url: str) -> None:
    import re

    from core.cli import webhook_secrets

    assert webhook_secrets(url) == re.findall(r"(?i)/rest/[0-9]+/([^/?#\s]+)", url)


@given(
    st.text(alphabet=st.sampled_from("ab Zé\u3000\xa0\t\n.,(){}!?'\"-"), max_size=60),
    st.integers(min_value=1, max_value=30),
)
@example("log what happens to stderr and to b24notify.log in the settings folder", 54)
@example("abcdefghijklmnopqrstuvwxyz abc", 5)
@example("a \u3000 b \u3000", 1)
@example("", 10)
@example("sub-tag --user (b24notify sandbox --help)", 54)
@example("x\u3000", 1)
@example(" a\tb ", 3)
def test_help_lines_wrap_as_textwrap_wraps_them(text: str, width: int) -> None:
    import re
    import textwrap

    from core.cli_args import wrap

    given_text = re.sub(r"\s+", " ", text, flags=re.ASCII).strip()  # as argparse hands it over
    assert wrap(given_text, width) == textwrap.wrap(given_text, width)
    assert wrap(text, width) == textwrap.wrap(text, width)  # and anything else


def test_the_top_level_help_needs_no_textwrap(tmp_path: Any) -> None:
    """-S: without site (the dev venv's editable-install finder imports more than this)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from core.cli import main\n"
        "assert main(['--help']) == 0\n"
        "assert 'textwrap' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {"COLUMNS": "80", "PATH": "/usr/bin:/bin", "B24NOTIFY_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "--debug      log what happens to stderr and to b24notify.log in the settings\n" in (
        done.stdout
    )
