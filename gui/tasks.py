"""The one way the window runs work off the UI thread.

A function runs on a :class:`QThreadPool` worker; its return value or the exception it raised comes
back on the GUI thread as an :class:`Outcome`, by a queued signal (Picard's ``run_task`` and Anki's
``run_in_background`` pattern). Errors are values, never crashes in a thread, and they keep their
traceback (formatted on the worker) for the log. The function must not touch widgets (Anki's
rule): it gets plain data in and hands plain data back.

Tests wait on :attr:`Task.finished` with ``qtbot.waitSignal``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from core.logs import logger
from core.record import Record, init

log = logger("b24notify.gui")


class Outcome(Record):
    """What a background function produced: its result, or the exception it raised.

    ``traceback`` is that exception's traceback as Python prints it, formatted on the worker. It
    is not scrubbed: whoever shows or logs it masks the secrets it knows first. Frozen
    (:class:`core.record.Record`: ``dataclasses`` is not imported before the first paint).
    """

    __slots__ = _fields = ("result", "error", "traceback")
    result: Any
    error: BaseException | None
    traceback: str  # long, and not scrubbed

    def __init__(
        self, result: Any = None, error: BaseException | None = None, traceback: str = ""
    ) -> None:
        init(self, result, error, traceback)

    def __repr__(self) -> str:  # without the traceback
        return f"Outcome(result={self.result!r}, error={self.error!r})"

    @property
    def ok(self) -> bool:
        return self.error is None


def log_unexpected(outcome: Outcome, scrub: Callable[[str], str] = str) -> None:
    """Log the traceback of an unexpected error at ERROR (``b24notify --debug`` keeps it).

    ``scrub`` masks the secrets the caller knows; the debug log masks secret-shaped text too.
    """
    if outcome.error is None:
        return
    text = outcome.traceback or f"{type(outcome.error).__name__}: {outcome.error}"
    from core.diagnostics import scrub_shapes

    log.error("unexpected problem on a worker:\n%s", scrub_shapes(scrub(text)).rstrip("\n"))


_FINISHED = "2finished(PyObject)"  # Task.finished, as QObject.receivers() names it


class Task(QObject):
    """A handle on one background call; :attr:`finished` fires once, on the GUI thread.

    ``detach()`` makes the task forget its caller: the function still runs to its end (a thread
    cannot be killed safely), but its outcome is dropped and ``finished`` never fires.
    """

    finished = Signal(object)  # Outcome, on the GUI thread
    _delivered = Signal(object)  # emitted from the worker thread; queued to this object's thread

    def __init__(
        self, parent: QObject | None = None, on_settled: Callable[[Task], None] | None = None
    ) -> None:
        super().__init__(parent)
        self._on_settled = on_settled
        self._detached = False
        self._done = False
        self.outcome: Outcome | None = None
        self._delivered.connect(self._on_delivered)

    @property
    def done(self) -> bool:
        return self._done

    @property
    def detached(self) -> bool:
        return self._detached

    def detach(self) -> None:
        """Drop the outcome when it arrives (the user cancelled or the window is closing)."""
        self._detached = True

    @Slot(object)
    def _on_delivered(self, outcome: Outcome) -> None:
        self._done = True
        self.outcome = outcome
        try:
            if not self._detached:
                self.finished.emit(outcome)
        finally:
            # ``finished`` fires once: let go of its slots now. A slot that holds this task (a
            # lambda capturing it) would otherwise keep the task, its outcome and result alive
            # for good, a reference cycle through Qt that Python's collector cannot see.
            if self.receivers(_FINISHED) > 0:
                self.finished.disconnect()
            settled, self._on_settled = self._on_settled, None
            if settled is not None:
                settled(self)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], task: Task) -> None:
        super().__init__()
        self._fn: Callable[[], Any] | None = fn
        self._task: Task | None = task
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, task = self._fn, self._task
        self._fn = self._task = None  # the pool deletes this runnable later: keep nothing alive
        if fn is None or task is None:  # run twice: there is nothing left to run
            return
        try:
            outcome = Outcome(result=fn())
        except BaseException as exc:  # handed back as a value, on purpose
            from core.diagnostics import format_traceback  # on a worker, when a call fails

            outcome = Outcome(error=exc, traceback=format_traceback(exc))
        del fn
        task._delivered.emit(outcome)


class TaskRunner(QObject):
    """Runs functions on its own thread pool and hands their outcomes back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[Task] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Outcome], None] | None = None) -> Task:
        """Start ``fn()`` on a worker; ``on_done(outcome)`` then runs on the GUI thread."""
        task = Task(self, on_settled=self._forget)
        self._active.add(task)
        if on_done is not None:
            task.finished.connect(on_done)
        self._pool.start(_Runnable(fn, task))
        return task

    def _forget(self, task: Task) -> None:
        self._active.discard(task)
        task.setParent(None)  # the caller's reference (if any) keeps it alive from here on

    @property
    def active_count(self) -> int:
        """Tasks whose function has not finished yet (detached ones included)."""
        return len(self._active)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every worker is idle (at shutdown); True when they all finished in time."""
        return self._pool.waitForDone(msecs)
