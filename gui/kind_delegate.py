"""The attachments table's cell editors: Ctrl+Enter sends; the Type column is a drop-down.

Its own module so that the window imports it (and PySide6 builds the delegate, combo box and
style-option classes) only once the table has a row to edit, not before the first paint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from gui.attachments_model import EDIT_ROLE, KINDS


def _is_ctrl_enter(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    from PySide6.QtCore import Qt  # at the first key, not when a saved row is restored at start-up

    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(ctrl) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CellDelegate(QStyledItemDelegate):
    """Ctrl+Enter in a cell being edited keeps what was typed, then asks for a send.

    Without it Ctrl+Enter either only closed the editor (the window's Send shortcut was disabled
    while the half-typed row was invalid) or sent the row as it was *before* the edit.
    """

    submitRequested = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _is_ctrl_enter(event):
            event.accept()  # ShortcutOverride: the key comes here, not to the window's action
            if kind == QEvent.Type.KeyPress and isinstance(watched, QWidget):
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
                self.submitRequested.emit()
            return True
        return super().eventFilter(watched, event)


class KindDelegate(CellDelegate):
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
