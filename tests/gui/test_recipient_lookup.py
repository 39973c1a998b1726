"""gui.recipient_lookup: recipients by name in userEdit, against the sandbox portal's users."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from core.address import parse_endpoint
from core.users import UserInfo
from gui.recipient_lookup import RecipientLookup, offer_text
from gui.tasks import TaskRunner


class Field:
    """A recipient field and its name label, looked up at ``url`` (None: no connection yet)."""

    def __init__(self, qtbot: Any, url: str | None, delay_ms: int = 1) -> None:
        self.edit, self.label = QLineEdit(), QLabel()
        qtbot.addWidget(self.edit)
        qtbot.addWidget(self.label)
        self.url = url
        self.lookup = RecipientLookup(
            self.edit,
            self.label,
            lambda: parse_endpoint(self.url) if self.url else None,
            delay_ms=delay_ms,
        )

    def type(self, qtbot: Any, text: str) -> str:
        """Type ``text`` key by key and wait for the answer shown for it."""
        with qtbot.waitSignal(self.lookup.settled, timeout=10000) as blocker:
            self.edit.clear()
            qtbot.keyClicks(self.edit, text)
        return blocker.args[0]


def test_offers_read_name_position_and_id() -> None:
    assert offer_text(UserInfo(3, "Chen Wei", "Product designer", True)) == (
        "Chen Wei — Product designer (id 3)"
    )
    assert offer_text(UserInfo(4, "No Position")) == "No Position (id 4)"
    assert "inactive" in offer_text(UserInfo(7, "Georg Müller", "", False))


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_typing_letters_offers_matches_and_picking_one_sets_the_id(qtbot, sandbox) -> None:
    field = Field(qtbot, sandbox.webhook_url)
    with qtbot.waitExposed(field.edit):
        field.edit.show()
    field.type(qtbot, "engin")
    assert field.lookup.offers() == [
        "Emil Novak — Support engineer (id 5)",
        "Hana Sato — QA engineer (id 8)",
    ]
    popup = field.lookup.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 2
    popup.setCurrentIndex(popup.model().index(1, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.edit.text() == "8"
    assert field.label.text() == "Hana Sato — QA engineer"
    methods = [r["rest_method"] for r in sandbox.requests()]
    assert methods == ["user.search"]  # picked: the name is known, nothing more is asked


def test_a_typed_id_is_named_or_said_to_be_no_active_user(qtbot, sandbox) -> None:
    field = Field(qtbot, sandbox.webhook_url)
    assert field.type(qtbot, "3") == "Chen Wei — Product designer"
    assert field.type(qtbot, "999") == "no such active user"
    assert field.type(qtbot, "7") == "no such active user"  # Georg Müller left the company
    assert field.label.isEnabled()


class HeldFirst(TaskRunner):
    """A runner whose first task waits for :attr:`gate` (so a later one can overtake it)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self._first = True

    def run(self, fn, on_done=None):
        if self._first:
            self._first = False
            inner, gate = fn, self.gate

            def fn():
                gate.wait(30)  # released by the test; the timeout only guards against a hang
                return inner()

        return super().run(fn, on_done)


def test_only_the_latest_answer_is_shown(qtbot, sandbox) -> None:
    runner = HeldFirst()
    edit, label = QLineEdit(), QLabel()
    qtbot.addWidget(edit)
    lookup = RecipientLookup(
        edit, label, lambda: parse_endpoint(sandbox.webhook_url), delay_ms=0, runner=runner
    )
    edit.setText("999")
    edit.textEdited.emit("999")  # as typed
    qtbot.waitUntil(lambda: runner.active_count == 1)  # asked, its answer held back
    with qtbot.waitSignal(lookup.settled, timeout=10000) as blocker:
        edit.setText("3")
        edit.textEdited.emit("3")
    assert blocker.args == ["Chen Wei — Product designer"]
    runner.gate.set()
    qtbot.waitUntil(lambda: runner.active_count == 0)  # the stale answer came, and was dropped
    assert label.text() == "Chen Wei — Product designer"


def test_a_number_set_by_the_program_is_not_looked_up(qtbot, sandbox) -> None:
    field = Field(qtbot, sandbox.webhook_url, delay_ms=0)
    field.edit.setText("3")  # a restored form, a picked user: nothing is asked
    assert not field.lookup._timer.isActive()
    assert sandbox.requests() == []


def test_typing_waits_for_a_pause_before_asking(qtbot, sandbox) -> None:
    field = Field(qtbot, sandbox.webhook_url, delay_ms=60_000)  # a pause that never comes
    qtbot.keyClicks(field.edit, "dana")
    assert field.lookup._timer.isActive()
    assert sandbox.requests() == []


def test_a_failed_lookup_is_said_quietly(qtbot, sandbox) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret
    field = Field(qtbot, sandbox.webhook_url.replace(secret, "wrongSecret42"))
    text = field.type(qtbot, "dana")
    assert text.startswith("Could not look the user up") and not field.label.isEnabled()
    assert "wrongSecret42" not in text


def test_without_a_connection_letters_get_a_hint_and_nothing_is_asked(qtbot) -> None:
    field = Field(qtbot, None)
    qtbot.keyClicks(field.edit, "dana")
    qtbot.waitUntil(lambda: "connection" in field.label.text())
    assert not field.label.isEnabled()


def test_the_window_names_the_recipient_and_still_sends_by_id(window, qtbot, sandbox) -> None:
    from tests.gui._window import fill, send_and_wait

    label = window.findChild(QLabel, "recipientName")
    fill(window, user="", text="hi")
    with qtbot.waitSignal(window.compose.lookup.settled, timeout=10000):
        qtbot.keyClicks(window.compose.message.user_edit, "3")
    assert label.text() == "Chen Wei — Product designer"
    secret = parse_endpoint(sandbox.webhook_url).secret
    window.compose.connection.url_edit.setText(sandbox.webhook_url.replace(secret, "nope12345"))
    with qtbot.waitSignal(window.compose.lookup.settled, timeout=10000):
        window.compose.message.user_edit.clear()
        qtbot.keyClicks(window.compose.message.user_edit, "2")
    assert label.text().startswith("Could not look the user up")
    window.compose.connection.url_edit.setText(sandbox.webhook_url)
    outcome = send_and_wait(qtbot, window)  # a failed lookup never stands in the way
    assert outcome.ok and sandbox.inbox(2)


def test_a_lookup_the_portal_never_answers_does_not_hold_the_quit(make_window, qtbot, sandbox):
    # gui.app ends the process at once when background work is left (a read cannot be stopped);
    # a hung lookup used to count as finished, and the process waited for its read timeout.
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    sandbox.inject("hang", seconds=600)
    qtbot.keyClicks(w.compose.message.user_edit, "3")
    lookup = w.compose.lookup
    qtbot.waitUntil(lambda: lookup._runner is not None and lookup._runner.active_count == 1)
    assert w.wait_for_background_work(100) is False
