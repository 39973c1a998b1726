"""Where the window's start-up time goes: steps, imports and functions beyond a bare window.

Not a pass/fail bench: a guide for making ``bench/startup.py``'s ratio smaller. Three views of
the path to the first paint, with the same regular install as ``bench/startup.py`` (or
``--python``), offscreen:

1. steps: ``bench/children/phases.py`` runs each contender's path with a clock mark after each
   step (imports, the application, building the window, show, the first paint) and the resident
   set at each mark; medians over ``--runs`` alternating runs. No profiler: these are real
   milliseconds.
2. imports: ``python -X importtime`` on both contenders; the modules the window loads that the
   bare window does not, by median self time (importtime's own overhead included, so the
   figures run a little high).
3. functions: both contenders under ``cProfile`` (``--profile-runs`` each; per function, the
   run with the least own time): b24notify's functions by cumulative time, and every function
   by the own time it takes in the window beyond the bare window. cProfile slows Python code
   (not C++) several times over: use it to rank, not for milliseconds.

    .venv/bin/python bench/startup_profile.py             # 7 runs, top 20
    .venv/bin/python bench/startup_profile.py --runs 11 --top 30 --json
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common

CHILDREN = common.BENCH / "children"
CONTENDERS = {"bare": CHILDREN / "bare_window.py", "window": CHILDREN / "b24notify_window.py"}
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")
OURS = re.compile(r"^(core|gui|resources)/[^/]*\.py$")


def _read_all(fd: int, deadline: float) -> bytes:
    data = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return data
        chunk = os.read(fd, 65536)
        if not chunk:
            return data
        data += chunk


FD = "{fd}"


def run_with_fd(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, bytes, str]:
    """Run a child that reports on a pipe (its number replaces ``FD`` in ``argv``); returns
    (start time, report, stderr)."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(write_end) if a == FD else a for a in argv],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        try:
            report = _read_all(read_end, time.monotonic() + 60)
        finally:
            os.close(read_end)
        try:
            code = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if code != 0 or not report:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}):\n{stderr}")
    return started, report, stderr


# -- 1. steps ------------------------------------------------------------------------------------
def steps(python: str, env: dict[str, str], tmp: Path, runs: int) -> dict[str, list]:
    results: dict[str, list[list[tuple[str, float]]]] = {"bare": [], "window": []}
    for i in range(runs + 1):  # the first round warms the caches up
        for kind in common.rotate(list(results), i):
            started, report, _ = run_with_fd(
                [python, str(CHILDREN / "phases.py"), kind, FD], env, tmp
            )
            marks = [line.split("\t") for line in report.decode().splitlines()]
            durations, last = [], started
            for name, t, rss in marks:
                if name == "interpreter ready":
                    name = "process start, interpreter"
                durations.append((name, float(t) - last, int(rss)))
                last = float(t)
            if i:
                results[kind].append(durations)
    medians: dict[str, list] = {}
    for kind, all_runs in results.items():
        medians[kind] = [
            (
                name,
                statistics.median(run[j][1] for run in all_runs),
                statistics.median(run[j][2] for run in all_runs),
            )
            for j, (name, _, _) in enumerate(all_runs[0])
        ]
    return medians


# -- 2. imports ----------------------------------------------------------------------------------
def importtimes(stderr: str) -> dict[str, tuple[int, int]]:
    """``-X importtime``'s report: module -> (self µs, cumulative µs)."""
    found = {}
    for line in stderr.splitlines():
        m = IMPORT_LINE.match(line)
        if m:
            found[m.group(4)] = (int(m.group(1)), int(m.group(2)))
    return found


def imports(python: str, env: dict[str, str], tmp: Path, runs: int) -> list[dict]:
    seen: dict[str, list[dict[str, tuple[int, int]]]] = {"bare": [], "window": []}
    for i in range(runs + 1):
        for kind in common.rotate(list(seen), i):
            listing = str(tmp / f"modules-{kind}.txt")
            argv = [python, "-X", "importtime", str(CONTENDERS[kind]), FD, listing]
            _, _, stderr = run_with_fd(argv, env, tmp)
            if i:
                seen[kind].append(importtimes(stderr))
    bare = set().union(*seen["bare"])
    # What the window had at its first paint (importtime also lists failed imports, e.g. the
    # ``org.python.core`` probe of ``copy``).
    loaded = set((tmp / "modules-window.txt").read_text().split())
    rows = []
    for name in (set().union(*seen["window"]) - bare) & loaded:
        own = [run.get(name, (0, 0))[0] for run in seen["window"]]
        cumulative = [run.get(name, (0, 0))[1] for run in seen["window"]]
        rows.append(
            {
                "module": name,
                "self_ms": statistics.median(own) / 1000,
                "cumulative_ms": statistics.median(cumulative) / 1000,
            }
        )
    return sorted(rows, key=lambda r: -r["self_ms"])


# -- 3. functions --------------------------------------------------------------------------------
def _label(func: tuple[str, int, str]) -> str:
    path, line, name = func
    m = re.search(r"/((?:core|gui|resources|PySide6|shiboken6)/.*|[^/]+)$", path)
    short = m.group(1) if m else path
    if "site-packages" not in path and "/lib/python3" in path:
        short = path.split("/lib/python3", 1)[1].split("/", 1)[1]
    name = re.sub(r" at 0x[0-9a-f]+", "", name)  # an address differs from run to run
    return f"{short}:{line}({name})" if line else name


