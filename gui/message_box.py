"""The "Notification" group: recipient, text, tag and the attachments table with its buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.attachments_model import (
    FILE,
    KINDS,
    NAME_COLUMN,
    PICTURE,
    TYPE_COLUMN,
    URL_COLUMN,
    AttachmentsModel,
)
from gui.connection_box import field_column
from gui.field_note import FieldNote, errors_by_field, field_of, hints_by_field, row_problems
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from collections.abc import Sequence

    from core.errors import Problem
    from core.voice import Note
    from gui.kind_delegate import CellDelegate, KindDelegate

TEXT_HINT = "BB-codes such as [b]bold[/b] and [url=…]links[/url] work. Ctrl+Enter sends."
USER_REQUIRED = "Required: the recipient's user id, e.g. 1."
# Problems of the fields the form has no box for are shown under the tag, whose options they are.
_UNDER_TAG = {"sub_tag": "tag", "client_id": "tag", "text_out": "tag"}


class MessageBox(QGroupBox):
    """What the notification says and to whom; emits :attr:`changed` on every edit."""

    changed = Signal()
    sendRequested = Signal()  # Ctrl+Enter in the text, or in a table cell (once it is committed)
    FIELDS = ("user", "text", "tag", "attachments")  # the core's names, in the form's order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notification", parent)
        self.setObjectName("messageBox")

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setPlaceholderText("e.g. 1")
        self.user_edit.setAccessibleName("Recipient user id")
        self.user_edit.setToolTip("The id of the Bitrix24 user who receives the notification")
        self.user_note = FieldNote("userMessage", self.user_edit)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("textEdit")
        self.text_edit.setAccessibleName("Notification text")
        self.text_edit.setPlaceholderText("What the recipient should read")
        self.text_edit.setTabChangesFocus(True)  # Tab moves on; the tab order follows the form
        self.text_edit.setMinimumHeight(90)
        self.text_edit.setMaximumHeight(180)
        # Preferred, not Expanding: spare height goes to the attachments table instead.
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text_note = FieldNote("textMessage", self.text_edit)
        self.text_edit.installEventFilter(self)  # Ctrl+Enter sends

        self.tag_edit = QLineEdit()
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setAccessibleName("Tag")
        self.tag_edit.setPlaceholderText(
            "optional: a later notification with this tag replaces it, where the portal keeps tags"
        )
        self.tag_edit.setToolTip(
            "With an app token, a later notification with the same tag replaces the earlier one. "
            "Over a webhook only portals that honour CLIENT_ID for webhooks keep tags; older "
            "portals drop them silently."
        )
        self.tag_note = FieldNote("tagMessage", self.tag_edit)

        self.model = AttachmentsModel(self)
        self._kind_delegate: KindDelegate | None = None
        self._cell_delegate: CellDelegate | None = None
        self.table = QTableView()
        self.table.setObjectName("attachmentsTable")
        self.table.setAccessibleName("Attachments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, like every other field
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        set_enum_property(self.table, "textElideMode", "ElideMiddle")
        header = self.table.horizontalHeader()
        # Wide enough for the longest type and the drop-down's arrow while editing. (A
        # ResizeToContents column measured only the header here: "Picture" showed as "P…e".)
        metrics = self.table.fontMetrics()
        type_width = max(metrics.horizontalAdvance(kind) for kind in KINDS) + 36
        header.setSectionResizeMode(TYPE_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(TYPE_COLUMN, type_width)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(URL_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NAME_COLUMN, 125)
        self.table.setMinimumHeight(96)
        # Its height is whatever is left (at least the minimum): with the view's preferred
        # height counted, the scrolling form asked for more than a 780 px window has and showed
        # a scroll bar with nothing to scroll.
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.attachments_note = FieldNote("attachmentsMessage", self.table)

        self.add_picture_button = self._button("Add &picture", "addPictureButton")
        self.add_file_button = self._button("Add f&ile", "addFileButton")
        self.remove_button = self._button("Remo&ve", "removeAttachmentButton")
        self.up_button = self._button("M&ove up", "moveUpButton")
        self.down_button = self._button("Move &down", "moveDownButton")
        self.add_picture_button.setToolTip("Add a row for a picture link (IMAGE block)")
        self.add_file_button.setToolTip("Add a row for a file link (FILE block)")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (
            self.add_picture_button,
            self.add_file_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        table_row = QWidget()
        trow = QVBoxLayout(table_row)
        trow.setContentsMargins(0, 0, 0, 0)
        trow.addWidget(self.table, 1)
        trow.addLayout(buttons)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_label = self._label("&Recipient user id:", self.user_edit)
        self.text_label = self._label("Te&xt:", self.text_edit)
        self.tag_label = self._label("Ta&g:", self.tag_edit)
        self.attachments_label = self._label("Attach&ments:", self.table)
        form.addRow(self.user_label, field_column(self.user_edit, self.user_note))
        form.addRow(self.text_label, field_column(self.text_edit, self.text_note))
        form.addRow(self.tag_label, field_column(self.tag_edit, self.tag_note))
        form.addRow(self.attachments_label, field_column(table_row, self.attachments_note))

        self.add_picture_button.clicked.connect(lambda: self.add_attachment(PICTURE))
        self.add_file_button.clicked.connect(lambda: self.add_attachment(FILE))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.table.selectionModel().selectionChanged.connect(self._update_row_buttons)
        self.model.changed.connect(self._update_row_buttons)
        for sig in (
            self.user_edit.textChanged,
            self.text_edit.textChanged,
            self.tag_edit.textChanged,
            self.model.changed,
        ):
            sig.connect(self.changed)
        self._update_row_buttons()

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text.replace("&", ""))
        return b

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _use_kind_delegate(self) -> None:
        """The Type drop-down and the cell editors' Ctrl+Enter, set once there is a row to edit
        (not needed for the first paint)."""
        if self._kind_delegate is None:
            from gui.kind_delegate import CellDelegate, KindDelegate

            self._cell_delegate = CellDelegate(self.table)
            self._kind_delegate = KindDelegate(self.table)
            self.table.setItemDelegate(self._cell_delegate)
            self.table.setItemDelegateForColumn(TYPE_COLUMN, self._kind_delegate)
            for delegate in (self._cell_delegate, self._kind_delegate):
                delegate.submitRequested.connect(self.sendRequested)
            # Delete (or Backspace on macOS) on a selected row removes it, like Remove; only
            # while the table itself has focus, so Delete inside a cell editor still edits.
            from PySide6.QtGui import QAction, QKeySequence

            remove = QAction(self.table)
            remove.setShortcuts(QKeySequence.StandardKey.Delete)
            set_enum_property(remove, "shortcutContext", "WidgetShortcut")
            remove.triggered.connect(self.remove_selected)
            self.table.addAction(remove)

    # -- attachments ------------------------------------------------------------------------------
    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.table.currentIndex()
        return current.row() if current.isValid() else -1

    def add_attachment(self, kind: str) -> int:
        """Append a row and start editing its URL in place."""
        row = self.model.add_row(kind)
        index = self.model.index(row, URL_COLUMN)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        if self.table.isVisible():  # editing needs a shown view (Qt warns otherwise)
            self.table.setFocus()
            self.table.edit(index)
        return row

    def remove_selected(self) -> None:
        row = self.selected_row()
        if self.model.remove_row(row) and self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._update_row_buttons()

    def move_selected(self, delta: int) -> None:
        row = self.selected_row()
        if row < 0:
            return
        self.table.selectRow(self.model.move_row(row, delta))
        self._update_row_buttons()

    def _update_row_buttons(self, *_args: object) -> None:
        row = self.selected_row()
        count = self.model.rowCount()
        if count:
            self._use_kind_delegate()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    # -- problems -------------------------------------------------------------------------------
    def show_problems(
        self, problems: Sequence[Problem], notes: Sequence[Note] = ()
    ) -> list[Problem]:
        """Show the core's problems under their fields and mark the attachment rows they name; an
        empty required field gets a quiet "Required" hint instead. ``notes`` (``core.voice``)
        become quiet hints under the tag and the attachments. Returns the other fields' problems.
        """
        errors = errors_by_field(problems, _UNDER_TAG)
        hints = hints_by_field(notes)
        self.model.set_problems(row_problems(problems))
        self.user_note.show_note(
            errors.get("user"), empty=not self.user(), empty_hint=USER_REQUIRED
        )
        self.text_note.show_note(
            errors.get("text"),
            empty=not self.text().strip(),
            empty_hint=f"Required. {TEXT_HINT}",
            hint=TEXT_HINT,
        )
        self.tag_note.show_note(errors.get("tag"), hint=hints.get("tag", ""))
        self.attachments_note.show_note(
            errors.get("attachments"), hint=hints.get("attachments", "")
        )
        taken = {*self.FIELDS, *_UNDER_TAG}
        return [p for p in problems if field_of(p.field) not in taken]

    def focus_problem(self, problems: Sequence[Problem]) -> bool:
        """Put the cursor in the first field here that has a problem; False if none has."""
        fields = {field_of(p.field) for p in problems}
        widgets = (self.user_edit, self.text_edit, self.tag_edit, self.table)
        for name, widget in zip(self.FIELDS, widgets, strict=True):
            if name in fields:
                widget.setFocus()
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text box sends instead of adding a line; plain Enter still adds one."""
        if watched is self.text_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # the window's Send shortcut does not fire as well
                if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self.sendRequested.emit()  # held down: one send, not one per key repeat
                return True
        return super().eventFilter(watched, event)

    # -- values ---------------------------------------------------------------------------------
    def set_user(self, text: str) -> None:
        self.user_edit.setText(text)

    def set_text(self, text: str) -> None:
        self.text_edit.setPlainText(text)

    def set_tag(self, text: str) -> None:
        self.tag_edit.setText(text)

    def user(self) -> str:
        return self.user_edit.text().strip()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def tag(self) -> str:
        return self.tag_edit.text().strip()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.user_edit,
            self.text_edit,
            self.tag_edit,
            self.table,
            self.add_picture_button,
            self.add_file_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ]
