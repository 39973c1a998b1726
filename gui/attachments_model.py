"""The attachments table: one row per ATTACH block, edited in place (Type, Name, URL / text).

Bitrix24 does not upload anything for a notification: a picture or a file is an ATTACH block that
points at a URL. Each row becomes one block (:mod:`gui.block_rows`: a picture, a file, a message, a
link, a user, a grid cell, a delimiter, or any block as JSON); the core validates them, and
:meth:`AttachmentsModel.set_problems` marks the rows it refused.

The model is a ``QStandardItemModel``, so the cells and the header labels live in C++. That is for
start-up: the table's header asks ``headerData(section, Qt::Orientation, role)`` as soon as it is
drawn, and a Python ``headerData`` would make PySide6 build the Python class of every enum in the
``Qt`` namespace (about a hundred of them, ~28 ms) before the window's first paint. For the same
reason the item roles below are plain ints (their ``Qt.ItemDataRole`` values).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel

from core.i18n import N_, _
from gui.block_rows import (
    FILE,
    KINDS,
    LABELS,
    NAME_UNUSED,
    PICTURE,
    kind_of,
    row_block,
)

__all__ = ["FILE", "KINDS", "PICTURE", "AttachmentsModel", "row_block"]

COLUMNS = (N_("Type"), N_("Name"), N_("URL / text"))
TYPE_COLUMN, NAME_COLUMN, URL_COLUMN = range(3)

# Qt.ItemDataRole values (stable Qt ABI), as ints: see the module docstring.
DISPLAY_ROLE = 0
EDIT_ROLE = 2
TOOLTIP_ROLE = 3
FOREGROUND_ROLE = 9
ACCESSIBLE_DESCRIPTION_ROLE = 12

PROBLEM_COLOUR = "#b3261e"  # on a light table
PROBLEM_COLOUR_ON_DARK = "#ff8a80"  # the dark red is barely readable on a dark table

if TYPE_CHECKING:  # the index classes, and the items, come with the first row or the table
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QStandardItem

    _Index = QModelIndex | QPersistentModelIndex


_kind = kind_of

# What each kind's Name and URL / text cells hold (tooltips; translated where shown).
_NAME_TIPS = {
    "Picture": N_("Optional: the name shown in the notification"),
    "File": N_("Optional: the name shown in the notification"),
    "Link": N_("Optional: the link's title"),
    "User": N_("The person's name"),
    "Grid": N_("The name of the cell (shown before its value)"),
}
_VALUE_TIPS = {
    "Message": N_("The text of the block (BB-codes work)"),
    "User": N_("Optional: a link to the person (http(s) or a portal page, /…)"),
    "Grid": N_("The value shown after the name"),
    "Delimiter": N_("Optional: the line's colour, #RGB or #RRGGBB"),
    "JSON": N_('The whole block as JSON, such as {"MESSAGE": "Hi"}'),
}
_LINK_TIP = N_("An absolute http(s) link (or a portal-relative one, /…)")
_UNUSED_TIP = N_("Not used by this kind of block")


class AttachmentsModel(QStandardItemModel):
    """Rows of (type, name, URL); every cell is editable with ``setData``."""

    changed = Signal()  # any edit, insert, removal or move: the form re-validates

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._problems: dict[int, str] = {}
        self._marking = False
        self._quiet = 0  # > 0 while one operation makes several Qt changes
        self.dataChanged.connect(self._on_data_changed)
        for sig in (self.rowsInserted, self.rowsRemoved, self.rowsMoved, self.modelReset):
            sig.connect(self._emit_changed)

    def _on_data_changed(self, *_args: object) -> None:
        if not self._marking:  # marking problems in red is not an edit
            self._emit_changed()

    def _emit_changed(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit()

    @contextmanager
    def _one_change(self) -> Iterator[None]:
        """Several Qt changes that the form sees as one edit (one ``changed``)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1
        self._emit_changed()

    # -- Qt model API ---------------------------------------------------------------------------
    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if role == TOOLTIP_ROLE:
            return self._tooltip(index.row(), index.column())
        if role == DISPLAY_ROLE and index.column() == TYPE_COLUMN:
            kind = self._text(index.row(), TYPE_COLUMN)
            return _(LABELS.get(kind, kind))
        if role == ACCESSIBLE_DESCRIPTION_ROLE:
            return self._problems.get(index.row(), "")
        if role == FOREGROUND_ROLE:
            if index.row() not in self._problems:
                return None
            from PySide6.QtGui import QColor, QGuiApplication, QPalette

            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            return QColor(PROBLEM_COLOUR_ON_DARK if base.lightness() < 128 else PROBLEM_COLOUR)
        if role in (DISPLAY_ROLE, EDIT_ROLE):
            return super().data(index, role)
        return None

    def setData(self, index: _Index, value: Any, role: int = EDIT_ROLE) -> bool:
        if role != EDIT_ROLE or not index.isValid():
            return False
        column = index.column()
        if column == TYPE_COLUMN:
            kind = _kind(value)
            if kind is None:
                return False
            value = kind
            done = super().setData(index, value, EDIT_ROLE)
            self._sync_editable(index.row())
            return done
        if column == NAME_COLUMN:
            value = str(value if value is not None else "")
        elif column == URL_COLUMN:
            value = str(value if value is not None else "").strip()
        else:
            return False
        return super().setData(index, value, EDIT_ROLE)

    def _tooltip(self, row: int, column: int) -> str:
        problem = self._problems.get(row)
        if problem:
            return problem
        kind = self._text(row, TYPE_COLUMN)
        if column == TYPE_COLUMN:
            return _("The kind of block: {kinds}").format(
                kinds=", ".join(_(LABELS[k]) for k in KINDS)
            )
        if column == NAME_COLUMN:
            return _(_UNUSED_TIP if kind in NAME_UNUSED else _NAME_TIPS.get(kind, _UNUSED_TIP))
        return self._text(row, URL_COLUMN) or _(_VALUE_TIPS.get(kind, _LINK_TIP))

    def _sync_editable(self, row: int) -> None:
        """The Name cell is editable only for kinds that use it (not a change of the form)."""
        item = self.item(row, NAME_COLUMN)
        if item is not None:
            self._marking = True
            try:
                item.setEditable(self._text(row, TYPE_COLUMN) not in NAME_UNUSED)
            finally:
                self._marking = False

    # -- form API -------------------------------------------------------------------------------
    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    @staticmethod
    def _items(kind: str, name: str, url: str) -> list[QStandardItem]:
        from PySide6.QtGui import QStandardItem  # with the first row (see the imports)

        kind = _kind(kind) or PICTURE
        name_item = QStandardItem(name)
        name_item.setEditable(kind not in NAME_UNUSED)
        return [QStandardItem(kind), name_item, QStandardItem(url)]

    def add_row(self, kind: str = PICTURE, name: str = "", url: str = "") -> int:
        """Append a row; returns its index (the view starts editing its URL there)."""
        row = self.rowCount()
        self.appendRow(self._items(kind, name, url.strip()))
        return row

    def add_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """Append several rows as one change of the form."""
        with self._one_change():
            for kind, name, url in rows:
                self.appendRow(self._items(kind, name, url.strip()))

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < self.rowCount():
            return False
        return self.removeRow(row)

    def move_row(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new index (unchanged at either end)."""
        target = row + delta
        count = self.rowCount()
        if not (0 <= row < count and 0 <= target < count) or delta == 0:
            return row
        with self._one_change():
            self.insertRow(target, self.takeRow(row))
        return target

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            (self._text(r, TYPE_COLUMN), self._text(r, NAME_COLUMN), self._text(r, URL_COLUMN))
            for r in range(self.rowCount())
        ]

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        with self._one_change():
            self._problems = {}
            self.removeRows(0, self.rowCount())
            for kind, name, url in rows:
                self.appendRow(self._items(kind, name, url))

    def blocks(self) -> list[Any]:
        """The ATTACH list for the request (empty when there are no rows)."""
        return [row_block(*row) for row in self.rows()]

    def set_problems(self, problems: dict[int, str]) -> None:
        """Mark rows the validator complained about (row -> message); the view shows them in red."""
        if problems == self._problems:
            return
        self._problems = dict(problems)
        count = self.rowCount()
        if count:
            self._marking = True
            try:
                last = self.index(count - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last, [FOREGROUND_ROLE])
            finally:
                self._marking = False

    def problems(self) -> dict[int, str]:
        return dict(self._problems)
