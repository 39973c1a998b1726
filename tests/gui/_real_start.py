"""Run Python code in a fresh process the way a real start runs (offscreen, a private settings
folder, never the real keyring); the code's last line of output is a JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        B24NOTIFY_HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # never the real keyring
        PYTHONPATH=str(ROOT),
    )
    return env


def child_report(
    code: str,
    home: Path,
    *argv: str,
    python_args: tuple[str, ...] = (),
    timeout: float = 120,
) -> tuple[Any, str]:
    """Run ``code`` (``argv`` as its ``sys.argv[1:]``); its JSON report and its stderr."""
    out = subprocess.run(
        [sys.executable, *python_args, "-c", code, *argv],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1]), out.stderr
