"""gui/start_gc.py: the garbage collector waits for the first paint of a real start."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gui import start_gc
from tests.gui._real_start import child_report


@pytest.fixture(autouse=True)
def collector_back_on() -> Iterator[None]:
    yield
    gc.enable()  # whatever a test did, the rest of the suite collects


def test_hold_pauses_a_running_collector_and_release_starts_it_again() -> None:
    assert start_gc.hold() is True and not gc.isenabled()
    start_gc.release(True)
    assert gc.isenabled()


def test_a_collector_the_host_turned_off_stays_off() -> None:
    gc.disable()
    held = start_gc.hold()
    assert held is False
    start_gc.release(held)
    assert not gc.isenabled()


def test_the_launcher_lets_go_of_the_collector_when_the_window_cannot_open(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No display: _open_window returns before any window (and any first paint) exists.
    from gui import launcher
    from gui.display_check import EXIT_NO_DISPLAY

    monkeypatch.setattr("gui.display_check.problem", lambda *a, **k: "no display here")
    assert launcher.main([]) == EXIT_NO_DISPLAY
    assert gc.isenabled()

    def broken(sandbox: bool, gc_held: bool) -> int:
        assert gc_held and not gc.isenabled()  # paused for the start-up ...
        raise RuntimeError("boom")

    monkeypatch.setattr(launcher, "_start", broken)
    assert launcher.main([]) != 0 and "RuntimeError" in capsys.readouterr().err
    assert gc.isenabled()  # ... and running again although the start failed


def test_it_resumes_after_the_first_paint(qtbot, make_window, monkeypatch) -> None:
    monkeypatch.setattr(start_gc, "FALLBACK_MS", 600_000)  # the paint, not the fallback, does it
    w = make_window()
    held = start_gc.hold()
    start_gc.resume_after_first_paint(w, held)
    assert not gc.isenabled()
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(gc.isenabled)


def test_without_a_paint_it_resumes_after_a_while(qtbot, make_window, monkeypatch) -> None:
    monkeypatch.setattr(start_gc, "FALLBACK_MS", 50)
    w = make_window()  # never shown: no paint comes
    start_gc.resume_after_first_paint(w, start_gc.hold())
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled)


_REAL_START = r"""
import gc, json
from PySide6.QtCore import QEvent, QObject, QTimer
import gui.app
from gui import launcher

build, seen = gui.app.build, {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "painting" not in seen and event.type() == QEvent.Type.Paint:
            seen["painting"] = gc.isenabled()  # as the first paint starts
        return False

def build_and_watch(sandbox=False):
    seen["building"] = gc.isenabled()
    window, portal = build(sandbox)
    window.installEventFilter(FirstPaint(window))

    def after_the_queue():  # the window's whole first-paint queue has run by the next turn
        seen["after"] = gc.isenabled()
        window.close()

    window.after_first_paint(lambda: QTimer.singleShot(0, after_the_queue))
    return window, portal

gui.app.build = build_and_watch
code = launcher.main([])
print(json.dumps({"code": code, **seen, "at_exit": gc.isenabled()}))
"""


def test_a_real_start_collects_again_once_the_window_has_painted(tmp_path) -> None:
    report, _ = child_report(_REAL_START, tmp_path)
    assert report == {
        "code": 0,
        "building": False,
        "painting": False,
        "after": True,
        "at_exit": True,
    }
