"""Start-up benchmark: b24notify's window against a bare PySide6 window, to first paint.

Issue 10's goal: from process start to the first paint, the window takes at most 1.2x the time
and 1.2x the peak memory of a bare ``QMainWindow`` with one ``QLineEdit``.

The contenders are two small scripts in ``bench/children/`` that import only what they need:
``bare_window.py`` (the baseline) and ``b24notify_window.py`` (the window, started through
``gui.launcher`` and ``gui.app`` as the ``b24notify`` console script starts it). Each reports its
first paint with ``os.write`` on a pipe the parent passed down, lists its modules in a file (after
the report) and ends at once with ``os._exit``. This script, the parent, never runs as a child:
its own imports (argparse, json, subprocess...) pad neither contender.

By default both run with the Python of a throw-away venv holding a regular (non-editable) install
of the current sources (see ``common.regular_install``): the dev venv's editable-install finder
would slow every import of ``core`` and ``gui``. ``--python .venv/bin/python`` measures the dev
venv instead.

* time: from just before the parent starts the process to the moment it reads the report;
  interpreter start-up included, the same for both;
* memory: the child's peak resident set, ``ru_maxrss`` from ``os.wait4``; the child ends right
  after its first paint, so this is the peak up to it. (Linux starts a child's ``ru_maxrss`` from
  the parent's resident set at the fork; this parent is far smaller than either window, and a
  check refuses a figure that could be the parent's);
* each round runs both, alternating which goes first, after one discarded warm-up of each; the
  verdict is on the median of the per-round ratios (window / bare), with their spread;
* modules: those the window had loaded at first paint that the bare window had not.

Qt runs offscreen unless ``--platform xcb`` is given (then a display is needed, e.g.
``xvfb-run -a``). The window reads its settings from a throw-away ``B24NOTIFY_HOME``.

    .venv/bin/python bench/startup.py                 # 15 rounds, offscreen
    .venv/bin/python bench/startup.py --runs 25 --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import subprocess
import sys
import time
from pathlib import Path

import common

TARGET = 1.2
CHILDREN = common.BENCH / "children"
KINDS = {"bare": CHILDREN / "bare_window.py", "window": CHILDREN / "b24notify_window.py"}
LABELS = {"bare": "bare window", "window": "b24notify"}
TIMEOUT_S = 60.0


def run_child(python: str, kind: str, env: dict[str, str], tmp: Path) -> tuple[float, int, set]:
    """One fresh process: (seconds to first paint, peak RSS in KiB, modules loaded at it)."""
    modules_file = tmp / f"modules-{kind}.txt"
    modules_file.unlink(missing_ok=True)
    read_end, write_end = os.pipe()
    with open(tmp / f"stderr-{kind}.txt", "w+b") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [python, str(KINDS[kind]), str(write_end), str(modules_file)],
            env=env,
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        report = b""
        try:
            while b"\n" not in report:
                left = started + TIMEOUT_S - time.perf_counter()
                if left <= 0 or not select.select([read_end], [], [], left)[0]:
                    break
                chunk = os.read(read_end, 64)
                if not chunk:
                    break  # the child ended without reporting
                report += chunk
            elapsed = time.perf_counter() - started
        finally:
            os.close(read_end)
        if report != b"painted\n":
            proc.kill()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if report != b"painted\n" or code != 0:
            err.seek(0)
            detail = err.read().decode(errors="replace").strip()
            raise RuntimeError(f"the {kind} child never painted (exit {code}):\n{detail}")
    if usage.ru_maxrss <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss:
        # A child's ru_maxrss starts from its parent's resident set at the fork: when that is
        # the larger, the child's own peak cannot be told apart.
        raise RuntimeError(f"the {kind} child's peak memory is hidden by this process's")
    return elapsed, int(usage.ru_maxrss), set(modules_file.read_text().split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds, one of each (default 15)")
    parser.add_argument("--warmup", type=int, default=1, help="discarded rounds first (default 1)")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen|xcb)")
    parser.add_argument(
        "--python",
        help="the interpreter to run both children with (default: a regular install's venv)",
    )
    parser.add_argument(
        "--time-limit", type=float, default=600, help="stop starting rounds after this many s"
    )
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
    tmp = common.scratch("b24notify-bench-startup-")
    env = common.clean_env(QT_QPA_PLATFORM=args.platform, B24NOTIFY_HOME=str(tmp / "home"))

    for _ in range(args.warmup):
        for kind in KINDS:
            run_child(python, kind, env, tmp)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    memory: dict[str, list[int]] = {k: [] for k in KINDS}
    modules: dict[str, set[str]] = {k: set() for k in KINDS}
    for i in common.rounds(args.runs, args.time_limit):
        for kind in common.rotate(list(KINDS), i):
            seconds, rss, loaded = run_child(python, kind, env, tmp)
            times[kind].append(seconds)
            memory[kind].append(rss)
            modules[kind] |= loaded
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    n = len(times["bare"])
    t = {k: common.spread(v) for k, v in times.items()}
    m = {k: common.spread(v) for k, v in memory.items()}
    ratio_t = common.spread([w / b for w, b in zip(times["window"], times["bare"], strict=True)])
    ratio_m = common.spread([w / b for w, b in zip(memory["window"], memory["bare"], strict=True)])
    extra = sorted(modules["window"] - modules["bare"])
    groups: dict[str, int] = {}
    for name in extra:
        top = name.split(".")[0]
        groups[top] = groups.get(top, 0) + 1

    common.print_header(
        f"b24notify start-up vs a bare PySide6 window ({n} rounds, {args.platform})", info, out
    )
    print(f"  python:    {python}", file=out)
    print(f"{'':16} {'median':>9}   spread over {n} runs", file=out)
    for kind in KINDS:
        print(f"{LABELS[kind] + ' ms':16} {common.fmt_spread(t[kind], 1000, 0)}", file=out)
    for kind in KINDS:
        print(f"{LABELS[kind] + ' MiB':16} {common.fmt_spread(m[kind], 1 / 1024, 1)}", file=out)
    pass_t, pass_m = ratio_t["median"] <= TARGET, ratio_m["median"] <= TARGET
    print(
        f"{'ratio time':16} {common.fmt_spread(ratio_t, 1, 2, 'x')}   "
        f"{common.verdict(ratio_t['median'], TARGET)}",
        file=out,
    )
    print(
        f"{'ratio memory':16} {common.fmt_spread(ratio_m, 1, 2, 'x')}   "
        f"{common.verdict(ratio_m['median'], TARGET)}",
        file=out,
    )
    print(
        f"  (ratios: per round, b24notify / bare window; load average "
        f"{' '.join(map(str, info['load_average_at_end']))} at end)",
        file=out,
    )
    print(f"modules at first paint beyond the bare window: {len(extra)}", file=out)
    print(
        "  by package: " + ", ".join(f"{top} {count}" for top, count in sorted(groups.items())),
        file=out,
    )
    ours = [name for name in extra if name.split(".")[0] in ("core", "gui", "resources")]
    print("  b24notify's own: " + ", ".join(ours), file=out)
    print("  others: " + ", ".join(name for name in extra if name not in ours), file=out)
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "startup",
                    **info,
                    "platform": args.platform,
                    "rounds": n,
                    "target": TARGET,
                    "times_s": times,
                    "peak_rss_kib": memory,
                    "time_s": t,
                    "peak_rss": m,
                    "ratio_time": ratio_t,
                    "ratio_memory": ratio_m,
                    "extra_modules": extra,
                    "pass": pass_t and pass_m,
                },
                indent=1,
            )
        )
    return 0 if pass_t and pass_m else 1


if __name__ == "__main__":
    sys.exit(main())
