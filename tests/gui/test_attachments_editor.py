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


def test_in_a_narrow_form_the_row_buttons_wrap_under_the_table_not_over_it(
    qtbot, make_window
) -> None:
    """In Russian the five buttons are ~100 px wider than in English: one line of them made the
    form wider than its pane; wrapped, the second line was first drawn over the table."""
    from PySide6.QtCore import QPoint, QRect

    w = make_window()
    with qtbot.waitExposed(w):
        w.show()
    editor = w.compose.message.attachments
    buttons = [
        editor.add_picture_button,
        editor.add_file_button,
        editor.remove_button,
        editor.up_button,
        editor.down_button,
    ]
    one_line = sum(b.sizeHint().width() for b in buttons)
    assert editor.minimumSizeHint().width() < one_line  # the row may wrap

    def where(widget) -> QRect:
        return QRect(widget.mapTo(editor, QPoint(0, 0)), widget.size())

    def laid_out() -> bool:
        table, more = where(editor.table), where(editor.more)
        boxes = [where(b) for b in buttons]
        return (
            len({box.top() for box in boxes}) > 1  # wrapped
            and all(box.top() > table.bottom() and box.bottom() < more.top() for box in boxes)
            and all(box.right() <= editor.width() for box in boxes)
            and not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
        )

    w.resize(300, 700)
    w.splitter.setSizes([1, 10_000])  # the form at its narrowest
    qtbot.waitUntil(lambda: editor.width() < one_line and laid_out(), timeout=5000)
