"""The window's bulk sends: plan, run, cancel, retry the refused, and preview — off the UI thread.

Everything that talks to the portal runs on the window's one worker pool
(:class:`gui.tasks.TaskRunner`, shared with single sends) through the core's bulk API
(:mod:`core.bulk`): :func:`core.bulk.plan_bulk` checks and personalises first (any problem is an
``InputError`` and nothing is sent), then :class:`core.bulk.BulkRun` sends batch after batch,
paced (:mod:`core.pacing`). The run's ``on_progress`` and ``on_outcomes`` are called on the
worker: they only emit this object's signals, which Qt queues to the GUI thread — no widget is
touched from the worker.

Cancel lets the request in flight finish and sends no more (the run marks the rest "not sent");
the controller stays busy until that request has ended. "Retry failed" sends again, through
:func:`core.bulk.retry_plan`, only to those certainly not notified — never to an unknown one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from core.i18n import _

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.bulk import BulkPlan, BulkReport, BulkRun, Outcome
    from core.notification import Notification
    from core.pacing import Rate
    from core.recipients import Recipient
    from gui.tasks import Outcome as TaskOutcome
    from gui.tasks import TaskRunner


class Planned:
    """What a worker planned: the plan and each recipient's name ("" when unknown)."""

    __slots__ = ("names", "plan")

    def __init__(self, plan: BulkPlan, names: dict[int, str]) -> None:
        self.plan = plan
        self.names = names


