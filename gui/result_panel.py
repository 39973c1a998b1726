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

from core.errors import (
    B24NotifyError,
    CancelledError,
    Category,
    InputError,
    NotSentError,
    OutcomeUnknownError,
)
from gui.answer_view import AnswerView
from gui.status_header import ADVICE, StatusHeader, tone_color

if TYPE_CHECKING:
    from core.check import CheckReport
    from core.result import Result

__all__ = ["CATEGORY_WORDS", "ResultPanel", "tone_color"]

CATEGORY_WORDS: dict[Category, str] = {
    Category.INPUT: "Input problem",
    Category.CREDENTIALS: "Credentials problem",
    Category.PERMISSION: "Permission problem",
    Category.RATE_LIMIT: "Rate limit reached",
    Category.SERVER: "Portal server problem",
    Category.NETWORK: "Network problem",
}

SEND_METHODS = ("im.notify.personal.add", "im.notify.system.add", "im.notify")
DELETE_METHOD = "im.notify.delete"
_FINDING_MARKS = {"ok": "✓", "warning": "!", "error": "✗"}
_ADVICE = ADVICE


class ResultPanel(QWidget):
    """Shows the outcome of the last send, delete or check. See the module docstring.

    ``header`` is the status header, ``answer`` the answer view; :attr:`state` is the last thing
    shown (empty, pending, result, error, check, cancelled) and :attr:`tone` its tone.
    """

    copied = Signal(str)  # text put on the clipboard from the answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "empty"  # empty | pending | result | error | check | cancelled
        self.header = StatusHeader(self)
        self.busyBar = QProgressBar(self)
        self.busyBar.setObjectName("busyBar")
        self.busyBar.setAccessibleName("Waiting for the portal")
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
        self.header.show_status(message or "Sending…", "neutral")
        self.header.show_details([])
        self.answer.show_answer(None, "", placeholder="Waiting for the portal's answer…")
        self.busyBar.show()
        # While the portal thinks, get the tree ready so drawing the answer is quick.
        QTimer.singleShot(0, self.answer.prepare)

    def show_result(self, result: Result) -> None:
        """A finished call: the outcome in words, its details and the answer."""
        self.state = "result"
        self.busyBar.hide()
        status, tone = self._result_status(result)
        self.header.show_status(status, tone)
        self.header.show_details(self._result_details(result))
        self.answer.show_answer(result.raw, result.text)

    def show_error(self, error: B24NotifyError) -> None:
        """A failed call or refused input: category, explanation, what to do, and any answer."""
        self.state = "error"
        self.busyBar.hide()
        status, tone = self._error_status(error)
        self.header.show_status(status, tone)
        result = getattr(error, "result", None)
        if result is not None:
            self.header.show_details(self._result_details(result))
            self.answer.show_answer(result.raw, result.text)
        else:
            self.header.show_details([])
            if isinstance(error, (InputError, NotSentError)):
                note = "Nothing was sent, so there is no answer to show."
            else:
                note = "No answer arrived from the portal."
            self.answer.show_answer(None, "", placeholder=note)

    def show_check(self, report: CheckReport) -> None:
        """The connection check's findings, one per line; the caller's profile in the tree."""
        self.state = "check"
        self.busyBar.hide()
        levels = {f.level for f in report.findings}
        if report.ok:
            head, tone = "Connection works.", ("warning" if "warning" in levels else "ok")
        else:
            head, tone = "The connection check found a problem.", "error"
        lines = [head] + [
            f"{_FINDING_MARKS.get(f.level, '•')} {f.message}" for f in report.findings
        ]
        self.header.show_status("\n".join(lines), tone)
        self.header.show_details([])
        profile = report.profile
        note = (
            "The check makes several calls; the tree shows the profile it read."
            if profile is not None
            else "The check has no answer to show: see the findings above."
        )
        self.answer.show_answer(profile, "", placeholder=note)

    def show_cancelled(self, maybe_sent: bool, message: str = "") -> None:
        """The user cancelled; say whether the notification may exist anyway.

        ``message`` replaces the neutral sentence (a cancelled connection check sent nothing to
        anybody: "nothing was sent" would puzzle).
        """
        self.state = "cancelled"
        self.busyBar.hide()
        if maybe_sent:
            text = (
                "Cancelled after the request had gone out: the notification may or may not have "
                "been created.\nDo not send it again blindly — first look at the recipient's "
                "notifications."
            )
            self.header.show_status(text, "warning")
        else:
            self.header.show_status(message or "Cancelled — nothing was sent.", "neutral")
        self.header.show_details([])
        self.answer.show_answer(None, "")

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

    # -- wording ----------------------------------------------------------------------------
    @staticmethod
    def _result_status(result: Result) -> tuple[str, str]:
        method = result.method
        if result.error_code:
            desc = f" — {result.error_description}" if result.error_description else ""
            return f"The portal answered with an error: {result.error_code}{desc}", "error"
        if not result.is_json:
            return (
                "The portal's answer is not JSON, so it cannot be read as a result. "
                "See the raw answer below.",
                "warning",
            )
        value = result.value
        if method in SEND_METHODS:
            kind = "Sent as a system notification" if method == "im.notify.system.add" else "Sent"
            if result.notification_id is not None:
                from core.voice import notes_after  # the first answer only

                head = f"{kind} — notification id {result.notification_id}"
                notes = [note.sentence() for note in notes_after(result)]
                return "\n".join([head, *notes]), ("warning" if notes else "ok")
            if value is False:
                return (
                    "Not sent — the portal answered result: false (the recipient does not exist, "
                    "is inactive, or the portal refused them).",
                    "error",
                )
            return f"The portal answered without a notification id (result: {value!r}).", "warning"
        if method == DELETE_METHOD:
            if value is True:
                return "Deleted — the portal confirmed (result: true).", "ok"
            return "Nothing deleted — the portal answered result: false.", "warning"
        return f"Done — {method} answered.", "ok"

    @staticmethod
    def _error_status(error: B24NotifyError) -> tuple[str, str]:
        advice = f"{_ADVICE} {error.advice}" if error.advice else ""
        explanation = error.explanation if error.explanation != error.message else ""
        if isinstance(error, InputError):
            lines = ["Nothing was sent — the input has a problem:"]
            lines += [f"• {p.field}: {p.message}" for p in error.problems] or [f"• {error}"]
            return "\n".join([*lines, advice] if advice else lines), "error"
        if isinstance(error, OutcomeUnknownError):
            lines = [
                "Outcome unknown — the notification may or may not have been created.",
                str(error),
                explanation,
                "Do not send it again blindly: first look at the recipient's notifications.",
                advice,
            ]
            return "\n".join(x for x in lines if x), "warning"
        if isinstance(error, CancelledError):
            return "\n".join(x for x in (f"Cancelled — {error}", advice) if x), "neutral"
        words = CATEGORY_WORDS.get(error.category, "Problem")
        if isinstance(error, NotSentError):
            head = f"Not sent — {words.lower()}: {error}"
        else:
            head = f"{words}: {error}"
        return "\n".join(x for x in (head, explanation, advice) if x), "error"

    @staticmethod
    def _result_details(result: Result) -> list[str]:
        from gui.format import format_duration, time_block_lines  # first answer only

        first = []
        if result.http_status is not None:
            first.append(f"HTTP {result.http_status}")
        round_trip = getattr(result, "round_trip", None)
        first.append(f"round trip {format_duration(round_trip or result.elapsed)}")
        attempts = result.attempts
        if attempts > 1:
            first.append(f"{attempts} attempts, {format_duration(result.elapsed)} in all")
        else:
            first.append("1 attempt")
        if not result.is_json:
            first.append(f"body: {len(result.text.encode('utf-8', 'replace'))} bytes, not JSON")
        lines = [" · ".join(first)]
        if result.redirected_to is not None:
            target = result.redirected_to
            shown = target.display() if hasattr(target, "display") else str(target)
            lines.append(f"Redirected: the portal now answers at {shown}")
        rows = time_block_lines(result.time)
        if rows:
            lines.append("Portal time: " + " · ".join(f"{k.lower()} {v}" for k, v in rows))
        return lines
