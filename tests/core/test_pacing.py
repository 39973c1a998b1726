"""The client-side leaky bucket, on a fake clock (no sleeping)."""

from __future__ import annotations

import threading

import pytest

from core.errors import InputError
from core.pacing import ENTERPRISE, STANDARD, Pacer, Rate


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_presets() -> None:
    assert (STANDARD.burst, STANDARD.per_second) == (50, 2.0)
    assert (ENTERPRISE.burst, ENTERPRISE.per_second) == (250, 5.0)


@pytest.mark.parametrize(
    ("burst", "rate"), [(0, 2.0), (True, 2.0), (50, 0), (50, float("nan")), (50, -1), (1.5, 2)]
)
def test_bad_rates_are_input_errors(burst: object, rate: object) -> None:
    with pytest.raises(InputError):
        Rate(burst, rate)  # type: ignore[arg-type]


def test_the_burst_goes_at_once_then_the_drain_rate() -> None:
    clock = FakeClock()
    pacer = Pacer(STANDARD, clock=clock, sleep=clock.sleep, margin=0.0)
    start = clock.now
    for _ in range(100):
        assert pacer.wait_turn()
    # 50 at once, then 50 more at 2 a second: the bucket's arithmetic, 25 s
    assert clock.now - start == pytest.approx(25.0)
    assert pacer.waited == pytest.approx(25.0)
    assert max(clock.slept) == pytest.approx(0.5)


def test_a_margin_keeps_requests_off_the_edge_once_not_per_request() -> None:
    clock = FakeClock()
    pacer = Pacer(STANDARD, clock=clock, sleep=clock.sleep, margin=0.25)
    for _ in range(51):
        assert pacer.wait_turn()
    assert clock.slept == [pytest.approx(0.75)]
    assert pacer.level <= STANDARD.burst - 0.49  # the portal's bucket would take one more
    for _ in range(49):
        assert pacer.wait_turn()
    assert clock.slept[1:] == [pytest.approx(0.5)] * 49  # then 2 a second, as the bucket drains
    assert clock.now - 1000.0 == pytest.approx(25.25)


def test_arithmetic_for_the_time_left() -> None:
    assert STANDARD.seconds_for(100) == 25.0
    assert STANDARD.seconds_for(10) == 0.0
    assert ENTERPRISE.seconds_for(1250) == 200.0


def test_a_refusal_means_the_portal_is_full_and_waits_grow_until_a_success() -> None:
    clock = FakeClock()
    pacer = Pacer(STANDARD, clock=clock, sleep=clock.sleep, margin=0.0)
    assert pacer.wait_turn()
    pacer.refused()
    assert pacer.delay() == pytest.approx(0.5)
    pacer.refused()
    assert pacer.delay() == pytest.approx(1.0)
    pacer.refused()
    assert pacer.delay() == pytest.approx(2.0)
    pacer.succeeded()
    clock.now += 100  # the bucket drained
    assert pacer.delay() == 0.0


def test_backoff_is_bounded_and_gives_up_after_many_in_a_row() -> None:
    clock = FakeClock()
    pacer = Pacer(STANDARD, clock=clock, sleep=clock.sleep, max_backoff=3.0, max_refusals=4)
    for _ in range(3):
        pacer.refused()
        assert not pacer.gave_up()
    assert pacer.delay() <= 3.0
    pacer.refused()
    assert pacer.gave_up()


def test_cancel_ends_a_wait_and_counts_nothing() -> None:
    cancel = threading.Event()
    pacer = Pacer(Rate(1, 0.001), cancel=cancel)
    assert pacer.wait_turn()
    level = pacer.level
    waiter_result: list[bool] = []
    worker = threading.Thread(target=lambda: waiter_result.append(pacer.wait_turn()))
    worker.start()
    cancel.set()  # the wait (about 1000 s) ends at once
    worker.join(10)
    assert waiter_result == [False]
    assert pacer.level <= level
