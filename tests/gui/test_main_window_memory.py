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
