"""Client overhead benchmark: core.Client against a bare ``requests`` POST, same sandbox, same body.

What the client adds per send (validation, building the request, scrubbing, parsing, the result
object) should be small next to the HTTP exchange itself. Target: the median time per send through
``Client.send_personal`` is at most 1.5x the median of a bare ``requests.Session.post`` of the same
prepared body to the same local sandbox. Also prints how long the CLI takes to start
(``b24notify --help``) next to a bare ``python -c pass``, for information.

    .venv/bin/python bench/client_overhead.py               # 300 sends of each
    .venv/bin/python bench/client_overhead.py --sends 1000
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 1.5


def _per_send(fn, sends: int) -> list[float]:
    times = []
    for _ in range(sends):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _startup(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=300)
    args = parser.parse_args()

    import requests

    from core.blocks import file_block, picture_block
    from core.client import Client
    from core.request import Notification, build_notification
    from core.sandbox import SandboxPortal

    note = Notification(
        user_id=2,
        text="Build [b]#42[/b] failed",
        tag="ci",
        attachments=[
            picture_block("chart", "https://ci.example/chart.png"),
            file_block("report.pdf", "https://ci.example/report.pdf"),
        ],
    )
    portal = SandboxPortal(bucket_size=10**9, drain_rate=10**6, max_entries=10)
    with portal, Client(portal.webhook_url) as client, requests.Session() as session:
        prepared = build_notification(client.endpoint, note)
        url, body, headers = prepared.url, prepared.body_bytes(), prepared.headers()

        def bare() -> None:
            r = session.post(url, data=body, headers=headers, timeout=(5, 55))
            r.json()

        def ours() -> None:
            client.send_personal(note)

        for fn in (bare, ours):  # warm up connections and caches
            _per_send(fn, 20)
        bare_times, our_times = [], []
        for _ in range(4):  # interleave to share the machine's mood fairly
            bare_times += _per_send(bare, args.sends // 4)
            our_times += _per_send(ours, args.sends // 4)

    bare_ms = statistics.median(bare_times) * 1000
    ours_ms = statistics.median(our_times) * 1000
    ratio = ours_ms / bare_ms
    python_s = _startup([sys.executable, "-c", "pass"], 5)
    cli_s = _startup([sys.executable, "-m", "core.cli", "--help"], 5)
    print(f"bare requests.post   median {bare_ms:7.3f} ms per send")
    print(f"Client.send_personal median {ours_ms:7.3f} ms per send")
    print(f"ratio {ratio:.2f} (target <= {TARGET}) -> {'PASS' if ratio <= TARGET else 'FAIL'}")
    print(f"startup: python -c pass {python_s * 1000:.0f} ms, CLI --help {cli_s * 1000:.0f} ms")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
