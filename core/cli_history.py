"""``b24notify history``: the sends recorded by the command line and the window, newest first.

Also :func:`record`, which ``send`` and ``delete`` call after each call to the portal: a history
that cannot be written is a warning on stderr, never a failed send.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import TYPE_CHECKING, Any, TextIO

from core.i18n import N_, _

OK = 0  # core.cli.ExitCode.OK (that module imports this one); problems are raised as errors


def _say(err: TextIO, message: str) -> None:
    err.write(f"b24notify: {' '.join(str(message).split())}\n")


if TYPE_CHECKING:
    from core.request import PreparedRequest

EPILOG = N_("""\
examples:
  b24notify history                       # the last 20 sends
  b24notify history --search nightly      # text, recipient, tag, sub-tag, profile or address
  b24notify history --profile work --limit 100 --json

The history (history.sqlite3 in the settings folder) keeps the last 10,000 sends (set
B24NOTIFY_HISTORY_LIMIT to keep more or fewer; 0 turns it off). It never holds a secret.
""")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "history",
        help=_("the sends made so far, newest first"),
        description=_("Show the recorded sends (from the command line and the window)."),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--limit", type=int, default=20, metavar="N", help=_("at most N (0: all)"))
    parser.add_argument(
        "--search", default="", metavar="TEXT", help=_("only sends containing TEXT")
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help=_("only sends through this profile ($B24NOTIFY_PROFILE)"),
    )
    parser.add_argument("--json", action="store_true", help=_("as JSON, every field"))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from core.errors import InputError, Problem
    from core.history import History
    from core.profiles import Profiles, chosen_profile, unknown_profile

    if args.limit < 0:
        raise InputError([Problem("limit", _("must be 0 (all) or more."))])
    history = History()
    profile = chosen_profile(args.profile, {}, dict(os.environ))
    found = history.search(args.search, limit=0 if profile else args.limit)
    if history.notice:
        _say(err, history.notice)
    if history.problem:
        _say(err, _("warning: {problem}").format(problem=history.problem))
    if profile:
        found = [e for e in found if e.profile == profile]
        if not found and profile not in Profiles().names():
            raise unknown_profile(profile)
        found = found[: args.limit] if args.limit else found
    if args.json:
        out.write(json.dumps([e.to_json() for e in found], indent=2, ensure_ascii=False) + "\n")
        return OK
    for e in found:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(e.time))
        where = e.profile or e.address
        text = " ".join(e.text.split())
        text = text if len(text) <= 60 else text[:59] + "…"
        who = e.recipient or e.tag or e.sub_tag or "-"
        out.write(f"{e.id}\t{when}\t{where}\t{e.method}\t{who}\t{e.outcome_text}\t{text}\n")
    return OK


def record(
    prepared: PreparedRequest,
    err: TextIO,
    *,
    profile: str = "",
    result: Any = None,
    error: BaseException | None = None,
    secrets: tuple[str, ...] = (),
) -> None:
    """Add a call to the history; a history that cannot be written is a warning, nothing more."""
    from core.history import History, entry_for

    try:
        history = History()
        entry = entry_for(prepared, result=result, error=error, profile=profile, secrets=secrets)
        history.record(entry)
    except Exception as exc:  # the history never fails a send
        _say(
            err,
            _("warning: the history could not be written ({error}).").format(
                error=type(exc).__name__
            ),
        )
        return
    if history.notice:
        _say(err, history.notice)
    if history.problem:
        _say(err, _("warning: {problem}").format(problem=history.problem))