class BulkController(QObject):
    """Bulk sends on the shared worker pool; see the module docstring.

    ``tasks()`` gives the window's :class:`gui.tasks.TaskRunner`; ``client_options`` are extra
    ``core.client.Client`` keyword arguments (the window's).
    """

    busyChanged = Signal(bool)
    planned = Signal(object)  # Planned, before the first notification goes
    progressed = Signal(object)  # core.bulk.Progress, after each request
    outcomesArrived = Signal(object)  # list[core.bulk.Outcome], as each request's come
    finished = Signal(object)  # gui.tasks.Outcome: result (plan, report), or the error
    previewed = Signal(object)  # gui.tasks.Outcome: result Planned, or the error
    recorded = Signal(str)  # after a run: its outcomes are in the history ("") or not (why)
    # Emitted on the worker; queued to this object's (the GUI) thread, then re-emitted above.
    _planned = Signal(object)
    _recorded = Signal(str)
    _progressed = Signal(object)
    _outcomes = Signal(object)

    def __init__(
        self,
        parent: QObject,
        tasks: Callable[[], TaskRunner],
        client_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._options = {
            k: v for k, v in (client_options or {}).items() if k not in ("on_retry", "limits")
        }
        self._lock = threading.Lock()
        self._cancel: threading.Event | None = None
        self._run: BulkRun | None = None
        self._busy = False
        self._cancelling = False
        self.plan: BulkPlan | None = None
        self.report: BulkReport | None = None
        self._last_rate: Rate | None = None
        self._planned.connect(self._relay_planned)
        self._progressed.connect(self._relay_progress)
        self._outcomes.connect(self._relay_outcomes)
        self._recorded.connect(self.recorded)
        # The profile in use, read on the GUI thread when a run starts: its name goes into the
        # history with each recipient's row (the window's: gui.bulk_section).
        self.profile: Callable[[], str] = str

    @Slot(object)
    def _relay_planned(self, planned: Planned) -> None:
        self.planned.emit(planned)

    @Slot(object)
    def _relay_progress(self, progress: object) -> None:
        self.progressed.emit(progress)

    @Slot(object)
    def _relay_outcomes(self, outcomes: object) -> None:
        self.outcomesArrived.emit(outcomes)

    # -- state ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def busy_text(self) -> str:
        if not self._busy:
            return ""
        if self._cancelling:
            return _("Cancelling: the request in flight finishes, no more are sent…")
        return _("Sending to many… (Esc cancels)")

    def retry_count(self) -> int:
        """How many "Retry failed" would send to: the refused and the not sent (never unknown)."""
        if self.report is None:
            return 0
        return sum(1 for o in self.report.outcomes if o.retryable)

    # -- commands -------------------------------------------------------------------------------
    def start(
        self,
        endpoint: Endpoint,
        recipients: list[Recipient],
        notification: Notification,
        rate: Rate,
        *,
        system: bool = False,
    ) -> None:
        """Plan and send on a worker (``system``: system notifications); nothing while a bulk
        send runs."""
        if self._busy:
            return
        cancel, profile = threading.Event(), self.profile()

        def work() -> tuple[BulkPlan, BulkReport]:
            with self._client(endpoint) as client:
                pacer = self._pacer(rate, cancel)
                planned = _plan(client, recipients, notification, pacer, system=system)
                self._planned.emit(planned)
                return planned.plan, self._send(client, planned.plan, pacer, cancel, profile)

        self.plan, self.report, self._last_rate = None, None, rate
        self._begin(cancel, work)

    def retry_failed(self) -> None:
        """Send again to the refused and the not sent of the last run (never to the unknown)."""
        from core.bulk import retry_plan

        if self._busy or self.plan is None or self.report is None or self._last_rate is None:
            return
        again = retry_plan(self.plan, self.report)
        if again is None:
            return
        plan, before, cancel = self.plan, self.report, threading.Event()
        rate, profile = self._last_rate, self.profile()

        def work() -> tuple[BulkPlan, BulkReport]:
            endpoint = again.requests[0].endpoint
            with self._client(endpoint) as client:
                report = self._send(client, again, self._pacer(rate, cancel), cancel, profile)
            return plan, _merged(before, report)

        self._begin(cancel, work)

    def preview(
        self,
        endpoint: Endpoint,
        recipients: list[Recipient],
        notification: Notification,
        rate: Rate,
        *,
        system: bool = False,
    ) -> None:
        """Plan (personalise) without sending, on a worker; :attr:`previewed` gives it."""

        def work() -> Planned:
            with self._client(endpoint) as client:
                pacer = self._pacer(rate, None)
                return _plan(client, recipients, notification, pacer, system=system)

        self._tasks().run(work, self.previewed.emit)

    def cancel(self) -> None:
        """Finish the request in flight, send no more; the run reports the rest as not sent."""
        if not self._busy:
            return
        with self._lock:
            if self._cancel is not None:
                self._cancel.set()
            run = self._run
        if run is not None:
            run.cancel()
        self._cancelling = True
        self.busyChanged.emit(True)

    def close(self) -> None:
        """The window closes: send no more (the request in flight ends on its own)."""
        if self._busy:
            self.cancel()

    # -- the worker -----------------------------------------------------------------------------
    def _begin(self, cancel: threading.Event, work: Callable[[], Any]) -> None:
        with self._lock:
            self._cancel, self._run = cancel, None
        self._busy, self._cancelling = True, False
        self._tasks().run(work, self._done)
        self.busyChanged.emit(True)

    def _client(self, endpoint: Endpoint) -> Any:
        from core.client import Client  # on the worker: never on the way to the first paint
        from core.diagnostics import learn_secrets

        learn_secrets(*endpoint.secrets)
        return Client(endpoint, **self._options)

    def _pacer(self, rate: Rate, cancel: threading.Event | None) -> Any:
        from core.pacing import Pacer

        return Pacer(rate, cancel=cancel)

    def _send(
        self, client: Any, plan: BulkPlan, pacer: Any, cancel: threading.Event, profile: str
    ) -> BulkReport:
        from core.bulk import BulkRun

        record, problems = self._history(plan, profile)

        def on_outcomes(outcomes: list[Outcome]) -> None:
            self._outcomes.emit(outcomes)  # queued to the GUI thread
            record(outcomes)  # here, on the worker: sqlite never on the UI thread

        run = BulkRun(
            client,
            plan,
            pacer=pacer,
            on_progress=self._progressed.emit,  # queued to the GUI thread
            on_outcomes=on_outcomes,
        )
        with self._lock:
            self._run = run
        if cancel.is_set():
            run.cancel()
        try:
            return run.run()
        finally:
            why = problems[0] if problems else ""
            self._recorded.emit(
                _("These outcomes are not all in the history: {why}").format(why=why) if why else ""
            )

    @staticmethod
    def _history(plan: BulkPlan, profile: str) -> tuple[Callable[[list[Outcome]], None], list[str]]:
        """The run's history recorder (one row per recipient, as a single send is recorded),
        and the list it puts the first reason into when rows could not be written."""
        from core.bulk_history import recorder
        from core.history import History

        problems: list[str] = []
        record = recorder(
            History(), plan, profile=profile, source="window", on_problem=problems.append
        )
        return record, problems

    def _done(self, outcome: TaskOutcome) -> None:
        with self._lock:
            self._cancel, self._run = None, None
        if outcome.ok:
            self.plan, self.report = outcome.result
        self._busy, self._cancelling = False, False
        self.busyChanged.emit(False)
        self.finished.emit(outcome)


def _turn(pacer: Any) -> Callable[[], None]:
    def before() -> None:
        from core.errors import CancelledError

        if not pacer.wait_turn():
            raise CancelledError(_("Cancelled; nothing was sent"))

    return before


def _plan(
    client: Any, recipients: list[Recipient], note: Notification, pacer: Any, *, system: bool
) -> Planned:
    """Plan with the portal's user data fetched once (through ``batch``): it fills the
    placeholders and names the recipients in the table. A portal that will not tell (no ``user``
    scope) only leaves the names out, unless a placeholder needs them (then the plan says so)."""
    from core.bulk import plan_bulk
    from core.errors import B24NotifyError, CancelledError
    from core.placeholders import fetch_user_data
    from gui.bulk_rows import names_of

    ids = [r.user_id for r in recipients]
    data: dict[int, dict[str, str]] | None
    try:
        data = fetch_user_data(client, list(dict.fromkeys(ids)), _turn(pacer))
    except CancelledError:
        raise
    except B24NotifyError:
        data = None  # plan_bulk asks again only if a placeholder needs it, and says why not
    plan = plan_bulk(client, recipients, note, system=system, pacer=pacer, user_data=data)
    values = {r.user_id: dict(r.values) for r in recipients}
    return Planned(plan, names_of(plan.recipients, data or plan.user_data, values))


def _merged(before: BulkReport, again: BulkReport) -> BulkReport:
    """The first run's report with the retried recipients' new outcomes."""
    new: dict[int, Outcome] = {o.user_id: o for o in again.outcomes}
    return replace(
        before,
        outcomes=[new.get(o.user_id, o) for o in before.outcomes],
        requests=before.requests + again.requests,
        elapsed=before.elapsed + again.elapsed,
        cancelled=again.cancelled,
        stopped=again.stopped,
    )
