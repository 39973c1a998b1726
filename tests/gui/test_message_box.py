"""gui.message_box.MessageBox: recipient, text, tag and attachments, each with its note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from core.errors import Problem
from core.voice import Note
from gui.attachments_model import KINDS, PICTURE
from gui.message_box import TEXT_HINT, USER_REQUIRED, MessageBox


@pytest.fixture
def box(qtbot) -> MessageBox:
    widget = MessageBox()
    qtbot.addWidget(widget)
    return widget


def test_the_type_column_shows_every_type_in_full(qtbot) -> None:
    box = MessageBox()
    qtbot.addWidget(box)
    box.show()
    metrics = box.attachments.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(kind) for kind in KINDS)
    # Before, the column was as wide as its header and "Picture" was drawn as "P…e".
    assert box.attachments.table.columnWidth(0) > widest


def test_problems_go_under_their_fields_and_rows_are_marked(box: MessageBox) -> None:
    box.set_user("abc")
    box.set_text("Hi")
    box.model.add_row(PICTURE, "a", "https://example.com/a.png")
    box.model.add_row(PICTURE, "b", "javascript:x")
    problems = [
        Problem("user", "must be a number."),
        Problem("sub_tag", "is too long."),
        Problem("attachments[1].IMAGE.LINK", "must be an http(s) link."),
        Problem("url", "is required."),
    ]
    rest = box.show_problems(problems)
    # The connection's, and the sub-tag's (its own field is under Advanced): not this box's.
    assert rest == [problems[1], problems[3]]
    assert box.user_note.text() == "Must be a number." and box.user_note.level == "error"
    assert box.tag_note.text() == ""
    assert box.attachments_note.text() == "Row 2: Must be an http(s) link."
    assert box.model.problems() == {1: "Must be an http(s) link."}
    assert box.text_note.text() == TEXT_HINT and box.text_note.level == "hint"


def test_empty_required_fields_get_quiet_hints(box: MessageBox) -> None:
    box.show_problems([Problem("user", "is required."), Problem("text", "is required.")])
    assert box.user_note.text() == USER_REQUIRED and box.user_note.level == "hint"
    assert box.text_note.text() == f"Required. {TEXT_HINT}"


def test_the_cores_notes_are_hints_under_tag_and_attachments(box: MessageBox) -> None:
    box.set_user("3")
    box.set_text("Hi")
    notes = [
        Note("tag", "over a webhook a tag may be dropped."),
        Note("attachments", "not in e-mail."),
    ]
    box.show_problems([], notes)
    assert box.tag_note.text() == "Over a webhook a tag may be dropped."
    assert box.tag_note.level == "hint"
    assert box.attachments_note.text() == "Not in e-mail."


def test_the_first_field_with_a_problem_takes_the_cursor(box: MessageBox) -> None:
    assert box.focus_problem([Problem("attachments[0].FILE.LINK", "x"), Problem("tag", "y")])
    assert box.focusWidget() is box.tag_edit
    assert box.focus_problem([Problem("attachments[0].FILE.LINK", "x")])
    assert box.focusWidget() is box.attachments.table
    assert not box.focus_problem([Problem("url", "x")])


def test_ctrl_enter_in_the_text_asks_to_send_once_and_adds_no_line(qtbot, box) -> None:
    box.set_text("Hello")
    requests: list[bool] = []
    box.sendRequested.connect(lambda: requests.append(True))
    ctrl = Qt.KeyboardModifier.ControlModifier
    QApplication.sendEvent(box.text_edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, ctrl))
    for _ in range(3):  # held down: the key repeats
        repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, ctrl, "\r", True)
        QApplication.sendEvent(box.text_edit, repeat)
    assert requests == [True]
    assert box.text() == "Hello"
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Return)  # plain Enter still adds a line
    assert box.text().count("\n") == 1


def test_values_are_read_trimmed_and_every_edit_says_changed(qtbot, box: MessageBox) -> None:
    with qtbot.waitSignal(box.changed):
        box.set_user(" 3 ")
    with qtbot.waitSignal(box.changed):
        box.set_tag(" t ")
    with qtbot.waitSignal(box.changed):
        box.model.add_row(PICTURE, "a", "https://example.com/a.png")
    assert (box.user(), box.tag()) == ("3", "t")
