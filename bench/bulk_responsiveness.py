"""Responsiveness during a bulk send: the event loop's longest stall while the window notifies 500.

The same bar as for one send (``bench/responsiveness.py``): the window's event loop never stalls
for more than 50 ms. This script starts the sandbox portal in ANOTHER process
(``python -m core.sandbox --users N``, so its request handling does not share this process's
GIL with the window), opens the real window, puts a list of ``--recipients`` active people in the
recipient field, presses Send, and measures how late a 5 ms precise timer fires until the run's
outcome is shown (and half a second after, while the table redraws). The longest gap between two
ticks, minus the interval, is the longest stall. An idle period is measured first, as the floor.

The run must end with every recipient sent (read back from the window's table), so the figures
are from a run that really happened.

    .venv/bin/python bench/bulk_responsiveness.py                    # 500 recipients, offscreen
    .venv/bin/python bench/bulk_responsiveness.py --recipients 2000 --platform xcb
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0
TICK_MS = 5
AFTER_S = 0.5
SECRET = "benchbulksecret1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_sandbox(users: int, entries: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core.sandbox",
            "--port",
            str(port),
            "--secret",
            SECRET,
            "--users",
            str(users),
            "--max-entries",
            str(entries),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return child, url
        except OSError:
            time.sleep(0.05)
    child.kill()
    raise SystemExit("the sandbox did not start")


def _active_ids(webhook: str, count: int) -> list[int]:
    """Active generated people, asked of the sandbox (user.get, 50 a page)."""
    ids: list[int] = []
    start = asked = 0
    while len(ids) < count:
        body = json.dumps({"FILTER": {"ACTIVE": True}, "start": start}).encode()
        request = urllib.request.Request(
            webhook + "user.get", body, {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                page = json.load(answer)
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
            time.sleep(0.6)  # the sandbox's bucket (50, then 2 a second): wait and ask again
            continue
        asked += 1
        ids += [int(u["ID"]) for u in page.get("result", []) if int(u["ID"]) >= 10]
        if "next" not in page:
            break
        start = page["next"]
    if len(ids) < count:
        raise SystemExit(f"the sandbox has only {len(ids)} active people")
    time.sleep(min(asked, 50) / 2 + 0.5)  # the sandbox's bucket drains (2 a second) before the run
    return ids[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=500)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen|xcb)")
    args = parser.parse_args(argv)

    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ["B24NOTIFY_HOME"] = tempfile.mkdtemp(prefix="b24notify-bench-")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from stall_meter import StallMeter, wait

    from gui.bulk_rows import compact_ids
    from gui.compat import protect_singletons
    from gui.main_window import MainWindow
    from gui.secret_store import MemorySecretStore
    from gui.settings import Settings

    protect_singletons()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("b24notify-bench")
    child, url = _start_sandbox(args.recipients + args.recipients // 5 + 50, args.recipients * 2)
    webhook = f"{url}/rest/1/{SECRET}/"
    try:
        people = _active_ids(webhook, args.recipients)
        window = MainWindow(
            settings=Settings(Path(os.environ["B24NOTIFY_HOME"]) / "bench.ini"),
            secret_store=MemorySecretStore(),
        )
        window.resize(1100, 750)
        window.show()
        window.compose.connection.url_edit.setText(webhook)
        window.compose.message.text_edit.setPlainText("Bulk bench: hello {NAME}")

        meter = StallMeter(TICK_MS)

        wait(0.5)
        meter.start()
        wait(1.0)
        idle = meter.stop()

        window.compose.message.user_edit.setText(compact_ids(people))  # builds the bulk panel
        wait(0.3)
        finished: list[object] = []
        loop = QEventLoop()
        window.bulk.finished.connect(lambda outcome: (finished.append(outcome), loop.quit()))
        QTimer.singleShot(600_000, loop.quit)  # never hang
        meter.start()
        started = time.perf_counter()
        window.compose.send_button.click()
        loop.exec()
        took = time.perf_counter() - started
        wait(AFTER_S)
        gaps = meter.stop()
        panel = window.bulk.panel
        sent = len(panel.model.with_status("sent")) if panel is not None else 0
        if not finished or sent != len(people):
            said = window.result_panel.header.statusLabel.text()
            print(f"the run did not complete: {sent} of {len(people)} sent: {said}")
            return 2
        window.close()
    finally:
        child.terminate()
        child.wait(10)

    worst = max(gaps, default=0.0)
    print(
        f"event-loop stalls during a bulk send to {len(people)} recipients "
        f"(sandbox in another process, {args.platform}, {TICK_MS} ms precise timer)"
    )
    print(f"idle   1.0 s: max stall {max(idle, default=0):5.1f} ms")
    print(f"run {took:5.1f} s: max stall {worst:5.1f} ms ({len(gaps)} ticks), all {sent} sent")
    verdict = "PASS" if worst < TARGET_MS else "FAIL"
    print(f"{verdict} (target < {TARGET_MS:g} ms)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
