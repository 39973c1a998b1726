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
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from core.i18n import _
from gui.attachments_model import EDIT_ROLE, KINDS
from gui.block_rows import LABELS


def _is_ctrl_enter(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    from PySide6.QtCore import Qt  # at the first key, not when a saved row is restored at start-up

    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(ctrl) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CellDelegate(QStyledItemDelegate):
    """Text cells reach the model as they are typed; Ctrl+Enter sends; Esc restores the cell.

    The form validates the model, so a cell committed only on Enter left Send disabled (and the
    row marked "A link is required") while its link was already typed: clicking Send did nothing.
    Ctrl+Enter used to either only close the editor or send the row as it was *before* the edit.
    """

    submitRequested = Signal()
    ORIGINAL = "b24OriginalText"  # editor property: the cell's text before this edit

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setProperty(self.ORIGINAL, str(index.data(EDIT_ROLE) or ""))
            editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        # Our own live commit comes back here: leave the editor (and its cursor) alone.
        if isinstance(editor, QLineEdit) and editor.text() == str(index.data(EDIT_ROLE) or ""):
            return
        super().setEditorData(editor, index)

    def _restore(self, editor: QLineEdit) -> None:
        view = self.parent()
        original = editor.property(self.ORIGINAL)
        if isinstance(view, QAbstractItemView) and isinstance(original, str):
            index = view.currentIndex()
            if index.isValid():
                index.model().setData(index, original, EDIT_ROLE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            from PySide6.QtCore import Qt

            if event.key() == Qt.Key.Key_Escape:
                self._restore(watched)  # then Qt closes the editor as usual
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _is_ctrl_enter(event):
            event.accept()  # ShortcutOverride: the key comes here, not to the window's action
            repeat = isinstance(event, QKeyEvent) and event.isAutoRepeat()
            if kind == QEvent.Type.KeyPress and isinstance(watched, QWidget) and not repeat:
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
                self.submitRequested.emit()
            return True
        return super().eventFilter(watched, event)


class KindDelegate(CellDelegate):
    """Edits the Type column with a drop-down of the kinds (Picture, File, Message...)."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for kind in KINDS:
            combo.addItem(_(LABELS[kind]), kind)
        combo.setAccessibleName(_("Attachment type"))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(str(index.data(EDIT_ROLE)))))

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), EDIT_ROLE)
