"""core.copy_as: curl, b24notify and Python forms of a request, each checked by running it."""

from __future__ import annotations

import io
import json
import shlex
import shutil
import subprocess
from contextlib import redirect_stdout
from typing import Any

import pytest

from core.address import parse_endpoint
from core.cli import main
from core.copy_as import FORMATS, as_python, copy_as
from core.notification import Notification
from core.request import build_call, build_delete, build_notification

TRICKY = 'It\'s "done" $HOME `id` \\ [b]ok[/b]\nsecond line — ünïcode'
ATTACH = [
    {"MESSAGE": "a 'quoted' [i]message[/i]"},
    {"IMAGE": {"NAME": "chart.png", "LINK": "https://ex.com/c.png?a=1&b='2'"}},
    {"FILE": {"NAME": "r.pdf", "LINK": "https://ex.com/r.pdf", "SIZE": 2048}},
]


def _notification(**kw: Any) -> Notification:
    base: dict[str, Any] = {"user_id": 3, "text": TRICKY, "tag": "nightly", "attachments": ATTACH}
    return Notification(**{**base, **kw})


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_TOKENS_FILE"):
        monkeypatch.delenv(name, raising=False)


def _same_attach(sent: dict[str, Any]) -> bool:
    """The sandbox keeps ATTACH as the portal does (full form, items as lists)."""
    blocks = sent["attach"]["BLOCKS"]
    return (
        blocks[0] == ATTACH[0]
        and blocks[1]["IMAGE"] == [ATTACH[1]["IMAGE"]]
        and blocks[2]["FILE"] == [ATTACH[2]["FILE"]]
    )


def _curl_fields(command: str) -> dict[str, Any]:
    words = shlex.split(command)
    assert words[:2] == ["curl", "-sS"]
    headers = [words[i + 1] for i, w in enumerate(words) if w == "-H"]
    body = words[words.index("--data-raw") + 1]
    return {"url": words[2], "headers": headers, "body": json.loads(body)}


def test_curl_parses_back_to_the_exact_request_and_masks_the_secret() -> None:
    url = "https://p.example/rest/1/Zq9copySecret/"
    prepared = build_notification(url, _notification())
    masked = _curl_fields(copy_as(prepared, "curl") or "")
    assert "Zq9copySecret" not in json.dumps(masked)
    assert masked["body"] == prepared.body()  # ATTACH as JSON inside the JSON body, intact
    assert masked["body"]["ATTACH"] == ATTACH and masked["body"]["MESSAGE"] == TRICKY
    assert "Content-Type: application/json; charset=utf-8" in masked["headers"]
    revealed = _curl_fields(copy_as(prepared, "curl", reveal=True) or "")
    assert revealed["url"] == prepared.url


def test_token_requests_mask_the_token_in_every_form() -> None:
    token = "Zq9tokenSecret0123456789"
    prepared = build_notification(parse_endpoint("p.example", token), _notification())
    for fmt in FORMATS:
        assert token not in (copy_as(prepared, fmt) or "")
        assert token in (copy_as(prepared, fmt, reveal=True) or "")


@pytest.mark.parametrize(
    "endpoint",
    [
        parse_endpoint("https://p.example/rest/1/Zq9copySecret/"),
        parse_endpoint("p.example", "Zq9copySecret"),
    ],
    ids=["webhook", "token"],
)
def test_a_secret_typed_into_the_form_is_masked_too(endpoint: Any) -> None:
    """Masked means masked: the secret pasted into the text, the tag or an attachment's link
    (a CI job that prints its own webhook) does not come out of a masked copy either."""
    secret = "Zq9copySecret"
    link = {"LINK": {"NAME": "hook", "LINK": f"https://p.example/rest/1/{secret}/"}}
    n = _notification(text=f"uses {secret}", tag=f"t-{secret}", attachments=[link])
    requests = [build_notification(endpoint, n), build_delete(endpoint, tag=f"t-{secret}")]
    for prepared in requests:
        for fmt in FORMATS:
            copied = copy_as(prepared, fmt)
            if copied is not None:
                assert secret not in copied, (fmt, copied)
                assert secret in (copy_as(prepared, fmt, reveal=True) or "")


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl program")
def test_the_revealed_curl_command_sends_to_the_sandbox(sandbox: Any) -> None:
    prepared = build_notification(sandbox.webhook_url, _notification())
    words = shlex.split(copy_as(prepared, "curl", reveal=True) or "")
    answer = subprocess.run(words, capture_output=True, check=True, timeout=30).stdout
    nid = json.loads(answer)["result"]
    sent = next(n for n in sandbox.inbox(3) if n["id"] == nid)
    assert sent["message"] == TRICKY and _same_attach(sent)


