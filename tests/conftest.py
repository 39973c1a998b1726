"""Shared test set-up: Qt runs offscreen, GUI tests are marked, a sandbox portal per test, and
no test passes with an unexpected warning in the log."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend
from keyring.backends import fail

from tests._log_guard import LogGuard, describe

# Before anything imports Qt (Picard's conftest does the same).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite reads English (tests of the Russian catalogue choose it themselves).
os.environ["B24NOTIFY_LANG"] = "en"

# Property tests are the same on every run: a fresh clone's CI once failed on an example no rerun
# drew again. Derandomised, with no deadline (a loaded 2-core machine is not a slow function) and
# no example database, a failure reproduces on every run. B24NOTIFY_HYPOTHESIS=explore draws new
# examples (and keeps failures) when hunting for bugs on purpose.
settings.register_profile("repeatable", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("B24NOTIFY_HYPOTHESIS", "repeatable"))

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a QApplication as ``gui``.

    ``pytest -m "not gui"`` then runs the rest.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


class DictKeyring(KeyringBackend):
    """A real keyring backend (keyring's own API) that keeps passwords in a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def isolated_keyring() -> Iterator[None]:
    """No test ever touches the real keyring: the fail backend is active unless a test swaps it."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def dict_keyring() -> DictKeyring:
    backend = DictKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own settings folder (B24NOTIFY_HOME): the history and profiles that
    commands write never land in the user's folder. Tests that need another set it themselves."""
    home = tmp_path_factory.mktemp("b24home")
    monkeypatch.setenv("B24NOTIFY_HOME", str(home))
    return home


@pytest.fixture
def sandbox() -> Iterator[SandboxPortal]:
    """A sandbox portal on a free loopback port, stopped (threads joined) after the test."""
    from core.sandbox import SandboxPortal

    portal = SandboxPortal()
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


@pytest.fixture(autouse=True)
def log_guard(request: pytest.FixtureRequest) -> Iterator[LogGuard]:
    """Fail the test on any WARNING-or-higher log record it did not declare (qutebrowser's idea).

    Declare the expected ones with ``@pytest.mark.expect_log_warnings(pattern, ..., logger=name)``
    (regular expressions searched in the message) or ``expected_logs.expect(pattern)``; each
    declared pattern must then match at least once. Qt's own messages are pytest-qt's business
    (``qt_log_level_fail``).
    """
    guard = LogGuard()
    for marker in request.node.iter_markers("expect_log_warnings"):
        for pattern in marker.args:
            guard.expect(pattern, marker.kwargs.get("logger"))
    root = logging.getLogger()
    root.addHandler(guard)
    try:
        yield guard
    finally:
        root.removeHandler(guard)
    unexpected, unmet = guard.unexpected(), guard.unmet()
    if unexpected:
        pytest.fail(f"unexpected warnings in the log:\n{describe(unexpected)}", pytrace=False)
    if unmet:
        pytest.fail(f"expected log warnings that never came: {unmet}", pytrace=False)


@pytest.fixture
def expected_logs(log_guard: LogGuard) -> LogGuard:
    """``expected_logs.expect(pattern, logger=None)``: a warning this test provokes on purpose."""
    return log_guard


@pytest.fixture
def clock_portal() -> Iterator[str]:
    """A loopback 'portal' (a webhook URL) whose every answer is an id equal to its current time.

    The sandbox cannot play this (its ids count up); a portal can answer so when the recipient
    turned such notifications off.
    """
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.dumps({"result": 1_800_000_000, "time": {"start": 1_800_000_000.2}})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rest/1/secret1234/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def ctrl_c_reaches_children() -> Iterator[None]:
    """Child processes started in the test get Ctrl+C (SIGINT) as a terminal user's process does.

    A shell starts a background job (``pytest &``, ``nohup``, some CI runners) with SIGINT ignored,
    every child inherits that, and Python then installs no KeyboardInterrupt handler: a child
    the test interrupts keeps running (this failed once in a fresh clone and passed on rerun).
    A Python-level handler in this process is reset to the default by ``exec``, so children start
    with Python's own Ctrl+C handling. Used by the tests that send SIGINT to a child.
    """
    import signal

    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        if previous is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
