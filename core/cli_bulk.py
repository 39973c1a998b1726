"""``b24notify send`` to many: ``--user`` lists and ranges, ``--department``, ``--recipients``.

``core.cli_bulk_options.add_send_options`` adds the bulk options to the ``send`` parser and
``wants_bulk`` says whether a send goes this way (a list or a range in ``--user``, a department,
a CSV file; a single send imports that module, not this one); then
:func:`run` plans (every problem reported before anything is sent), sends through ``batch`` paced
by the portal's bucket (:mod:`core.bulk`), shows progress on stderr (a bar on a terminal, plain
lines otherwise) and prints a JSON summary on stdout: ``sent``, ``failed`` (with the portal's
codes) and ``unknown``, each with the recipients' ids.

Exit codes: 0 every recipient got it; 3 the portal refused some (or some were not sent) and all
others got it; 4 any outcome unknown; 5 the portal could not be reached at all; 130 cancelled.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from core.i18n import _, ngettext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

    from core.address import Endpoint
    from core.bulk import BulkPlan, BulkReport, Progress
    from core.client import Client
    from core.pacing import Rate
    from core.profiles import Connection


def _rate(args: argparse.Namespace) -> Rate:
    from core.errors import InputError, Problem
    from core.pacing import PRESETS, STANDARD, Rate

    preset = PRESETS[args.rate_preset] if args.rate_preset else STANDARD
    if args.burst is None and args.rate is None:
        return preset
    if args.rate_preset:
        raise InputError([Problem("rate", _("give --rate-preset or --burst/--rate, not both."))])
    burst: Any = preset.burst
    per_second: Any = preset.per_second
    problems = []
    if args.burst is not None:
        text = args.burst.strip()
        if text.isascii() and text.isdigit() and len(text) < 10:
            burst = int(text)
        else:
            problems.append(Problem("burst", _("must be a whole number such as 50.")))
    if args.rate is not None:
        try:
            if not args.rate.strip().replace(".", "", 1).isdigit() or not args.rate.isascii():
                raise ValueError
            per_second = float(args.rate)
        except ValueError:
            problems.append(Problem("rate", _("must be a number of requests a second, such as 2.")))
    if problems:
        raise InputError(problems)
    return Rate(burst, per_second)


def _connections(text: str) -> int:
    from core.bulk import MAX_CONNECTIONS
    from core.errors import InputError, Problem

    value = str(text).strip()
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_CONNECTIONS):
        raise InputError(
            [
                Problem(
                    "connections",
                    _("must be a whole number from 1 to {n}.").format(n=MAX_CONNECTIONS),
                )
            ]
        )
    return int(value)


def _recipients(args: argparse.Namespace, client: Any, before: Any) -> list[Any]:
    from core.errors import InputError, Problem
    from core.recipients import (
        Recipient,
        department_members,
        parse_ids,
        read_csv,
    )

    found: list[Recipient] = []
    if args.recipients:
        found += read_csv(args.recipients, "recipients")
    if args.user is not None:
        found += [Recipient(i) for i in parse_ids(args.user, "user")]
    if args.department is not None:
        ids = department_members(
            client, args.department, subdepartments=args.with_subdepartments, before=before
        )
        found += [Recipient(i) for i in ids]
    elif args.with_subdepartments:
        raise InputError(
            [Problem("department", _("--with-subdepartments goes with --department ID."))]
        )
    if not found:
        raise InputError(
            [Problem("user", _("give --user (ids, lists, ranges), --department or --recipients."))]
        )
    return found


def _seconds_left(seconds: float) -> str:
    """The progress line's estimate, counted properly (Russian has three forms)."""
    n = round(seconds)
    return ngettext(" · about {s} s left", " · about {s} s left", n).format(s=n)


class _Progress:
    """Progress on stderr: a bar redrawn in place on a terminal, else a line now and then."""

    def __init__(self, err: TextIO) -> None:
        stream = getattr(err, "stream", err)
        isatty = getattr(stream, "isatty", None)
        self._tty = bool(isatty and isatty())
        self._err = err
        self._last = 0.0
        self._shown = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        finished = p.done >= p.total
        if not self._tty and not finished and now - self._last < 2.0:
            return
        self._last = now
        counts = _("{done}/{total} · sent {sent} · failed {failed} · unknown {unknown}").format(
            done=p.done, total=p.total, sent=p.sent, failed=p.failed, unknown=p.unknown
        )
        left = "" if finished else _seconds_left(p.seconds_left)
        if self._tty:
            width = 24
            filled = int(width * p.done / p.total) if p.total else width
            bar = "#" * filled + "-" * (width - filled)
            self._err.write(f"\r[{bar}] {counts}{left}\x1b[K")
            self._shown = True
            if finished:
                self.end()
        else:
            self._err.write(f"b24notify: {counts}{left}\n")
        self._err.flush()

    def end(self) -> None:
        if self._tty and self._shown:
            self._err.write("\n")
            self._err.flush()
            self._shown = False


# The values of core.cli.ExitCode (this module does not import core.cli: no import circle).
OK, PORTAL, UNKNOWN, NOT_REACHED, INTERRUPTED = 0, 3, 4, 5, 130


