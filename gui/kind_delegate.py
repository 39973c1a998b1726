"""The Type column's editor: a drop-down of Picture / File instead of free text.

Its own module so that the window imports it (and PySide6 builds the delegate, combo box and
style-option classes) only once the table has a row to edit, not before the first paint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.attachments_model import EDIT_ROLE, KINDS


class KindDelegate(QStyledItemDelegate):
    """Edits the Type column with a drop-down of Picture / File instead of free text."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(KINDS))
        combo.setAccessibleName("Attachment type")
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(EDIT_ROLE)))

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), EDIT_ROLE)
