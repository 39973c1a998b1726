"""Responsiveness benchmark: the event loop's longest stall while the window sends to a slow portal.

Issue 4: during a send to a portal that takes seconds to answer, the event loop never stalls for
more than 50 ms. This script opens the real window with an embedded sandbox portal, makes the
sandbox answer ``--latency`` seconds late (default 2), presses Send, and measures how late a 5 ms
precise timer fires until the answer is shown (and for a moment after, while the result panel and
the inbox redraw). The longest gap between two ticks, minus the interval, is the longest stall.

It also measures an idle period of the same length first, as the floor of what the machine and Qt
give on their own. Each send must end with "Sent — notification id N" and the notification must be
in the sandbox inbox, so the numbers are from a send that really happened.

    .venv/bin/python bench/responsiveness.py              # 3 sends, offscreen
    .venv/bin/python bench/responsiveness.py --sends 5 --latency 3 --platform xcb
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0
TICK_MS = 5
AFTER_S = 0.5  # keep measuring after the answer: drawing the result is part of the send


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=3)
    parser.add_argument("--latency", type=float, default=2.0, help="sandbox delay in seconds")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen|xcb)")
    args = parser.parse_args(argv)

    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ["B24NOTIFY_HOME"] = tempfile.mkdtemp(prefix="b24notify-bench-")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from stall_meter import StallMeter, wait

    from core.sandbox import SandboxPortal
    from gui.compat import protect_singletons
    from gui.main_window import MainWindow
    from gui.secret_store import MemorySecretStore
    from gui.settings import Settings

    protect_singletons()  # PySide6 6.12.0 on Python < 3.12: see gui/compat.py
    app = QApplication(sys.argv[:1])  # kept alive for the whole run
    app.setApplicationName("b24notify-bench")
    portal = SandboxPortal().start()
    try:
        window = MainWindow(
            settings=Settings(Path(os.environ["B24NOTIFY_HOME"]) / "bench.ini"),
            secret_store=MemorySecretStore(),
            sandbox=portal,
        )
        window.resize(1100, 750)
        window.show()

        meter = StallMeter(TICK_MS)

        wait(0.5)  # let the first paint and the settings settle
        meter.start()
        wait(args.latency)
        idle = meter.stop()

        results = []
        for i in range(args.sends):
            window.compose.message.text_edit.setPlainText(
                f"Responsiveness bench, send {i + 1} [b]of {args.sends}[/b]"
            )
            portal.inject("latency", seconds=args.latency)
            before = len(portal.notifications())
            finished: list[object] = []
            loop = QEventLoop()

            def done(outcome: object, loop: QEventLoop = loop, into: list = finished) -> None:
                into.append(outcome)
                loop.quit()

            window.sendFinished.connect(done)
            QTimer.singleShot(int((args.latency + 30) * 1000), loop.quit)  # never hang
            meter.start()
            started = time.perf_counter()
            window.compose.send_button.click()
            loop.exec()
            took = time.perf_counter() - started
            wait(AFTER_S)
            gaps = meter.stop()
            window.sendFinished.disconnect(done)
            status = window.result_panel.header.statusLabel.text()
            if (
                not finished
                or not status.startswith("Sent")
                or len(portal.notifications()) <= before
            ):
                print(f"send {i + 1} did not complete: {status!r}")
                return 2
            results.append((took, max(gaps, default=0.0), _percentile(gaps, 0.99), len(gaps)))
    finally:
        portal.stop()

    print(
        f"event-loop stalls during a send to a portal answering {args.latency:g} s late "
        f"({args.platform}, {TICK_MS} ms precise timer)"
    )
    print(
        f"idle   {args.latency:4.1f} s: max stall {max(idle, default=0):5.1f} ms, "
        f"p99 {_percentile(idle, 0.99):5.1f} ms"
    )
    for i, (took, worst, p99, n) in enumerate(results, 1):
        print(f"send {i} {took:4.1f} s: max stall {worst:5.1f} ms, p99 {p99:5.1f} ms ({n} ticks)")
    worst = max(r[1] for r in results)
    median = statistics.median(r[1] for r in results)
    verdict = "PASS" if worst < TARGET_MS else "FAIL"
    print(
        f"worst max stall {worst:.1f} ms, median of maxima {median:.1f} ms "
        f"({verdict}, target < {TARGET_MS:g} ms)"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
