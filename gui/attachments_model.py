"""The attachments table: one row per picture or file, edited in place (columns Type, Name, URL).

Bitrix24 does not upload anything for a notification: a picture or a file is an ATTACH block that
points at a URL. Each row becomes ``core.blocks.picture_block`` or ``core.blocks.file_block``; the
core validates the links, and :meth:`AttachmentsModel.set_problems` marks the rows it refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from core.blocks import file_block, picture_block

PICTURE = "Picture"
FILE = "File"
KINDS = (PICTURE, FILE)
COLUMNS = ("Type", "Name", "URL")
TYPE_COLUMN, NAME_COLUMN, URL_COLUMN = range(3)

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class AttachmentRow:
    kind: str = PICTURE
    name: str = ""
    url: str = ""

    def block(self) -> dict[str, Any]:
        """The ATTACH block of this row, in the core's (OPI's) shape."""
        name, url = self.name.strip(), self.url.strip()
        if self.kind == FILE:
            return file_block(name, url)
        return picture_block(name, url)


def _kind(value: object) -> str | None:
    text = str(value or "").strip().lower()
    for kind in KINDS:
        if text in (kind.lower(), {"Picture": "image", "File": "file"}[kind].lower()):
            return kind
    return None


class AttachmentsModel(QAbstractTableModel):
    """Rows of (type, name, URL); every cell is editable with ``setData``."""

    changed = Signal()  # any edit, insert, removal or move: the form re-validates

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AttachmentRow] = []
        self._problems: dict[int, str] = {}
        self._marking = False
        self.dataChanged.connect(self._on_data_changed)
        for sig in (self.rowsInserted, self.rowsRemoved, self.rowsMoved, self.modelReset):
            sig.connect(self._emit_changed)

    def _on_data_changed(self, *_args: object) -> None:
        if not self._marking:  # marking problems in red is not an edit
            self.changed.emit()

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        value = (row.kind, row.name, row.url)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self._problems.get(index.row())
            if problem:
                return problem
            if index.column() == URL_COLUMN:
                return row.url or "An absolute http(s) link (or a portal-relative one, /…)"
            if index.column() == NAME_COLUMN:
                return "Optional: the name shown in the notification"
            return "Picture or File"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._problems.get(index.row(), "")
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self._problems:
            from PySide6.QtGui import QColor

            return QColor("#b3261e")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        column = index.column()
        if column == TYPE_COLUMN:
            kind = _kind(value)
            if kind is None:
                return False
            row.kind = kind
        elif column == NAME_COLUMN:
            row.name = str(value if value is not None else "")
        elif column == URL_COLUMN:
            row.url = str(value if value is not None else "").strip()
        else:
            return False
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    # -- form API -------------------------------------------------------------------------------
    def add_row(self, kind: str = PICTURE, name: str = "", url: str = "") -> int:
        """Append a row; returns its index (the view starts editing its URL there)."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(AttachmentRow(_kind(kind) or PICTURE, name, url.strip()))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        return True

    def move_row(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new index (unchanged at either end)."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)) or delta == 0:
            return row
        # Qt's destination is "insert before": one past the target when moving down.
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target

    def rows(self) -> list[tuple[str, str, str]]:
        return [(r.kind, r.name, r.url) for r in self._rows]

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = [AttachmentRow(_kind(k) or PICTURE, n, u) for k, n, u in rows]
        self._problems = {}
        self.endResetModel()

    def blocks(self) -> list[dict[str, Any]]:
        """The ATTACH list for the request (empty when there are no rows)."""
        return [r.block() for r in self._rows]

    def set_problems(self, problems: dict[int, str]) -> None:
        """Mark rows the validator complained about (row -> message); the view shows them in red."""
        if problems == self._problems:
            return
        self._problems = dict(problems)
        if self._rows:
            self._marking = True
            try:
                last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])
            finally:
                self._marking = False

    def problems(self) -> dict[int, str]:
        return dict(self._problems)
