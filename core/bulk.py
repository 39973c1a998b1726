"""Notify many people: plan (recipients -> personalised requests -> batches), then send, paced.

The public interface (Qt-free; the window runs :meth:`BulkRun.run` in a background task)::

    from core.bulk import plan_bulk, BulkRun, retry_plan, Status
    from core.recipients import Recipient, parse_ids, read_csv, department_members
    from core.pacing import Pacer, STANDARD, ENTERPRISE, Rate

    pacer = Pacer(STANDARD)                       # one per run: the requests' leaky bucket
    note = Notification(user_id=0, text="Hi {NAME}")  # user_id is ignored: recipients are given
    plan = plan_bulk(client, [Recipient(5), Recipient(7)], note, pacer=pacer)  # or InputError
    plan.recipients, plan.requests[i], plan.request_count  # count, preview (stepping), requests
    plan.user_data.get(user_id, {}).get("FULL_NAME")     # names, when placeholders fetched them
    run = BulkRun(client, plan, pacer=pacer, on_progress=..., on_outcomes=...,
                  connections=4, make_client=lambda: Client(...))  # parallel burst (optional)
    report = run.run()                            # blocks; run.cancel() from any thread
    report.outcomes / report.sent / report.failed / report.unknown / report.summary()
    again = retry_plan(plan, report)              # only those certainly not notified; or None

- :func:`plan_bulk` personalises (:mod:`core.placeholders`; the portal's user data fetched through
  ``batch`` of ``user.get`` only when a placeholder needs it), checks each recipient's
  notification with the one builder (:func:`core.request.build_notification`), and groups the
  requests into batches of up to 50 commands (:mod:`core.batch`). Any problem, for any
  recipient, raises ``InputError`` before anything is sent.
- :class:`BulkRun` sends batch after batch through the one client (``client.call("batch")``;
  a single recipient goes the simple way, ``client.send`` with ``im.notify.personal.add``),
  paced by :class:`core.pacing.Pacer`. Each recipient gets one :class:`Outcome`:

  * ``sent`` — with the notification id;
  * ``refused`` — the portal refused that command (its error code, explained; ``RESULT_FALSE``
    when it answered ``false``: no such or no active recipient);
  * ``not_sent`` — certainly not sent: cancelled, the portal unreachable, or the run stopped
    (a refusal of the whole batch, too many 503s in a row);
  * ``unknown`` — no usable answer (timeout, dropped connection, garbage, a command missing
    from the answer): it may have arrived. NEVER sent again, by the run or by
    :func:`retry_plan`: "check before sending again".

  A batch answered HTTP 503 ``QUERY_LIMIT_EXCEEDED`` as a whole was not carried out (the portal
  refuses a request over its limit instead of running it:
  https://apidocs.bitrix24.com/settings/performance/limits.html), so the run waits (the pacer
  adapts) and sends the same batch again; a command refused with that code inside a batch is
  queued once more at the end. Nobody is skipped and nobody gets two copies.
- ``on_progress(Progress)`` after each request; ``on_outcomes(list[Outcome])`` with each
  request's outcomes as they come (for the history: ``core.history.record_many``). Exceptions
  raised by these callbacks are logged and do not stop the run.
- ``cancel()`` lets the request in flight finish and sends no more; the rest are ``not_sent``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from core.batch import MAX_COMMANDS, call_batch, command, encode_query
from core.blocks import load_attachments
from core.constants import PERSONAL_METHOD
from core.errors import (
    B24NotifyError,
    CancelledError,
    InputError,
    NotSentError,
    OutcomeUnknownError,
    PortalError,
    Problem,
    RecipientUnavailableError,
    portal_error,
)
from core.i18n import _, ngettext
from core.pacing import STANDARD, Pacer
from core.placeholders import (
    check_values,
    fetch_user_data,
    notification_names,
    personalise,
)
from core.recipients import MAX_PROBLEMS, Recipient
from core.record import replace
from core.validate import parse_id

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.notification import Notification
    from core.request import PreparedRequest
    from core.result import Result

log = logging.getLogger("b24notify.bulk")

RESULT_FALSE = "RESULT_FALSE"
"""The code of a refusal the portal gave as ``result: false`` (no such or no active recipient)."""
NOT_SENT = "NOT_SENT"
CANCELLED = "CANCELLED"
QUERY_LIMIT = "QUERY_LIMIT_EXCEEDED"
MAX_BATCH_BYTES = 4 * 1024 * 1024
"""b24notify's own bound on one batch body (50 large attachments could pass any proxy's limit)."""
MAX_REQUEUES = 3
MAX_CONNECTIONS = 16
"""The most requests one run keeps in flight at once."""


class Status(str, Enum):
    """What became of one recipient."""

    SENT = "sent"
    REFUSED = "refused"
    NOT_SENT = "not_sent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Outcome:
    """One recipient's outcome; ``code``/``description`` are the portal's, ``reason`` in words."""

    user_id: int
    status: Status
    notification_id: int | None = None
    code: str = ""
    description: str = ""
    reason: str = ""

    @property
    def retryable(self) -> bool:
        """Certainly not notified (refused or not sent): "Retry failed" may send again."""
        return self.status in (Status.REFUSED, Status.NOT_SENT)

    def as_dict(self, *, words: bool = True) -> dict[str, Any]:
        """The outcome as JSON; ``words=False`` leaves out ``reason`` (it is in the user's
        language, and machine output must not change with the language)."""
        data: dict[str, Any] = {"user_id": self.user_id, "status": self.status.value}
        if self.notification_id is not None:
            data["id"] = self.notification_id
        if self.code:
            data["code"] = self.code
        if self.description:
            data["description"] = self.description
        if self.reason and words:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Progress:
    """Where a run stands: counts so far, HTTP requests made, seconds gone and left (estimate)."""

    total: int
    sent: int
    refused: int
    not_sent: int
    unknown: int
    requests: int
    elapsed: float
    seconds_left: float

    @property
    def done(self) -> int:
        return self.sent + self.refused + self.not_sent + self.unknown

    @property
    def failed(self) -> int:
        """Refused or not sent (certainly not notified)."""
        return self.refused + self.not_sent


@dataclass
class BulkPlan:
    """What a run will send: one checked request per recipient, grouped into batches."""

    recipients: list[int]
    requests: list[PreparedRequest]
    batches: list[list[int]]  # indexes into requests
    placeholders: list[str] = field(default_factory=list)
    user_data: dict[int, dict[str, str]] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)  # each request as a batch command

    def __post_init__(self) -> None:
        if not self.commands:
            self.commands = [batch_command(r) for r in self.requests]

    @property
    def request_count(self) -> int:
        """HTTP requests the sending takes when nothing is refused: one per batch."""
        return len(self.batches)

    def request_for(self, user_id: int) -> PreparedRequest:
        return self.requests[self.recipients.index(user_id)]


@dataclass
class BulkReport:
    """The outcome of a run, one :class:`Outcome` per recipient in the plan's order."""

    outcomes: list[Outcome]
    requests: int
    elapsed: float
    cancelled: bool = False
    stopped: str = ""  # why the run stopped before the end ("" when it did not)
    waited: float = 0.0

    def _with(self, *statuses: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]

    @property
    def sent(self) -> list[Outcome]:
        return self._with(Status.SENT)

    @property
    def failed(self) -> list[Outcome]:
        """Refused or not sent."""
        return self._with(Status.REFUSED, Status.NOT_SENT)

    @property
    def refused(self) -> list[Outcome]:
        return self._with(Status.REFUSED)

    @property
    def not_sent(self) -> list[Outcome]:
        return self._with(Status.NOT_SENT)

    @property
    def unknown(self) -> list[Outcome]:
        return self._with(Status.UNKNOWN)

    def summary(self) -> dict[str, Any]:
        """The JSON summary: recipient ids by outcome (failed with their codes), and counts.

        The same in every language: codes and the portal's own descriptions, no b24notify words
        (the CLI says the reasons on stderr)."""
        return {
            "total": len(self.outcomes),
            "sent": [{"user_id": o.user_id, "id": o.notification_id} for o in self.sent],
            "failed": [o.as_dict(words=False) for o in self.failed],
            "unknown": [o.as_dict(words=False) for o in self.unknown],
            "counts": {
                "sent": len(self.sent),
                "refused": len(self.refused),
                "not_sent": len(self.not_sent),
                "unknown": len(self.unknown),
            },
            "requests": self.requests,
            "elapsed": round(self.elapsed, 3),
            "cancelled": self.cancelled,
            "stopped": bool(self.stopped),
        }


