"""gui/tasks.py: work runs on a worker thread, its outcome comes back on the GUI thread."""

from __future__ import annotations

import gc
import logging
import threading
import weakref

import pytest
from PySide6.QtCore import QThread

from core.secrets import Redactor
from gui.tasks import Outcome, TaskRunner, log_unexpected


def test_result_comes_back_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = QThread.currentThread()
        return 42

    def on_done(outcome: Outcome) -> None:
        seen["callback"] = QThread.currentThread()

    with qtbot.waitSignal(runner.run(work, on_done).finished, timeout=5000) as blocker:
        pass
    outcome = blocker.args[0]
    assert outcome.ok and outcome.result == 42 and outcome.error is None
    assert seen["callback"] is QThread.currentThread()
    assert seen["worker"] is not QThread.currentThread()
    runner.wait_for_done(5000)


def test_an_exception_comes_back_as_a_value(qtbot) -> None:
    runner = TaskRunner()

    def boom() -> None:
        raise ValueError("no such user")

    task = runner.run(boom)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    outcome = blocker.args[0]
    assert not outcome.ok
    assert isinstance(outcome.error, ValueError)
    assert str(outcome.error) == "no such user"
    assert task.done and task.outcome is outcome


def test_a_detached_task_never_reports(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    ran = threading.Event()
    calls: list[Outcome] = []

    def slow() -> str:
        release.wait(5)
        ran.set()
        return "late"

    task = runner.run(slow, calls.append)
    assert runner.active_count == 1
    task.detach()
    release.set()
    assert runner.wait_for_done(5000)
    # The queued delivery is processed, but nobody hears it.
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert ran.is_set()
    assert calls == []
    assert runner.active_count == 0


def test_tasks_run_side_by_side(qtbot) -> None:
    runner = TaskRunner(max_threads=2)
    both_running = threading.Barrier(2, timeout=5)

    def meet() -> bool:
        both_running.wait()  # raises BrokenBarrierError if the other never starts
        return True

    first, second = runner.run(meet), runner.run(meet)
    with qtbot.waitSignals([first.finished, second.finished], timeout=5000):
        pass
    assert first.outcome.result is True and second.outcome.result is True


class _Payload:
    """A result that can be watched with a weak reference."""


def test_a_reported_task_is_collected_even_when_its_slot_holds_it(qtbot) -> None:
    """``finished`` fires once and then lets go of its slots: no cycle keeps the task alive."""
    runner = TaskRunner()
    heard: list[bool] = []
    task = runner.run(_Payload)
    task.finished.connect(lambda outcome, t=task: heard.append(t.done))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    watched = [weakref.ref(task), weakref.ref(task.outcome), weakref.ref(task.outcome.result)]
    del task
    gc.collect()
    assert heard == [True]
    assert [ref() for ref in watched] == [None, None, None]
    assert runner.active_count == 0


def _fails_deep_inside() -> None:
    raise KeyError("no such field")


def test_an_unexpected_error_keeps_its_traceback(qtbot) -> None:
    runner = TaskRunner()

    def work() -> None:
        _fails_deep_inside()

    task = runner.run(work)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    outcome = blocker.args[0]
    assert isinstance(outcome.error, KeyError)
    lines = outcome.traceback.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1] == "KeyError: 'no such field'"
    # Formatted on the worker, from the function down to where it failed.
    assert "in work" in outcome.traceback and "in _fails_deep_inside" in outcome.traceback
    runner.wait_for_done(5000)


def test_a_result_has_no_traceback(qtbot) -> None:
    runner = TaskRunner()
    with qtbot.waitSignal(runner.run(lambda: 7).finished, timeout=5000) as blocker:
        pass
    assert blocker.args[0].ok and blocker.args[0].traceback == ""
    runner.wait_for_done(5000)


@pytest.mark.expect_log_warnings("unexpected problem on a worker", logger="b24notify.gui")
def test_log_unexpected_writes_the_scrubbed_traceback_at_error(log_guard) -> None:
    outcome = Outcome(
        error=RuntimeError("x"),
        traceback="Traceback (most recent call last):\n  ...\n"
        "RuntimeError: known-secret-value at /rest/1/shapedsecret99/\n",
    )
    log_unexpected(outcome, Redactor(["known-secret-value"]).scrub)
    log_unexpected(Outcome(result=1))  # nothing to say about a result
    [record] = log_guard.records
    text = record.getMessage()
    assert record.levelno == logging.ERROR and "RuntimeError" in text
    assert "known-secret-value" not in text and "shapedsecret99" not in text
