"""The attachments table with its buttons: add a picture, a file or another block, paste blocks as
JSON, remove, move up, down.

Rows are edited in place (:mod:`gui.kind_delegate`: the Type column is a drop-down, Ctrl+Enter in a
cell sends); Delete removes the selected row while the table has focus. The rows live in an
:class:`gui.attachments_model.AttachmentsModel`, which the core validates with the rest of the form.

On a real start the table itself comes just after the first paint (``defer_table``): an item view
is the dearest widget of the form to import and build (``QTableView`` with its header views and
PySide6's enum classes for ``QAbstractItemView``: ~25 M instructions, 2.6 MiB), and the first
paint shows an empty frame of the same size in its place (``attachmentsTableSlot``), which then
holds the table, frameless (``attachmentsTablePlace``). Anything that asks for
:attr:`AttachmentsEditor.table` earlier gets it built there and then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from core.i18n import _
from gui.attachments_model import (
    FILE,
    KINDS,
    NAME_COLUMN,
    PICTURE,
    TYPE_COLUMN,
    URL_COLUMN,
    AttachmentsModel,
)
from gui.block_rows import LABELS, STARTS_AT_NAME
from gui.first_paint import WhenBuilt
from gui.flow_layout import FlowLayout
from gui.more_blocks import MoreBlocks
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QTableView

    from gui.kind_delegate import CellDelegate, KindDelegate

TABLE_MINIMUM_HEIGHT = 96


class AttachmentsEditor(QWidget):
    """The table (``attachmentsTable``) over ``model``, and its row buttons under it."""

    sendRequested = Signal()  # Ctrl+Enter inside a cell, after the cell is committed
    fullFormPasted = Signal(object)  # the pasted full form's keys besides BLOCKS (COLOR_TOKEN...)

    def __init__(
        self, model: AttachmentsModel, parent: QWidget | None = None, *, defer_table: bool = False
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._kind_delegate: KindDelegate | None = None
        self._cell_delegate: CellDelegate | None = None
        self._table: QTableView | None = None
        self._table_watchers = WhenBuilt()
        buttons = self._make_buttons()
        self.more = MoreBlocks(self, defer_menu=defer_table)
        self.paste_note = self.more.note  # what a paste did: shown under the table by the form
        self.more.addRequested.connect(self.add_attachment)
        self.more.pasted.connect(self._add_pasted)
        self.model.changed.connect(self.more.clear_note)  # a paste's note lasts until an edit
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._slot: QFrame | None = _table_slot()  # the table's place until it is built
        self._column.addWidget(self._slot, 1)
        self._column.addLayout(buttons)
        self._column.addWidget(self.more)
        self.model.changed.connect(self._update_row_buttons)
        self._update_row_buttons()
        if not defer_table:
            self.build_table()

    # -- the table ------------------------------------------------------------------------------
    @property
    def table(self) -> QTableView:
        """The attachments table (``attachmentsTable``), built on first use when deferred."""
        return self._table if self._table is not None else self.build_table()

    def table_built(self) -> bool:
        return self._table is not None

    def field(self) -> QWidget:
        """The table, or the empty frame holding its place (a label's buddy: a QLabel without
        one shows its mnemonic's ampersand, "Attach&ments:", instead of underlining it)."""
        if self._table is not None:
            return self._table
        assert self._slot is not None
        return self._slot

    def when_table_built(self, then: Callable[[QTableView], None]) -> None:
        """Call ``then(table)`` once the table exists (now, if it does)."""
        self._table_watchers.add(then)

    def build_table(self) -> QTableView:
        """Build the table in the place its slot kept (once; returns it)."""
        if self._table is not None:
            return self._table
        table = self._table = _make_table(self.model)
        slot, self._slot = self._slot, None
        if slot is not None:
            # Into the frame, which stays as the table's holder (frameless now): taking the
            # frame out of the editor's column (replaceWidget, or insert and remove) and
            # deleting it left the row buttons' layout items (gui/flow_layout.py) deleted under
            # Python's feet once Python had wrapped the form's widgets (the focus chain walked,
            # children found): the row's next layout raised "Internal C++ object (QWidgetItem)
            # already deleted", or the process crashed.
            holder = slot.layout()
            assert holder is not None
            holder.addWidget(table)
            set_enum_property(slot, "frameShape", "NoFrame")
            slot.setObjectName("attachmentsTablePlace")
        table.selectionModel().selectionChanged.connect(self._update_row_buttons)
        self._table_watchers.built(table)
        self._update_row_buttons()
        return table

    def _make_buttons(self) -> FlowLayout:
        self.add_picture_button = self._button(_("Add &picture"), "addPictureButton")
        self.add_file_button = self._button(_("Add &file"), "addFileButton")
        self.remove_button = self._button(_("Remo&ve"), "removeAttachmentButton")
        self.up_button = self._button(_("M&ove up"), "moveUpButton")
        self.down_button = self._button(_("Move &down"), "moveDownButton")
        self.add_picture_button.setToolTip(_("Add a row for a picture link (IMAGE block)"))
        self.add_file_button.setToolTip(_("Add a row for a file link (FILE block)"))
        buttons = FlowLayout()  # wraps in a narrow pane (or a longer language)
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (
            self.add_picture_button,
            self.add_file_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(b)
        self.add_picture_button.clicked.connect(lambda: self.add_attachment(PICTURE))
        self.add_file_button.clicked.connect(lambda: self.add_attachment(FILE))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        return buttons

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text.replace("&", ""))
        return b

    def hasHeightForWidth(self) -> bool:
        """No: the form sizes this editor by its minimum size, which the wrapping button row
        keeps up to date (a height for width would leave out the table, whose preferred height
        is ignored on purpose, and the buttons were drawn over it)."""
        return False

    def tab_chain(self) -> list[QWidget]:
        return [
            *([self._table] if self._table is not None else []),
            self.add_picture_button,
            self.add_file_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            *self.more.tab_chain(),
        ]

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

    # -- rows ------------------------------------------------------------------------------
    def selected_row(self) -> int:
        if self._table is None:
            return -1  # nothing can be selected in a table not built yet
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = self.table.currentIndex()
        return current.row() if current.isValid() else -1

    def add_attachment(self, kind: str) -> int:
        """Append a row and start editing it in place (its URL or text; a person's or a grid
        cell's name)."""
        row = self.model.add_row(kind)
        index = self.model.index(row, NAME_COLUMN if kind in STARTS_AT_NAME else URL_COLUMN)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        if self.table.isVisible():  # editing needs a shown view (Qt warns otherwise)
            self.table.setFocus()
            self.table.edit(index)
        return row

    def _add_pasted(self, rows: list[tuple[str, str, str]], meta: dict) -> None:
        """Rows made from pasted JSON (:class:`gui.more_blocks.MoreBlocks` read them)."""
        first = self.model.rowCount()
        self.model.add_rows(rows)
        self.table.selectRow(first)
        if meta:
            self.fullFormPasted.emit(meta)

    def paste_json(self, text: str | None = None) -> int:
        """Add the blocks of JSON ``text`` (the clipboard's by default); how many were added."""
        return self.more.paste_json(text)

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
        if self._table is None and self.model.rowCount():
            self.build_table()  # rows (a restored draft, a paste) are never hidden behind a slot
            return  # build_table() comes back here
        row = self.selected_row()
        count = self.model.rowCount()
        if count and self._table is not None:
            self._use_kind_delegate()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)


