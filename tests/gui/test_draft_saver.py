"""gui.draft_saver: the form is kept in a draft as it changes (never a secret), a clean close
clears it, and after a kill (SIGKILL, a real process) the next window puts it back and says so."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.draft import DRAFT_FILE, read_draft
from gui.settings import Settings
from tests.gui._window import fill

ROOT = Path(__file__).resolve().parents[2]
SECRET = "wh00kS3cr3tF0rDr4ft"
TOKEN = "t0kenS3cr3tF0rDr4ft"
WEBHOOK = f"https://portal.example/rest/7/{SECRET}/"


def _draft(home: Path) -> Path:
    return home / DRAFT_FILE


def _assert_no_secret(path: Path) -> None:
    text = path.read_text("utf-8")
    for secret in (SECRET, TOKEN):
        assert secret not in text


def test_a_change_is_saved_in_the_draft_without_the_secret(qtbot, make_window, b24_home) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText("portal.example")
    w.compose.connection.token_edit.setText(TOKEN)
    with qtbot.waitSignal(w.drafts.saved, timeout=10_000):
        fill(w, user=5, text="kept in the draft")
    draft = read_draft(_draft(b24_home))
    assert draft is not None
    assert draft.form["text"] == "kept in the draft" and draft.form["user"] == "5"
    assert draft.form["address"] == "https://portal.example"
    _assert_no_secret(_draft(b24_home))
    if os.name != "nt":
        assert _draft(b24_home).stat().st_mode & 0o777 == 0o600


def test_a_change_during_a_write_is_written_after_it(qtbot, make_window, b24_home) -> None:
    w = make_window()
    fill(w, text="first")
    w.drafts.flush()  # a write in flight...
    fill(w, text="second")
    w.drafts.flush()  # ...so this one waits for it
    path = _draft(b24_home)

    def latest() -> bool:
        draft = read_draft(path) if path.exists() else None
        return draft is not None and draft.form["text"] == "second"

    qtbot.waitUntil(latest, timeout=10_000)


def test_a_clean_close_keeps_the_form_in_the_settings_and_clears_the_draft(
    qtbot, make_window, b24_home
) -> None:
    w = make_window()
    with qtbot.waitSignal(w.drafts.saved, timeout=10_000):
        fill(w, text="closed cleanly")
    assert _draft(b24_home).exists()
    w.close()
    assert not _draft(b24_home).exists()
    again = make_window(settings=Settings())
    assert again.compose.message.text() == "closed cleanly"
    assert "Draft restored" not in again.statusBar().currentMessage()


def test_an_unreadable_draft_is_set_aside_and_said(make_window, b24_home) -> None:
    b24_home.mkdir(parents=True, exist_ok=True)
    _draft(b24_home).write_text("{not json", "utf-8")
    w = make_window()
    message = w.statusBar().currentMessage()
    assert "could not be read" in message and "not valid JSON" in message
    assert not _draft(b24_home).exists()
    assert (b24_home / (DRAFT_FILE + ".unreadable")).read_text("utf-8") == "{not json"


def test_the_sandbox_window_keeps_no_draft_and_leaves_a_real_one(
    make_window, sandbox, b24_home
) -> None:
    b24_home.mkdir(parents=True, exist_ok=True)
    real = '{"form": {"text": "a real draft"}}'
    _draft(b24_home).write_text(real, "utf-8")
    w = make_window(sandbox=sandbox)
    assert w.drafts is None
    w.close()
    assert _draft(b24_home).read_text("utf-8") == real


# --- a kill ------------------------------------------------------------------------------------
CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from gui.app import application
from gui.main_window import MainWindow
from gui.secret_store import MemorySecretStore

app = application()
window = MainWindow(secret_store=MemorySecretStore())
window.drafts.saved.connect(lambda: print("saved", flush=True))
url, token = sys.argv[1], sys.argv[2]

def type_in():
    from PySide6.QtTest import QTest
    window.compose.connection.url_edit.setText(url)
    window.compose.connection.token_edit.setText(token)
    QTest.keyClicks(window.compose.message.user_edit, "7")
    QTest.keyClicks(window.compose.message.text_edit, "typed before the kill")
    window.compose.advanced.sub_tag_edit.setText("ci")
    window.compose.message.model.add_row("Grid", "Branch", "main")

window.show()
QTimer.singleShot(0, type_in)
print("started", flush=True)
app.exec()
"""


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """The child's stdout, line by line, on a queue (a reader thread; EOF gives "")."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    return lines


def _typed(path: Path) -> bool:
    draft = read_draft(path) if path.exists() else None
    return (
        draft is not None
        and draft.form["text"] == "typed before the kill"
        and bool(draft.form["attachments"])
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.parametrize(("url", "token"), [(WEBHOOK, ""), ("portal.example", TOKEN)])
def test_after_a_kill_the_next_window_restores_the_draft_and_says_so(
    make_window, b24_home: Path, url: str, token: str
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24NOTIFY_HOME": str(b24_home)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, token],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = _lines(child)
        # Wait (on the child's word, not a clock) until the draft holds what was typed.
        while not _typed(_draft(b24_home)):
            line = lines.get(timeout=60)
            assert line, "the window ended before its draft was saved"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    _assert_no_secret(_draft(b24_home))
    assert not (b24_home / "b24notify.ini").exists() or "typed" not in (
        b24_home / "b24notify.ini"
    ).read_text("utf-8")  # killed: the settings never got the form

    w = make_window()
    message = w.statusBar().currentMessage()
    assert message.startswith("Draft restored"), message
    m = w.compose.message
    assert (m.user(), m.text()) == ("7", "typed before the kill")
    assert m.model.rows() == [("Grid", "Branch", "main")]
    assert w.compose.advanced.values()["sub_tag"] == "ci"
    assert w.compose.connection.token() == ""  # the secret is not in the draft
    assert SECRET not in w.compose.connection.url()


def test_a_draft_has_no_field_for_a_secret() -> None:
    """The draft's fields are the form's and nothing else: no token, client secret or refresh
    token, whatever the window's connection holds."""
    from core.draft import FIELDS, clean_form

    assert not {"token", "client_secret", "refresh_token", "secret"} & set(FIELDS)
    secrets = {"token": TOKEN, "client_secret": SECRET, "refresh_token": SECRET}
    assert set(clean_form(secrets)) == set(FIELDS)
    assert SECRET not in json.dumps(clean_form(secrets))


