"""Work for the event loop's first idle turn after a window's first paint (issue 10).

:meth:`gui.main_window.MainWindow.after_first_paint` queues here what the first paint does not
need (the keyring, the result panel, the app icon): the user sees the form sooner, and the rest
is there before they can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

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


# -- parts built after the first paint (a lean start), or on demand -------------------------------
class WhenBuilt:
    """What waits for a part built after the first paint: :meth:`add` runs ``then(part)`` at
    once if :meth:`built` has been called, otherwise when it is (in the order added)."""

    def __init__(self) -> None:
        self._part: Any = None
        self._waiting: list[Callable[[Any], object]] = []

    def add(self, then: Callable[[Any], object]) -> None:
        if self._part is not None:
            then(self._part)
        else:
            self._waiting.append(then)

    def built(self, part: object) -> None:
        self._part = part
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(part)


def build_for(owner: object, name: str, parts: Collection[str], build: Callable[[], object]) -> Any:
    """For ``owner``'s ``__getattr__``: ``name``, one of the ``parts`` an object builds after the
    first paint, asked for before that: build them (``build``) and return it. ``owner`` keeps
    ``_built`` in its ``__dict__`` (False until built)."""
    if name in parts and not vars(owner).get("_built", True):
        build()
        return getattr(owner, name)
    raise AttributeError(name)
