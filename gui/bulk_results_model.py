"""The per-recipient table of a bulk send (``bulkResults``): id, name, outcome, id, details.

Rows are set when the run is planned (all "Waiting") and filled as each request's outcomes come
(on the GUI thread, from the run's ``on_outcomes`` through a queued signal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.i18n import _
from gui.bulk_rows import HEADERS, Row

if TYPE_CHECKING:
    from core.bulk import Outcome

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_USER = Qt.ItemDataRole.UserRole


class BulkResultsModel(QAbstractTableModel):
    """One :class:`gui.bulk_rows.Row` per recipient, in the plan's order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._at: dict[int, int] = {}
        self._cells: dict[int, list[str]] = {}  # the shown texts of each row, by user id

    def set_recipients(self, ids: list[int], names: dict[int, str]) -> None:
        self.beginResetModel()
        self._cells = {}
        self.rows = [Row(user_id, names.get(user_id, "")) for user_id in ids]
        self._at = {row.user_id: i for i, row in enumerate(self.rows)}
        self.endResetModel()

    def set_names(self, names: dict[int, str]) -> None:
        for row in self.rows:
            row.name = names.get(row.user_id, row.name)
        self._cells = {}
        if self.rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.rows) - 1, 1))

    def add_outcomes(self, outcomes: list[Outcome]) -> None:
        changed: list[int] = []
        for outcome in outcomes:
            at = self._at.get(outcome.user_id)
            if at is not None:
                self.rows[at].outcome = outcome
                self._cells.pop(outcome.user_id, None)
                changed.append(at)
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def clear(self) -> None:
        self.set_recipients([], {})

    def with_status(self, *statuses: str) -> list[Row]:
        return [row for row in self.rows if row.status in statuses]

    # -- Qt's model interface ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called from C++ for every role of every visible cell, each time taking the GIL from
        # the worker that sends: as little Python as possible, the texts computed once a row.
        if role != _DISPLAY and role != _TOOLTIP:
            return self.rows[index.row()].status if role == _USER else None
        row = self.rows[index.row()]
        cells = self._cells.get(row.user_id)
        if cells is None:
            cells = self._cells[row.user_id] = row.cells()
        return cells[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[section])
        return None
