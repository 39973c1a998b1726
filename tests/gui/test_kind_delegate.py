"""gui.kind_delegate: cells reach the model as typed, Esc restores, Ctrl+Enter asks to send."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QTableView

from gui.attachments_model import FILE, KINDS, NAME_COLUMN, PICTURE, TYPE_COLUMN, AttachmentsModel
from gui.kind_delegate import CellDelegate, KindDelegate


class Table:
    def __init__(self, qtbot) -> None:
        self.model = AttachmentsModel()
        self.view = QTableView()
        qtbot.addWidget(self.view)
        self.view.setModel(self.model)
        self.cells = CellDelegate(self.view)
        self.kinds = KindDelegate(self.view)
        self.view.setItemDelegate(self.cells)
        self.view.setItemDelegateForColumn(TYPE_COLUMN, self.kinds)
        self.model.add_row(PICTURE, "old", "https://example.com/a.png")
        with qtbot.waitActive(self.view):
            self.view.show()
            self.view.activateWindow()

    def edit(self, qtbot, column: int) -> QLineEdit | QComboBox:
        index = self.model.index(0, column)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)
        qtbot.waitUntil(lambda: self.view.state() == QAbstractItemView.State.EditingState)
        editor = self.view.indexWidget(index) or self.view.findChild(
            QComboBox if column == TYPE_COLUMN else QLineEdit
        )
        assert editor is not None
        return editor


@pytest.fixture
def table(qtbot) -> Table:
    return Table(qtbot)


def test_typing_in_a_cell_reaches_the_model_at_once(qtbot, table: Table) -> None:
    editor = table.edit(qtbot, NAME_COLUMN)
    editor.selectAll()
    qtbot.keyClicks(editor, "new")
    assert table.model.rows()[0][1] == "new"  # without Enter


def test_esc_puts_the_cell_back_as_it_was(qtbot, table: Table) -> None:
    editor = table.edit(qtbot, NAME_COLUMN)
    editor.selectAll()
    qtbot.keyClicks(editor, "typo")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.model.rows()[0][1] == "old")


def test_ctrl_enter_commits_the_cell_and_asks_to_send_once(qtbot, table: Table) -> None:
    asked: list[bool] = []
    table.cells.submitRequested.connect(lambda: asked.append(True))
    editor = table.edit(qtbot, NAME_COLUMN)
    editor.selectAll()
    qtbot.keyClicks(editor, "sent")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked == [True]
    assert table.model.rows()[0][1] == "sent"
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)


def test_the_type_column_is_a_drop_down_of_the_kinds(qtbot, table: Table) -> None:
    combo = table.edit(qtbot, TYPE_COLUMN)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == list(KINDS)
    assert combo.currentText() == PICTURE
    combo.setCurrentText(FILE)
    table.kinds.setModelData(combo, table.model, table.model.index(0, TYPE_COLUMN))
    assert table.model.rows()[0][0] == FILE
