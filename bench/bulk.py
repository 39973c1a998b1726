"""Bulk send benchmark (issue 13): N notifications through ``batch``, paced by the portal's bucket.

The portal is the sandbox in ANOTHER process (``python -m core.sandbox --users ...``) with the
default rate limit, 50 requests then 2 a second, and its bucket emptied (``POST /sandbox/reset``)
before each run. For each N (500 and 5,000 by default) it measures:

* ours — ``core.bulk`` (``plan_bulk`` + ``BulkRun``, the standard ``Pacer``): wall time, and the
  HTTP requests the portal saw (its request log), against ``ceil(N / 50)``;
* the bucket's arithmetic for ``ceil(N / 50)`` requests: ``max(0, requests - 50) / 2`` seconds
  (5,000 -> 100 requests -> 25 s);
* one call per recipient (``im.notify.personal.add`` N times): its arithmetic,
  ``max(0, N - 50) / 2`` s, or a real run with ``--single`` (500 take about 225 s);
* fast_bitrix24 (``Bitrix(webhook).call("im.notify.personal.add", items)``) in the same run, when
  it is installed (skipped otherwise; it is not a dependency of b24notify).

After each run the sandbox's stored notifications are counted per recipient: 0 lost (a recipient
reported sent or unknown without a notification) and 0 duplicated (two for one recipient). A last
run of ``--faults-n`` recipients has 503s (``--faults-503`` whole batches) and a dropped connection
(one batch carried out, its answer lost) injected: the dropped batch's recipients must come back
"unknown", stored once, never resent; everyone else sent once.

Targets: ours within 1.1x of the arithmetic (when it is over a second) and of fast_bitrix24; the
requests exactly ``ceil(N / 50)``; 0 lost, 0 duplicated. Exit 0 when all are met, 1 otherwise.

    .venv/bin/python bench/bulk.py                    # 500 and 5,000
    .venv/bin/python bench/bulk.py --sizes 500 --single --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import common
import requests

sys.path.insert(0, str(common.ROOT))

from core.bulk import BulkRun, Status, plan_bulk
from core.client import Client
from core.notification import Notification
from core.pacing import STANDARD, Pacer

URL_LINE = re.compile(r"^Webhook URL: (\S+)$", re.MULTILINE)
TARGET = 1.1
METHOD = "im.notify.personal.add"


class Sandbox:
    """The sandbox portal in its own process, and its inspection endpoints."""

    def __init__(self, users: int, log: Path) -> None:
        secret = "bench" + secrets.token_hex(8)
        argv = [
            sys.executable, "-m", "core.sandbox", "--port", "0", "--secret", secret,
            "--users", str(users), "--max-entries", "200000", "--max-stored-mib", "1024",
        ]  # fmt: skip
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                argv, cwd=common.ROOT, env=common.clean_env(), stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = URL_LINE.search(log.read_text())
            if found:
                self.webhook = found.group(1)
                self.base = self.webhook.split("/rest/")[0]
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.proc.kill()
        raise SystemExit(f"the sandbox did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def get(self, path: str) -> Any:
        return requests.get(self.base + path, timeout=60).json()

    def reset(self) -> None:
        requests.post(self.base + "/sandbox/reset", timeout=60).raise_for_status()

    def inject(self, faults: list[dict[str, Any]]) -> None:
        requests.post(self.base + "/sandbox/faults", json=faults, timeout=60).raise_for_status()

    def _all(self, what: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self.get(f"/sandbox/{what}?limit=1000&offset={len(items)}")
            items += page["result"]
            if "next" not in page:
                return items

    def stored(self) -> Counter[int]:
        return Counter(int(n["user_id"]) for n in self._all("notifications"))

    def rest_requests(self) -> list[dict[str, Any]]:
        return [r for r in self._all("requests") if r.get("rest_method")]


def arithmetic(requests_count: int) -> float:
    """Seconds ``requests_count`` take through an empty bucket of 50, then 2 a second."""
    return STANDARD.seconds_for(requests_count)


def check(
    sandbox: Sandbox,
    ids: list[int],
    unknown: set[int] = frozenset(),
    refused: set[int] = frozenset(),
) -> dict[str, int]:
    """Lost (should have one, has none) and duplicated (more than one) recipients."""
    stored = sandbox.stored()
    lost = [i for i in ids if i not in refused and stored[i] == 0]
    duplicated = [i for i, n in stored.items() if n > 1]
    strangers = [i for i in stored if i not in set(ids)]
    return {"lost": len(lost), "duplicated": len(duplicated), "strangers": len(strangers)}


def run_ours(sandbox: Sandbox, ids: list[int], connections: int) -> dict[str, Any]:
    sandbox.reset()
    with Client(sandbox.webhook) as client:
        started = time.perf_counter()
        pacer = Pacer(STANDARD)
        plan = plan_bulk(client, ids, Notification(0, "Bench: all hands at 10:00"), pacer=pacer)
        run = BulkRun(
            client,
            plan,
            pacer=pacer,
            connections=connections,
            make_client=lambda: Client(sandbox.webhook),
        )
        report = run.run()
        wall = time.perf_counter() - started
    seen = sandbox.rest_requests()
    counts = Counter(o.status for o in report.outcomes)
    return {
        "wall_s": wall,
        "requests": len(seen),
        "requests_503": sum(1 for r in seen if r.get("status") == 503),
        "waited_s": report.waited,
        "sent": counts[Status.SENT],
        "other": len(ids) - counts[Status.SENT],
        **check(sandbox, ids),
    }


def run_single(sandbox: Sandbox, ids: list[int]) -> dict[str, Any]:
    """One ``im.notify.personal.add`` per recipient, paced by the same bucket."""
    sandbox.reset()
    from core.request import build_notification

    with Client(sandbox.webhook) as client:
        pacer = Pacer(STANDARD)
        started = time.perf_counter()
        for user_id in ids:
            pacer.wait_turn()
            client.send(build_notification(client.endpoint, Notification(user_id, "Bench")))
        wall = time.perf_counter() - started
    return {"wall_s": wall, "requests": len(sandbox.rest_requests()), **check(sandbox, ids)}


def run_fast(sandbox: Sandbox, ids: list[int]) -> dict[str, Any] | None:
    try:
        from fast_bitrix24 import Bitrix
    except ImportError:
        return None
    sandbox.reset()
    items = [{"USER_ID": i, "MESSAGE": "Bench: all hands at 10:00"} for i in ids]
    bitrix = Bitrix(sandbox.webhook, verbose=False, ssl=False)
    started = time.perf_counter()
    bitrix.call(METHOD, items)
    wall = time.perf_counter() - started
    seen = sandbox.rest_requests()
    return {
        "wall_s": wall,
        "requests": len(seen),
        "requests_503": sum(1 for r in seen if r.get("status") == 503),
        **check(sandbox, ids),
    }


def run_faults(sandbox: Sandbox, ids: list[int], n503: int) -> dict[str, Any]:
    """503s on whole batches and one dropped connection (carried out, answer lost)."""
    sandbox.reset()
    faults = [{"fault": "503", "count": n503, "method": "batch"}]
    faults.append({"fault": "drop", "count": 1, "method": "batch", "process": True})
    with Client(sandbox.webhook, max_attempts=1) as client:
        pacer = Pacer(STANDARD)
        plan = plan_bulk(client, ids, Notification(0, "Bench with faults"), pacer=pacer)
        sandbox.inject(faults)
        started = time.perf_counter()
        report = BulkRun(client, plan, pacer=pacer).run()
        wall = time.perf_counter() - started
    unknown = {o.user_id for o in report.unknown}
    refused = {o.user_id for o in report.failed}
    stored = sandbox.stored()
    return {
        "wall_s": wall,
        "requests": len(sandbox.rest_requests()),
        "sent": len(report.sent),
        "unknown": len(unknown),
        "failed": len(refused),
        "unknown_stored_once": all(stored[i] == 1 for i in unknown),
        **check(sandbox, ids, unknown, refused),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000", help="recipient counts (default 500,5000)")
    parser.add_argument("--single", action="store_true", help="run one call per recipient too")
    parser.add_argument("--single-n", type=int, default=500, help="recipients for --single")
    parser.add_argument("--faults-n", type=int, default=500, help="recipients of the fault run")
    parser.add_argument("--faults-503", type=int, default=3, help="batches answered 503")
    parser.add_argument(
        "--rounds", type=int, default=7, help="alternating rounds when N takes under a second"
    )
    parser.add_argument("--connections", type=int, default=4, help="ours: requests in flight")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report_to = sys.stderr if args.json else sys.stdout
    common.print_header("Bulk send through batch (issue 13)", common.machine(), report_to)
    need = max([*sizes, args.faults_n, args.single_n]) + 10
    log = Path(tempfile.mkdtemp(prefix="b24notify-bench-bulk-")) / "sandbox.log"
    sandbox = Sandbox(int(need * 1.1) + 50, log)
    figures: dict[str, Any] = {"sizes": {}}
    ok = True
    try:
        people = [u["id"] for u in sandbox.get("/sandbox/users")["result"] if u["active"]]
        people = [i for i in people if i >= 10]
        for n in sizes:
            ids = people[:n]
            requests_needed = math.ceil(n / 50)
            quick = arithmetic(requests_needed) < 1.0
            count = args.rounds if quick else 1
            ours_runs: list[dict[str, Any]] = []
            fast_runs: list[dict[str, Any]] = []
            for i in range(count):  # alternate who goes first
                order = ["ours", "fast"] if i % 2 == 0 else ["fast", "ours"]
                for who in order:
                    if who == "ours":
                        ours_runs.append(run_ours(sandbox, ids, args.connections))
                    else:
                        fast = run_fast(sandbox, ids)
                        if fast is not None:
                            fast_runs.append(fast)
            ours = dict(ours_runs[-1])
            ours["wall_s"] = statistics.median(r["wall_s"] for r in ours_runs)
            ours["runs_s"] = [round(r["wall_s"], 4) for r in ours_runs]
            ours["lost"] = sum(r["lost"] for r in ours_runs)
            ours["duplicated"] = sum(r["duplicated"] for r in ours_runs)
            fast = None
            ratio = None
            if fast_runs:
                fast = dict(fast_runs[-1])
                fast["wall_s"] = statistics.median(r["wall_s"] for r in fast_runs)
                fast["runs_s"] = [round(r["wall_s"], 4) for r in fast_runs]
                ratio = statistics.median(
                    o["wall_s"] / f["wall_s"] for o, f in zip(ours_runs, fast_runs, strict=True)
                )
            row: dict[str, Any] = {
                "n": n,
                "rounds": count,
                "requests_needed": requests_needed,
                "arithmetic_s": arithmetic(requests_needed),
                "single_arithmetic_s": arithmetic(n),
                "ours": ours,
                "fast_bitrix24": fast,
                "ratio_to_fast_bitrix24": ratio,
            }
            goals = [
                all(r["requests"] == requests_needed for r in ours_runs),
                ours["lost"] == 0 and ours["duplicated"] == 0 and ours["sent"] == n,
            ]
            if row["arithmetic_s"] >= 1.0:
                goals.append(ours["wall_s"] <= TARGET * row["arithmetic_s"])
            if ratio is not None:
                goals.append(ratio <= TARGET)
            row["met"] = all(goals)
            ok &= row["met"]
            figures["sizes"][str(n)] = row
            fast_text = (
                f"{fast['wall_s']:.3f} s (median of {len(fast_runs)}) in {fast['requests']} "
                f"requests "
                f"({fast['requests_503']} answered 503), lost {fast['lost']}, "
                f"duplicated {fast['duplicated']}"
                if fast
                else "not installed (skipped)"
            )
            print(
                f"\nN = {n:,}: ours {ours['wall_s']:.3f} s (median of {count}) in "
                f"{ours['requests']} requests "
                f"(ceil(N/50) = {requests_needed}, {ours['requests_503']} answered 503), "
                f"waited {ours['waited_s']:.1f} s; sent {ours['sent']}, lost {ours['lost']}, "
                f"duplicated {ours['duplicated']}\n"
                f"  bucket arithmetic for {requests_needed} requests: "
                f"{row['arithmetic_s']:.1f} s; one call per recipient: "
                f"{row['single_arithmetic_s']:.1f} s (arithmetic)\n"
                f"  fast_bitrix24: {fast_text}"
                + (f"; ours / fast_bitrix24: {ratio:.2f}x (median per round)" if ratio else "")
                + "\n"
                f"  {'met' if row['met'] else 'NOT MET'}",
                file=report_to,
            )
        if args.single:
            single = run_single(sandbox, people[: args.single_n])
            figures["single"] = {"n": args.single_n, **single}
            print(
                f"\nOne call per recipient, N = {args.single_n}: {single['wall_s']:.1f} s in "
                f"{single['requests']} requests (arithmetic {arithmetic(args.single_n):.1f} s)",
                file=report_to,
            )
        faults = run_faults(sandbox, people[: args.faults_n], args.faults_503)
        faults_met = (
            faults["lost"] == 0
            and faults["duplicated"] == 0
            and faults["unknown_stored_once"]
            and faults["sent"] + faults["unknown"] == args.faults_n
        )
        ok &= faults_met
        figures["faults"] = {"n": args.faults_n, "503s": args.faults_503, **faults}
        print(
            f"\nFaults, N = {args.faults_n}: {args.faults_503} batches answered 503 and one "
            f"connection dropped after the portal did the work: {faults['wall_s']:.2f} s, "
            f"{faults['requests']} requests; sent {faults['sent']}, unknown {faults['unknown']} "
            f"(each stored once: {faults['unknown_stored_once']}), lost {faults['lost']}, "
            f"duplicated {faults['duplicated']} — {'met' if faults_met else 'NOT MET'}",
            file=report_to,
        )
    finally:
        sandbox.stop()
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
