"""``b24notify sandbox`` / ``python -m core.sandbox``: what it prints, refusing remote, Ctrl+C."""

from __future__ import annotations

import argparse
import io
import ipaddress
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core.sandbox.cli import add_arguments, format_entry, run
from core.sandbox.hosts import shown_host
from tests.core.sandbox._http import call

ROOT = Path(__file__).resolve().parents[3]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_run_prints_webhook_and_token_first_then_one_line_per_request() -> None:
    out = io.StringIO()
    ready, stop = threading.Event(), threading.Event()
    codes: list[int] = []
    worker = threading.Thread(
        target=lambda: codes.append(
            run(parse("--bucket-size", "5"), out=out, ready=ready, stop=stop)
        )
    )
    worker.start()
    try:
        assert ready.wait(10)
        lines = out.getvalue().splitlines()
        assert lines[0].startswith("Webhook URL: http://127.0.0.1:")
        webhook = lines[0].split(": ", 1)[1]
        assert lines[1].startswith("App token: ")
        token = lines[1].split()[2]
        assert len(token) > 20
        secret = webhook.rstrip("/").rsplit("/", 1)[1]
        assert (
            call(webhook, "im.notify.personal.add", {"USER_ID": 2, "MESSAGE": "hi"}).status == 200
        )
        rest = webhook.split("/rest/")[0] + "/rest/"
        assert call(rest, "profile", {"auth": token}).status == 200
    finally:
        stop.set()
        worker.join(10)
    assert codes == [0]
    printed = out.getvalue()
    request_lines = [line for line in printed.splitlines() if "->" in line]
    assert len(request_lines) == 2
    assert "im.notify.personal.add" in request_lines[0] and "200" in request_lines[0]
    after_header = printed.split("Ctrl+C stops.", 1)[1]
    assert secret not in after_header and token not in after_header
    assert printed.rstrip().endswith("Sandbox stopped.")
    assert not [t for t in threading.enumerate() if t.name.startswith("b24notify-sandbox")]


def test_non_loopback_host_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(parse("--host", "0.0.0.0")) == 2
    err = capsys.readouterr().err
    assert err.startswith("b24notify sandbox: refusing") and "--allow-remote" in err


def test_all_interfaces_print_a_usable_address_and_warn(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 7 item 12: not http://0.0.0.0:PORT/..., and a warning that secrets travel in clear.
    out = io.StringIO()
    ready, stop = threading.Event(), threading.Event()
    args = parse("--host", "0.0.0.0", "--allow-remote")
    worker = threading.Thread(
        target=run, args=(args,), kwargs={"out": out, "ready": ready, "stop": stop}
    )
    worker.start()
    try:
        assert ready.wait(10)
        webhook = out.getvalue().splitlines()[0].split(": ", 1)[1]
        host = urlsplit(webhook).hostname
        assert host not in ("0.0.0.0", "", None)
        assert call(webhook, "profile").status == 200  # the printed address works
    finally:
        stop.set()
        worker.join(10)
    err = capsys.readouterr().err
    assert "warning" in err and "clear" in err and "0.0.0.0" in err
    assert webhook.split("/rest/")[0] in err  # it names the address others can reach


def test_loopback_prints_no_network_warning(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    ready, stop = threading.Event(), threading.Event()
    stop.set()  # stop as soon as ready
    assert run(parse(), out=out, ready=ready, stop=stop) == 0
    assert "warning" not in capsys.readouterr().err


def test_shown_host() -> None:
    assert shown_host("127.0.0.1") == "127.0.0.1"
    assert shown_host("localhost") == "localhost"
    # Every spelling of "all interfaces" is one no client can call.
    for wildcard in ("0.0.0.0", "::", "0", "000.0.0.0", "::0", "0:0:0:0:0:0:0:0", "[::]", ""):
        shown = shown_host(wildcard)
        assert shown not in ("0.0.0.0", "::", "")
        assert ipaddress.ip_address(shown)  # an address, routed outwards or loopback


def test_busy_port_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    from core.sandbox import SandboxPortal

    with SandboxPortal() as portal:
        port = portal.port
        assert run(parse("--port", str(port))) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"b24notify sandbox: cannot listen on the --host address, port {port}: ")
        and "[Errno" not in err
    )


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--port", "99999"], "port"),
        (["--port", "-1"], "port"),
        (["--bucket-size", "0"], "bucket_size"),  # 0 is not "the default"
        (["--drain-rate", "-1"], "drain_rate"),
        (["--drain-rate", "nan"], "drain_rate"),  # NaN would switch the rate limit off
        (["--drain-rate", "inf"], "drain_rate"),
        (["--drain-rate=-Infinity"], "drain_rate"),
        (["--drain-rate", "1e309"], "drain_rate"),
        (["--drain-rate", "1e300"], "drain_rate"),
        (["--bucket-size", "10000000000"], "bucket_size"),
        (["--max-entries", "0"], "max_entries"),
        (["--max-entries", "99999999999"], "max_entries"),
        (["--max-stored-mib", "0"], "--max-stored-mib"),
        (["--max-stored-mib", "99999999"], "--max-stored-mib"),
        (["--secret", "a b"], "letters and digits"),
        (["--secret", "x/y"], "letters and digits"),
        (["--secret", ""], "letters and digits"),
    ],
)
def test_bad_settings_are_one_clear_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert run(parse(*argv)) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("b24notify sandbox: ") and words in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "８０２４"],
        ["--port", "1_000"],
        ["--bucket-size", "٣"],
        ["--max-entries", "1e3"],
        ["--drain-rate", "２"],
        ["--drain-rate", "fast"],
        ["--port", "9" * 40],
        ["--webhook-tags", "sometimes"],
        ["--port", "80\n"],
        ["--max-entries", "\u300010"],
        ["--drain-rate", "2\n"],
    ],
)
def test_numbers_are_ascii_and_choices_are_checked(argv: list[str]) -> None:
    # (also: only spaces or tabs may stand around a number, as around a client-side id)
    with pytest.raises(SystemExit) as info:
        parse(*argv)
    assert info.value.code == 2


