"""Python's cyclic garbage collector waits for the window's first paint.

Starting the window builds ~35,000 Python objects that live as long as it does (modules,
classes, PySide6's enum classes, the widgets' wrappers). The collector runs every 700 new
container objects and walked them ~45 times before the first paint: ~19 ms of the start-up
(measured with ``gc.callbacks``; a bare PySide6 window spends ~13 ms of its own start this way),
and almost nothing to find — the ~170 cyclic leftovers of start-up are collected just as well
a moment later. So a real start (:func:`gui.launcher.main` opening the window) pauses automatic
collection first thing (:func:`hold`) and :func:`gui.app.run` resumes it on the first idle turn
after the first paint (:func:`resume_after_first_paint`), or after :data:`FALLBACK_MS` if no
paint comes (a window started minimised, or on a hidden desktop), and in any case when the window
ends (:func:`release`, from the launcher).

Only a collector this module paused is started again; one the host process turned off stays
off.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.main_window import MainWindow

FALLBACK_MS = 3000  # without a first paint, the collector runs again after this long


def hold() -> bool:
    """Pause automatic collection; True if this call paused it (it was running)."""
    if not gc.isenabled():
        return False
    gc.disable()
    return True


def release(held: bool) -> None:
    """Collect automatically again if :func:`hold` paused it (``held``); twice is fine."""
    if held:
        gc.enable()


def resume_after_first_paint(window: MainWindow, held: bool) -> None:
    """Collect again once ``window`` has painted, or after :data:`FALLBACK_MS` without a paint.

    (The launcher releases it too when the window's event loop ends, whatever happened.)
    """
    if not held:
        return
    from PySide6.QtCore import QTimer

    window.after_first_paint(lambda: release(held))
    # No context object: that overload builds QMetaMethod before the first paint, and the
    # function outlives a closed window harmlessly.
    QTimer.singleShot(FALLBACK_MS, lambda: release(held))