# --- planning -----------------------------------------------------------------------------------


def _as_recipients(recipients: Sequence[Recipient | int]) -> list[Recipient]:
    found: dict[int, Recipient] = {}
    for item in recipients:
        recipient = item if isinstance(item, Recipient) else Recipient(parse_id(item, "user"))
        found.setdefault(recipient.user_id, recipient)
    if not found:
        raise InputError([Problem("user", _("give at least one recipient."))])
    return list(found.values())


def _turn(pacer: Pacer | None) -> Callable[[], None] | None:
    if pacer is None:
        return None

    def before() -> None:
        if not pacer.wait_turn():
            raise CancelledError(_("Cancelled; nothing was sent"))

    return before


def plan_bulk(
    client: Any,
    recipients: Sequence[Recipient | int],
    notification: Notification,
    *,
    system: bool = False,
    pacer: Pacer | None = None,
    user_data: Mapping[int, Mapping[str, str]] | None = None,
    max_batch_bytes: int = MAX_BATCH_BYTES,
) -> BulkPlan:
    """Check and personalise ``notification`` for each recipient and group the requests.

    ``notification.user_id`` is ignored (the recipients are given). ``client`` needs
    ``endpoint`` and ``call`` (the portal's user data is fetched only when a placeholder needs
    it, and not at all when ``user_data`` is given). Raises ``InputError`` listing every problem
    (a placeholder without a value names the recipients); nothing is sent then.
    """
    from core.request import PreparedRequest, build_notification

    people = _as_recipients(recipients)
    ids = [r.user_id for r in people]
    try:
        attach = load_attachments(notification.attachments)
    except InputError:  # said with the other fields' problems, as for one recipient
        build_notification(client.endpoint, replace(notification, user_id=ids[0]), system=system)
        raise
    used = notification_names(notification, attach)
    values: dict[int, dict[str, str]] = {r.user_id: {"ID": str(r.user_id)} for r in people}
    # only ID is known here: FULL_NAME, like NAME, comes from the portal's user data
    need_portal = any(
        name != "ID" and not r.values.get(name, "").strip() for name in used for r in people
    )
    data: dict[int, dict[str, str]] = {}
    if need_portal:
        if user_data is not None:
            data = {int(k): dict(v) for k, v in user_data.items()}
        else:
            data = fetch_user_data(client, ids, _turn(pacer))
    for r in people:
        merged = {**data.get(r.user_id, {}), **{k: v for k, v in r.values.items() if v.strip()}}
        values[r.user_id].update(merged)
        values[r.user_id]["ID"] = str(r.user_id)
    check_values(used, values, ids)
    requests: list[PreparedRequest] = []
    problems: list[Problem] = []
    if not used:  # the same notification for everyone: checked once, only USER_ID differs
        # no values, but {{ and }} still become the literal braces they stand for
        first = personalise(replace(notification, user_id=ids[0]), {}, attach)
        checked = build_notification(client.endpoint, first, system=system)
        requests = [
            PreparedRequest(checked.endpoint, checked.method, {**checked.params, "USER_ID": uid})
            for uid in ids
        ]
        # USER_ID comes first (build_notification's order): the rest is encoded once
        tail = encode_query({k: v for k, v in checked.params.items() if k != "USER_ID"})
        join = "&" if tail else ""
        commands = [f"{checked.method}?USER_ID={uid}{join}{tail}" for uid in ids]
        batches = _group(commands, max_batch_bytes)
        return BulkPlan(ids, requests, batches, used, data, commands)
    for r in people:
        one = replace(notification, user_id=r.user_id)
        try:
            one = personalise(one, values[r.user_id], attach)
            requests.append(build_notification(client.endpoint, one, system=system))
        except InputError as error:
            prefix = _("user {id}").format(id=r.user_id)
            problems += [Problem(f"{p.field}", f"{prefix}: {p.message}") for p in error.problems]
            if len(problems) > MAX_PROBLEMS:
                break
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    commands = [batch_command(r) for r in requests]
    return BulkPlan(ids, requests, _group(commands, max_batch_bytes), used, data, commands)


