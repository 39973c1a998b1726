"""The history of sends in the window: ``historyView`` (a table) and ``historySearch``.

The rows come from :class:`core.history.History`, the store the command line writes too, read on a
worker of its own (SQLite never runs on the UI thread; ``sqlite3`` is imported there, never before
the first paint). Typing in the search box filters as you type (after a short pause). An entry
opened (double-click, Enter, or Open) puts it back into the form; Re-send puts it back and sends
the form as a new notification (never an automatic resend); "Delete by tag" deletes the
notifications with the entry's tag through the window's normal call path; Forget removes entries
from the history.

:class:`HistoryDock` holds the view beside the result panel; it builds the view only when first
shown after the window's first paint.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from core.history import Entry
    from gui.tasks import Outcome, TaskRunner

COLUMNS = (N_("Time"), N_("Profile"), N_("Recipient"), N_("Text"), N_("Outcome"))
SHOWN = 500  # rows read at a time (the newest; searching reaches the rest)
DEBOUNCE_MS = 250
ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class _Table(QTableView):
    """The table; Enter opens the current entry."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class HistoryView(QWidget):
    """The history table, its search box and its actions; see the module docstring."""

    openRequested = Signal(object)  # Entry: put it back into the form
    resendRequested = Signal(object)  # Entry: put it back and send the form
    deleteTagRequested = Signal(object)  # Entry: delete the notifications with its tag
    statusMessage = Signal(str, int)
    loaded = Signal()  # the table shows a fresh reading

    def __init__(self, parent: QWidget | None = None, *, path: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._path = path  # the database (default: the settings folder's)
        self._runner: TaskRunner | None = None
        self._asked = 0  # the number of the latest reading asked for
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText(_("Search text, recipient, tag, profile…"))
        self.search.setAccessibleName(_("Search the history"))
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table = _Table()
        self.table.setObjectName("historyView")
        self.table.setAccessibleName(_("History of sends"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self._buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(self._row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.entered.connect(self.open_current)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _buttons(self) -> None:
        def button(name: str, text: str, tip: str, slot: Any) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            return b

        self.open_button = button(
            "openHistoryButton",
            _("Ope&n"),
            _("Put this entry back into the form"),
            self.open_current,
        )
        self.resend_button = button(
            "resendHistoryButton",
            _("Re-send"),
            _("Put this entry back into the form and send it as a new notification"),
            lambda: self._ask(self.resendRequested),
        )
        self.delete_tag_button = button(
            "deleteTagHistoryButton",
            _("Delete b&y tag"),
            _("Delete the notifications that carry this entry's tag (im.notify.delete)"),
            lambda: self._ask(self.deleteTagRequested),
        )
        self.forget_button = button(
            "forgetHistoryButton",
            _("Forget"),
            _("Remove the selected entries from the history"),
            self.forget_selected,
        )
        self._row = QHBoxLayout()
        for b in (self.open_button, self.resend_button, self.delete_tag_button):
            self._row.addWidget(b)
        self._row.addStretch(1)
        self._row.addWidget(self.forget_button)

    # -- reading --------------------------------------------------------------------------------
    @property
    def _tasks(self) -> TaskRunner:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=1)
        return self._runner

    def _history(self) -> Any:
        from core.history import History  # on the worker: sqlite3 loads there

        return History(self._path)

    def refresh(self) -> None:
        """Read the history again (on the worker), filtered by the search box."""
        self._timer.stop()
        text = self.search.text()
        asked = self._asked = self._asked + 1

        def read() -> tuple[list[Entry], str]:
            history = self._history()
            found = history.search(text, limit=SHOWN)
            return found, history.notice or history.problem

        self._tasks.run(read, lambda outcome: self._fill(asked, outcome))

    def _fill(self, asked: int, outcome: Outcome) -> None:
        if asked != self._asked:
            return  # a newer reading is on its way
        entries, note = outcome.result if outcome.ok else ([], str(outcome.error))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.model.removeRows(0, self.model.rowCount())
        for entry in entries:
            self.model.appendRow(self._row_of(entry))
        self._update_buttons()
        self.loaded.emit()

    @staticmethod
    def _row_of(entry: Entry) -> list[QStandardItem]:
        when = time.strftime(
            pgettext("date and time with seconds (strftime)", "%Y-%m-%d %H:%M:%S"),
            time.localtime(entry.time),
        )

        who = entry.recipient or (
            _("tag {tag}").format(tag=entry.tag) if entry.tag else entry.sub_tag
        )
        text = " ".join(entry.text.split()) or entry.method
        cells = [when, entry.profile or entry.address, who, text, entry.outcome_text]
        items = [QStandardItem(c) for c in cells]
        items[0].setData(entry, ENTRY_ROLE)
        items[3].setToolTip(entry.text[:2000])
        return items

    # -- entries --------------------------------------------------------------------------------
    def entry_at(self, row: int) -> Entry | None:
        item = self.model.item(row, 0)
        return item.data(ENTRY_ROLE) if item is not None else None

    def current_entry(self) -> Entry | None:
        index: QModelIndex = self.table.currentIndex()
        return self.entry_at(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.openRequested.emit(entry)

    def _ask(self, signal: Any) -> None:
        entry = self.current_entry()
        if entry is not None:
            signal.emit(entry)

    def forget_selected(self) -> None:
        """Remove the selected entries from the history (on the worker), then read again."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        ids = [e.id for e in (self.entry_at(r) for r in rows) if e is not None and e.id is not None]
        if not ids:
            return

        def forget() -> int:
            return int(self._history().delete(ids))

        def done(outcome: Outcome) -> None:
            n = outcome.result if outcome.ok else 0
            text = ngettext(
                "Removed {n} entry from the history.", "Removed {n} entries from the history.", n
            )
            self.statusMessage.emit(text.format(n=n), 5000)
            self.refresh()

        self._tasks.run(forget, done)

    def _update_buttons(self, *_args: object) -> None:
        entry = self.current_entry()
        chosen = entry is not None and self.table.selectionModel().hasSelection()
        for b in (self.open_button, self.resend_button, self.forget_button):
            b.setEnabled(chosen)
        self.delete_tag_button.setEnabled(bool(chosen and entry is not None and entry.tag))

    def wait_for_done(self, msecs: int) -> bool:
        return self._runner is None or self._runner.wait_for_done(msecs)


class HistoryDock(QDockWidget):
    """The dock beside the result panel; the view inside is built when first shown after the
    window's first paint (:meth:`window_painted`)."""

    built = Signal(object)  # the HistoryView, once made

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("History"), parent)
        self.setObjectName("historyDock")
        self.view: HistoryView | None = None
        self._painted = False
        self.visibilityChanged.connect(self._shown)

    def window_painted(self) -> None:
        self._painted = True
        self._shown(self.isVisible())

    def _shown(self, visible: bool) -> None:
        if visible and self._painted:
            if self.view is None:
                self.view = HistoryView(self)
                self.setWidget(self.view)
                self.built.emit(self.view)
            self.view.refresh()

    def show_history(self) -> HistoryView:
        """Show the dock (building the view if needed) and return the view."""
        self.show()
        self.raise_()
        self._painted = True
        self._shown(True)
        assert self.view is not None
        return self.view

    def refresh(self) -> None:
        """A send was recorded: read again if the view exists and is shown."""
        if self.view is not None and self.isVisible():
            self.view.refresh()
