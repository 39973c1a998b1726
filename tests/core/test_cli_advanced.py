"""core/cli.py ``send``: everything the API can send (system, MESSAGE_OUT, SUB_TAG, CLIENT_ID,
COLOR_TOKEN and every block kind), through the real CLI and read back from the sandbox portal."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.cli import main

BLOCKS = [
    {"MESSAGE": "Build [b]#42[/b] failed"},
    {"LINK": {"NAME": "Pipeline", "LINK": "https://ci.example/p/42", "DESC": "stage 3"}},
    {"USER": {"NAME": "Chen Wei", "LINK": "/company/personal/user/3/"}},
    {"GRID": [{"DISPLAY": "LINE", "NAME": "Branch", "VALUE": "main"}]},
    {"DELIMITER": {"SIZE": 200, "COLOR": "#c0c0c0"}},
    {"IMAGE": {"NAME": "chart", "LINK": "https://ci.example/chart.png"}},
    {"FILE": {"NAME": "log.txt", "LINK": "https://ci.example/log.txt"}},
]
# As the portal keeps them: IMAGE and FILE items in a list (one object given, a list stored).
STORED = [{k: [v] if k in ("IMAGE", "FILE") else v for k, v in b.items()} for b in BLOCKS]


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_advanced_field_reaches_the_portal(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        "send",
        "--url",
        sandbox.webhook_url,
        "--user",
        "3",
        "--text",
        "advanced",
        "--message-out",
        "for e-mail",
        "--tag",
        "t1",
        "--sub-tag",
        "s1",
        "--client-id",
        "my-app",
        "--blocks",
        json.dumps(BLOCKS),
        "--color-token",
        "alert",
        "--system",
    )
    assert code == 0, err
    (stored,) = sandbox.inbox(3)
    assert stored["id"] == json.loads(out)["result"]
    assert stored["type"] == "SYSTEM" and stored["author_id"] is None
    assert stored["message_out"] == "for e-mail"
    assert (stored["tag"], stored["sub_tag"], stored["client_id"]) == ("t1", "s1", "my-app")
    assert stored["attach"] == {"COLOR_TOKEN": "alert", "BLOCKS": STORED}
    assert stored["attach_dropped"] == []
    (logged,) = sandbox.requests()
    assert logged["rest_method"] == "im.notify.system.add"
    assert logged["params"]["CLIENT_ID"] == "my-app"


def test_personal_is_the_default_and_text_out_is_the_same_option(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["send", "--url", sandbox.webhook_url, "--user", "3", "--text", "x"]
    code, _, err = _run(capsys, *argv, "--text-out", "out")
    assert code == 0, err
    (stored,) = sandbox.inbox(3)
    assert stored["type"] == "USER" and stored["author_id"] is not None
    assert stored["message_out"] == "out"


def test_a_colour_token_goes_into_a_full_form_attachment(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    full = {"COLOR": "#29619b", "BLOCKS": [{"MESSAGE": "hi"}]}
    argv = ["send", "--url", sandbox.webhook_url, "--user", "3", "--text", "x"]
    code, _, err = _run(capsys, *argv, "--blocks", json.dumps(full), "--color-token", "primary")
    assert code == 0, err
    attach = sandbox.inbox(3)[0]["attach"]
    assert attach == {"COLOR_TOKEN": "primary", "COLOR": "#29619b", "BLOCKS": [{"MESSAGE": "hi"}]}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--color-token", "pink"], "--color-token: must be one of primary, secondary, alert"),
        (["--color-token", "Primary", "--blocks", '[{"MESSAGE": "a"}]'], "--color-token: must"),
        (["--color-token", "alert"], "--color-token: a colour token colours the attachment"),
        (
            ["--color-token", "alert", "--blocks", '{"COLOR_TOKEN": "base", "BLOCKS": []}'],
            "--blocks: there are no blocks",
        ),
        (
            ["--color-token", "alert", "--blocks", '{"COLOR_TOKEN": "base", "BLOCKS": [1]}'],
            "--color-token: the attachment's full form already has COLOR_TOKEN base",
        ),
        (["--blocks", '[{"GRID": [{"NAME": "a"}]}]'], "--blocks[0].GRID[0].DISPLAY:"),
        (["--blocks", '[{"DELIMITER": {"COLOR": "red"}}]'], "--blocks[0].DELIMITER.COLOR:"),
        (["--blocks", '[{"USER": {"LINK": "/x"}}]'], "--blocks[0].USER.NAME: is required"),
        (["--blocks", '[{"LINK": {"NAME": "x"}}]'], "--blocks[0].LINK.LINK: a link is required"),
    ],
)
def test_invalid_values_are_input_errors_and_nothing_is_sent(
    sandbox: Any, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    argv = ["send", "--url", sandbox.webhook_url, "--user", "3", "--text", "x", *extra]
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert expected in err and "nothing was sent" in err
    assert out == "" and sandbox.requests() == []


def test_help_lists_the_new_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "send", "--help")
    assert code == 0 and "--color-token" in out and "--message-out" in out and "--system" in out