def test_the_cli_command_parses_back_and_sends(
    sandbox: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = build_notification(sandbox.webhook_url, _notification(sub_tag="ci"))
    masked = copy_as(prepared, "cli") or ""
    assert parse_endpoint(sandbox.webhook_url).secret not in masked
    words = shlex.split(masked.replace('"$B24NOTIFY_URL"', "URL"))
    assert words[0] == "b24notify" and words[words.index("--url") + 1] == "URL"
    monkeypatch.setenv("B24NOTIFY_URL", sandbox.webhook_url)
    args = shlex.split(masked, posix=True)  # "$B24NOTIFY_URL" stays literal: expand it as sh would
    args = [sandbox.webhook_url if a == "$B24NOTIFY_URL" else a for a in args[1:]]
    assert main(args) == 0, capsys.readouterr().err
    nid = json.loads(capsys.readouterr().out)["result"]
    sent = next(n for n in sandbox.inbox(3) if n["id"] == nid)
    assert sent["message"] == TRICKY and _same_attach(sent) and sent["sub_tag"] == "ci"


def test_the_python_snippet_compiles_masked_and_sends_revealed(sandbox: Any) -> None:
    prepared = build_notification(sandbox.webhook_url, _notification(text_out="mail text"))
    masked = as_python(prepared)
    compile(masked, "<masked>", "exec")
    assert parse_endpoint(sandbox.webhook_url).secret not in masked
    assert "os.environ['B24NOTIFY_URL']" in masked
    revealed = copy_as(prepared, "python", reveal=True) or ""
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(revealed, "<revealed>", "exec"), {})  # the snippet as a user would run it
    nid = eval(printed.getvalue())["result"]  # it prints the answer dict
    sent = next(n for n in sandbox.inbox(3) if n["id"] == nid)
    assert sent["message"] == TRICKY and _same_attach(sent) and sent["tag"] == "nightly"


def test_python_snippets_for_system_delete_and_any_call(sandbox: Any) -> None:
    system = build_notification(sandbox.webhook_url, _notification(tag=""), system=True)
    assert "create_system_notification(" in as_python(system)
    delete = build_delete(sandbox.webhook_url, tag="nightly", client_id="my-app")
    snippet = as_python(delete, reveal=True)
    assert "tag='nightly'" in snippet and "client_id='my-app'" in snippet
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(snippet, "<delete>", "exec"), {})
    assert eval(printed.getvalue())["result"] is True
    other = as_python(build_call(sandbox.webhook_url, "user.get", {"ID": 3}), reveal=True)
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(other, "<call>", "exec"), {})
    assert "Chen" in printed.getvalue()


def test_an_unknown_format_is_a_programming_error() -> None:
    prepared = build_notification("https://p.example/rest/1/abcdef123/", _notification())
    with pytest.raises(ValueError, match="curl, cli, python"):
        copy_as(prepared, "php")


def test_with_a_profile_the_masked_command_names_it_and_sends(
    sandbox: Any,
    capsys: pytest.CaptureFixture[str],
    dict_keyring: Any,
) -> None:
    """A connection that is a saved profile copies as ``--profile NAME`` (it works as pasted, on
    this machine); revealed, the command is self-contained (the address, with its secret)."""
    assert main(["profile", "add", "sb", "--url", sandbox.webhook_url]) == 0
    capsys.readouterr()
    prepared = build_notification(sandbox.webhook_url, _notification(sub_tag="p"))
    masked = copy_as(prepared, "cli", profile="sb") or ""
    words = shlex.split(masked)
    assert words[:4] == ["b24notify", "send", "--profile", "sb"]
    assert "--url" not in words and parse_endpoint(sandbox.webhook_url).secret not in masked
    assert main(words[1:]) == 0, capsys.readouterr().err
    nid = json.loads(capsys.readouterr().out)["result"]
    sent = next(n for n in sandbox.inbox(3) if n["id"] == nid)
    assert sent["message"] == TRICKY and sent["sub_tag"] == "p"
    revealed = shlex.split(copy_as(prepared, "cli", reveal=True, profile="sb") or "")
    assert "--profile" not in revealed and revealed[revealed.index("--url") + 1] == (
        parse_endpoint(sandbox.webhook_url).base_url
    )
    for fmt in ("curl", "python"):  # no profiles there: as without one
        assert copy_as(prepared, fmt, profile="sb") == copy_as(prepared, fmt)
