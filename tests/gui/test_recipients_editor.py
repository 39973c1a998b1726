"""The recipients editor beside the recipient field: ids and ranges, a department (asked of the
sandbox on the worker), a CSV file (read on the worker, its columns filling placeholders)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from core.recipients import parse_ids
from core.sandbox import SandboxPortal
from tests.gui._bulk import send_many_and_wait


@pytest.fixture
def crowded() -> Iterator[SandboxPortal]:
    portal = SandboxPortal(users=150).start()
    try:
        yield portal
    finally:
        portal.stop()


@pytest.fixture
def editor_window(make_window, crowded: SandboxPortal, qtbot):
    w = make_window()
    w.compose.connection.url_edit.setText(crowded.webhook_url)
    w.compose.message.text_edit.setPlainText("Hello")
    w.show()
    qtbot.waitUntil(lambda: w.bulk._painted)
    return w


def open_editor(qtbot, w):
    assert w.bulk.editor is None  # built on first use
    qtbot.mouseClick(w.compose.message.recipients_button, Qt.MouseButton.LeftButton)
    editor = w.bulk.editor
    assert editor is not None and editor.objectName() == "recipientsEditor"
    assert editor.isVisible()
    return editor


def count_text(editor) -> str:
    return editor.findChild(QLabel, "recipientsCount").text()


def press_ok(qtbot, editor) -> None:
    ok = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def members(portal: SandboxPortal, *names: str) -> set[int]:
    return {u["id"] for u in portal.users() if u["active"] and u["department"] in names}


def test_ids_pasted_with_any_separators_duplicates_removed(qtbot, editor_window) -> None:
    w = editor_window
    w.compose.message.user_edit.setText("3")
    editor = open_editor(qtbot, w)
    assert editor.ids_edit.toPlainText() == "3"  # starts from the field
    editor.set_text("3\n5; 7, 9\t10-12\n5\n")
    assert count_text(editor) == "7 recipients"
    press_ok(qtbot, editor)
    assert w.compose.message.user_edit.text() == "3, 5, 7, 9-12"
    assert w.compose.message.user_note.text() == "7 recipients"


def test_a_bad_piece_is_shown_and_ok_waits(qtbot, editor_window) -> None:
    editor = open_editor(qtbot, editor_window)
    editor.set_text("5, 9-3")
    problem = editor.findChild(QLabel, "recipientsProblem")
    assert "backwards" in problem.text()
    assert not editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize(
    ("subdepartments", "names"),
    [(False, ("Development",)), (True, ("Development", "Backend", "Frontend"))],
)
def test_a_department_adds_its_active_people(
    qtbot, editor_window, crowded, subdepartments, names
) -> None:
    w = editor_window
    editor = open_editor(qtbot, w)
    editor.set_text("3")
    editor.department_edit.setText("2")
    editor.subdepartments.setChecked(subdepartments)
    qtbot.mouseClick(editor.department_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.pending == 0, timeout=10000)
    expected = {3} | members(crowded, *names)
    assert set(editor.ids()) == expected and len(editor.ids()) == len(expected)
    assert count_text(editor) == f"{len(expected)} recipients"
    press_ok(qtbot, w.bulk.editor)
    assert set(parse_ids(w.compose.message.user_edit.text())) == expected


def test_an_unknown_department_is_said_and_adds_nobody(qtbot, editor_window) -> None:
    editor = open_editor(qtbot, editor_window)
    editor.set_text("3")
    editor.department_edit.setText("999")
    qtbot.mouseClick(editor.department_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.pending == 0, timeout=10000)
    assert "999" in editor.findChild(QLabel, "recipientsProblem").text()
    assert editor.ids() == [3]


def test_a_csv_file_adds_its_ids_and_fills_placeholders(
    qtbot, editor_window, crowded, tmp_path: Path
) -> None:
    w = editor_window
    path = tmp_path / "team.csv"
    path.write_text("ID;CITY\n10;Riga\n11;Oslo\n10;Riga\n", encoding="utf-8")
    editor = open_editor(qtbot, w)
    editor.set_text("")
    editor.add_csv(str(path))
    qtbot.waitUntil(lambda: editor.pending == 0, timeout=10000)
    assert editor.ids() == [10, 11] and count_text(editor) == "2 recipients"
    press_ok(qtbot, editor)
    assert w.compose.message.user_edit.text() == "10-11"
    w.compose.message.text_edit.setPlainText("Weather in {CITY}")
    outcome = send_many_and_wait(qtbot, w)
    assert outcome.ok, outcome.error
    assert [n["message"] for n in crowded.inbox(10)] == ["Weather in Riga"]
    assert [n["message"] for n in crowded.inbox(11)] == ["Weather in Oslo"]


def test_a_bad_csv_file_names_its_line(qtbot, editor_window, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ID,NAME\n10,Ann\nten,Bob\n", encoding="utf-8")
    editor = open_editor(qtbot, editor_window)
    editor.set_text("")
    editor.add_csv(str(path))
    qtbot.waitUntil(lambda: editor.pending == 0, timeout=10000)
    assert "line 3" in editor.findChild(QLabel, "recipientsProblem").text()
    assert editor.ids() == []
