"""gui/compat.py: the guard against PySide6 6.12.0's over-released None/True/False."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gui.compat import affected

ROOT = Path(__file__).resolve().parents[2]

_MANY_SETTERS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QPushButton
from PySide6.QtCore import QObject, Signal
{guard}
app = QApplication([])
button = QPushButton()
class O(QObject):
    flag = Signal(bool)
o = O()
for i in range(20000):
    button.setEnabled(i % 2 == 0)
    o.flag.emit(i % 2 == 0)
print("survived")
"""


def test_affected_versions() -> None:
    assert affected("6.12.0", (3, 11))
    assert affected("6.12.0", (3, 10))
    assert not affected("6.12.0", (3, 12))
    assert not affected("6.11.3", (3, 11))


def test_many_setter_calls_and_bool_signals_do_not_abort_the_interpreter() -> None:
    code = _MANY_SETTERS.format(
        guard="from gui.compat import protect_singletons; protect_singletons()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout


def test_the_guard_is_needed_on_affected_versions() -> None:
    # Guards against a test that cannot fail: without the guard the same script aborts.
    if not affected():
        return
    code = _MANY_SETTERS.format(guard="")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0
    assert "dealloc" in out.stderr


_IMPORT_THE_WINDOW = """
import gui.compat
calls = []
gui.compat.protect_singletons = lambda: calls.append(1)
import gui.main_window
print(len(calls))
"""


def test_importing_the_window_changes_nothing_the_app_does_it() -> None:
    # The guard runs where the application is built (gui.app.application), not as a side effect
    # of importing the window module.
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_THE_WINDOW],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.split() == ["0"]
