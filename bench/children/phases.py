"""Instrumented start-up for ``bench/startup_profile.py``: each step to the first paint, timed.

``python phases.py bare|window FD``. The same steps as ``bare_window.py`` and
``b24notify_window.py`` (PySide6 is imported first in both, so that what the window imports on
top of it shows as its own step), with a ``time.perf_counter()`` mark after each. The marks
(``CLOCK_MONOTONIC``, the parent's clock too), each with the resident set at that moment, go to
``FD`` after the first paint, then the process ends. Not a contender: ``bench/startup.py``
never runs it.
"""

import os
import time

_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kib() -> int:
    """The resident set now (``/proc/self/statm``, second field, in pages)."""
    fd = os.open("/proc/self/statm", os.O_RDONLY)
    try:
        return int(os.read(fd, 200).split()[1]) * _PAGE_KIB
    finally:
        os.close(fd)


_marks = [("interpreter ready", time.perf_counter(), _rss_kib())]


def mark(name: str) -> None:
    _marks.append((name, time.perf_counter(), _rss_kib()))


import sys  # noqa: E402 - after the first mark, on purpose

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtGui import QIcon  # noqa: E402, F401 - gui.app imports it; so does this, for both
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow  # noqa: E402

mark("import PySide6 (QtCore, QtGui, QtWidgets)")

if sys.argv[1] == "bare":
    app = QApplication(sys.argv[:1])
    mark("QApplication()")
    window = QMainWindow()
    window.setCentralWidget(QLineEdit())
    mark("build the window")
else:
    import re  # noqa: F401 - pip's console script imports it

    import gui.app
    import gui.launcher

    mark("import gui.launcher, gui.app")
    app = gui.app.application(icon=False)  # gui.app.run: the icon comes after the first paint
    mark("gui.app.application(icon=False)")
    from gui import language

    language.install_language(app)
    mark("import gui.language, install_language()")
    import gui.main_window

    mark("import gui.main_window")
    window, _ = gui.app.build()
    mark("build the window (MainWindow())")

_PAINT = QEvent.Type.Paint


def _done() -> None:
    mark("first paint done")
    report = "".join(f"{name}\t{t!r}\t{rss}\n" for name, t, rss in _marks)
    os.write(int(sys.argv[2]), report.encode())
    os._exit(0)


class _Watch(QObject):
    seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == _PAINT:
            self.seen = True
            mark("event loop to the first Paint event")
            QTimer.singleShot(0, _done)
        return False


watch = _Watch()
window.installEventFilter(watch)
window.show()
mark("show()")
QTimer.singleShot(30_000, lambda: os._exit(3))
app.exec()