@pytest.mark.expect_log_warnings("the draft could not be written", "the draft could not be removed")
def test_a_draft_that_cannot_be_written_is_said_once_and_nothing_breaks(
    qtbot, make_window, b24_home: Path
) -> None:
    w = make_window()
    _draft(b24_home).mkdir(parents=True)  # in the way: the draft cannot replace a folder
    fill(w, text="cannot be kept")
    w.drafts.flush()
    qtbot.waitUntil(lambda: "could not be saved" in w.statusBar().currentMessage(), timeout=10_000)
    assert not w.drafts._writing  # the next change may try again
    w.close()  # the settings still get the form; removing the "draft" fails quietly
    assert Settings().load_form().text == "cannot be kept"
    assert [p.name for p in b24_home.iterdir() if p.name.startswith(".")] == []


def test_the_draft_keeps_the_client_id_the_ca_bundle_and_a_list_of_recipients(
    qtbot, make_window, b24_home: Path
) -> None:
    """The connection's extras that are not secrets, and many recipients in the recipient field,
    come back after a crash; the client secret and refresh token beside them never go in."""
    w = make_window()
    connection = w.compose.connection
    connection.url_edit.setText("portal.example")
    connection.token_edit.setText(TOKEN)
    connection.extras.set_values(
        client_id="local.app1", client_secret=SECRET, refresh_token=SECRET, ca_bundle="/etc/ca.pem"
    )
    path = _draft(b24_home)

    def saved() -> bool:
        draft = read_draft(path) if path.exists() else None
        return draft is not None and draft.form["user"] == "1-3, 7"

    fill(w, user="1-3, 7", text="to many")
    qtbot.waitUntil(saved, timeout=10_000)
    form = read_draft(path).form  # type: ignore[union-attr]
    assert (form["oauth_client_id"], form["ca_bundle"]) == ("local.app1", "/etc/ca.pem")
    _assert_no_secret(path)

    again = make_window()  # the first never closed: as after a crash
    assert again.compose.message.user() == "1-3, 7"
    extras = again.compose.connection.extras
    assert (extras.client_id_edit.text(), extras.ca_bundle_edit.text()) == (
        "local.app1",
        "/etc/ca.pem",
    )
    assert extras.client_secret_edit.text() == extras.refresh_token_edit.text() == ""