def _table_slot() -> QFrame:
    """An empty frame the table's size, holding its place until the table is built in it."""
    slot = QFrame()
    slot.setObjectName("attachmentsTableSlot")
    set_enum_property(slot, "frameShape", "StyledPanel")
    set_enum_property(slot, "frameShadow", "Sunken")
    slot.setMinimumHeight(TABLE_MINIMUM_HEIGHT)
    # A frame's own size policy and an empty layout: with its stretch in the editor's column it
    # takes the spare height as the table will (Expanding/Ignored), without a QSizePolicy before
    # the first paint (~6 ms: PySide6 builds the class and its enums on first use).
    QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)  # for the table (see build_table)
    return slot


def _make_table(model: AttachmentsModel) -> QTableView:
    from PySide6.QtWidgets import (  # see the docstring
        QAbstractItemView,
        QHeaderView,
        QSizePolicy,
        QTableView,
    )

    table = QTableView()
    table.setObjectName("attachmentsTable")
    table.setAccessibleName(_("Attachments"))
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
    table.setTabKeyNavigation(False)  # Tab leaves the table, like every other field
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    set_enum_property(table, "textElideMode", "ElideMiddle")
    header = table.horizontalHeader()
    # Wide enough for the longest type and the drop-down's arrow while editing. (A
    # ResizeToContents column measured only the header here: "Picture" showed as "P…e".)
    metrics = table.fontMetrics()
    type_width = max(metrics.horizontalAdvance(_(LABELS[k])) for k in KINDS) + 36
    header.setSectionResizeMode(TYPE_COLUMN, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(TYPE_COLUMN, type_width)
    header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(URL_COLUMN, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(NAME_COLUMN, 125)
    table.setMinimumHeight(TABLE_MINIMUM_HEIGHT)
    # Its height is whatever is left (at least the minimum): with the view's preferred
    # height counted, the scrolling form asked for more than a 780 px window has and showed
    # a scroll bar with nothing to scroll.
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    return table
