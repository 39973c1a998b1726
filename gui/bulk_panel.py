"""The bulk send's panel, built the first time the form names many recipients.

Pacing (``ratePresetCombo``: standard or Enterprise), Preview (the personalised versions,
:mod:`gui.bulk_preview`), ``bulkProgress`` (a progress bar with the sent / failed / unknown counts
and the time left), ``bulkResults`` (one row per recipient, :mod:`gui.bulk_results_model`) that
can be copied (Ctrl+C, or Copy) and saved as CSV (the file written on the worker), and
``retryFailedButton``, which sends again only to those the portal refused (or that were never
sent) — never to an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _, ngettext
from gui.bulk_preview import BulkPreview
from gui.bulk_results_model import BulkResultsModel
from gui.bulk_rows import as_csv, as_tsv, counts_text

if TYPE_CHECKING:
    from core.bulk import BulkReport, Outcome, Progress
    from gui.bulk_controller import Planned
    from gui.tasks import Outcome as TaskOutcome
    from gui.tasks import TaskRunner

PRESET_WORDS = {
    "standard": N_("Standard: 50 requests, then 2 a second"),
    "enterprise": N_("Enterprise: 250 requests, then 5 a second"),
}


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


class BulkPanel(QWidget):
    """See the module docstring. ``tasks()`` gives the window's worker pool (for the CSV file)."""

    previewRequested = Signal()
    retryRequested = Signal()
    presetChanged = Signal(str)  # "standard" | "enterprise"
    saved = Signal(str)  # the path written, after the worker wrote it
    saveFailed = Signal(str)  # what went wrong, in words

    def __init__(self, tasks: Callable[[], TaskRunner], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkPanel")
        self._tasks = tasks
        self.rate_combo = QComboBox()
        self.rate_combo.setObjectName("ratePresetCombo")
        self.rate_combo.setAccessibleName(_("Pacing: the portal's request limit"))
        self.rate_combo.setToolTip(
            _("How fast to send: the portal's request limit (Enterprise plans allow more).")
        )
        for key, words in PRESET_WORDS.items():
            self.rate_combo.addItem(_(words), key)
        self.rate_combo.currentIndexChanged.connect(
            lambda _i: self.presetChanged.emit(self.preset())
        )
        self.preview_button = _button(
            _("Pre&view"), "previewButton", _("Show each recipient's version; nothing is sent")
        )
        self.preview_button.clicked.connect(self.previewRequested)
        self.summary = QLabel()
        self.summary.setObjectName("bulkSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("bulkProgress")
        self.progress.setAccessibleName(_("Bulk send progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.counts = QLabel()
        self.counts.setObjectName("bulkCounts")
        self.model = BulkResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("bulkResults")
        self.table.setAccessibleName(_("Each recipient's outcome"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_results)
        self.copy_button = _button(_("&Copy"), "copyResultsButton", _("Copy the outcomes"))
        self.copy_button.clicked.connect(self.copy_results)
        self.save_button = _button(
            _("Save as CS&V…"), "saveResultsButton", _("Save the outcomes as a CSV file")
        )
        self.save_button.clicked.connect(self._ask_where_to_save)
        self.retry_button = _button(
            _("&Retry failed"),
            "retryFailedButton",
            _("Send again only to those the portal refused; never to those whose outcome is "
              "unknown"),
        )  # fmt: skip
        self.retry_button.clicked.connect(self.retryRequested)
        self.preview = BulkPreview()
        self._lay_out()
        self.set_busy(False, retryable=0)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Pacing:")))
        top.addWidget(self.rate_combo, 1)
        top.addWidget(self.preview_button)
        results = QWidget()
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.progress)
        column.addWidget(self.counts)
        column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        column.addLayout(buttons)
        split = QSplitter()
        split.setObjectName("bulkSplitter")
        split.setOrientation(Qt.Orientation.Vertical)
        split.addWidget(self.preview)
        split.addWidget(results)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # -- pacing ---------------------------------------------------------------------------------
    def preset(self) -> str:
        return str(self.rate_combo.currentData())

    def set_preset(self, key: str) -> None:
        at = self.rate_combo.findData(key)
        self.rate_combo.setCurrentIndex(at if at >= 0 else 0)

    # -- states ---------------------------------------------------------------------------------
    def set_busy(self, busy: bool, *, retryable: int) -> None:
        self.preview_button.setEnabled(not busy)
        self.rate_combo.setEnabled(not busy)
        self.retry_button.setEnabled(not busy and retryable > 0)
        if retryable and not busy:
            self.retry_button.setText(
                ngettext("&Retry failed ({n})", "&Retry failed ({n})", retryable).format(
                    n=retryable
                )
            )
        else:
            self.retry_button.setText(_("&Retry failed"))
        has_rows = bool(self.model.rows)
        self.copy_button.setEnabled(has_rows)
        self.save_button.setEnabled(has_rows and not busy)

    def show_summary(self, text: str) -> None:
        self.summary.setText(text)

    def show_planned(self, planned: Planned, *, keep_rows: bool = False) -> None:
        """The plan is made: every recipient waits; the first one's version is shown."""
        from core.bulk import describe_plan

        plan = planned.plan
        if not keep_rows:
            self.model.set_recipients(plan.recipients, planned.names)
        # Drawn a moment later: not in the same event as the table's first rows.
        QTimer.singleShot(0, lambda: self.preview.set_plan(plan, planned.names))
        self._set_bar(0, len(plan.recipients), "")
        self.counts.setText("")
        self.summary.setText(describe_plan(plan))

    def _set_bar(self, done: int, total: int, text: str) -> None:
        """Move the bar without QProgressBar's synchronous repaint (its setValue paints at once,
        tens of milliseconds while the worker holds the GIL); it is drawn with the next paint."""
        bar = self.progress
        bar.setUpdatesEnabled(False)
        try:
            bar.setRange(0, max(1, total))
            bar.setValue(done)
            bar.setFormat(f"%p% — {text}" if text else "%p%")
        finally:
            bar.setUpdatesEnabled(True)  # schedules an ordinary (coalesced) update

    def show_progress(self, progress: Progress) -> None:
        text = counts_text(progress)
        self._set_bar(progress.done, progress.total, text)
        self.counts.setText(text)

    def add_outcomes(self, outcomes: list[Outcome]) -> None:
        self.model.add_outcomes(outcomes)

    def show_report(self, report: BulkReport) -> None:
        """The run ended: the table has every outcome; the summary says how it went."""
        self.model.add_outcomes(report.outcomes)
        sent, failed, unknown = len(report.sent), len(report.failed), len(report.unknown)
        total = len(report.outcomes)
        line = _("{sent} sent, {failed} failed, {unknown} unknown").format(
            sent=sent, failed=failed, unknown=unknown
        )
        self._set_bar(total, total, line)
        self.counts.setText(line)
        parts = [
            ngettext(
                "Sent to {sent} of {n} recipient.", "Sent to {sent} of {n} recipients.", total
            ).format(sent=sent, n=total)
        ]
        if report.cancelled:
            parts.append(_("Cancelled: the rest were not sent."))
        elif report.stopped:
            parts.append(_("The run stopped: {why}.").format(why=report.stopped))
        if failed:
            parts.append(
                ngettext(
                    "{n} failed: Retry failed sends to it again.",
                    "{n} failed: Retry failed sends to them again.",
                    failed,
                ).format(n=failed)
            )
        if unknown:
            parts.append(
                ngettext(
                    "{n} unknown: check before sending again (Retry failed leaves it out).",
                    "{n} unknown: check before sending again (Retry failed leaves them out).",
                    unknown,
                ).format(n=unknown)
            )
        self.summary.setText(" ".join(parts))

    # -- copy and save --------------------------------------------------------------------------
    def _chosen_rows(self) -> list[Any]:
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        rows = self.model.rows
        return [rows[i] for i in picked] if picked else list(rows)

    def copy_results(self) -> str:
        """The selected rows (all when none is selected) as tab-separated text, on the clipboard."""
        text = as_tsv(self._chosen_rows())
        QGuiApplication.clipboard().setText(text)
        return text

    def _ask_where_to_save(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the outcomes"), "b24notify-outcomes.csv", _("CSV files (*.csv)")
        )
        if path:
            self.save_csv(path)

    def save_csv(self, path: str | Path) -> None:
        """Write every row as CSV to ``path`` on the worker; :attr:`saved` or :attr:`saveFailed`."""
        text = as_csv(self.model.rows)
        target = Path(path)

        def write() -> str:
            target.write_text(text, encoding="utf-8", newline="")
            return str(target)

        def done(outcome: TaskOutcome) -> None:
            if outcome.ok:
                self.saved.emit(outcome.result)
            else:
                self.saveFailed.emit(
                    _("Could not save {path}: {why}").format(path=target, why=outcome.error)
                )

        self._tasks().run(write, done)
