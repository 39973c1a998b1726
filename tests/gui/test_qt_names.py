"""gui/qt_names.py: enum properties set by name; the first paint never builds ``Qt``'s enums."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter

from gui.qt_names import set_enum_property

ROOT = Path(__file__).resolve().parents[2]


def test_sets_an_enum_and_a_flag_combination_by_name(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    set_enum_property(label, "alignment", "AlignCenter")
    flags = "TextSelectableByMouse|TextSelectableByKeyboard"
    set_enum_property(label, "textInteractionFlags", flags)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert label.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    set_enum_property(splitter, "orientation", "Vertical")
    assert splitter.orientation() == Qt.Orientation.Vertical


def test_an_unknown_name_is_refused(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="alignment"):
        set_enum_property(label, "alignment", "AlignSideways")


FIRST_PAINT = """
import sys
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from gui.main_window import MainWindow

window = MainWindow()
seen = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append("Qt" in vars(QtCore))
            QTimer.singleShot(0, app.quit)
        return False

watch = Watch()
window.installEventFilter(watch)
window.show()
QTimer.singleShot(20_000, app.quit)
app.exec()
print("painted" if seen else "never painted", "built" if any(seen) else "not built")
"""


def test_the_first_paint_does_not_build_the_qt_namespace_enums(tmp_path: Path) -> None:
    """~28 ms of start-up: see gui/qt_names.py. A fresh process, as a user starts the window."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24NOTIFY_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["painted", "not", "built"], out.stdout + out.stderr
