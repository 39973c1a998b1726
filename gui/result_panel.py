"""The result panel: what happened to the last call, in words, and the portal's answer as is.

A status header says the outcome (sent with its id, or the error's category, explanation and what
to do) with a details line (HTTP status, round-trip time, attempts, a redirect, the portal's
``time`` block) — :mod:`gui.status_header`; a busy bar runs while a call is in flight; the answer
view shows the JSON answer as a collapsible tree, pretty-printed, and raw, exactly the body
received — :mod:`gui.answer_view`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from core.i18n import _
from core.voice import CATEGORY_WORDS, for_cancel, for_check, for_error, for_result
from gui.answer_view import AnswerView
from gui.result_panel_slot import PANEL_MINIMUM
from gui.status_header import StatusHeader, tone_color

if TYPE_CHECKING:
    from core.check import CheckReport
    from core.errors import B24NotifyError
    from core.request import PreparedRequest
    from core.result import Result

# CATEGORY_WORDS (core.voice) and tone_color (gui.status_header) are re-exported: callers of the
# panel found them here before the split.
__all__ = ["CATEGORY_WORDS", "ResultPanel", "tone_color"]


class ResultPanel(QWidget):
    """Shows the outcome of the last send, delete or check. See the module docstring.

    ``header`` is the status header, ``answer`` the answer view; :attr:`state` is the last thing
    shown (empty, pending, result, error, check, cancelled) and :attr:`tone` its tone.
    """

    copied = Signal(str)  # text put on the clipboard from the answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "empty"  # empty | pending | result | error | check | cancelled
        self.setMinimumSize(*PANEL_MINIMUM)  # its placeholder's: the splitter's sizes hold
        self.header = StatusHeader(self)
        self.busyBar = QProgressBar(self)
        self.busyBar.setObjectName("busyBar")
        self.busyBar.setAccessibleName(_("Waiting for the portal"))
        self.busyBar.setRange(0, 0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setMaximumHeight(6)
        self.busyBar.hide()
        self.answer = AnswerView(self)
        self.answer.copied.connect(self.copied)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.busyBar)
        layout.addWidget(self.answer, 1)
        self.clear()

    @property
    def tone(self) -> str:
        """The tone of the status shown: ok, warning, error or neutral."""
        return self.header.tone

    @property
    def raw_text(self) -> str:
        """The last answer's body exactly as received."""
        return self.answer.raw_text

    # -- public API -------------------------------------------------------------------------
    def clear(self) -> None:
        """Back to the empty state (no answer shown)."""
        self.state = "empty"
        self.busyBar.hide()
        self.header.clear()
        self.answer.show_answer(None, "")

    def show_pending(self, message: str = "") -> None:
        """A call is in flight: busy indicator, a neutral status line; the old answer is cleared."""
        self.state = "pending"
        self.header.show_status(message or _("Sending…"))
        self.answer.show_answer(None, "", placeholder=_("Waiting for the portal's answer…"))
        self.busyBar.show()
        # While the portal thinks, get the tree ready so drawing the answer is quick.
        QTimer.singleShot(0, self.answer.prepare)

    def show_result(self, result: Result, prepared: PreparedRequest | None = None) -> None:
        """A finished call (``prepared``: the request sent): the outcome in words, its details
        and the answer."""
        self.state = "result"
        self.busyBar.hide()
        self.header.show_message(for_result(result, prepared))
        self.answer.show_answer(result.raw, result.text)

    def show_error(self, error: B24NotifyError) -> None:
        """A failed call or refused input: category, explanation, what to do, and any answer."""
        self.state = "error"
        self.busyBar.hide()
        message = for_error(error)
        self.header.show_message(message)
        result = getattr(error, "result", None)
        if result is not None:
            self.answer.show_answer(result.raw, result.text)
        else:
            self.answer.show_answer(None, "", placeholder=message.answer_note)

    def show_check(self, report: CheckReport) -> None:
        """The connection check's findings, one per line; the caller's profile in the tree."""
        self.state = "check"
        self.busyBar.hide()
        message = for_check(report)
        self.header.show_message(message)
        self.answer.show_answer(report.profile, "", placeholder=message.answer_note)

    def show_cancelled(self, maybe_sent: bool, message: str = "", kind: str = "send") -> None:
        """The user cancelled a ``send`` (or a ``check``); say whether the notification may
        exist anyway.

        ``message`` replaces the neutral sentence (a move the user declined sent nothing to
        anybody: "nothing was sent" alone would puzzle).
        """
        self.state = "cancelled"
        self.busyBar.hide()
        said = for_cancel(kind, maybe_sent, message)
        self.header.show_message(said)
        self.answer.show_answer(None, "", placeholder=said.answer_note)

    # -- the answer -------------------------------------------------------------------------
    def copy_raw(self) -> None:
        """Copy the answer exactly as received (line endings included) to the clipboard."""
        self.answer.copy_raw()

    def selected_value_text(self) -> str:
        """The selected tree row's value as text: strings as is, anything else as compact JSON."""
        return self.answer.selected_value_text()

    def selected_path_text(self) -> str:
        """The selected row's key path, e.g. ``time.operating_reset_at`` or ``result[0].ID``."""
        return self.answer.selected_path_text()

    def copy_selected_value(self) -> None:
        self.answer.copy_selected_value()

    def copy_selected_path(self) -> None:
        self.answer.copy_selected_path()

    def expand_all(self) -> None:
        """Open every branch (this and later answers)."""
        self.answer.expand_all()

    def collapse_all(self) -> None:
        """Close every branch (this and later answers)."""
        self.answer.collapse_all()
