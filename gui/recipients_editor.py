"""The recipients editor (``recipientsEditor``): ids and ranges typed or pasted, a department, or a
CSV file — one list, duplicates removed, its count shown (``recipientsCount``).

The list is the text box: ids, ranges and pasted columns as :func:`core.recipients.parse_ids`
reads them. "Add department" asks the portal (``department.get`` and ``user.get`` by
department, through the core, on the worker) and adds its active people; "Add CSV file" reads the
file through :func:`core.recipients.read_csv` on the worker, adds its ``ID`` column, and keeps
its other columns for the placeholders. OK puts the list in the recipient field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.i18n import _, ngettext
from gui.bulk_rows import compact_ids
from gui.field_note import error_style, sentence

if TYPE_CHECKING:
    from gui.tasks import Outcome as TaskOutcome

# (department id, with sub-departments, on_done(outcome with the ids)) -> None
DepartmentLookup = Callable[[str, bool, Callable[["TaskOutcome"], None]], None]
# (path, on_done(outcome with a list of core.recipients.Recipient)) -> None
CsvReader = Callable[[str, Callable[["TaskOutcome"], None]], None]


class RecipientsEditor(QDialog):
    """See the module docstring. ``lookup`` and ``read_csv`` run their work on the worker."""

    def __init__(
        self,
        lookup: DepartmentLookup,
        read_csv: CsvReader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recipientsEditor")
        self.setWindowTitle(_("Recipients"))
        self._lookup = lookup
        self._read_csv = read_csv
        self.values: dict[int, dict[str, str]] = {}
        self._ids: list[int] = []
        self.pending = 0  # lookups and files still being read

        self.ids_edit = QPlainTextEdit()
        self.ids_edit.setObjectName("recipientsIdsEdit")
        self.ids_edit.setAccessibleName(_("Recipient ids"))
        self.ids_edit.setPlaceholderText(
            _("User ids, ranges or a pasted column: 5, 7; 9 or 1-60, one per line works too")
        )
        self.ids_edit.textChanged.connect(self._recount)
        self.department_edit = QLineEdit()
        self.department_edit.setObjectName("departmentEdit")
        self.department_edit.setAccessibleName(_("Department id"))
        self.department_edit.setPlaceholderText(_("department id, e.g. 1"))
        self.subdepartments = QCheckBox(_("with its sub-departments"))
        self.subdepartments.setObjectName("subdepartmentsCheck")
        self.department_button = QPushButton(_("Add &department"))
        self.department_button.setObjectName("addDepartmentButton")
        self.department_button.clicked.connect(self.add_department)
        self.csv_button = QPushButton(_("Add CSV &file…"))
        self.csv_button.setObjectName("addCsvButton")
        self.csv_button.setToolTip(
            _("A CSV file whose ID column names the recipients; its other columns fill "
              "placeholders such as {NAME}")
        )  # fmt: skip
        self.csv_button.clicked.connect(self._ask_for_csv)
        self.count_label = QLabel()
        self.count_label.setObjectName("recipientsCount")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("recipientsProblem")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._recount()

    def _lay_out(self) -> None:
        department = QHBoxLayout()
        department.addWidget(self.department_edit, 1)
        department.addWidget(self.subdepartments)
        department.addWidget(self.department_button)
        form = QFormLayout()
        form.addRow(_("Department:"), department)
        form.addRow(_("CSV file:"), self.csv_button)
        column = QVBoxLayout(self)
        column.addWidget(self.ids_edit, 1)
        column.addLayout(form)
        column.addWidget(self.count_label)
        column.addWidget(self.problem_label)
        column.addWidget(self.buttons)
        self.resize(520, 420)

    # -- the list -------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.ids_edit.setPlainText(text)

    def ids(self) -> list[int]:
        """The recipients as the text box names them, duplicates removed ([] when it cannot)."""
        return list(self._ids)

    def text(self) -> str:
        """The list for the recipient field: runs of ids as ranges."""
        return compact_ids(self._ids)

    def add_ids(self, ids: list[int]) -> None:
        """Add ``ids`` after those already listed (duplicates stay out)."""
        current = self.ids_edit.toPlainText().rstrip()
        known = set(self._ids)
        new = [i for i in ids if i not in known]
        if new:
            joined = compact_ids(new)
            self.ids_edit.setPlainText(f"{current}\n{joined}" if current else joined)

    def _recount(self) -> None:
        from core.recipients import parse_ids

        text = self.ids_edit.toPlainText()
        problem = ""
        if not text.strip():
            self._ids = []
        else:
            try:
                self._ids = parse_ids(text, "recipients")
            except InputError as exc:
                self._ids = []
                problem = "\n".join(sentence(p.message) for p in exc.problems)
        n = len(self._ids)
        self.count_label.setText(ngettext("{n} recipient", "{n} recipients", n).format(n=f"{n:,}"))
        self.show_problem(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self._ids) and not problem and not self.pending)

    def show_problem(self, text: str) -> None:
        self.problem_label.setStyleSheet(error_style(self.problem_label) if text else "")
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    # -- a department, a CSV file ---------------------------------------------------------------
    def add_department(self) -> None:
        """Ask the portal (on the worker) for the department's active people, and add them."""
        text = self.department_edit.text().strip()
        self._busy(+1)
        self._lookup(text, self.subdepartments.isChecked(), self._department_found)

    def _department_found(self, outcome: TaskOutcome) -> None:
        self._busy(-1)
        if outcome.ok:
            self.add_ids(list(outcome.result))
        else:
            self.show_problem(_describe(outcome.error))

    def _ask_for_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Recipients from a CSV file"), "", _("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.add_csv(path)

    def add_csv(self, path: str) -> None:
        """Read the file on the worker; add its recipients and keep their columns' values."""
        self._busy(+1)
        self._read_csv(path, self._csv_read)

    def _csv_read(self, outcome: TaskOutcome) -> None:
        self._busy(-1)
        if not outcome.ok:
            self.show_problem(_describe(outcome.error))
            return
        recipients: list[Any] = list(outcome.result)
        for r in recipients:
            self.values.setdefault(r.user_id, dict(r.values))
        self.add_ids([r.user_id for r in recipients])

    def _busy(self, step: int) -> None:
        self.pending = max(0, self.pending + step)
        self.department_button.setEnabled(not self.pending)
        self.csv_button.setEnabled(not self.pending)
        self._recount()


def _describe(error: BaseException | None) -> str:
    if isinstance(error, InputError):
        return "\n".join(sentence(p.message) for p in error.problems)
    from core.errors import B24NotifyError

    if isinstance(error, B24NotifyError):
        from core.voice import for_error

        return for_error(error).one_line()
    return _("Unexpected problem: {what}").format(what=error)
