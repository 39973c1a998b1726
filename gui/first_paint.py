"""Work for the event loop's first idle turn after a window's first paint (issue 10).

:meth:`gui.main_window.MainWindow.after_first_paint` queues here what the first paint does not
need (the keyring, the result panel, the app icon): the user sees the form sooner, and the rest
is there before they can use it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaintQueue(QObject):
    """Watches ``widget`` for its first paint, then runs the queued work, in order, on the next
    idle turn of the event loop (a zero-delay timer queued by that paint). Work added after that
    turn runs at once."""

    def __init__(self, widget: QObject) -> None:
        super().__init__(widget)
        self._queued: list[Callable[[], object]] | None = []
        self._painted = False
        widget.installEventFilter(self)

    def add(self, work: Callable[[], object]) -> None:
        if self._queued is None:
            work()
        else:
            self._queued.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self._run)  # once this paint has finished
        return False

    def _run(self) -> None:
        queued, self._queued = self._queued or [], None
        for work in queued:
            work()
