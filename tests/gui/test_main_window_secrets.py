"""The window keeps secrets out of its settings file and off the UI thread."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from gui.secret_store import MemorySecretStore, webhook_key
from gui.settings import FILE_NAME
from tests.gui._window import fill, send_and_wait

MARK = "Zq9SecretMark"  # a secret-looking marker: letters and digits, like a webhook secret

# What people (or a clumsy paste) put in the address box and the token field.
HOSTILE = [
    pytest.param(MARK, "", id="a bare secret"),
    pytest.param(MARK, "tok3n", id="a token pasted in the address box"),
    pytest.param(f"https://p.example/REST/1/{MARK}/", "", id="REST in capitals"),
    pytest.param(f"https:\\\\p.example\\rest\\1\\{MARK}\\", "", id="backslashes"),
    pytest.param(f"https://p.example\\rest\\1\\{MARK}", "", id="backslashes after the host"),
    pytest.param(f"p.example/rest/1/{MARK}/ and more", "", id="a space after the secret"),
    pytest.param(f"https://p.example/?auth={MARK}", "tok3n", id="a token in the query"),
    pytest.param(f"https://p.example/crm/#{MARK}", "tok3n", id="a token in the fragment"),
    pytest.param(f"https://u:{MARK}@p.example/rest/1/abc/", "", id="a password before the host"),
    pytest.param(f"https://p.example/rest/x/{MARK}/", "", id="no user id"),
    pytest.param(f"https://p.example/rest/{MARK}", "", id="no user id, secret last"),
    pytest.param(f"https://p.example/rest/1/{MARK}/", "tok3n", id="a webhook and a token"),
    pytest.param(f"https://p.example/rest/1/{MARK}/a/b", "", id="extra path after the secret"),
    pytest.param(f"https://p.example:{MARK}/rest/1/", "", id="the secret as the port"),
    pytest.param(f"javascript:{MARK}", "", id="another scheme"),
    pytest.param("https://p.example", MARK, id="the token field itself"),
    pytest.param("", MARK, id="only a token"),
]


@pytest.mark.parametrize(("url", "token"), HOSTILE)
def test_a_secret_in_the_address_box_never_reaches_the_settings_file(
    make_window, b24_home: Path, url: str, token: str
) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(url)
    w.compose.connection.token_edit.setText(token)
    fill(w, text="hello", tag="t")
    w.close()
    data = (b24_home / FILE_NAME).read_bytes()
    assert MARK.encode() not in data
    assert MARK.lower().encode() not in data.lower()
    assert b"hello" in data  # the form itself was saved
    if os.name != "nt":
        assert stat.S_IMODE((b24_home / FILE_NAME).stat().st_mode) == 0o600
        assert stat.S_IMODE(b24_home.stat().st_mode) == 0o700


def test_a_parsed_webhook_is_kept_without_its_secret(make_window, b24_home: Path) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(f"HTTPS://P.example/rest/5/{MARK}/im.notify.json")
    w.close()
    second = make_window()
    assert second.compose.connection.url_edit.text() == "https://p.example/rest/5/"
    assert MARK.encode() not in (b24_home / FILE_NAME).read_bytes()


# -- storing the secret never blocks the UI thread ------------------------------------------------
class _BlockedWrites(MemorySecretStore):
    """A keyring whose writes wait for a go-ahead, like one locked until the user unlocks it."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = threading.Event()
        self.go = threading.Event()
        self.written = threading.Event()

    def set(self, key: str, secret: str) -> bool:
        self.writing.set()
        self.go.wait(timeout=5)  # bounded, so the old code (the UI thread waits here) fails
        kept = super().set(key, secret)
        self.written.set()
        return kept


def _ui_runs_while_the_write_waits(qtbot, store: _BlockedWrites) -> None:
    """The UI thread serves a timer while the write is still blocked; then the write lands."""
    qtbot.waitUntil(store.writing.is_set, timeout=5000)
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(store.written.is_set()))
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    assert fired == [False]  # the event loop ran while the keyring write was blocked
    store.go.set()
    qtbot.waitUntil(store.written.is_set, timeout=5000)


def _secret(sandbox) -> str:
    return sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1]


def test_storing_the_secret_after_a_send_leaves_the_window_responsive(
    qtbot, make_window, sandbox
) -> None:
    store = _BlockedWrites()
    w = make_window(secret_store=store)
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w)
    outcome = send_and_wait(qtbot, w)
    assert outcome.ok
    _ui_runs_while_the_write_waits(qtbot, store)
    assert store.get(webhook_key(sandbox.url, 1)) == _secret(sandbox)
    assert not w.busy and w.compose.send_button.isEnabled()


def test_storing_the_secret_after_a_check_leaves_the_window_responsive(
    qtbot, make_window, sandbox
) -> None:
    store = _BlockedWrites()
    w = make_window(secret_store=store)
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    with qtbot.waitSignal(w.checkFinished, timeout=15000):
        w.check_connection()
    _ui_runs_while_the_write_waits(qtbot, store)
    assert store.get(webhook_key(sandbox.url, 1)) == _secret(sandbox)


def test_closing_does_not_wait_for_a_blocked_keyring_and_quitting_waits_a_bounded_time(
    qtbot, make_window, b24_home: Path, sandbox
) -> None:
    store = _BlockedWrites()
    w = make_window(secret_store=store)
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w)
    w.close()  # returns although the keyring has not taken the secret yet
    qtbot.waitUntil(store.writing.is_set, timeout=5000)
    assert (b24_home / FILE_NAME).is_file()  # the settings were written first
    # Quitting gives the write a bounded moment (b24notify then exits anyway).
    assert w.wait_for_background_work(0) is False
    _ui_runs_while_the_write_waits(qtbot, store)
    assert w.wait_for_background_work(5000)
    assert store.get(webhook_key(sandbox.url, 1)) == _secret(sandbox)


def test_the_same_secret_is_written_once(qtbot, make_window, sandbox) -> None:
    writes: list[str] = []

    class Counting(MemorySecretStore):
        def set(self, key: str, secret: str) -> bool:
            writes.append(key)
            return super().set(key, secret)

    w = make_window(secret_store=Counting())
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w)
    for _ in range(3):
        assert send_and_wait(qtbot, w).ok
    w.close()
    assert w.wait_for_background_work(5000)
    assert writes == [webhook_key(sandbox.url, 1)]
