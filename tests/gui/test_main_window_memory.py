"""Finished calls leave nothing behind: no Task, Outcome or Result outlives its send or check.

The RSS over 1,000 sends is measured by ``bench/memory.py`` (benchmarks are never timed tests).
"""

from __future__ import annotations

import gc
import weakref

from core.result import Result
from gui.tasks import Outcome, Task
from tests.gui._window import fill


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def test_finished_sends_and_checks_are_collected(qtbot, window, sandbox) -> None:
    fill(window)
    seen: list[weakref.ref] = []

    def keep_weakly(outcome: Outcome) -> None:
        seen.extend([weakref.ref(outcome), weakref.ref(outcome.result)])

    window.sendFinished.connect(keep_weakly)
    window.checkFinished.connect(keep_weakly)
    for n in range(12):
        signal, start = (
            (window.checkFinished, window.check_connection)
            if n % 4 == 3
            else (window.sendFinished, window.send)
        )
        with qtbot.waitSignal(signal, timeout=15000):
            start()
    assert len(sandbox.notifications()) == 9
    assert len(seen) == 24
    assert window.wait_for_background_work(5000)  # the workers have let go of their last call
    gc.collect()
    assert [ref for ref in seen if ref() is not None] == []
    assert {kind.__name__: _live(kind) for kind in (Task, Outcome, Result)} == {
        "Task": 0,
        "Outcome": 0,
        "Result": 0,
    }


def test_the_first_size_fits_the_screen_frame_included() -> None:
    from gui.main_window import DEFAULT_SIZE, fitted_size

    assert fitted_size(1920, 1040) == DEFAULT_SIZE  # a roomy screen: the designed size
    assert fitted_size(1366, 740) == (1180, 680)  # a 1366x768 laptop's area under its task bar
    width, height = fitted_size(800, 600)
    assert width <= 760 and height <= 540


def test_a_new_window_is_no_bigger_than_its_screen(make_window) -> None:
    w = make_window()
    area = w.screen().availableGeometry()
    assert w.width() <= area.width() and w.height() <= area.height()
