"""``b24notify sandbox``: run the sandbox portal in the foreground, one line per request.

core/cli.py delegates here through :func:`add_arguments` and :func:`run`; ``python -m core.sandbox``
uses :func:`main`.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from typing import Any, TextIO

from core.sandbox.faults import fault_options
from core.sandbox.limits import (
    DEFAULT_BUCKET,
    DEFAULT_DRAIN,
    ENTERPRISE_BUCKET,
    ENTERPRISE_DRAIN,
)
from core.sandbox.methods import WEBHOOK_TAG_MODES
from core.sandbox.notifications import DEFAULT_MAX_STORED_BYTES
from core.sandbox.people import MAX_USERS
from core.sandbox.portal import MAX_STORED_BYTES, SandboxPortal, is_loopback

PROG = "b24notify sandbox"
MIB = 1024 * 1024
MAX_STORED_MIB = MAX_STORED_BYTES // MIB

_WHOLE = re.compile(r"[ \t]*-?[0-9]+[ \t]*")  # as the client reads ids: spaces or tabs around
_NUMBER = re.compile(
    r"[ \t]*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ \t]*"
    r"|[ \t]*[-+]?(?:nan|inf|infinity)[ \t]*",
    re.IGNORECASE,
)


def whole_number(text: str) -> int:
    """An argparse type: ASCII digits (``٣``, ``１``, ``1_000`` are refused); the range is the
    portal's to check, so a bad value gets one plain line."""
    if not _WHOLE.fullmatch(text):
        raise argparse.ArgumentTypeError("must be a whole number written with the digits 0-9")
    if len(text.strip()) > 30:
        raise argparse.ArgumentTypeError("is far too large")
    return int(text)


def number(text: str) -> float:
    """An argparse type: an ASCII decimal number (NaN and infinities parse, and are then refused
    by the portal with a plain line rather than switching the rate limit off)."""
    if not _NUMBER.fullmatch(text) or len(text.strip()) > 400:
        raise argparse.ArgumentTypeError("must be a number written with the digits 0-9")
    return float(text)


