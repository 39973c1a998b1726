"""The composer window against the sandbox portal, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from core.blocks import file_block, picture_block
from core.errors import (
    Category,
    CredentialsError,
    NotSentError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    RecipientUnavailableError,
)
from gui.attachments_model import FILE, PICTURE
from gui.main_window import MainWindow
from gui.sandbox_pane import SANDBOX_TEXT
from gui.secret_store import MemorySecretStore
from gui.settings import FILE_NAME, Settings
from tests.gui._window import (
    FAST,
    RECIPIENT,
    fill,
    raw_answer,
    send_and_wait,
    show_active,
    status,
)

INACTIVE = 7  # Georg Müller, inactive
OBJECT_NAMES = (
    "urlEdit",
    "tokenEdit",
    "userEdit",
    "textEdit",
    "tagEdit",
    "attachmentsTable",
    "addPictureButton",
    "addFileButton",
    "removeAttachmentButton",
    "sendButton",
    "cancelButton",
    "checkButton",
    "resultRaw",
    "resultTree",
    "statusLabel",
)


# -- construction, names, accessibility -----------------------------------------------------------
def test_builds_with_no_arguments(qtbot, b24_home) -> None:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()  # the result panel (resultRaw, resultTree, statusLabel) comes after the first paint
    qtbot.waitUntil(lambda: w.findChild(QWidget, "resultPanel") is not None)
    for name in OBJECT_NAMES:
        assert w.findChild(QWidget, name) is not None, name
    assert not w.compose.send_button.isEnabled()
    assert w.compose.connection.token_edit.echoMode() == QLineEdit.EchoMode.Password
    assert "requests" not in w.__class__.__module__


def test_every_input_has_a_mnemonic_label_and_an_accessible_name(make_window, sandbox) -> None:
    w = make_window(sandbox=sandbox)  # with the inbox view: its mnemonics must not clash either
    buddies = {label.buddy(): label for label in w.findChildren(QLabel) if label.buddy()}
    for name in ("urlEdit", "tokenEdit", "userEdit", "textEdit", "tagEdit", "attachmentsTable"):
        widget = w.findChild(QWidget, name)
        assert widget in buddies, f"{name} has no label"
        assert "&" in buddies[widget].text(), f"{name}'s label has no mnemonic"
        assert widget.accessibleName(), f"{name} has no accessible name"
    for button in w.findChildren(QPushButton):
        assert button.accessibleName() or button.text(), button.objectName()
    mnemonics = [
        lbl.text().split("&")[1][0].lower()
        for lbl in list(buddies.values()) + w.findChildren(QPushButton)
        if "&" in lbl.text()
    ]
    assert len(mnemonics) == len(set(mnemonics)), sorted(mnemonics)


def test_tab_order_follows_the_form(make_window) -> None:
    w = make_window()
    expected = [
        "urlEdit",
        "tokenEdit",
        "revealTokenButton",
        "clientIdEdit",  # these three are hidden (skipped by Tab) unless a token is used
        "clientSecretEdit",
        "refreshTokenEdit",
        "caBundleEdit",
        "checkButton",
        "userEdit",
        "recipientsButton",
        "textEdit",
        "tagEdit",
        "attachmentsTable",
        "addPictureButton",
        "addFileButton",
        "removeAttachmentButton",
        "moveUpButton",
        "moveDownButton",
        "addBlockButton",
        "pasteAttachJsonButton",
        "advancedToggle",
        "systemCheck",
        "messageOutEdit",
        "subTagEdit",
        "notifyClientIdEdit",
        "colorTokenCombo",
        "copyAsButton",
        "cancelButton",
        "sendButton",
    ]
    widget = w.compose.connection.url_edit
    seen = [widget.objectName()]
    for _ in expected[1:]:
        widget = widget.nextInFocusChain()
        while not widget.objectName() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
        seen.append(widget.objectName())
    assert seen == expected
    assert w.compose.message.text_edit.tabChangesFocus()


def test_reveal_toggle_shows_and_hides_the_token(make_window, qtbot) -> None:
    w = make_window()
    reveal = w.compose.connection.reveal_button
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    assert w.compose.connection.token_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    assert w.compose.connection.token_edit.echoMode() == QLineEdit.EchoMode.Password


# -- the whole flow -------------------------------------------------------------------------------
def test_text_tag_picture_and_file_arrive_exactly(qtbot, window, sandbox) -> None:
    w = window
    fill(w, text="Build [b]42[/b] is green\nsecond line", tag="build-42")
    qtbot.mouseClick(w.compose.message.attachments.add_picture_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.compose.message.attachments.add_file_button, Qt.MouseButton.LeftButton)
    model = w.compose.message.model
    edit = Qt.ItemDataRole.EditRole
    assert model.setData(model.index(0, 1), "chart", edit)
    assert model.setData(model.index(0, 2), "https://example.com/chart.png", edit)
    assert model.setData(model.index(1, 1), "build.log", edit)
    assert model.setData(model.index(1, 2), "https://example.com/build.log", edit)
    assert model.rows() == [
        (PICTURE, "chart", "https://example.com/chart.png"),
        (FILE, "build.log", "https://example.com/build.log"),
    ]

    outcome = send_and_wait(qtbot, w)

    assert outcome.ok, outcome.error
    inbox = sandbox.inbox(RECIPIENT)
    assert len(inbox) == 1
    got = inbox[0]
    assert got["message"] == "Build [b]42[/b] is green\nsecond line"
    assert got["tag"] == "build-42"
    assert got["client_id"]  # a webhook tag travels with a CLIENT_ID
    sent_blocks = [
        picture_block("chart", "https://example.com/chart.png"),
        file_block("build.log", "https://example.com/build.log"),
    ]
    assert sandbox.requests()[-1]["params"]["ATTACH"] == sent_blocks  # exactly what went out
    # Stored the way the portal keeps it: the full form, each IMAGE/FILE as a list of objects.
    assert got["attach"] == {
        "BLOCKS": [
            {"IMAGE": [{"NAME": "chart", "LINK": "https://example.com/chart.png"}]},
            {"FILE": [{"NAME": "build.log", "LINK": "https://example.com/build.log"}]},
        ]
    }
    assert got.get("attach_dropped", []) == []
    assert got["id"] == outcome.result.notification_id
    assert f"notification id {got['id']}" in status(w)
    assert json.loads(raw_answer(w))["result"] == got["id"]
    assert sandbox.inbox(INACTIVE) == []
    # The form keeps its content for the next send.
    assert w.compose.message.text_edit.toPlainText().startswith("Build") and model.rowCount() == 2
    assert w.compose.send_button.isEnabled()


def test_sandbox_mode_fills_the_webhook_and_shows_the_inbox(qtbot, make_window, sandbox) -> None:
    w = make_window(sandbox=sandbox)
    assert w.compose.connection.url_edit.text() == sandbox.webhook_url
    user = int(w.compose.message.user_edit.text())
    assert any(u["id"] == user and u["active"] for u in sandbox.users())
    assert w.compose.message.text_edit.toPlainText() == SANDBOX_TEXT
    assert w.findChild(QWidget, "inboxPane") is not None
    assert w.inbox_view is not None
    assert w.inbox_view.current_user_id() == user  # the recipient's inbox from the start
    outcome = send_and_wait(qtbot, w)
    assert outcome.ok
    assert [n["message"] for n in sandbox.inbox(user)] == [SANDBOX_TEXT]
    assert w.inbox_view.current_user_id() == user


# -- errors, each in words ------------------------------------------------------------------------
def test_wrong_secret_is_a_credentials_problem(qtbot, window, sandbox) -> None:
    w = window
    w.compose.connection.url_edit.setText(
        sandbox.webhook_url.replace("/rest/1/", "/rest/1/x").rstrip("/") + "zz/"
    )
    fill(w)
    outcome = send_and_wait(qtbot, w)
    assert isinstance(outcome.error, CredentialsError)
    assert "Credentials problem" in status(w)
    assert sandbox.notifications() == []
    secret = sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1]
    assert secret not in status(w)


def test_a_webhook_without_the_im_scope_is_a_permission_problem(qtbot, window, sandbox) -> None:
    window.compose.connection.url_edit.setText(sandbox.limited_webhook_url)
    fill(window)
    outcome = send_and_wait(qtbot, window)
    assert isinstance(outcome.error, PermissionDeniedError)
    assert "Permission problem" in status(window)
    assert sandbox.notifications() == []


def test_a_closed_port_is_certainly_not_sent(qtbot, window, sandbox) -> None:
    import socket

    with socket.socket() as s:  # a loopback port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    window.compose.connection.url_edit.setText(f"http://127.0.0.1:{port}/rest/1/abcdef123456/")
    fill(window)
    outcome = send_and_wait(qtbot, window)
    assert isinstance(outcome.error, NotSentError)
    assert outcome.error.category is Category.NETWORK
    assert status(window).startswith("Not sent")


def test_inactive_user_answers_result_false(qtbot, window, sandbox) -> None:
    fill(window, user=INACTIVE)
    outcome = send_and_wait(qtbot, window)
    assert isinstance(outcome.error, RecipientUnavailableError)
    assert "result: false" in status(window) or "inactive" in status(window)
    assert json.loads(raw_answer(window))["result"] is False


def test_503_until_retries_run_out_is_a_rate_limit(qtbot, window, sandbox) -> None:
    sandbox.inject("503", count=5)
    fill(window)
    outcome = send_and_wait(qtbot, window)
    assert isinstance(outcome.error, RateLimitError)
    assert outcome.error.category is Category.RATE_LIMIT
    assert "Rate limit" in status(window)
    assert outcome.error.result.attempts == 3
    assert sandbox.notifications() == []


def test_html_502_is_explained_not_crashed(qtbot, window, sandbox) -> None:
    sandbox.inject("html502")
    fill(window)
    outcome = send_and_wait(qtbot, window)
    assert outcome.error is not None
    assert outcome.error.category in (Category.SERVER, Category.NETWORK)
    text = status(window)
    assert text and "Traceback" not in text
    assert "<html" in raw_answer(window).lower()


def test_a_hang_is_reported_as_outcome_unknown(qtbot, make_window, sandbox) -> None:
    w = make_window(client_options={"timeout": (2.0, 0.5), "base_delay": 0.01})
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    sandbox.inject("hang", seconds=5)
    fill(w)
    outcome = send_and_wait(qtbot, w)
    assert isinstance(outcome.error, OutcomeUnknownError)
    assert "Outcome unknown" in status(w)
    assert "may or may not" in status(w)


def test_check_connection_shows_findings(qtbot, window, sandbox) -> None:
    assert window.compose.connection.check_button.isEnabled()
    with qtbot.waitSignal(window.checkFinished, timeout=15000) as blocker:
        qtbot.mouseClick(window.compose.connection.check_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].ok
    assert "Connection works" in status(window)
    window.compose.connection.url_edit.setText(sandbox.limited_webhook_url)
    with qtbot.waitSignal(window.checkFinished, timeout=15000) as blocker:
        window.check_connection()
    assert "problem" in status(window).lower()


# -- validation as you type -----------------------------------------------------------------------
def note(w: MainWindow, name: str) -> QLabel:
    return w.findChild(QLabel, name)


def test_a_valid_form_enables_send(window) -> None:
    fill(window)
    assert window.compose.send_button.isEnabled()
    assert (
        not note(window, "userMessage").isVisibleTo(window)
        or note(window, "userMessage").level != "error"
    )


@pytest.mark.parametrize(
    ("field", "value", "note_name"),
    [
        ("user", "abc", "userMessage"),
        ("user", "0", "userMessage"),
        ("user", "-5", "userMessage"),
        ("text", "   \n ", "textMessage"),
        ("url", "not a url at all", "urlMessage"),
        ("url", "https://portal.example/rest/abc/", "urlMessage"),
    ],
)
def test_bad_input_disables_send_and_says_why(window, field, value, note_name) -> None:
    fill(window)
    assert window.compose.send_button.isEnabled()
    if field == "user":
        window.compose.message.user_edit.setText(value)
    elif field == "text":
        window.compose.message.text_edit.setPlainText(value)
    else:
        window.compose.connection.url_edit.setText(value)
    label = note(window, note_name)
    assert not window.compose.send_button.isEnabled()
    assert not window.commands.send.isEnabled()
    assert label.text() and label.level in ("error", "hint")
    widget = {
        "user": window.compose.message.user_edit,
        "text": window.compose.message.text_edit,
        "url": window.compose.connection.url_edit,
    }[field]
    assert widget.accessibleDescription() == label.text()


def test_webhook_with_a_token_is_refused(window) -> None:
    fill(window)
    window.compose.connection.token_edit.setText("sometoken123")
    assert not window.compose.send_button.isEnabled()
    messages = note(window, "urlMessage").text() + note(window, "tokenMessage").text()
    assert "token" in messages.lower()


def test_an_empty_form_only_hints(make_window) -> None:
    w = make_window()
    assert not w.compose.send_button.isEnabled()
    assert note(w, "userMessage").level == "hint"
    assert note(w, "textMessage").level == "hint"
    assert note(w, "urlMessage").level == "hint"


def test_a_bad_attachment_link_marks_its_row(qtbot, window, sandbox) -> None:
    fill(window)
    window.compose.message.model.add_row(PICTURE, "ok", "https://example.com/a.png")
    window.compose.message.model.add_row(FILE, "bad", "ftp://example.com/b.bin")
    assert not window.compose.send_button.isEnabled()
    assert "Row 2" in note(window, "attachmentsMessage").text()
    assert set(window.compose.message.model.problems()) == {1}
    window.send()  # the shortcut path: still nothing goes out
    assert not window.busy
    assert sandbox.requests() == []
    window.compose.message.model.setData(
        window.compose.message.model.index(1, 2), "https://example.com/b.bin"
    )
    assert window.compose.send_button.isEnabled()
    assert window.compose.message.model.problems() == {}


# -- responsiveness and cancel --------------------------------------------------------------------
def test_the_event_loop_keeps_running_during_a_slow_send(qtbot, window, sandbox) -> None:
    sandbox.inject("latency", seconds=2)
    fill(window)
    ticks_while_busy: list[bool] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks_while_busy.append(True) if window.busy else None)
    timer.start()
    try:
        with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
            window.send()
            assert window.busy
            assert (
                not window.compose.send_button.isEnabled()
                and window.compose.cancel_button.isEnabled()
            )
            assert window.compose.message.text_edit.toPlainText() == "Hello"
            assert "Sending" in window.compose.busy_label.text()
    finally:
        timer.stop()
    assert blocker.args[0].ok
    # The UI thread served its timer while the portal held the request (a blocked loop serves
    # none). How often is bench/'s job: tests do not time.
    assert len(ticks_while_busy) > 20
    assert not window.busy and window.compose.busy_label.text() == ""


def test_a_window_shown_for_its_shortcuts_is_active_when_the_test_goes_on(qtbot, make_window):
    # Window shortcuts (Esc cancels) fire only in the active window. The helper used to return
    # before the window was active; a test that then processed no events (the sandbox answered
    # first) pressed Esc in vain: the retry-wait cancel test below failed so under load.
    from PySide6.QtWidgets import QApplication

    w = make_window()
    show_active(qtbot, w)
    assert QApplication.activeWindow() is w


def test_cancel_during_a_retry_wait_sends_nothing_more(qtbot, make_window, sandbox) -> None:
    w = make_window(client_options={"timeout": (2.0, 10.0), "base_delay": 30.0})
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w)
    sandbox.inject("503", count=5)
    show_active(qtbot, w)
    w.send()
    qtbot.waitUntil(lambda: len(sandbox.requests()) == 1, timeout=10000)
    qtbot.keyClick(w.compose.message.text_edit, Qt.Key.Key_Escape)  # Esc cancels
    assert not w.busy
    assert w.compose.send_button.isEnabled()
    assert "Cancelled" in status(w)
    assert w.compose.message.text_edit.toPlainText() == "Hello"
    assert w.wait_for_background_work(5000)  # the worker stopped waiting at once
    assert len(sandbox.requests()) == 1
    assert sandbox.notifications() == []


def test_cancel_while_on_the_wire_says_it_may_exist(qtbot, window, sandbox) -> None:
    sandbox.inject("latency", seconds=1.5)
    fill(window)
    window.send()
    qtbot.waitUntil(
        lambda: window.calls.job is not None and window.calls.job.started.is_set(), timeout=5000
    )
    qtbot.mouseClick(window.compose.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.busy
    assert "may or may not" in status(window)
    # The late answer does not replace the cancel message; the status bar tells what happened.
    qtbot.waitUntil(lambda: len(sandbox.notifications()) == 1, timeout=10000)
    assert window.wait_for_background_work(10000)
    qtbot.waitUntil(lambda: "after all" in window.statusBar().currentMessage(), timeout=5000)
    assert "may or may not" in status(window)


# -- keyboard -------------------------------------------------------------------------------------
def test_ctrl_enter_in_the_text_sends_without_a_new_line(qtbot, window, sandbox) -> None:
    fill(window, text="line one")
    show_active(qtbot, window)
    window.compose.message.text_edit.setFocus()
    qtbot.waitUntil(window.compose.message.text_edit.hasFocus)
    cursor = window.compose.message.text_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.compose.message.text_edit.setTextCursor(cursor)
    qtbot.keyClick(
        window.compose.message.text_edit, Qt.Key.Key_Return
    )  # plain Enter: a new line, nothing sent
    assert window.compose.message.text_edit.toPlainText() == "line one\n"
    assert not window.busy
    qtbot.keyClicks(window.compose.message.text_edit, "line two")
    with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
        qtbot.keyClick(
            window.compose.message.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert blocker.args[0].ok
    assert window.compose.message.text_edit.toPlainText() == "line one\nline two"
    assert [n["message"] for n in sandbox.inbox(RECIPIENT)] == ["line one\nline two"]


def test_ctrl_enter_elsewhere_sends_too(qtbot, window, sandbox) -> None:
    fill(window)
    show_active(qtbot, window)
    window.compose.message.tag_edit.setFocus()
    qtbot.waitUntil(window.compose.message.tag_edit.hasFocus)
    with qtbot.waitSignal(window.sendFinished, timeout=15000):
        qtbot.keyClick(
            window.compose.message.tag_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier
        )
    assert len(sandbox.inbox(RECIPIENT)) == 1


# -- copy as --------------------------------------------------------------------------------------
def test_copy_as_curl_and_command_mask_the_secret_unless_asked(window, sandbox) -> None:
    fill(window, text="copy me")
    secret = sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1]
    clipboard = QGuiApplication.clipboard()
    window.commands.copy_curl.trigger()
    masked = clipboard.text()
    assert masked.startswith("curl") and secret not in masked and "copy me" in masked
    window.commands.copy_cli.trigger()
    assert clipboard.text().startswith("b24notify send") and secret not in clipboard.text()
    window.commands.copy_curl_secret.trigger()
    assert secret in clipboard.text()
    window.commands.copy_cli_secret.trigger()
    assert secret in clipboard.text()
    window.commands.copy_python.trigger()
    assert "create_personal_notification(" in clipboard.text() and secret not in clipboard.text()
    compile(clipboard.text(), "<copied>", "exec")
    window.commands.copy_python_secret.trigger()
    assert secret in clipboard.text()
    assert sandbox.requests() == []  # copying never sends
    button = window.findChild(QToolButton, "copyAsButton")
    assert button is window.compose.copy_button and window.commands.copy_python in (
        button.menu().actions()
    )


# -- settings -------------------------------------------------------------------------------------
def test_settings_round_trip_keeps_the_secret_out_of_the_file(
    qtbot, make_window, b24_home: Path, secret_store, sandbox
) -> None:
    first = make_window()
    first.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(first, text="remember me\nplease", tag="t-1")
    first.compose.message.model.add_row(PICTURE, "pic", "https://example.com/p.png")
    with qtbot.waitExposed(first):
        first.show()
    first.resize(first.minimumSizeHint().width() + 10, 520)  # a non-default size that fits
    first.splitter.setSizes([10_000, 1])
    sizes = first.splitter.sizes()
    width = first.size().width()
    first.close()
    assert first.wait_for_background_work(5000)  # the keyring write is on a worker

    ini = (b24_home / FILE_NAME).read_text(encoding="utf-8")
    secret = sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1]
    assert secret not in ini
    assert "remember me" in ini and "t-1" in ini

    second = make_window()  # same secret store, same folder
    with qtbot.waitExposed(second):
        second.show()
    # The secret store is read on a worker (a keyring may be slow or locked).
    qtbot.waitUntil(
        lambda: second.compose.connection.url_edit.text() == sandbox.webhook_url, timeout=5000
    )
    assert second.compose.message.user_edit.text() == str(RECIPIENT)
    assert second.compose.message.text_edit.toPlainText() == "remember me\nplease"
    assert second.compose.message.tag_edit.text() == "t-1"
    assert second.compose.message.model.rows() == [(PICTURE, "pic", "https://example.com/p.png")]
    assert second.size().width() == width
    assert second.splitter.sizes() == sizes
    assert second.compose.send_button.isEnabled()


def test_without_a_keyring_the_window_says_so(qtbot, make_window, b24_home, sandbox) -> None:
    from gui.secret_store import KeyringSecretStore

    first = make_window(secret_store=KeyringSecretStore())  # the fail backend is active
    first.compose.connection.url_edit.setText(sandbox.webhook_url)
    first.close()
    assert "rest/1/" in (b24_home / FILE_NAME).read_text(encoding="utf-8")
    second = make_window(secret_store=KeyringSecretStore())
    assert second.compose.connection.url_edit.text().endswith(
        "/rest/1/"
    )  # the address, but no secret
    keyring_note = second.findChild(QLabel, "keyringNote")
    qtbot.waitUntil(lambda: "keyring" in keyring_note.text(), timeout=5000)
    assert not keyring_note.isHidden()
    assert "rest/1/" in second.compose.connection.url_edit.text()


def test_token_mode_secret_is_stored_by_portal(qtbot, make_window, secret_store, sandbox) -> None:
    first = make_window()
    first.compose.connection.url_edit.setText(sandbox.url)
    first.compose.connection.token_edit.setText(sandbox.app_token)
    fill(first)
    assert first.compose.send_button.isEnabled()
    first.close()
    assert first.wait_for_background_work(5000)  # the keyring write is on a worker
    second = make_window()
    assert second.compose.connection.url_edit.text() == sandbox.url
    qtbot.waitUntil(
        lambda: second.compose.connection.token_edit.text() == sandbox.app_token, timeout=5000
    )


def test_keyring_secret_comes_back_after_the_first_paint(qtbot, b24_home, dict_keyring, sandbox):
    from gui.secret_store import SERVICE, webhook_key

    first = MainWindow(settings=Settings(), client_options=FAST)  # the real keyring path
    qtbot.addWidget(first)
    first.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(first)
    first.close()
    assert first.wait_for_background_work(5000)  # the keyring write is on a worker
    secret = sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1]
    assert dict_keyring.passwords[(SERVICE, webhook_key(sandbox.url, 1))] == secret
    assert secret not in (b24_home / FILE_NAME).read_text(encoding="utf-8")

    second = MainWindow(settings=Settings(), client_options=FAST)
    qtbot.addWidget(second)
    assert (
        second.compose.connection.url_edit.text() == f"{sandbox.url}/rest/1/"
    )  # not yet: the keyring waits
    second.show()
    qtbot.waitUntil(
        lambda: second.compose.connection.url_edit.text() == sandbox.webhook_url, timeout=5000
    )
    assert second.compose.send_button.isEnabled()
    assert second.findChild(QLabel, "keyringNote").isHidden()  # a working keyring: no warning


class _SlowStore(MemorySecretStore):
    """A keyring that takes its time, like a locked one waiting for the user to unlock it."""

    def __init__(self) -> None:
        super().__init__()
        self.unlocked = threading.Event()
        self.asked = threading.Event()

    def get(self, key: str) -> str:
        self.asked.set()
        self.unlocked.wait(timeout=5)
        return super().get(key)


def test_a_slow_keyring_does_not_freeze_the_window(qtbot, make_window, sandbox) -> None:
    store = _SlowStore()
    first = make_window(secret_store=store)
    first.compose.connection.url_edit.setText(sandbox.webhook_url)
    first.close()
    assert first.wait_for_background_work(5000)  # the keyring write is on a worker

    second = make_window(secret_store=store)
    second.show()
    qtbot.waitUntil(store.asked.is_set, timeout=5000)
    # The keyring is still "locked", yet the window is built, shown and handling events.
    qtbot.waitUntil(lambda: second.windowHandle().isExposed(), timeout=5000)
    assert not store.unlocked.is_set()
    assert second.compose.connection.url_edit.text() == f"{sandbox.url}/rest/1/"
    store.unlocked.set()
    qtbot.waitUntil(
        lambda: second.compose.connection.url_edit.text() == sandbox.webhook_url, timeout=5000
    )


@pytest.mark.expect_log_warnings("unexpected problem on a worker", logger="b24notify.gui")
def test_an_unexpected_failure_is_shown_in_words_without_the_secret(qtbot, make_window, sandbox):
    w = make_window(client_options={"no_such_option": 1})  # Client() raises TypeError
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w)
    outcome = send_and_wait(qtbot, w)
    assert isinstance(outcome.error, TypeError)
    text = status(w)
    assert "Unexpected problem" in text and "TypeError" in text
    assert sandbox.webhook_url.rstrip("/").rsplit("/", 1)[1] not in text
    assert not w.busy and w.compose.send_button.isEnabled()
    assert sandbox.requests() == []


def test_the_type_column_edits_with_a_drop_down(qtbot, window) -> None:
    from PySide6.QtWidgets import QComboBox

    with qtbot.waitExposed(window):
        window.show()
    row = window.compose.message.model.add_row(PICTURE, "a", "https://example.com/a.png")
    index = window.compose.message.model.index(row, 0)
    table = window.compose.message.attachments.table
    table.setFocus()
    table.edit(index)
    combo = window.compose.message.attachments.table.indexWidget(
        index
    ) or window.compose.message.attachments.table.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText(FILE)
    window.compose.message.attachments.table.commitData(combo)
    assert window.compose.message.model.rows()[row][0] == FILE


def test_add_picture_opens_the_url_cell_for_typing(qtbot, window) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    show_active(qtbot, window)
    table = window.compose.message.attachments.table
    qtbot.mouseClick(
        window.compose.message.attachments.add_picture_button, Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "https://example.com/typed.png")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the editor with a queued call
    expected = [(PICTURE, "", "https://example.com/typed.png")]
    qtbot.waitUntil(lambda: window.compose.message.model.rows() == expected)


@pytest.mark.parametrize("field", ["urlEdit", "userEdit", "tagEdit"])
def test_ctrl_enter_on_an_invalid_form_says_why_nothing_was_sent(qtbot, window, field) -> None:
    fill(window, user="abc")  # not a user id: Send (and its shortcut) are disabled
    show_active(qtbot, window)
    widget = window.findChild(QWidget, field)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    window.statusBar().clearMessage()
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Nothing was sent" in window.statusBar().currentMessage()
    assert window.compose.message.user_edit.hasFocus()  # the first field to correct
    assert not window.busy


def test_copy_shortcut_on_an_invalid_form_says_why_nothing_was_copied(qtbot, window) -> None:
    fill(window, user="abc")
    show_active(qtbot, window)
    window.compose.message.tag_edit.setFocus()
    qtbot.waitUntil(window.compose.message.tag_edit.hasFocus)
    QGuiApplication.clipboard().setText("before")
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.compose.message.tag_edit, Qt.Key.Key_C, mods)
    assert "Nothing to copy" in window.statusBar().currentMessage()
    assert QGuiApplication.clipboard().text() == "before"


def _edit_cell_by_keyboard(qtbot, w: MainWindow, row: int, column: int, text: str) -> QLineEdit:
    from PySide6.QtWidgets import QAbstractItemView

    table = w.compose.message.attachments.table
    table.setFocus()
    table.setCurrentIndex(w.compose.message.model.index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    return editor


def test_ctrl_enter_in_a_cell_sends_what_was_just_typed(qtbot, window, sandbox) -> None:
    fill(window)
    window.compose.message.model.add_row(PICTURE, "old name", "https://example.com/a.png")
    show_active(qtbot, window)
    assert window.compose.send_button.isEnabled()  # valid before the edit: the shortcut is live
    editor = _edit_cell_by_keyboard(qtbot, window, 0, 1, "new name")
    with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].ok
    assert window.compose.message.model.rows() == [
        (PICTURE, "new name", "https://example.com/a.png")
    ]
    assert sandbox.requests()[-1]["params"]["ATTACH"] == [
        picture_block("new name", "https://example.com/a.png")
    ]


def test_ctrl_enter_in_a_cell_completing_the_row_sends(qtbot, window, sandbox) -> None:
    fill(window)
    window.compose.message.model.add_row(FILE, "log", "")  # invalid until the link is typed
    show_active(qtbot, window)
    assert not window.compose.send_button.isEnabled()
    editor = _edit_cell_by_keyboard(qtbot, window, 0, 2, "https://example.com/build.log")
    with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].ok
    assert sandbox.requests()[-1]["params"]["ATTACH"] == [
        file_block("log", "https://example.com/build.log")
    ]


def test_a_link_typed_in_a_cell_enables_send_before_enter(qtbot, window, sandbox) -> None:
    fill(window)
    show_active(qtbot, window)
    table = window.compose.message.attachments.table
    qtbot.mouseClick(
        window.compose.message.attachments.add_picture_button, Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: table.findChild(QLineEdit) is not None)
    editor = table.findChild(QLineEdit)
    qtbot.keyClicks(editor, "https://example.com/typed.png")  # no Enter: the user goes for Send
    assert window.compose.send_button.isEnabled()
    assert note(window, "attachmentsMessage").level != "error"  # at most the e-mail/push hint
    assert editor.text() == "https://example.com/typed.png"  # typing was not disturbed
    outcome = send_and_wait(qtbot, window)
    assert outcome.ok
    assert sandbox.requests()[-1]["params"]["ATTACH"] == [
        picture_block("", "https://example.com/typed.png")
    ]


def test_esc_in_a_cell_restores_what_it_held(qtbot, window) -> None:
    fill(window)
    window.compose.message.model.add_row(FILE, "log", "https://example.com/a.log")
    show_active(qtbot, window)
    editor = _edit_cell_by_keyboard(qtbot, window, 0, 2, "https://example.com/b")
    assert window.compose.message.model.rows()[0][2] == "https://example.com/b"  # live, as typed
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: window.compose.message.model.rows()[0][2] == "https://example.com/a.log"
    )
    assert not window.busy


@pytest.mark.parametrize("use_sandbox", [False, True])
def test_a_narrow_window_never_cuts_the_form_sideways(qtbot, make_window, sandbox, use_sandbox):
    from PySide6.QtWidgets import QScrollArea

    w = make_window(sandbox=sandbox) if use_sandbox else make_window()
    with qtbot.waitExposed(w):
        w.show()
    scroll = w.findChild(QScrollArea, "formScroll")

    def fits() -> bool:
        wide_enough = scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
        return wide_enough and not scroll.horizontalScrollBar().isVisible()

    for width in (300, 700, 900):
        w.resize(width, 600)
        w.splitter.setSizes([1, 10_000])  # the user drags the handle far to the left
        # The splitter squeezes the form at once; the scroll bars follow a posted layout
        # request: wait for the layout, not for a fixed time.
        qtbot.waitUntil(fits, timeout=5000)


def test_delete_key_removes_the_selected_row_but_edits_inside_a_cell(qtbot, window) -> None:
    model = window.compose.message.model
    model.add_row(PICTURE, "a", "https://example.com/a.png")
    model.add_row(FILE, "b", "https://example.com/b.log")
    show_active(qtbot, window)
    table = window.compose.message.attachments.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert model.rows() == [(FILE, "b", "https://example.com/b.log")]
    editor = _edit_cell_by_keyboard(qtbot, window, 0, 1, "bc")
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)  # deletes a character, not the row
    assert model.rowCount() == 1
    assert editor.text() == "c"


def test_a_pasted_address_and_token_lose_their_spaces_and_line_breaks(qtbot, window, sandbox):
    window.compose.connection.url_edit.setText(f"  \n{sandbox.webhook_url}\t\n")
    assert window.validate().endpoint is not None  # accepted as is
    window.compose.connection.url_edit.editingFinished.emit()  # the user leaves the field
    assert window.compose.connection.url_edit.text() == sandbox.webhook_url
    window.compose.connection.token_edit.setText(" tok-123\n")
    window.compose.connection.token_edit.editingFinished.emit()
    assert window.compose.connection.token_edit.text() == "tok-123"


def test_a_failed_send_does_not_leave_the_previous_sent_message(qtbot, window, sandbox) -> None:
    fill(window)
    assert send_and_wait(qtbot, window).ok
    assert "Sent" in window.statusBar().currentMessage()
    window.compose.connection.url_edit.setText(
        sandbox.limited_webhook_url
    )  # no 'im' scope: refused
    assert not send_and_wait(qtbot, window).ok
    assert "Sent" not in window.statusBar().currentMessage()
    assert "Permission problem" in status(window)


def test_tab_never_stops_on_an_invisible_scroll_area(qtbot, make_window, sandbox) -> None:
    from PySide6.QtWidgets import QApplication

    w = make_window(sandbox=sandbox)
    show_active(qtbot, w)
    w.compose.connection.url_edit.setFocus()
    qtbot.waitUntil(w.compose.connection.url_edit.hasFocus)
    seen = []
    for _ in range(40):
        w.focusNextChild()
        seen.append(QApplication.focusWidget().objectName())
    assert "urlEdit" in seen  # went all the way round
    assert "formScroll" not in seen


def test_a_double_click_on_send_sends_once(qtbot, window, sandbox) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    fill(window)
    show_active(qtbot, window)
    button = window.compose.send_button
    send_and_wait(qtbot, window)  # the first click; a fast portal has answered already
    # The second click of the double-click arrives as Qt delivers it: DblClick, then Release.
    centre = QPointF(button.rect().center())
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonDblClick, left),
        (QEvent.Type.MouseButtonRelease, none),
    ):
        event = QMouseEvent(
            kind, centre, button.mapToGlobal(centre), left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(button, event)
    # The events were delivered synchronously: a second send would be in flight right now.
    assert not window.busy
    assert window.wait_for_background_work(5000)
    assert len(sandbox.inbox(RECIPIENT)) == 1
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a later, separate click still sends
    qtbot.waitUntil(lambda: len(sandbox.inbox(RECIPIENT)) == 2, timeout=10000)


def test_holding_ctrl_enter_in_the_text_sends_once(qtbot, window, sandbox) -> None:
    fill(window)
    show_active(qtbot, window)
    window.compose.message.text_edit.setFocus()
    qtbot.waitUntil(window.compose.message.text_edit.hasFocus)
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(window.sendFinished, timeout=15000):
        qtbot.keyPress(window.compose.message.text_edit, Qt.Key.Key_Return, ctrl)
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # the key repeats while held
        repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, ctrl, "\r", True)
        QApplication.sendEvent(window.compose.message.text_edit, repeat)
    # The events were delivered synchronously: a second send would be in flight right now.
    assert not window.busy
    assert window.wait_for_background_work(5000)
    assert len(sandbox.inbox(RECIPIENT)) == 1
    assert window.compose.message.text_edit.toPlainText() == "Hello"  # no new line either


def test_a_cancelled_check_says_so_to_eyes_and_screen_readers(qtbot, window, sandbox) -> None:
    sandbox.inject("latency", seconds=1.5)
    window.check_connection()
    qtbot.waitUntil(
        lambda: window.calls.job is not None and window.calls.job.started.is_set(), timeout=5000
    )
    window.cancel()
    label = window.findChild(QLabel, "statusLabel")
    assert status(window) == "Connection check cancelled."
    assert label.accessibleDescription() == "Connection check cancelled."
    assert "nothing was sent" not in label.accessibleDescription()
    assert window.wait_for_background_work(10000)


def test_send_stays_in_view_in_a_short_window(qtbot, make_window, sandbox) -> None:
    w = make_window(sandbox=sandbox)
    fill(w)
    show_active(qtbot, w)
    height = w.minimumSizeHint().height()
    w.resize(w.width(), height)
    qtbot.waitUntil(lambda: w.height() == height, timeout=5000)
    buttons = (w.compose.send_button, w.compose.cancel_button, w.compose.copy_button)
    qtbot.waitUntil(lambda: all(not b.visibleRegion().isEmpty() for b in buttons), timeout=5000)
    with qtbot.waitSignal(w.sendFinished, timeout=15000):
        qtbot.mouseClick(w.compose.send_button, Qt.MouseButton.LeftButton)


def test_the_default_size_shows_the_whole_form_without_a_scroll_bar(qtbot, make_window) -> None:
    from PySide6.QtWidgets import QScrollArea

    w = make_window()  # an empty form: every field shows its "Required" hint
    with qtbot.waitExposed(w):
        w.show()
    w.resize(1180, 780)
    scroll = w.findChild(QScrollArea, "formScroll")
    # The form fits its viewport once laid out (with a scroll bar it would be taller).
    qtbot.waitUntil(lambda: scroll.widget().height() <= scroll.viewport().height(), timeout=5000)
    assert not scroll.verticalScrollBar().isVisible()
    assert (
        w.compose.message.attachments.table.height()
        >= w.compose.message.attachments.table.minimumHeight()
    )
