"""Memory benchmark: how much the window's process grows over 1,000 sends.

Issue 7 (item 17): every send used to leave its task, outcome and result behind (~8 KiB a send).
After a warm-up, 1,000 more sends through the real window must not grow the process's resident
set by more than 1 MiB. The sandbox portal runs in a separate process (``python -m core.sandbox``),
so only the window's own memory is measured, not the notifications the sandbox keeps.

    .venv/bin/python bench/memory.py                    # 50 warm-up sends, then 1,000
    .venv/bin/python bench/memory.py --sends 3000 --warmup 100

Linux only (it reads ``VmRSS`` from ``/proc/self/status``). Exits 0 when the target is met.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MIB = 1.0
MIB = 1024 * 1024


def rss_bytes() -> int:
    """The current resident set size of this process (not the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    """A sandbox portal in its own process, without a rate limit to speak of."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core.sandbox",
            "--bucket-size",
            "1000000",
            "--drain-rate",
            "100000",
            "--max-entries",
            "10",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("Webhook URL:"):
            # Read the rest of its output (a line a request), so it never blocks on a full pipe.
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, line.split(":", 1)[1].strip()
    proc.kill()
    raise RuntimeError("the sandbox did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen|xcb)")
    args = parser.parse_args(argv)

    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ["B24NOTIFY_HOME"] = tempfile.mkdtemp(prefix="b24notify-bench-")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from gui.compat import protect_singletons
    from gui.main_window import MainWindow
    from gui.secret_store import MemorySecretStore
    from gui.settings import Settings

    protect_singletons()  # PySide6 6.12.0 on Python < 3.12: see gui/compat.py
    app = QApplication(sys.argv[:1])  # kept alive for the whole run
    app.setApplicationName("b24notify-bench")
    sandbox, webhook = start_sandbox()
    try:
        window = MainWindow(
            settings=Settings(Path(os.environ["B24NOTIFY_HOME"]) / "bench.ini"),
            secret_store=MemorySecretStore(),
        )
        window.compose.connection.url_edit.setText(webhook)
        window.compose.message.user_edit.setText("3")
        window.compose.message.text_edit.setPlainText("memory benchmark")
        window.show()
        failures = 0

        def send_once() -> None:
            nonlocal failures
            loop = QEventLoop()
            outcomes: list[bool] = []

            def done(outcome: object) -> None:
                outcomes.append(bool(getattr(outcome, "ok", False)))
                loop.quit()

            window.sendFinished.connect(done)
            window.send()
            loop.exec()
            window.sendFinished.disconnect(done)
            failures += not all(outcomes)

        for _ in range(args.warmup):
            send_once()
        gc.collect()
        before = rss_bytes()
        for _ in range(args.sends):
            send_once()
        gc.collect()
        after = rss_bytes()
        window.close()
        window.wait_for_background_work(5000)
    finally:
        sandbox.terminate()
        sandbox.wait(10)

    growth = (after - before) / MIB
    per_send = (after - before) / max(args.sends, 1) / 1024
    ok = growth <= TARGET_MIB and failures == 0
    print(
        f"RSS after {args.warmup} warm-up sends: {before / MIB:.1f} MiB; after {args.sends} more: "
        f"{after / MIB:.1f} MiB; growth {growth:+.2f} MiB ({per_send:+.2f} KiB a send); "
        f"target at most {TARGET_MIB:g} MiB; failed sends {failures} -> {'OK' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
