"""Start-up benchmark: b24notify's window against a bare PySide6 window, side by side in one run.

Issue 4 asks that from process start to the window shown, b24notify takes at most 1.5x the time
and 1.5x the peak memory of a bare PySide6 QMainWindow started the same way. This script starts
both, alternating, N times each, as fresh processes (``python bench/startup.py --child KIND``):

* time: the parent's clock from just before it starts the process to the moment the child says,
  on stdout, that the window has painted for the first time (interpreter start-up included, the
  same for both);
* memory: the child's peak resident set (``ru_maxrss`` from ``os.wait4``, i.e. the whole life of
  the process, which ends right after the first paint);
* modules: what the window loaded that the bare window did not, so we see whether the HTTP stack,
  the sandbox or the JSON tree leaked into start-up.

It prints the medians, the ratios and PASS/FAIL against the 1.5x target. Qt runs offscreen unless
``--platform xcb`` is given (then a display is needed, e.g. under ``xvfb-run``). The window reads
its settings from a throw-away ``B24NOTIFY_HOME`` so the benchmark never touches yours.

    .venv/bin/python bench/startup.py            # 9 runs of each, offscreen
    .venv/bin/python bench/startup.py --runs 9 --platform xcb
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5
KINDS = ("baseline", "window")
# Modules whose presence at first paint means something heavy leaked into start-up.
WATCH = (
    "requests",
    "urllib3",
    "http.client",
    "ssl",
    "keyring",
    "core.client",
    "core.sandbox",
    "gui.json_model",
    "gui.inbox_view",
)


# -- the child ---------------------------------------------------------------------------------
def child(kind: str) -> int:
    """Show one window, report on stdout when it has first painted, then exit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if kind == "baseline":
        window = QMainWindow()
        window.setWindowTitle("baseline")
    else:
        sys.path.insert(0, str(ROOT))
        from gui.main_window import MainWindow

        window = MainWindow()

    def report() -> None:
        modules = sorted(sys.modules)
        sys.stdout.write("shown\n" + json.dumps(modules) + "\n")
        sys.stdout.flush()
        app.quit()

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, report)  # after this paint has finished
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(30_000, app.quit)  # never hang the benchmark
    app.exec()
    return 0 if watcher.done else 1


# -- the parent --------------------------------------------------------------------------------
def run_once(kind: str, env: dict[str, str]) -> tuple[float, int, list[str]]:
    """Start one child; return (seconds to first paint, peak RSS in KiB, modules loaded)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    modules_line = proc.stdout.readline()
    rest = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else ""
    if line.strip() != "shown" or proc.returncode != 0:
        raise RuntimeError(
            f"{kind} child failed (exit {proc.returncode}):\n{line}{rest}\n{err.strip()}"
        )
    return elapsed, int(usage.ru_maxrss), json.loads(modules_line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each kind (default 9)")
    parser.add_argument("--warmup", type=int, default=1, help="discarded runs of each first")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen|xcb)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON too")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE from the environment (every run compiles b24notify)",
    )
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)

    home = tempfile.mkdtemp(prefix="b24notify-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "B24NOTIFY_HOME": home}
    env.pop("PYTHONDEVMODE", None)
    if not args.no_bytecode_cache:
        # As on a user's machine: compiled modules are cached (in __pycache__, ignored by git)
        # after the first start; the warm-up run fills the cache.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPYCACHEPREFIX", None)
    for _ in range(args.warmup):
        for kind in KINDS:
            run_once(kind, env)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    memory: dict[str, list[int]] = {k: [] for k in KINDS}
    modules: dict[str, set[str]] = {k: set() for k in KINDS}
    for i in range(args.runs):
        order = KINDS if i % 2 == 0 else tuple(reversed(KINDS))
        for kind in order:
            seconds, rss, loaded = run_once(kind, env)
            times[kind].append(seconds)
            memory[kind].append(rss)
            modules[kind] |= set(loaded)

    med_t = {k: statistics.median(v) for k, v in times.items()}
    med_m = {k: statistics.median(v) for k, v in memory.items()}
    ratio_t = med_t["window"] / med_t["baseline"]
    ratio_m = med_m["window"] / med_m["baseline"]
    extra = sorted(modules["window"] - modules["baseline"])
    leaked = [m for m in WATCH if m in modules["window"]]

    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(
        f"b24notify start-up vs a bare PySide6 window "
        f"({args.runs} runs each, {args.platform}, {cache})"
    )
    print(f"{'':10} {'first paint (ms)':>16} {'peak RSS (MiB)':>16}   each run (ms)")
    for kind in KINDS:
        runs = " ".join(f"{t * 1000:.0f}" for t in times[kind])
        print(f"{kind:10} {med_t[kind] * 1000:16.0f} {med_m[kind] / 1024:16.1f}   {runs}")
    verdict_t = "PASS" if ratio_t <= TARGET else "FAIL"
    verdict_m = "PASS" if ratio_m <= TARGET else "FAIL"
    print(f"ratio      time {ratio_t:.2f}x ({verdict_t}, target <= {TARGET}x)")
    print(f"           memory {ratio_m:.2f}x ({verdict_m}, target <= {TARGET}x)")
    tops = sorted({m.split(".")[0] for m in extra})
    print(
        f"modules the window loaded beyond the baseline: {len(extra)} (packages: {', '.join(tops)})"
    )
    print("heavy modules at first paint: " + (", ".join(leaked) if leaked else "none"))
    if args.json:
        print(
            json.dumps(
                {
                    "platform": args.platform,
                    "runs": args.runs,
                    "times_s": times,
                    "peak_rss_kib": memory,
                    "median_time_s": med_t,
                    "median_rss_kib": med_m,
                    "ratio_time": ratio_t,
                    "ratio_memory": ratio_m,
                    "extra_modules": extra,
                    "heavy_modules": leaked,
                }
            )
        )
    return 0 if verdict_t == verdict_m == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