def exit_code(report: BulkReport) -> int:
    """0 all sent (cancelled or not); 4 any unknown; 130 cancelled before all were sent; 5 nothing
    reached the portal; 3 the rest."""
    from core.bulk import NOT_SENT

    if report.unknown:
        return UNKNOWN
    if not report.failed:  # a cancel that came as the last request was answered spared nobody
        return OK
    if report.cancelled:
        return INTERRUPTED
    if not report.sent and all(o.code == NOT_SENT for o in report.failed):
        return NOT_REACHED
    return PORTAL


def _print_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _say(err: TextIO, message: str) -> None:
    err.write(f"b24notify: {' '.join(str(message).split())}\n")


_MAX_REASONS = 20


def _say_reasons(report: BulkReport, err: TextIO) -> None:
    """Why each recipient was not notified (or may not have been), in words, on stderr: the JSON
    on stdout has the codes only, the same in every language."""
    missed = [*report.failed, *report.unknown]
    for outcome in missed[:_MAX_REASONS]:
        _say(err, _("user {id}: {reason}").format(id=outcome.user_id, reason=outcome.reason))
    if len(missed) > _MAX_REASONS:
        rest = len(missed) - _MAX_REASONS
        _say(err, ngettext("… and {n} more.", "… and {n} more.", rest).format(n=rest))


def _cancel_on_ctrl_c(cancel: Any) -> Any:
    """While a run goes, the first Ctrl+C cancels it (the request in flight finishes, nothing more
    goes, the summary is printed); a second one interrupts as usual. Returns the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum: int, frame: Any) -> None:
        cancel()
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, on_interrupt)
    return lambda: signal.signal(signal.SIGINT, previous)


def _history_recorder(
    args: argparse.Namespace,
    plan: BulkPlan,
    err: TextIO,
    profile_of: Callable[[argparse.Namespace], Connection | None] | None,
) -> Callable[[list[Any]], None]:
    """The run's ``on_outcomes``: each batch's outcomes into the history (on the sending
    thread); a history that cannot be written is one warning, and the send goes on."""
    from core.bulk_history import recorder
    from core.history import History

    profile = profile_of(args) if profile_of is not None else None
    name, extra = (profile.name, tuple(profile.secrets.all)) if profile is not None else ("", ())
    return recorder(
        History(),
        plan,
        profile=name,
        source="cli",
        secrets=extra,
        on_problem=lambda problem: _say(err, _("warning: {problem}").format(problem=problem)),
    )


def run(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    endpoint_of: Callable[[argparse.Namespace], Endpoint],
    client_for: Callable[[argparse.Namespace, Endpoint, TextIO], Client],
    profile_of: Callable[[argparse.Namespace], Connection | None] | None = None,
) -> int:
    """Plan, send and report a bulk send; returns the exit code. ``endpoint_of``,
    ``client_for`` and ``profile_of`` are the send command's own (core.cli): the same address,
    options, notes and profile. Each recipient's outcome is recorded in the history (one row
    each, secrets masked), as a single send is."""
    from core.bulk import BulkRun, batch_command, describe_plan, plan_bulk
    from core.cli_args import notification_from
    from core.errors import InputError, Problem
    from core.pacing import Pacer

    if args.user is None and not args.department and not args.recipients:
        raise InputError(
            [Problem("user", _("give --user (ids, lists, ranges), --department or --recipients."))]
        )
    if args.curl:
        raise InputError(
            [Problem("user", _("--curl shows one request; for many recipients use --dry-run."))]
        )
    rate = _rate(args)
    connections = _connections(args.connections)
    endpoint = endpoint_of(args)
    if endpoint.kind == "token":
        # One client only: a refresh spends the refresh token, so two clients refreshing at once
        # would leave one with a spent token.
        connections = 1
    notification = notification_from(args, 0)  # the recipients are the plan's
    progress = _Progress(err)
    with client_for(args, endpoint, err) as client:
        pacer = Pacer(rate)

        def before() -> None:
            pacer.wait_turn()

        recipients = _recipients(args, client, before)
        plan = plan_bulk(client, recipients, notification, system=args.system, pacer=pacer)
        _say(err, describe_plan(plan))
        if args.dry_run:
            first = plan.requests[0]
            _print_json(
                {
                    "recipients": plan.recipients,
                    "requests": plan.request_count,
                    "placeholders": plan.placeholders,
                    "first": {
                        "method": first.method,
                        "params": first.params,
                        "batch_command": batch_command(first),
                    },
                },
                out,
            )
            return 0
        bulk = BulkRun(
            client,
            plan,
            pacer=pacer,
            on_progress=progress,
            on_outcomes=_history_recorder(args, plan, err, profile_of),
            connections=connections,
            make_client=lambda: client_for(args, endpoint, err),
        )
        restore = _cancel_on_ctrl_c(bulk.cancel)
        try:
            report = bulk.run()
        finally:
            restore()
            progress.end()
    _print_json(report.summary(), out)
    _say_reasons(report, err)
    if report.unknown:
        _say(
            err,
            ngettext(
                "{n} recipient's outcome is unknown: check before sending again (their ids are "
                'under "unknown").',
                "{n} recipients' outcomes are unknown: check before sending again (their ids "
                'are under "unknown").',
                len(report.unknown),
            ).format(n=len(report.unknown)),
        )
    if report.stopped:
        _say(err, _("stopped early: {why}.").format(why=report.stopped))
    return exit_code(report)
