"""gui.attachments_editor.AttachmentsEditor: rows added, removed and moved by their buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate

from gui.attachments_editor import AttachmentsEditor
from gui.attachments_model import FILE, PICTURE, TYPE_COLUMN, AttachmentsModel


@pytest.fixture
def editor(qtbot) -> AttachmentsEditor:
    widget = AttachmentsEditor(AttachmentsModel())
    qtbot.addWidget(widget)
    return widget


def _kinds(editor: AttachmentsEditor) -> list[str]:
    return [row[0] for row in editor.model.rows()]


def test_the_add_buttons_add_a_row_of_their_kind_and_select_it(editor) -> None:
    assert not editor.remove_button.isEnabled()
    editor.add_picture_button.click()
    editor.add_file_button.click()
    assert _kinds(editor) == [PICTURE, FILE]
    assert editor.selected_row() == 1
    assert editor.remove_button.isEnabled() and editor.up_button.isEnabled()
    assert not editor.down_button.isEnabled()


def test_rows_move_and_go(editor: AttachmentsEditor) -> None:
    for kind, name in ((PICTURE, "a"), (FILE, "b"), (PICTURE, "c")):
        editor.model.add_row(kind, name, f"https://example.com/{name}")
    editor.table.selectRow(0)
    editor.down_button.click()
    assert [r[1] for r in editor.model.rows()] == ["b", "a", "c"]
    assert editor.selected_row() == 1
    editor.up_button.click()
    assert [r[1] for r in editor.model.rows()] == ["a", "b", "c"]
    editor.table.selectRow(2)
    editor.remove_button.click()
    assert [r[1] for r in editor.model.rows()] == ["a", "b"]
    assert editor.selected_row() == 1  # the row before takes the selection


def test_the_delegates_come_with_the_first_row(editor: AttachmentsEditor) -> None:
    from gui.kind_delegate import CellDelegate, KindDelegate

    assert type(editor.table.itemDelegate()) is QStyledItemDelegate  # nothing yet
    editor.model.add_row(PICTURE, "a", "https://example.com/a.png")
    assert isinstance(editor.table.itemDelegate(), CellDelegate)
    assert isinstance(editor.table.itemDelegateForColumn(TYPE_COLUMN), KindDelegate)


def test_delete_on_the_table_removes_the_selected_row(qtbot, editor) -> None:
    editor.model.add_row(PICTURE, "a", "https://example.com/a.png")
    editor.model.add_row(FILE, "b", "https://example.com/b.log")
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.table.setFocus()
    qtbot.waitUntil(editor.table.hasFocus)
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert [r[1] for r in editor.model.rows()] == ["b"]


def test_tab_goes_table_then_buttons(editor: AttachmentsEditor) -> None:
    names = [w.objectName() for w in editor.tab_chain()]
    assert names == [
        "attachmentsTable",
        "addPictureButton",
        "addFileButton",
        "removeAttachmentButton",
        "moveUpButton",
        "moveDownButton",
        "addBlockButton",
        "pasteAttachJsonButton",
    ]