EPILOG = f"""\
examples:
  b24notify sandbox                                # a free port; the webhook URL comes first
  b24notify sandbox --port 8024 --secret demo1234  # a fixed address for scripts
  b24notify sandbox --enterprise                   # Enterprise rate limit: 250, then 5/s
  b24notify sandbox --users 500 --max-entries 5000 # 500 more people, for bulk sends

then, from another terminal:
  b24notify send --url http://127.0.0.1:8024/rest/1/demo1234/ --user 2 --text Hi
  curl -s http://127.0.0.1:8024/sandbox/notifications          # what arrived (also /requests)
  curl -s 'http://127.0.0.1:8024/sandbox/requests?limit=20&offset=40'  # pages: limit up to 1000
  curl -s -X POST http://127.0.0.1:8024/sandbox/faults -d '{{"fault": "503", "count": 2}}'

faults (each also takes "count" and "method"; "process": true means the call is carried out
before the fault hits) and their options:
{fault_options()}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sandbox's options, added to ``parser``."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=whole_number, default=0, metavar="N", help="port (default: a free one)"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (anyone who can reach it may use the webhook)",
    )
    parser.add_argument(
        "--secret",
        default=None,
        metavar="TEXT",
        help="the admin webhook's secret, letters and digits (default: random)",
    )
    parser.add_argument(
        "--bucket-size",
        type=whole_number,
        default=None,
        metavar="N",
        help=f"rate-limit bucket (default {DEFAULT_BUCKET})",
    )
    parser.add_argument(
        "--drain-rate",
        type=number,
        default=None,
        metavar="PER_S",
        help=f"requests/s drained (default {DEFAULT_DRAIN})",
    )
    parser.add_argument(
        "--enterprise",
        action="store_true",
        help=f"Enterprise rate limit ({ENTERPRISE_BUCKET} then {ENTERPRISE_DRAIN:g}/s)",
    )
    parser.add_argument(
        "--users",
        type=whole_number,
        default=0,
        metavar="N",
        help="add N generated people (Russian and English names, positions, a few inactive) "
        f"over the departments, to try bulk sends (at most {MAX_USERS:,})",
    )
    parser.add_argument(
        "--max-entries",
        type=whole_number,
        default=1000,
        metavar="N",
        help="notifications and requests kept (older ones rotate out; default 1000)",
    )
    parser.add_argument(
        "--max-stored-mib",
        type=whole_number,
        default=DEFAULT_MAX_STORED_BYTES // MIB,
        metavar="N",
        help="stored notifications in all, in MiB (the oldest rotate out; default "
        f"{DEFAULT_MAX_STORED_BYTES // MIB})",
    )
    parser.add_argument(
        "--webhook-tags",
        choices=WEBHOOK_TAG_MODES,
        default="client-id",
        help="TAG/SUB_TAG sent over a webhook: client-id (default) honours them with CLIENT_ID, "
        "as the current docs describe; ignored drops them silently, as the module source does",
    )


def format_entry(entry: dict[str, Any]) -> str:
    """One line per request, secrets already masked by the portal."""
    time_part = str(entry.get("date", ""))[11:19]
    who = entry.get("auth") or "-"
    if entry.get("user_id") is not None:
        who = f"{who} user {entry['user_id']}"
    status = entry.get("status")
    outcome = "connection dropped" if status is None else str(status)
    if entry.get("error"):
        outcome += f" {entry['error']}"
    elif entry.get("result") is not None:
        outcome += f" result={entry['result']!r}"
    what = entry.get("rest_method") or entry.get("path")
    line = f"{time_part} {entry.get('http_method', '')} {what} [{who}] -> {outcome}"
    if entry.get("fault"):
        line += f" (fault: {entry['fault']})"
    if entry.get("address") == "moved":
        line += " (second address)"
    notes = entry.get("notes") or []
    if notes:
        line += " — " + "; ".join(str(n) for n in notes[:3])
    return line


def run(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run until Ctrl+C (or ``stop`` is set, for tests). Returns the exit code."""
    out = out or sys.stdout
    err = sys.stderr
    if not is_loopback(args.host) and not args.allow_remote:
        print(
            # The value is not echoed: a pasted webhook URL or token may stand where a host should.
            f"{PROG}: refusing to listen on the --host address: it is not a loopback address, "
            "and anyone who can reach it could use the sandbox webhook. Add --allow-remote if you "
            "mean it.",
            file=err,
        )
        return 2
    bucket = (
        args.bucket_size
        if args.bucket_size is not None
        else (ENTERPRISE_BUCKET if args.enterprise else DEFAULT_BUCKET)
    )
    drain = (
        args.drain_rate
        if args.drain_rate is not None
        else (ENTERPRISE_DRAIN if args.enterprise else DEFAULT_DRAIN)
    )
    stored_mib = args.max_stored_mib
    if not 1 <= stored_mib <= MAX_STORED_MIB:
        limit = f"a whole number from 1 to {MAX_STORED_MIB}"
        print(f"{PROG}: --max-stored-mib must be {limit}.", file=err)
        return 2
    print_lock = threading.Lock()

    def show(entry: dict[str, Any]) -> None:
        with print_lock:
            print(format_entry(entry), file=out, flush=True)

    try:
        portal = SandboxPortal(
            args.host,
            args.port,
            bucket_size=bucket,
            drain_rate=drain,
            allow_remote=args.allow_remote,
            max_entries=args.max_entries,
            max_stored_bytes=stored_mib * MIB,
            webhook_tags=args.webhook_tags,
            secret=args.secret,
            on_request=show,
            users=args.users,
        ).start()
    except ValueError as exc:  # a setting that cannot work (its text never holds the host)
        print(f"{PROG}: {exc}.", file=err)
        return 2
    except OSError as exc:  # the address is taken or not ours
        reason = exc.strerror or str(exc)
        print(f"{PROG}: cannot listen on the --host address, port {args.port}: {reason}.", file=err)
        return 1
    if portal.listens_on_network:
        print(
            f"{PROG}: warning: listening on {args.host} over plain http: the webhook secret and "
            "the tokens travel in clear on the network, and anyone who can reach "
            f"{portal.url} can use them. Use it on a network you trust, and only for testing.",
            file=err,
            flush=True,
        )
    try:
        with print_lock:
            print(f"Webhook URL: {portal.webhook_url}", file=out)
            print(
                f"App token:   {portal.app_token}  (token calls go to {portal.rest_url})", file=out
            )
            print(f"Without im scope: {portal.limited_webhook_url}", file=out)
            print(f"Expired token: {portal.expired_token}", file=out)
            print(
                f"OAuth: {portal.oauth_url} client_id={portal.client_id} "
                f"client_secret={portal.client_secret} refresh_token={portal.refresh_token}",
                file=out,
            )
            print(f"Second address (redirect target): {portal.moved_url}", file=out)
            if args.users:
                people = portal.users()
                print(
                    f"People: {len(people)} ({args.users} generated, ids up to "
                    f"{max(p['id'] for p in people)}) in {len(portal.departments())} departments: "
                    f"{portal.url}/sandbox/users",
                    file=out,
                )
            print(
                f"Inspect: {portal.url}/sandbox/notifications  {portal.url}/sandbox/requests  "
                f"(rate limit {bucket} then {drain:g}/s). Ctrl+C stops.",
                file=out,
                flush=True,
            )
        if ready is not None:
            ready.set()
        waiter = stop or threading.Event()
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()
    with print_lock:
        print("Sandbox stopped.", file=out, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m core.sandbox``."""
    parser = argparse.ArgumentParser(
        prog="python -m core.sandbox",
        description="A local Bitrix24 portal for trying webhooks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