def batch_command(prepared: PreparedRequest) -> str:
    """The batch command for one checked request (its params in PHP's bracket form)."""
    return command(prepared.method, prepared.params)


def _group(commands: list[str], max_bytes: int) -> list[list[int]]:
    """Batches of up to 50 commands (and ``max_bytes`` of them); one request alone as is."""
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, text in enumerate(commands):
        length = len(text) + 16  # the command is ASCII (percent-encoded)
        if current and (len(current) >= MAX_COMMANDS or size + length > max_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(index)
        size += length
    if current:
        batches.append(current)
    return batches


def retry_plan(plan: BulkPlan, report: BulkReport) -> BulkPlan | None:
    """The plan again for those certainly not notified (refused or not sent); never the unknown.
    None when there is nobody to retry."""
    again = {o.user_id for o in report.outcomes if o.retryable}
    keep = [i for i, user_id in enumerate(plan.recipients) if user_id in again]
    if not keep:
        return None
    commands = [plan.commands[i] for i in keep]
    return BulkPlan(
        [plan.recipients[i] for i in keep],
        [plan.requests[i] for i in keep],
        _group(commands, MAX_BATCH_BYTES),
        plan.placeholders,
        plan.user_data,
        commands,
    )


# --- sending ------------------------------------------------------------------------------------


def _reason(error: B24NotifyError) -> str:
    from core.voice import for_error

    return for_error(error).one_line()


def _refusal(code: str, description: str, result: Result | None, endpoint: Endpoint) -> str:
    webhook = endpoint.kind == "webhook"
    status = result.http_status if result is not None else None
    return _reason(portal_error(code, description, status, result, webhook=webhook))


@dataclass
class _Exchange:
    """What one request gave (worked out on a worker thread, applied on the run's thread)."""

    batch: list[int]
    outcomes: list[Outcome] = field(default_factory=list)
    again: list[int] = field(default_factory=list)  # refused for the limit inside the batch
    refused_503: bool = False  # the whole request refused for the limit: not carried out
    stop: _Stop | None = None


class BulkRun:
    """One run of a plan; :meth:`run` blocks (call it from a worker), :meth:`cancel` from any
    thread. A run is used once.

    ``connections`` requests may be in flight at once (each through its own client: the given
    one, then ``make_client()`` for each further connection), as the pacer allows: the portal's
    burst goes out in parallel, which is what a far portal's round trips need. Only the network
    exchange runs on the extra threads; outcomes, the pacer and the callbacks stay on the thread
    that called :meth:`run`.
    """

    def __init__(
        self,
        client: Any,
        plan: BulkPlan,
        *,
        pacer: Pacer | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_outcomes: Callable[[list[Outcome]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        connections: int = 1,
        make_client: Callable[[], Any] | None = None,
    ) -> None:
        if isinstance(connections, bool) or not isinstance(connections, int):
            raise InputError([Problem("connections", _("must be a whole number, 1 or more."))])
        if not 1 <= connections <= MAX_CONNECTIONS:
            raise InputError(
                [
                    Problem(
                        "connections",
                        _("must be from 1 to {n}.").format(n=MAX_CONNECTIONS),
                    )
                ]
            )
        self._client = client
        self._plan = plan
        self._cancel = threading.Event()
        self._pacer = pacer if pacer is not None else Pacer(STANDARD, cancel=self._cancel)
        self._on_progress = on_progress
        self._on_outcomes = on_outcomes
        self._clock = clock
        self._connections = connections if make_client is not None else 1
        self._make_client = make_client
        self._senders: list[Any] = [client]  # every client of the run, for cancel()
        self._outcomes: dict[int, Outcome] = {}
        self._requests = 0
        self._started = 0.0
        self._ran = False

    def cancel(self) -> None:
        """Finish the requests in flight, send no more (the rest are ``not_sent``).

        The run's clients are cancelled too: a client waiting to try a 503-refused batch again
        stops waiting and sends nothing (``Client.cancel`` sticks: they are the run's)."""
        self._cancel.set()
        self._pacer.cancel_event.set()
        for sender in list(self._senders):
            _cancel_client(sender)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # --- the loop ---------------------------------------------------------------------------
    def run(self) -> BulkReport:
        """Send the plan; the report has an outcome for every recipient."""
        if self._ran:
            raise RuntimeError("a BulkRun is used once; make a new one (retry_plan) to send again")
        self._ran = True
        self._started = self._clock()
        self._queue: deque[list[int]] = deque(self._plan.batches)
        self._requeued: dict[int, int] = {}
        self._stopped: _Stop | None = None
        clients: queue.SimpleQueue[Any] = queue.SimpleQueue()
        clients.put(self._client)
        made: list[Any] = []
        done: queue.SimpleQueue[_Exchange] = queue.SimpleQueue()
        in_flight = 0
        pool = ThreadPoolExecutor(self._connections, thread_name_prefix="b24notify-bulk")
        try:
            while True:
                while in_flight and not done.empty():
                    self._apply(done.get())
                    in_flight -= 1
                if self.cancelled or self._stopped is not None:
                    break
                if not self._queue:
                    if not in_flight:
                        break
                    self._apply(done.get())  # wait for one in flight: it may queue more
                    in_flight -= 1
                    continue
                if in_flight >= self._connections:
                    self._apply(done.get())
                    in_flight -= 1
                    continue
                if not self._pacer.wait_turn():
                    break  # cancelled while waiting
                batch = self._queue.popleft()
                self._requests += 1
                if in_flight and clients.empty() and len(made) + 1 < self._connections:
                    assert self._make_client is not None
                    made.append(self._make_client())
                    self._senders.append(made[-1])
                    if self.cancelled:  # cancel() may have run just before the append
                        _cancel_client(made[-1])
                    clients.put(made[-1])
                in_flight += 1
                if self._connections == 1:
                    done.put(self._exchange(batch, clients))
                else:
                    pool.submit(self._post_exchange, batch, clients, done)
            while in_flight:  # finish what is in flight (cancel or stop)
                self._apply(done.get())
                in_flight -= 1
        finally:
            pool.shutdown(wait=True)
            for extra in made:
                close = getattr(extra, "close", None)
                if close is not None:
                    close()
        if self._queue:
            if self._stopped is not None:
                self._finish_rest(self._stopped.code, self._stopped.reason)
            else:
                self._finish_rest(CANCELLED, _("Cancelled before it was sent."))
            self._progress()
        return BulkReport(
            [self._outcomes[u] for u in self._plan.recipients if u in self._outcomes],
            self._requests,
            self._clock() - self._started,
            cancelled=self.cancelled,
            stopped=self._stopped.why if self._stopped is not None else "",
            waited=self._pacer.waited,
        )

    def _apply(self, exchange: _Exchange) -> None:
        """Take one request's outcome into the run (on the run's own thread)."""
        if exchange.refused_503:
            self._pacer.refused()
            self._queue.appendleft(exchange.batch)  # not carried out: it goes again
            if self._pacer.gave_up() and self._stopped is None:
                why = _("the portal kept answering 503 QUERY_LIMIT_EXCEEDED")
                self._stopped = _Stop(QUERY_LIMIT, _("Not sent: {why}.").format(why=why), why)
            self._progress()
            return
        if exchange.outcomes:
            self._record(exchange.outcomes)
        if exchange.stop is not None:
            if self._stopped is None:
                self._stopped = exchange.stop
        else:
            self._pacer.succeeded()
        retry = []
        for index in exchange.again:
            self._requeued[index] = self._requeued.get(index, 0) + 1
            if self._requeued[index] <= MAX_REQUEUES:
                retry.append(index)
            else:
                self._record([self._limit_refusal(index)])
        for at in range(0, len(retry), MAX_COMMANDS):
            self._queue.append(retry[at : at + MAX_COMMANDS])
        self._progress()

    def _limit_refusal(self, index: int) -> Outcome:
        user_id = self._plan.recipients[index]
        return Outcome(
            user_id,
            Status.REFUSED,
            code=QUERY_LIMIT,
            reason=_("The portal refused it for its request limit {n} times.").format(
                n=MAX_REQUEUES + 1
            ),
        )

    def _finish_rest(self, code: str, reason: str) -> None:
        rest = [
            Outcome(self._plan.recipients[i], Status.NOT_SENT, code=code, reason=reason)
            for batch in self._queue
            for i in batch
            if self._plan.recipients[i] not in self._outcomes
        ]
        self._queue.clear()
        if rest:
            self._record(rest)

    def _record(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            self._outcomes[outcome.user_id] = outcome
        if self._on_outcomes is not None:
            try:
                self._on_outcomes(list(outcomes))
            except Exception:  # the history's trouble must not stop the sending
                log.warning("the on_outcomes callback failed", exc_info=True)

    def _progress(self) -> None:
        if self._on_progress is None:
            return
        counts = {status: 0 for status in Status}
        for outcome in self._outcomes.values():
            counts[outcome.status] += 1
        batches_left = len(self._queue)
        elapsed = self._clock() - self._started
        progress = Progress(
            total=len(self._plan.recipients),
            sent=counts[Status.SENT],
            refused=counts[Status.REFUSED],
            not_sent=counts[Status.NOT_SENT],
            unknown=counts[Status.UNKNOWN],
            requests=self._requests,
            elapsed=elapsed,
            seconds_left=self._pacer.seconds_for(batches_left) if batches_left else 0.0,
        )
        try:
            self._on_progress(progress)
        except Exception:
            log.warning("the on_progress callback failed", exc_info=True)

    # --- one request (on a worker thread when there are several connections) -----------------
    def _post_exchange(
        self, batch: list[int], clients: queue.SimpleQueue[Any], done: queue.SimpleQueue[_Exchange]
    ) -> None:
        done.put(self._exchange(batch, clients))

    def _exchange(self, batch: list[int], clients: queue.SimpleQueue[Any]) -> _Exchange:
        client = clients.get()
        try:
            return self._send(batch, client)
        except Exception as exc:  # a bug must not hang the run: the outcome is unknown
            log.warning("unexpected failure while sending a batch", exc_info=True)
            reason = _("Unknown — check before sending again: {what}").format(
                what=type(exc).__name__
            )
            outcomes = [
                Outcome(self._plan.recipients[i], Status.UNKNOWN, reason=reason) for i in batch
            ]
            return _Exchange(batch, outcomes)
        finally:
            clients.put(client)

    def _send(self, batch: list[int], client: Any) -> _Exchange:
        """Send one batch (or one request alone) and say what became of it."""
        try:
            if len(self._plan.recipients) == 1:
                return _Exchange(batch, self._send_one(batch[0], client))
            return self._send_batch(batch, client)
        except PortalError as error:
            if error.code == QUERY_LIMIT:
                return _Exchange(batch, refused_503=True)
            why = error.code or error.message
            stop = _Stop(
                error.code or "ERROR",
                _("Not sent: the run stopped when the portal refused a request ({why}).").format(
                    why=why
                ),
                error.message,
            )
            return _Exchange(batch, self._all(batch, Status.REFUSED, error), stop=stop)
        except OutcomeUnknownError as error:
            return _Exchange(batch, self._all(batch, Status.UNKNOWN, error))
        except CancelledError as error:
            stop = _Stop(CANCELLED, _("Cancelled before it was sent."), str(error))
            return _Exchange(batch, self._all(batch, Status.NOT_SENT, error, CANCELLED), stop=stop)
        except NotSentError as error:
            stop = _Stop(NOT_SENT, _reason(error), str(error))
            return _Exchange(batch, self._all(batch, Status.NOT_SENT, error, NOT_SENT), stop=stop)

    def _all(
        self, batch: list[int], status: Status, error: B24NotifyError, code: str = ""
    ) -> list[Outcome]:
        code = code or str(getattr(error, "code", "") or "")
        if status is Status.UNKNOWN:
            reason = _("Unknown — check before sending again: {what}").format(what=error.message)
        else:
            reason = _reason(error)
        description = str(getattr(error, "description", "") or "")
        return [
            Outcome(self._plan.recipients[i], status, None, code, description, reason)
            for i in batch
        ]

    def _send_one(self, index: int, client: Any) -> list[Outcome]:
        prepared = self._plan.requests[index]
        user_id = self._plan.recipients[index]
        try:
            result = client.send(prepared)
        except RecipientUnavailableError as error:
            return [Outcome(user_id, Status.REFUSED, None, RESULT_FALSE, "", _reason(error))]
        return [Outcome(user_id, Status.SENT, result.notification_id)]

    def _send_batch(self, batch: list[int], client: Any) -> _Exchange:
        keys = {f"n{self._plan.recipients[i]}": i for i in batch}
        commands = {key: self._plan.commands[i] for key, i in keys.items()}
        result, read = call_batch(client, commands)
        if read is None:
            raise OutcomeUnknownError(
                _("The portal's answer to the batch had no per-command results"),
                reason="unexpected_json",
                result=result,
            )
        endpoint = client.endpoint
        exchange = _Exchange(batch)
        for key, index in keys.items():
            user_id = self._plan.recipients[index]
            got = read[key]
            value = got.value
            if not got.answered:
                exchange.outcomes.append(
                    Outcome(
                        user_id,
                        Status.UNKNOWN,
                        reason=_("Unknown — check before sending again: the portal's answer "
                                 "did not mention this command."),
                    )
                )  # fmt: skip
            elif got.error == QUERY_LIMIT:
                exchange.again.append(index)  # refused for the limit: not carried out
            elif got.error:
                reason = _refusal(got.error, got.description, result, endpoint)
                exchange.outcomes.append(
                    Outcome(user_id, Status.REFUSED, None, got.error, got.description, reason)
                )
            elif isinstance(value, int) and not isinstance(value, bool):
                exchange.outcomes.append(Outcome(user_id, Status.SENT, value))
            elif value is False:
                exchange.outcomes.append(
                    Outcome(
                        user_id,
                        Status.REFUSED,
                        code=RESULT_FALSE,
                        reason=_("Not sent — the portal answered result: false (the recipient "
                                 "does not exist, is inactive, or the portal refused them)."),
                    )
                )  # fmt: skip
            else:
                exchange.outcomes.append(
                    Outcome(
                        user_id,
                        Status.UNKNOWN,
                        reason=_("Unknown — check before sending again: the portal answered "
                                 "without a notification id ({value!r}).").format(value=value),
                    )
                )  # fmt: skip
        return exchange


def _cancel_client(client: Any) -> None:
    cancel = getattr(client, "cancel", None)
    if callable(cancel):
        cancel()


class _Stop:
    """The run stops: the rest are not sent, with this code and reason."""

    def __init__(self, code: str, reason: str, why: str) -> None:
        self.code = code
        self.reason = reason
        self.why = why


def describe_plan(plan: BulkPlan) -> str:
    """One line before sending: how many recipients, in how many requests."""
    people = ngettext("{n} recipient", "{n} recipients", len(plan.recipients)).format(
        n=len(plan.recipients)
    )
    requests = ngettext("{n} request", "{n} requests", plan.request_count).format(
        n=plan.request_count
    )
    return _("{people} in {requests}").format(people=people, requests=requests)


__all__ = [
    "CANCELLED",
    "NOT_SENT",
    "PERSONAL_METHOD",
    "RESULT_FALSE",
    "BulkPlan",
    "BulkReport",
    "BulkRun",
    "Outcome",
    "Progress",
    "Status",
    "batch_command",
    "describe_plan",
    "plan_bulk",
    "retry_plan",
]
