"""Tests for core.request: the body that goes out, headers, secrets, and the copy-as commands.

The copy-as commands are checked two ways: parsed back with ``shlex.split`` (they must give the same
body), and the curl command is really run by ``sh`` against the sandbox portal over loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.address import parse_endpoint
from core.blocks import attachment, grid_block, grid_item, message_block, picture_block
from core.errors import InputError
from core.request import (
    DEFAULT_CLIENT_ID,
    DELETE_METHOD,
    PERSONAL_METHOD,
    SYSTEM_METHOD,
    USER_AGENT,
    Notification,
    PreparedRequest,
    build_call,
    build_delete,
    build_notification,
)
from core.secrets import mask_secret
from core.version import __version__
from tests.core._unwritable import unwritable_attachments

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal

SECRET = "k3abcdefgh12349q"
TOKEN = "tok3nabcdefghijk"
WEBHOOK = f"https://portal.example/rest/1/{SECRET}/"
WEBHOOK_EP = parse_endpoint(WEBHOOK)
TOKEN_EP = parse_endpoint("portal.example", TOKEN)
PIC = "https://example.com/p.png"


# --- the body ---------------------------------------------------------------------------------
def test_minimal_body() -> None:
    r = build_notification(WEBHOOK_EP, Notification("5", "Hello"))
    assert r.method == PERSONAL_METHOD
    assert r.url == WEBHOOK + "im.notify.personal.add"
    assert r.body() == {"USER_ID": 5, "MESSAGE": "Hello"}
    assert isinstance(r.body()["USER_ID"], int)


def test_message_is_sent_as_given() -> None:
    r = build_notification(WEBHOOK_EP, Notification(5, "  [b]Hi[/b]\n"))
    assert r.body()["MESSAGE"] == "  [b]Hi[/b]\n"


def test_all_optional_fields() -> None:
    n = Notification(
        7, "Hi", tag="build", sub_tag="ci", text_out="Mail text", attachments=[message_block("x")]
    )
    assert build_notification(WEBHOOK_EP, n).body() == {
        "USER_ID": 7,
        "MESSAGE": "Hi",
        "MESSAGE_OUT": "Mail text",
        "TAG": "build",
        "SUB_TAG": "ci",
        "ATTACH": [{"MESSAGE": "x"}],
        "CLIENT_ID": DEFAULT_CLIENT_ID,
    }


def test_attachments_are_loaded_from_json_text_and_files(tmp_path: Path) -> None:
    blocks = [picture_block("P", PIC)]
    r = build_notification(WEBHOOK_EP, Notification(1, "x", attachments=json.dumps(blocks)))
    assert r.params["ATTACH"] == blocks
    path = tmp_path / "a.json"
    path.write_text(json.dumps(picture_block("P", PIC)), encoding="utf-8")
    r = build_notification(WEBHOOK_EP, Notification(1, "x", attachments=str(path)))
    assert r.params["ATTACH"] == blocks
    full = attachment(blocks, color_token="alert")
    assert (
        build_notification(WEBHOOK_EP, Notification(1, "x", attachments=full)).params["ATTACH"]
        == full
    )


class _CountedPath(os.PathLike):
    """A file path that counts how often it is opened (each load asks for ``__fspath__``)."""

    def __init__(self, path: Path) -> None:
        self.path, self.reads = path, 0

    def __fspath__(self) -> str:
        self.reads += 1
        return str(self.path)


def test_an_attachment_file_is_read_once_so_what_was_checked_is_what_goes_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([picture_block("P", PIC)]), encoding="utf-8")
    counted = _CountedPath(path)
    r = build_notification(WEBHOOK_EP, Notification(1, "x", attachments=counted))
    assert r.params["ATTACH"] == [picture_block("P", PIC)]
    assert counted.reads == 1
    path.write_text("[not json", encoding="utf-8")
    with pytest.raises(InputError) as info:  # an unreadable file is named with the other problems
        build_notification(WEBHOOK_EP, Notification(0, "x", attachments=_CountedPath(path)))
    assert [p.field for p in info.value.problems] == ["user", "attachments"]


@pytest.mark.parametrize(
    ("endpoint", "kwargs", "expected"),
    [
        (WEBHOOK_EP, {}, None),
        (WEBHOOK_EP, {"tag": "t"}, DEFAULT_CLIENT_ID),
        (WEBHOOK_EP, {"sub_tag": "s"}, DEFAULT_CLIENT_ID),
        (WEBHOOK_EP, {"tag": "t", "client_id": "mine"}, "mine"),
        (WEBHOOK_EP, {"client_id": "mine"}, "mine"),
        (TOKEN_EP, {"tag": "t"}, None),
        (TOKEN_EP, {"tag": "t", "client_id": "app"}, "app"),
    ],
)
def test_client_id_rules(endpoint: Any, kwargs: dict[str, str], expected: str | None) -> None:
    body = build_notification(endpoint, Notification(1, "x", **kwargs)).body()
    assert body.get("CLIENT_ID") == expected


def test_system_notification() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x"), system=True)
    assert r.method == SYSTEM_METHOD
    assert r.url.endswith("/im.notify.system.add")


def test_a_string_address_is_parsed() -> None:
    assert build_notification(WEBHOOK, Notification(1, "x")).endpoint == WEBHOOK_EP
    with pytest.raises(InputError):
        build_notification("not a url", Notification(1, "x"))


def test_invalid_input_raises_with_every_problem() -> None:
    with pytest.raises(InputError) as info:
        build_notification(WEBHOOK_EP, Notification(0, " ", attachments=[{"IMAGE": {}}]))
    assert [p.field for p in info.value.problems] == ["user", "text", "attachments[0].IMAGE.LINK"]


def test_headers() -> None:
    h = build_notification(WEBHOOK_EP, Notification(1, "x")).headers()
    assert h == {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "User-Agent": f"b24notify/{__version__}",
    }
    assert f"b24notify/{__version__}" == USER_AGENT


def test_body_bytes_are_compact_utf8() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "мир"))
    assert r.body_bytes() == '{"USER_ID":1,"MESSAGE":"мир"}'.encode()


# --- token mode and secrets -------------------------------------------------------------------
def test_token_goes_into_the_body_only() -> None:
    r = build_notification(TOKEN_EP, Notification(1, "x"))
    assert r.url == "https://portal.example/rest/im.notify.personal.add"
    assert r.body() == {"USER_ID": 1, "MESSAGE": "x", "auth": TOKEN}
    assert "auth" not in r.params
    assert r.masked_body()["auth"] == mask_secret(TOKEN)
    assert TOKEN not in repr(r) and TOKEN not in r.body_text(reveal=False)


def test_repr_and_masked_forms_hide_the_webhook_secret() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x"))
    assert SECRET not in repr(r) and SECRET not in r.masked_url
    assert mask_secret(SECRET) in repr(r)
    assert r.masked_url == f"https://portal.example/rest/1/{mask_secret(SECRET)}/{PERSONAL_METHOD}"


def test_with_endpoint_keeps_the_call() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x"))
    moved = r.with_endpoint(WEBHOOK_EP.with_location("https://new.example/"))
    assert moved.url == f"https://new.example/rest/1/{SECRET}/{PERSONAL_METHOD}"
    assert moved.body() == r.body()


# --- delete and other calls -------------------------------------------------------------------
def test_delete_by_id_tag_or_sub_tag() -> None:
    assert build_delete(WEBHOOK_EP, id="12").body() == {"ID": 12}
    assert build_delete(WEBHOOK_EP, tag="t").body() == {"TAG": "t", "CLIENT_ID": DEFAULT_CLIENT_ID}
    assert build_delete(WEBHOOK_EP, sub_tag="s", client_id="mine").body() == {
        "SUB_TAG": "s",
        "CLIENT_ID": "mine",
    }
    assert build_delete(TOKEN_EP, tag="t").body() == {"TAG": "t", "auth": TOKEN}
    assert build_delete(WEBHOOK_EP, id=3).method == DELETE_METHOD


@pytest.mark.parametrize(
    "kwargs", [{}, {"id": 1, "tag": "t"}, {"tag": "t", "sub_tag": "s"}, {"id": 0}, {"id": "x"}]
)
def test_delete_needs_exactly_one_valid_selector(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        build_delete(WEBHOOK_EP, **kwargs)
    assert info.value.problems[0].field == "id"


def test_build_call() -> None:
    r = build_call(WEBHOOK_EP, "method.get", {"name": PERSONAL_METHOD})
    assert r.url == WEBHOOK + "method.get"
    assert r.body() == {"name": PERSONAL_METHOD}
    assert build_call(TOKEN_EP, "profile.json").body() == {"auth": TOKEN}
    assert build_call(TOKEN_EP, "profile").url.endswith("/rest/profile")
    for bad in ("", "im notify", "../x", "a/b"):
        with pytest.raises(InputError):
            build_call(WEBHOOK_EP, bad)


# --- copy as curl -----------------------------------------------------------------------------
def curl_parts(command: str) -> tuple[str, dict[str, str], Any]:
    """URL, headers and parsed JSON body of a curl command, as the shell would split it."""
    argv = shlex.split(command)
    assert argv[0] == "curl"
    url, headers, body = None, {}, None
    i = 1
    while i < len(argv):
        if argv[i] == "-H":
            name, _, value = argv[i + 1].partition(": ")
            headers[name] = value
            i += 2
        elif argv[i] == "--data-raw":
            body = json.loads(argv[i + 1])
            i += 2
        elif argv[i].startswith("-"):
            i += 1
        else:
            url = argv[i]
            i += 1
    assert url is not None
    return url, headers, body


def test_masked_curl_shows_the_mask_in_place_of_the_secret() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x"))
    command = r.to_curl()
    assert SECRET not in command
    url, headers, body = curl_parts(command)
    assert url == r.masked_url
    assert headers == r.headers()
    assert body == r.body()


def test_masked_curl_in_token_mode() -> None:
    r = build_notification(TOKEN_EP, Notification(1, "x"))
    assert TOKEN not in r.to_curl()
    assert curl_parts(r.to_curl())[2]["auth"] == mask_secret(TOKEN)
    assert curl_parts(r.to_curl(reveal=True))[2]["auth"] == TOKEN


def test_revealed_curl_round_trips() -> None:
    n = Notification(
        5, 'it\'s "quoted"\n$HOME `id` — мир', tag="t", attachments=[message_block("a")]
    )
    r = build_notification(WEBHOOK_EP, n)
    url, headers, body = curl_parts(r.to_curl(reveal=True))
    assert (url, headers, body) == (r.url, r.headers(), r.body())


# --- copy as b24notify command ----------------------------------------------------------------
def cli_parser() -> argparse.ArgumentParser:
    """The option names the CLI documents (issue 2, "The CLI"), enough to read commands back."""
    parser = argparse.ArgumentParser(prog="b24notify")
    sub = parser.add_subparsers(dest="command", required=True)
    send = sub.add_parser("send")
    delete = sub.add_parser("delete")
    for p in (send, delete):
        p.add_argument("--url", required=True)
        p.add_argument("--token", default="")
        p.add_argument("--tag", default="")
        p.add_argument("--sub-tag", default="")
        p.add_argument("--client-id", default="")
    send.add_argument("--user", required=True)
    send.add_argument("--text", required=True)
    send.add_argument("--text-out", default="")
    send.add_argument("--blocks")
    send.add_argument("--system", action="store_true")
    delete.add_argument("--id")
    return parser


def from_cli(command: str) -> PreparedRequest:
    argv = shlex.split(command)
    assert argv[0] == "b24notify"
    a = cli_parser().parse_args(argv[1:])
    endpoint = parse_endpoint(a.url, a.token)
    if a.command == "delete":
        return build_delete(endpoint, id=a.id, tag=a.tag, sub_tag=a.sub_tag, client_id=a.client_id)
    n = Notification(a.user, a.text, a.tag, a.sub_tag, a.text_out, a.blocks, a.client_id)
    return build_notification(endpoint, n, system=a.system)


def test_masked_cli_points_to_the_environment() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x", tag="t"))
    command = r.to_cli()
    assert command == 'b24notify send --url "$B24NOTIFY_URL" --user 1 --text x --tag t'
    r = build_notification(TOKEN_EP, Notification(1, "x"))
    command = r.to_cli()
    assert command is not None and TOKEN not in command
    assert '--token "$B24NOTIFY_TOKEN"' in command
    assert "--url https://portal.example/rest/" in command


def test_values_that_look_like_shell_are_always_quoted() -> None:
    # Only the env placeholder is left for the shell to expand; user values never are.
    n = Notification(1, '"$B24NOTIFY_URL"', tag='"$(id)"', text_out="`id`; $HOME")
    for r in (build_notification(WEBHOOK_EP, n), build_notification(TOKEN_EP, n)):
        argv = shlex.split(r.to_cli() or "")
        assert argv[argv.index("--text") + 1] == '"$B24NOTIFY_URL"'
        assert argv[argv.index("--tag") + 1] == '"$(id)"'
        assert argv[argv.index("--text-out") + 1] == "`id`; $HOME"
        assert (r.to_cli() or "").count("$B24NOTIFY") == 2  # the placeholder and the quoted text


def test_masked_cli_works_with_the_environment_set() -> None:
    # What the shell does with "$B24NOTIFY_URL": the command then gives the same request.
    r = build_notification(WEBHOOK_EP, Notification(1, "x", attachments=[message_block("m")]))
    command = r.to_cli()
    assert command is not None
    expanded = command.replace('"$B24NOTIFY_URL"', shlex.quote(WEBHOOK))
    assert from_cli(expanded).body() == r.body()


def test_revealed_cli_round_trips_every_field() -> None:
    n = Notification(
        "9",
        "-starts with a dash; it's 'quoted'\nline 2",
        tag="--tag-like",
        sub_tag="s",
        text_out="out",
        attachments=attachment([grid_block([grid_item("a", "b")])], color="#fff"),
        client_id="custom",
    )
    for ep in (WEBHOOK_EP, TOKEN_EP):
        for system in (False, True):
            r = build_notification(ep, n, system=system)
            command = r.to_cli(reveal=True)
            assert command is not None
            back = from_cli(command)
            assert (back.url, back.body()) == (r.url, r.body())


def test_default_client_id_is_left_to_the_cli() -> None:
    r = build_notification(WEBHOOK_EP, Notification(1, "x", tag="t"))
    assert "--client-id" not in (r.to_cli(reveal=True) or "")
    assert from_cli(r.to_cli(reveal=True) or "").body()["CLIENT_ID"] == DEFAULT_CLIENT_ID
    # Given explicitly without a tag, it is not a default: it must stay.
    r = build_notification(WEBHOOK_EP, Notification(1, "x", client_id=DEFAULT_CLIENT_ID))
    assert from_cli(r.to_cli(reveal=True) or "").body() == r.body()


def test_delete_cli_round_trips() -> None:
    for r in (
        build_delete(WEBHOOK_EP, id=3),
        build_delete(WEBHOOK_EP, tag="t"),
        build_delete(WEBHOOK_EP, sub_tag="s", client_id="c"),
        build_delete(TOKEN_EP, tag="t"),
    ):
        command = r.to_cli(reveal=True)
        assert command is not None and command.startswith("b24notify delete ")
        back = from_cli(command)
        assert (back.url, back.body()) == (r.url, r.body())
        assert SECRET not in (r.to_cli() or "") and TOKEN not in (r.to_cli() or "")


def test_other_calls_have_no_cli_form() -> None:
    assert build_call(WEBHOOK_EP, "profile").to_cli() is None


# --- properties -------------------------------------------------------------------------------
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
optional = st.one_of(st.just(""), texts)
attachments = st.one_of(
    st.none(),
    st.lists(st.builds(message_block, texts), min_size=1, max_size=3),
    st.builds(lambda name: [picture_block(name, PIC)], st.text(max_size=10)),
)


@given(
    user=st.integers(1, 10**9),
    text=texts,
    tag=optional,
    sub_tag=optional,
    text_out=optional,
    client_id=optional,
    attach=attachments,
    token_mode=st.booleans(),
    system=st.booleans(),
)
def test_copy_as_commands_round_trip(
    user: int,
    text: str,
    tag: str,
    sub_tag: str,
    text_out: str,
    client_id: str,
    attach: list[Any] | None,
    token_mode: bool,
    system: bool,
) -> None:
    ep = TOKEN_EP if token_mode else WEBHOOK_EP
    n = Notification(user, text, tag, sub_tag, text_out, attach, client_id)
    r = build_notification(ep, n, system=system)
    command = r.to_cli(reveal=True)
    assert command is not None
    back = from_cli(command)
    assert (back.url, back.body()) == (r.url, r.body())
    assert curl_parts(r.to_curl(reveal=True)) == (r.url, r.headers(), r.body())
    for masked in (r.to_cli() or "", r.to_curl(), repr(r)):
        assert SECRET not in masked and TOKEN not in masked


# --- the curl command really works ------------------------------------------------------------
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_revealed_curl_command_sends_the_notification(sandbox: SandboxPortal) -> None:
    text = 'it\'s "quoted" — мир\n$HOME `id`'
    n = Notification(2, text, tag="t1", attachments=[picture_block("P", PIC)])
    r = build_notification(sandbox.webhook_url, n)
    out = subprocess.run(
        ["sh", "-c", r.to_curl(reveal=True)], capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    [record] = sandbox.inbox(2)
    assert record["id"] == answer["result"]
    assert record["message"] == text.strip()
    assert record["tag"] == "t1" and record["client_id"] == DEFAULT_CLIENT_ID

    # The same tag with the same CLIENT_ID replaces the earlier notification.
    out = subprocess.run(["sh", "-c", r.to_curl(reveal=True)], capture_output=True, timeout=30)
    assert out.returncode == 0
    assert [rec["id"] for rec in sandbox.inbox(2)] == [json.loads(out.stdout)["result"]]

    token_request = build_notification(parse_endpoint(sandbox.url, sandbox.app_token), n)
    out = subprocess.run(
        ["sh", "-c", token_request.to_curl(reveal=True)], capture_output=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["result"] == sandbox.inbox(2)[-1]["id"]
    assert sandbox.inbox(2)[-1]["message"] == text.strip()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_masked_curl_command_cannot_work(sandbox: SandboxPortal) -> None:
    r = build_notification(sandbox.webhook_url, Notification(2, "x"))
    out = subprocess.run(["sh", "-c", r.to_curl()], capture_output=True, text=True, timeout=30)
    assert sandbox.inbox(2) == []
    assert "error" in out.stdout or out.returncode != 0


# --- the copied b24notify command really works (core.cli, over loopback) ----------------------
def run_cli(command: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    import io

    cli = pytest.importorskip("core.cli")
    argv = shlex.split(command)
    assert argv[0] == "b24notify"
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv[1:], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_copied_send_command_dry_runs_to_the_same_request() -> None:
    n = Notification(
        "9", "-dash; it's 'quoted'", tag="t", text_out="o", attachments=[message_block("m")]
    )
    for ep in (WEBHOOK_EP, TOKEN_EP):
        r = build_notification(ep, n, system=True)
        code, out, err = run_cli((r.to_cli(reveal=True) or "") + " --dry-run --reveal")
        assert code == 0, err
        shown = json.loads(out)
        assert (shown["url"], shown["body"]) == (r.url, r.body())


def test_the_copied_commands_send_and_delete_on_the_sandbox(sandbox: SandboxPortal) -> None:
    n = Notification(2, "from a copied command", tag="copied", attachments=[message_block("m")])
    r = build_notification(sandbox.webhook_url, n)
    code, out, err = run_cli(r.to_cli(reveal=True) or "")
    assert code == 0, err
    [record] = sandbox.inbox(2)
    assert record["id"] == json.loads(out)["result"]
    assert (record["message"], record["tag"]) == ("from a copied command", "copied")

    # The masked form, pasted into a real shell, works once B24NOTIFY_URL holds the URL.
    shell_function = (
        'b24notify() { "$PYTHON" -c "import sys; from core.cli import main; '
        'sys.exit(main(sys.argv[1:]))" "$@"; }'
    )
    masked = r.to_cli() or ""
    assert sandbox.secret not in masked
    env = {**os.environ, "PYTHON": sys.executable, "B24NOTIFY_URL": sandbox.webhook_url}
    done = subprocess.run(
        ["sh", "-c", f"{shell_function}\n{masked}"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [record] = sandbox.inbox(2)  # same tag and CLIENT_ID: the earlier one was replaced
    assert record["id"] == json.loads(done.stdout)["result"]

    d = build_delete(sandbox.webhook_url, tag="copied")
    code, out, err = run_cli(d.to_cli(reveal=True) or "")
    assert code == 0, err
    assert sandbox.inbox(2) == []


def test_system_and_every_optional_field_go_into_the_request() -> None:
    n = Notification(
        "7",
        "hi",
        tag="t",
        sub_tag="s",
        text_out="out",
        attachments=[{"DELIMITER": {"SIZE": 100}}],
        client_id="app",
        color_token="secondary",
    )
    prepared = build_notification("https://p.example/rest/1/secret/", n, system=True)
    assert prepared.method == SYSTEM_METHOD
    assert prepared.params == {
        "USER_ID": 7,
        "MESSAGE": "hi",
        "MESSAGE_OUT": "out",
        "TAG": "t",
        "SUB_TAG": "s",
        "ATTACH": {"COLOR_TOKEN": "secondary", "BLOCKS": [{"DELIMITER": {"SIZE": 100}}]},
        "CLIENT_ID": "app",
    }
    personal = build_notification("https://p.example/rest/1/secret/", n)
    assert personal.method == PERSONAL_METHOD and personal.params == prepared.params


def test_an_attachment_is_checked_as_it_goes_out_in_every_form() -> None:
    """A list or a dict is checked as given (no copy of the notification on each send); text,
    a file and other mappings as loaded. The problems and the ATTACH are the same either way."""
    from collections import OrderedDict
    from types import MappingProxyType

    from core.errors import InputError

    bad = {"IMAGE": {"LINK": "ftp://x.example/a.png"}}
    forms = [[bad], bad, OrderedDict(bad), MappingProxyType(bad), json.dumps([bad])]
    fields = []
    for form in forms:
        with pytest.raises(InputError) as info:
            build_notification(WEBHOOK, Notification(user_id=5, text="x", attachments=form))
        fields.append([p.field for p in info.value.problems])
    assert fields == [["attachments[0].IMAGE.LINK"]] * len(forms)
    good = {"IMAGE": {"LINK": "https://x.example/a.png"}}
    for form in ([good], good, OrderedDict(good), MappingProxyType(good), json.dumps(good)):
        prepared = build_notification(WEBHOOK, Notification(5, "x", attachments=form))
        assert prepared.params["ATTACH"] == [good]
        assert json.loads(prepared.body_text())["ATTACH"] == [good]


# --- an attachment's body: written once, to check its size, and sent as written ------------------
def test_with_an_attachment_the_body_is_written_once_and_sent_as_checked(
    sandbox: SandboxPortal,
) -> None:
    """The size check reads the body's JSON, so that JSON is what goes out: a block changed after
    the build (the caller's own dict: ATTACH holds the same blocks) changes nothing sent."""
    from core.client import Client

    block = {"MESSAGE": "checked"}
    prepared = build_notification(sandbox.webhook_url, Notification(2, "x", attachments=[block]))
    written = prepared.body_bytes()
    assert json.loads(written) == {"USER_ID": 2, "MESSAGE": "x", "ATTACH": [{"MESSAGE": "checked"}]}
    block["MESSAGE"] = "changed after the check"
    assert prepared.body_bytes() == written
    assert prepared.body_text() == written.decode("utf-8")
    with Client(sandbox.webhook_url) as client:
        client.send(prepared)
    assert sandbox.inbox(2)[-1]["attach"]["BLOCKS"] == [{"MESSAGE": "checked"}]


def test_a_written_body_is_the_body_in_token_mode_and_after_a_move() -> None:
    """Token mode puts ``auth`` last, as writing ``body()`` does; a move keeps the written JSON."""
    from core.request import _compact_json

    n = Notification(
        1, 'мир "q" /', tag="t", attachments=[{"MESSAGE": "<b>Ж</b>"}], color_token="alert"
    )
    for ep in (WEBHOOK_EP, TOKEN_EP):
        prepared = build_notification(ep, n)
        assert prepared.body_bytes() == _compact_json(prepared.body()).encode("utf-8")
        assert prepared.body_text() == _compact_json(prepared.body())
        assert prepared.body_text(reveal=False) == _compact_json(prepared.masked_body())
        moved = prepared.with_endpoint(ep.with_location("https://new.example/"))
        assert moved.body_bytes() == _compact_json(moved.body()).encode("utf-8")
    assert TOKEN not in build_notification(TOKEN_EP, n).body_text(reveal=False)


def test_an_attachment_that_cannot_be_json_is_refused_by_the_builder() -> None:
    """The builder writes the body itself; what json refuses is the same problem as the check's."""
    for attach in unwritable_attachments():
        with pytest.raises(InputError) as info:
            build_notification(WEBHOOK_EP, Notification(1, "x", attachments=attach))
        assert info.value.problems[-1].field == "attachments"
        assert "cannot be written as JSON" in info.value.problems[-1].message