HOST_LIKE_SECRETS = [
    "http://127.0.0.1:18724/rest/1/Zq9secretMark/",
    "Zq9secretMark",
    "https://p.example/Zq9secretMark",
]


@pytest.mark.parametrize("value", HOST_LIKE_SECRETS)
def test_a_refused_host_value_is_never_echoed(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # Issue 7 item 3: a pasted webhook URL or token where the host should be stays off stderr.
    assert run(parse("--host", value)) == 2
    out, err = capsys.readouterr()
    assert "Zq9secretMark" not in out + err
    assert "--host address" in err


@pytest.mark.parametrize("value", HOST_LIKE_SECRETS)
def test_a_host_that_cannot_be_listened_on_is_never_echoed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # With --allow-remote the name would be looked up; the lookup's failure is played here, so
    # that the test asks no resolver about a made-up name.
    import core.sandbox.cli as sandbox_cli

    class Unresolvable:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            raise OSError(-2, "Name or service not known")

    monkeypatch.setattr(sandbox_cli, "SandboxPortal", Unresolvable)
    assert run(parse("--host", value, "--allow-remote")) == 1
    out, err = capsys.readouterr()
    assert "Zq9secretMark" not in out + err
    assert "cannot listen on the --host address" in err


def test_new_options_reach_the_portal() -> None:
    args = parse("--webhook-tags", "ignored", "--max-stored-mib", "2", "--drain-rate", " 1.5 ")
    assert (args.webhook_tags, args.max_stored_mib, args.drain_rate) == ("ignored", 2, 1.5)
    assert parse().webhook_tags == "client-id" and parse().max_stored_mib == 64


def test_format_entry_for_a_dropped_connection() -> None:
    line = format_entry(
        {
            "date": "2026-01-01T10:00:00+00:00",
            "http_method": "POST",
            "rest_method": "profile",
            "auth": "webhook",
            "user_id": 1,
            "status": None,
            "fault": "drop",
            "notes": [],
        }
    )
    assert line == "10:00:00 POST profile [webhook user 1] -> connection dropped (fault: drop)"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX-only here")
def test_python_m_core_sandbox_stops_cleanly_on_ctrl_c(ctrl_c_reaches_children: None) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = child.stdout.readline()
        assert first.startswith("Webhook URL: http://127.0.0.1:")
        webhook = first.split(": ", 1)[1].strip()
        for _ in range(6):
            child.stdout.readline()  # the rest of the header
        assert call(webhook, "profile").status == 200
        line = child.stdout.readline()
        assert "profile" in line and "200" in line
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    assert "Sandbox stopped." in out
    assert "Traceback" not in err
