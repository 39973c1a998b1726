"""The code base type-checks: mypy in its default mode over core/ and gui/ (pyproject.toml).

mypy keeps its cache in ``.mypy_cache`` at the top of the repository, so a run after a small change
re-checks only what changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mypy() -> str:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if mypy is None:
        pytest.fail("mypy is not installed: install the test extra, pip install -e '.[test]'")
    return mypy


def test_mypy_passes() -> None:
    # The files, the Python version and the cache folder come from [tool.mypy] in pyproject.toml.
    out = subprocess.run(
        [_mypy(), "--no-error-summary", "--show-error-codes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_can_fail(tmp_path: Path) -> None:
    # Guards against a run that checks nothing: the same command finds a planted error.
    bad = tmp_path / "bad.py"
    bad.write_text('count: int = "three"\n', encoding="utf-8")
    out = subprocess.run(
        [_mypy(), "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 1 and "bad.py:1: error" in out.stdout, out.stdout + out.stderr
