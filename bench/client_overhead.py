"""Client overhead benchmark: one send through ``core.client.Client`` vs a bare ``requests`` POST.

Issue 10's goal: a send through ``Client.send_personal`` (keep-alive, the same ``Client`` reused)
takes at most 1.05x a ``requests.Session.post`` of the same body to the same URL.

The server is the sandbox portal in ANOTHER process (``python -m core.sandbox`` on a free
loopback port, its rate limit lifted with ``--bucket-size``/``--drain-rate``, its log written to
a temp file), so its CPU is not counted on the client's side. The client side runs here:

* ours: ``client.send_personal(note)`` — validating and building the request, the POST, reading
  and parsing the answer, the ``Result``;
* bare: ``session.post(url, data=body, headers=headers, timeout=..., allow_redirects=False)``
  then ``response.json()``, with ``url``, ``body`` and ``headers`` prepared once, up front, from
  the same notification (the bytes ``Client`` sends), on a ``requests.Session`` of its own;
* bare on the client's session type (not in the verdict): the same post on a
  ``core.http_env.EnvironmentSession``, the session a ``Client`` makes for itself (requests'
  reading of the environment's proxy settings kept until they change). Client over it is the
  Client's own work alone, printed as a second, informational ratio.

Both keep one connection alive. After a warm-up, each round times a block of sends of each,
alternating which goes first; the verdict is on the median of the per-round ratios (median of
ours' block / median of bare's block), with their spread. Every answer is checked (HTTP 200, a
numeric ``result``): a bench that times errors measures nothing.

    .venv/bin/python bench/client_overhead.py                # 30 rounds of 20 sends each
    .venv/bin/python bench/client_overhead.py --rounds 50 --block 40 --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common

sys.path.insert(0, str(common.ROOT))

TARGET = 1.05
URL_LINE = re.compile(r"^Webhook URL: (\S+)$", re.MULTILINE)


def start_sandbox(log: Path) -> tuple[subprocess.Popen, str]:
    """The sandbox in its own process; returns it and its admin webhook URL."""
    secret = "bench" + secrets.token_hex(8)
    argv = [
        sys.executable,
        "-m",
        "core.sandbox",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--secret",
        secret,
        "--bucket-size",
        str(10**6),  # the most it takes (core.sandbox.limits.MAX_BUCKET)
        "--drain-rate",
        str(10**6),
        "--max-entries",
        "10",
    ]
    out = open(log, "w")  # noqa: SIM115 - the server writes to it until it is stopped
    proc = subprocess.Popen(
        argv, cwd=common.ROOT, env=common.clean_env(), stdout=out, stderr=subprocess.STDOUT
    )
    out.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = URL_LINE.search(log.read_text())
        if found:
            return proc, found.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"the sandbox did not start:\n{log.read_text()}")


def timed_block(fn: Callable[[], None], sends: int) -> list[float]:
    times = []
    for _ in range(sends):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def outside_post(
    client: Any, session: Any, bare: Callable[[], None], ours: Callable[[], None], sends: int
) -> dict[str, float]:
    """Per send, the median time spent outside ``Session.post`` on each side (not in the ratio).

    For the Client that is its own work — checking, building, reading the answer, the Result —
    measured where it runs, between two HTTP exchanges (with the caches the exchange left).
    """
    spent: dict[str, list[float]] = {"bare": [], "client": []}
    for name, sess, fn in (("bare", session, bare), ("client", client._session, ours)):
        real_post = sess.post
        in_post = [0.0]

        def timed_post(*args: Any, _post: Any = real_post, _acc: Any = in_post, **kw: Any) -> Any:
            start = time.perf_counter()
            try:
                return _post(*args, **kw)
            finally:
                _acc[0] += time.perf_counter() - start

        sess.post = timed_post
        try:
            for _ in range(5):
                for _ in range(sends):
                    in_post[0] = 0.0
                    start = time.perf_counter()
                    fn()
                    spent[name].append(time.perf_counter() - start - in_post[0])
        finally:
            del sess.post
    return {k: statistics.median(v) for k, v in spent.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="rounds (default 30)")
    parser.add_argument("--block", type=int, default=20, help="sends of each per round (20)")
    parser.add_argument("--warmup", type=int, default=50, help="discarded sends of each first")
    parser.add_argument(
        "--time-limit", type=float, default=300, help="stop starting rounds after this many s"
    )
    parser.add_argument("--json", action="store_true", help="print JSON on stdout (text: stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout
    info = common.machine()

    import requests

    from core.blocks import file_block, picture_block
    from core.client import DEFAULT_TIMEOUT, Client
    from core.http_env import environment_session
    from core.request import Notification, build_notification

    note = Notification(
        user_id=2,
        text="Build [b]#42[/b] failed",
        tag="ci",
        attachments=[
            picture_block("chart", "https://ci.example/chart.png"),
            file_block("report.pdf", "https://ci.example/report.pdf"),
        ],
    )
    tmp = common.scratch("b24notify-bench-client-")
    server, webhook = start_sandbox(tmp / "sandbox.log")
    try:
        with (
            Client(webhook) as client,
            requests.Session() as session,
            environment_session() as same_kind,
        ):
            prepared = build_notification(client.endpoint, note)
            url, body, headers = prepared.url, prepared.body_bytes(), prepared.headers()
            timeout = DEFAULT_TIMEOUT  # the (connect, read) timeouts the client uses

            def bare() -> None:
                response = session.post(
                    url, data=body, headers=headers, timeout=timeout, allow_redirects=False
                )
                answer = response.json()
                if response.status_code != 200 or not isinstance(answer.get("result"), int):
                    raise RuntimeError(f"bare send failed: HTTP {response.status_code}")

            def ours() -> None:
                result = client.send_personal(note)
                if not isinstance(result.raw.get("result"), int):
                    raise RuntimeError("Client send failed")

            def bare_same_kind() -> None:
                response = same_kind.post(
                    url, data=body, headers=headers, timeout=timeout, allow_redirects=False
                )
                answer = response.json()
                if response.status_code != 200 or not isinstance(answer.get("result"), int):
                    raise RuntimeError(f"bare send failed: HTTP {response.status_code}")

            contenders = {"bare": bare, "client": ours, "same_kind": bare_same_kind}
            for fn in contenders.values():
                timed_block(fn, args.warmup)
            # Both sides must get the same answer: the same status and body size (an id of
            # another length could differ by a byte), so the server's work is the same too.
            answers = {
                "bare": len(
                    session.post(
                        url, data=body, headers=headers, timeout=timeout, allow_redirects=False
                    ).content
                ),
                "client": len(client.send_personal(note).text.encode("utf-8")),
            }
            if abs(answers["bare"] - answers["client"]) > 12:
                raise RuntimeError(f"the two sides got different answers: {answers} bytes")
            times: dict[str, list[float]] = {k: [] for k in contenders}
            ratios, own_ratios = [], []
            for i in common.rounds(args.rounds, args.time_limit):
                block = {}
                for name in common.rotate(list(contenders), i):
                    block[name] = timed_block(contenders[name], args.block)
                    times[name] += block[name]
                client_median = statistics.median(block["client"])
                ratios.append(client_median / statistics.median(block["bare"]))
                own_ratios.append(client_median / statistics.median(block["same_kind"]))
            outside = outside_post(client, session, bare, ours, args.block)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    per_send = {k: common.spread(v) for k, v in times.items()}
    ratio = common.spread(ratios)
    own_ratio = common.spread(own_ratios)
    n = len(ratios)
    passed = ratio["median"] <= TARGET
    common.print_header(
        f"Client.send_personal vs requests.Session.post, sandbox in another process "
        f"({n} rounds of {args.block} sends each)",
        info,
        out,
    )
    print(f"{'':18} {'median':>9}   spread over {n * args.block} sends", file=out)
    print(f"{'bare requests ms':18} {common.fmt_spread(per_send['bare'], 1000, 3)}", file=out)
    print(f"{'Client ms':18} {common.fmt_spread(per_send['client'], 1000, 3)}", file=out)
    print(
        f"{'bare, same kind ms':18} {common.fmt_spread(per_send['same_kind'], 1000, 3)}   "
        f"(bare post on an EnvironmentSession, the client's session type)",
        file=out,
    )
    print(
        f"{'ratio':18} {common.fmt_spread(ratio, 1, 3, 'x')}   "
        f"{common.verdict(ratio['median'], TARGET)}",
        file=out,
    )
    print(
        f"  (Client / bare on the same kind of session: "
        f"{common.fmt_spread(own_ratio, 1, 3, 'x').strip()}"
        f" — the Client's own work alone; informational, not the verdict)",
        file=out,
    )
    print(
        f"  (outside Session.post, median per send: Client {outside['client'] * 1e6:.0f} µs, "
        f"bare {outside['bare'] * 1e6:.0f} µs — the Client's own work where it runs)",
        file=out,
    )
    print(
        f"  (answer bytes: bare {answers['bare']}, Client {answers['client']}; request body "
        f"{len(body)} bytes, the same bytes and headers on both sides)",
        file=out,
    )
    print(
        f"  (ratio: per round, median Client send / median bare send; load average "
        f"{' '.join(map(str, info['load_average_at_end']))} at end)",
        file=out,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "client_overhead",
                    **info,
                    "rounds": n,
                    "block": args.block,
                    "target": TARGET,
                    "per_send_s": per_send,
                    "ratios": ratios,
                    "ratio": ratio,
                    "own_ratios": own_ratios,
                    "own_ratio": own_ratio,
                    "answer_bytes": answers,
                    "outside_post_s": outside,
                    "request_body_bytes": len(body),
                    "pass": passed,
                },
                indent=1,
            )
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
