"""Tell ``bench/startup.py`` when a window has first painted, then end the process at once.

Shared by both contenders, so it costs them the same. The parent gives each child two arguments:
the number of a pipe's write end (the report goes there with ``os.write``; no ``json``, no
``subprocess``) and a file to list the loaded modules in. After the report, with the clock
already stopped, the child writes ``sorted(sys.modules)`` to that file and leaves with
``os._exit``: no teardown, and the peak memory the parent reads is the peak up to the first paint.
"""

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer

_PAINT = QEvent.Type.Paint
_kept: list[QObject] = []


class _FirstPaint(QObject):
    def __init__(self, fd: int, modules_path: str) -> None:
        super().__init__()
        self._fd = fd
        self._modules_path = modules_path
        self._seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == _PAINT:
            self._seen = True
            # Event filters run before the window's own handlers: a zero timer queued now fires
            # once this paint (the whole window: children paint in the same pass) has finished,
            # before any work the window itself defers to after its first paint.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        os.write(self._fd, b"painted\n")
        listing = "\n".join(sorted(sys.modules)).encode()
        out = os.open(self._modules_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        while listing:
            listing = listing[os.write(out, listing) :]
        os.close(out)
        os._exit(0)


def _give_up() -> None:
    os._exit(3)  # no paint in 30 s: never hang the benchmark


def watch(window: QObject) -> None:
    """Report ``window``'s first paint (arguments: report fd, modules file)."""
    watcher = _FirstPaint(int(sys.argv[1]), sys.argv[2])
    _kept.append(watcher)
    window.installEventFilter(watcher)
    QTimer.singleShot(30_000, _give_up)
