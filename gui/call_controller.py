"""The window's calls to the portal: send, check, cancel, and what a late or moved answer means.

One call at a time runs on a worker (:class:`gui.call_job.CallJob` on a
:class:`gui.tasks.TaskRunner`); the controller keeps the busy state, drives the result panel
(pending, the answer, an error, a cancel) and says in the status bar what the panel cannot: a
cancelled send that reached the portal after all, a move the user declined. A portal that
answers "moved" gets nothing more until the user agrees (:mod:`gui.moved_portal` asks).

The window wires it to its widgets: :attr:`busyChanged` enables the buttons, :attr:`statusMessage`
goes to the status bar, :attr:`worked` keeps the secret, :attr:`portalChanged` refreshes the
sandbox inbox and :attr:`moveAccepted` puts the new address in the address box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from core.i18n import N_, _

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.errors import B24NotifyError, PortalMovedError
    from core.request import PreparedRequest
    from gui.call_job import CallJob
    from gui.result_panel import ResultPanel
    from gui.tasks import Outcome, Task, TaskRunner

BUSY_WORDS = {"send": N_("Sending… (Esc cancels)"), "check": N_("Checking… (Esc cancels)")}


class CallController(QObject):
    """Sends and checks off the UI thread, one at a time; see the module docstring.

    ``panel`` shows each call's outcome; ``window`` is the parent of the moved-portal question;
    ``client_options`` are extra ``core.client.Client`` keyword arguments.
    """

    busyChanged = Signal(bool)
    sendFinished = Signal(object)  # Outcome of a send, after the result panel shows it
    checkFinished = Signal(object)  # Outcome of a connection check
    retryNoted = Signal(str)  # the portal refused and the call waits (after the panel says so)
    statusMessage = Signal(str, int)  # text for the status bar ("" clears it), milliseconds
    worked = Signal()  # a send went through, or a check found the connection working
    portalChanged = Signal()  # a send ended (in time or late): what the portal holds may differ
    moveAccepted = Signal(object)  # the Endpoint the user agreed to follow, before the call there
    recorded = Signal(str)  # a send was added to the history ("" ) or not (why, in words)
    _retry = Signal(str)  # emitted on the worker thread; queued to the GUI thread

    def __init__(
        self,
        panel: ResultPanel | Callable[[], ResultPanel],
        window: QWidget,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(window)
        # The panel, or how to get it (the window builds it after its first paint).
        self._panel_source = panel
        self._window = window
        self._client_options = dict(client_options or {})
        # What the portal said about its time limits outlives each call (one client per call):
        # one MethodLimits, made with the first call (core.rate_limits: not for the first paint).
        self._task_runner: TaskRunner | None = None  # made on the first call
        self._task: Task | None = None  # the call the form waits for
        self._call = 0  # its number (counts every send and check)
        self._job: CallJob | None = None
        self._busy = ""  # "" | "send" | "check"
        self._retry.connect(self._show_retry)
        # The connection's extras for each call (profile, refresh details, CA bundle): the window's.
        self.extras: Callable[[], dict[str, Any]] = dict

    # -- state ----------------------------------------------------------------------------------
    @property
    def _panel(self) -> ResultPanel:
        source = self._panel_source
        return source if isinstance(source, QWidget) else source()

    @property
    def busy(self) -> bool:
        return bool(self._busy)

    @property
    def kind(self) -> str:
        """What is in flight: "send", "check" or ""."""
        return self._busy

    @property
    def busy_text(self) -> str:
        """What the window's busy label says (and that Esc cancels)."""
        words = BUSY_WORDS.get(self._busy, "")
        return _(words) if words else ""

    @property
    def job(self) -> CallJob | None:
        """The call in flight (``job.started`` is set once a request may be on the wire)."""
        return self._job

    # -- calls ----------------------------------------------------------------------------------
    def send(self, prepared: PreparedRequest, note: str = "") -> None:
        """Send exactly ``prepared`` on a worker; nothing while a call is in flight."""
        if self._busy:
            return
        job = self._job_for(prepared.endpoint)
        self._start(
            "send",
            job,
            lambda: job.send(prepared),
            lambda call, outcome: self._on_send_done(call, outcome, prepared, job),
        )
        self._panel.show_pending(note or _("Sending…"))

    def check(self, endpoint: Endpoint, note: str = "") -> None:
        """Run the core's connection check at ``endpoint`` on a worker."""
        if self._busy:
            return
        job = self._job_for(endpoint)
        self._start(
            "check",
            job,
            job.check,
            lambda call, outcome: self._on_check_done(call, outcome, endpoint, job),
        )
        self._panel.show_pending(note or _("Checking the connection…"))

    def cancel(self) -> None:
        """Stop the call in flight; its late answer is not shown (the status bar tells of it)."""
        if not self._busy or self._job is None:
            return
        job, kind = self._job, self._busy
        maybe_sent = job.started.is_set() and kind == "send"
        job.cancel()
        self._task = None  # detach: a late outcome only reaches the status bar
        self._job = None
        self._set_busy("")
        if kind == "send":
            self._panel.show_cancelled(maybe_sent)
        else:
            self._panel.show_cancelled(False, kind="check")
        self.statusMessage.emit(_("Cancelled."), 5000)

    def close(self) -> None:
        """The window closes: stop the call in flight and forget it (nothing more is shown)."""
        if self._job is not None:
            self._job.cancel()
        self._task = None

    def wait_for_done(self, msecs: int) -> bool:
        """Block until the calls still on the wire have ended, at most ``msecs`` (True if so)."""
        return self._task_runner is None or self._task_runner.wait_for_done(msecs)

    # -- the worker -----------------------------------------------------------------------------
    def _job_for(self, endpoint: Endpoint) -> CallJob:
        from core.rate_limits import MethodLimits
        from gui.call_job import CallJob  # with the first call

        self._client_options.setdefault("limits", MethodLimits())
        options = {**self._client_options, "on_retry": self._announce_retry}
        return CallJob(endpoint, options, self.extras())

    @property
    def _tasks(self) -> TaskRunner:
        """The worker pool, made on the first call (threads are not needed for the first paint)."""
        if self._task_runner is None:
            from gui.tasks import TaskRunner

            self._task_runner = TaskRunner(self)
        return self._task_runner

    @property
    def tasks(self) -> TaskRunner:
        """The window's one worker pool (bulk sends run on it too)."""
        return self._tasks

    def _start(self, kind: str, job: CallJob, fn: Any, handler: Any) -> None:
        self.statusMessage.emit("", 0)  # "Sent: notification N" belongs to the previous call
        self._job = job
        # The handler learns which call ended by its number, not by the task: a slot that held
        # the task, connected to the task's own signal, kept every task (and its outcome and
        # result) alive forever, ~8 KiB a send.
        call = self._call = self._call + 1
        self._task = self._tasks.run(fn, lambda outcome: handler(call, outcome))
        self._set_busy(kind)

    def _set_busy(self, kind: str) -> None:
        self._busy = kind
        self.busyChanged.emit(bool(kind))

    def _finish(self, call: int) -> bool:
        """True when ``call`` is the call the form is waiting for (not one cancelled earlier)."""
        if self._task is None or call != self._call:
            return False
        self._task = None
        self._job = None
        self._set_busy("")
        return True

    def _announce_retry(self, code: str, seconds: float, attempt: int) -> None:
        """On the worker: the client waits before another attempt (the CLI prints the same)."""
        from core.voice import Note, retry_note

        self._retry.emit(Note("", retry_note(code, seconds, attempt)).sentence())

    def _show_retry(self, text: str) -> None:
        if self._busy:
            self._panel.show_pending(text)
        self.retryNoted.emit(text)

    # -- outcomes -------------------------------------------------------------------------------
    def _on_send_done(
        self, call: int, outcome: Outcome, prepared: PreparedRequest, job: CallJob
    ) -> None:
        if not self._finish(call):
            self._report_late(outcome)
            self.recorded.emit(job.history_note)  # late, the send is in the history all the same
            return
        from gui.moved_portal import moved_error  # its QMessageBox: not for the first paint

        endpoint = prepared.endpoint
        moved = moved_error(outcome)
        target = job.moved_to  # the error holds no secret; the job's client knows where
        if moved is not None and target is not None:  # nothing went to the new address: ask
            self._panel.show_error(moved)
            there = prepared.with_endpoint(target)  # the same request, moved
            self._ask_to_follow(
                moved, target, "send", endpoint, lambda: self.send(there, _("Sending there…"))
            )
        elif outcome.ok:
            self._panel.show_result(outcome.result, prepared)
            nid = getattr(outcome.result, "notification_id", None)
            done = _("Sent: notification {id}.").format(id=nid) if nid is not None else _("Done.")
            self.statusMessage.emit(done, 10000)
            self.worked.emit()
        else:
            self._panel.show_error(as_error(outcome, endpoint))
        self.portalChanged.emit()
        self.recorded.emit(job.history_note)  # after "Sent: …", which a warning then replaces
        self.sendFinished.emit(outcome)

    def _on_check_done(self, call: int, outcome: Outcome, endpoint: Endpoint, job: CallJob) -> None:
        if not self._finish(call):
            return
        if outcome.ok:
            self._panel.show_check(outcome.result)
            if getattr(outcome.result, "ok", False):
                self.worked.emit()
        else:
            self._panel.show_error(as_error(outcome, endpoint))
        from gui.moved_portal import moved_error

        moved = moved_error(outcome)
        target = job.moved_to  # the error holds no secret; the job's client knows where
        if moved is not None and target is not None:  # nothing went to the new address: ask
            self._ask_to_follow(
                moved, target, "check", endpoint, lambda: self.check(target, _("Checking there…"))
            )
        self.checkFinished.emit(outcome)

    def _ask_to_follow(
        self,
        moved: PortalMovedError,
        target: Endpoint,
        kind: str,
        current: Endpoint,
        go: Callable[[], None],
    ) -> None:
        """Ask whether to send (or check) at the address the portal moved to; nothing before.

        Yes: :attr:`moveAccepted` gives the window the new address (with its secret: the address
        box is the user's own) and ``go()`` makes the same call there. No: nothing is sent, and
        the panel says so.
        """
        from gui.moved_portal import ask_to_follow, declined_message

        def answer(follow: bool) -> None:
            if not follow:
                self._panel.show_cancelled(False, declined_message(moved))
                self.statusMessage.emit(_("Nothing was sent to the new address."), 8000)
            elif not self._busy:  # always so: the question is window-modal
                self.moveAccepted.emit(target)
                go()

        ask_to_follow(self._window, moved, kind, answer, current)

    def _report_late(self, outcome: Outcome) -> None:
        """A call cancelled earlier has ended after all: say what became of it."""
        nid = getattr(outcome.result, "notification_id", None) if outcome.ok else None
        if nid is not None:
            self.statusMessage.emit(
                _(
                    "The cancelled send reached the portal after all: "
                    "notification {id} was created."
                ).format(id=nid),
                15000,
            )
        self.portalChanged.emit()


def as_error(outcome: Outcome, endpoint: Endpoint | None) -> B24NotifyError:
    """A failed outcome's typed error as is; anything else as a bug report in words, secrets
    masked, and its traceback in the log (``b24notify --debug`` keeps it)."""
    from core.errors import B24NotifyError  # with the first answer, not before the first paint

    error = outcome.error
    if isinstance(error, B24NotifyError):
        return error
    from core.secrets import Redactor
    from gui.tasks import log_unexpected

    redactor = Redactor(endpoint.secrets if endpoint is not None else ())
    log_unexpected(outcome, redactor.scrub)  # its traceback, for --debug
    text = redactor.scrub(f"{type(error).__name__}: {error}")
    return B24NotifyError(
        _("Unexpected problem: {text}").format(text=text),
        advice=_("This is a bug in b24notify; the notification may or may not have been created."),
    )
