"""How long the window's event loop stalls: a precise timer ticks every ``tick_ms``; the longest gap
between two ticks, minus the interval, is the longest stall. Shared by bench/responsiveness.py
(one send) and bench/bulk_responsiveness.py (a bulk run). Import it after a QApplication exists."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer


def wait(seconds: float) -> None:
    """Run the event loop for ``seconds`` (the window keeps painting and answering)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class StallMeter:
    """``start()`` begins counting ticks; ``stop()`` ends and gives each stall (ms, 0 for none)."""

    def __init__(self, tick_ms: int) -> None:
        self.tick_ms = tick_ms
        self._clock = QElapsedTimer()
        self._clock.start()
        self._ticks: list[int] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(lambda: self._ticks.append(self._clock.elapsed()))

    def start(self) -> None:
        self._ticks.clear()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        pairs = itertools.pairwise(self._ticks)
        return [max(0.0, (b - a) - self.tick_ms) for a, b in pairs]