def _profile(
    python: str, kind: str, env: dict[str, str], tmp: Path, runs: int
) -> tuple[dict[str, tuple[int, float, float]], float]:
    """cProfile's figures for ``kind``: function -> (calls, own s, cumulative s), per function
    from the run with the least own time (the least disturbed by the machine's other work); and
    the median of the runs' profiled totals."""
    best: dict[str, tuple[int, float, float]] = {}
    totals = []
    for i in range(runs):
        out = tmp / f"{kind}-{i}.prof"
        listing = str(tmp / f"modules-profiled-{kind}.txt")
        argv = [python, str(CHILDREN / "profiled.py"), str(out), str(CONTENDERS[kind]), FD, listing]
        run_with_fd(argv, env, tmp)
        stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
        totals.append(max(row[3] for row in stats.values()))
        for func, (_, calls, own, cumulative, _) in stats.items():
            label = _label(func)
            if label not in best or own < best[label][1]:
                best[label] = (calls, own, cumulative)
    return best, statistics.median(totals)


def functions(python: str, env: dict[str, str], tmp: Path, top: int, runs: int) -> dict[str, Any]:
    """b24notify's functions by cumulative time; every function by the own time it takes in the
    window beyond what it takes in the bare window (each profiled ``runs`` times)."""
    window, window_total = _profile(python, "window", env, tmp, runs)
    bare, bare_total = _profile(python, "bare", env, tmp, runs)
    totals = {"window": window_total * 1000, "bare": bare_total * 1000}
    ours = sorted(
        (
            {"function": label, "calls": nc, "cumulative_ms": ct * 1000}
            for label, (nc, _, ct) in window.items()
            if OURS.search(label.split(":")[0])
        ),
        key=lambda r: -r["cumulative_ms"],
    )[:top]
    extra = []
    for label, (nc, tt, _) in window.items():
        before_nc, before_tt, _ = bare.get(label, (0, 0.0, 0.0))
        extra.append(
            {"function": label, "calls": nc - before_nc, "own_ms": (tt - before_tt) * 1000}
        )
    extra = sorted(extra, key=lambda r: -r["own_ms"])[:top]
    return {"total_ms": totals, "ours_by_cumulative": ours, "extra_own_time": extra}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each for medians (7)")
    parser.add_argument("--top", type=int, default=20, help="rows per table (20)")
    parser.add_argument(
        "--profile-runs", type=int, default=3, help="cProfile runs of each; per function the least"
    )
    parser.add_argument("--python", help="interpreter (default: a regular install's venv)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout (text: stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout

    python = (
        os.path.abspath(args.python)
        if args.python
        else str(common.regular_install() / "bin" / "python")
    )
    info = common.machine(python)
    info["python_used"] = python
    tmp = common.scratch("b24notify-bench-profile-")
    env = common.clean_env(QT_QPA_PLATFORM="offscreen", B24NOTIFY_HOME=str(tmp / "home"))

    step_medians = steps(python, env, tmp, args.runs)
    import_rows = imports(python, env, tmp, args.runs)
    funcs = functions(python, env, tmp, args.top, args.profile_runs)
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    title = f"Where the window's start-up goes ({args.runs} runs, offscreen)"
    common.print_header(title, info, out)
    print(f"  python:    {python}", file=out)
    print(
        "\n1. steps to the first paint (medians; no profiler): ms the step took, resident MiB "
        "after it",
        file=out,
    )
    for kind, rows in step_medians.items():
        total = sum(seconds for _, seconds, _ in rows)
        label = "bare window" if kind == "bare" else "b24notify"
        print(f"  {label}: {total * 1000:.1f} ms", file=out)
        for name, seconds, rss in rows:
            print(f"    {seconds * 1000:7.1f} ms {rss / 1024:6.1f} MiB  {name}", file=out)
    beyond = sum(r["self_ms"] for r in import_rows)
    print(
        f"\n2. modules beyond the bare window: {len(import_rows)}, {beyond:.1f} ms of self time "
        f"(-X importtime, median); top {args.top} by self time:",
        file=out,
    )
    print(f"  {'self ms':>8} {'cum. ms':>8}  module", file=out)
    for r in import_rows[: args.top]:
        print(f"  {r['self_ms']:8.1f} {r['cumulative_ms']:8.1f}  {r['module']}", file=out)
    t = funcs["total_ms"]
    print(
        f"\n3. cProfile, {args.profile_runs} runs of each, per function the least (median "
        f"totals: window {t['window']:.0f} ms, bare {t['bare']:.0f} ms; Python code runs several "
        "times slower under it: rank, not milliseconds)",
        file=out,
    )
    print(f"  b24notify's functions by cumulative time (top {args.top}):", file=out)
    for r in funcs["ours_by_cumulative"]:
        print(f"  {r['cumulative_ms']:8.1f} ms {r['calls']:6}x  {r['function']}", file=out)
    print(f"  own time in the window beyond the bare window's (top {args.top}):", file=out)
    for r in funcs["extra_own_time"]:
        print(f"  {r['own_ms']:+8.1f} ms {r['calls']:+6}x  {r['function']}", file=out)
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "startup_profile",
                    **info,
                    "runs": args.runs,
                    "steps_median_s": step_medians,
                    "imports_beyond_bare": import_rows,
                    "cprofile": funcs,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
