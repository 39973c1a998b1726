"""The helpers for parts built after the first paint (gui/first_paint.py)."""

from __future__ import annotations

from typing import Any

import pytest

from gui.first_paint import WhenBuilt, build_for


def test_what_waits_runs_once_built_in_order_then_at_once() -> None:
    ran: list[tuple[str, object]] = []
    waiting = WhenBuilt()
    waiting.add(lambda part: ran.append(("a", part)))
    waiting.add(lambda part: ran.append(("b", part)))
    assert ran == []
    part = object()
    waiting.built(part)
    assert ran == [("a", part), ("b", part)]
    waiting.add(lambda p: ran.append(("c", p)))
    assert ran[-1] == ("c", part)


class _Lazy:
    PARTS = frozenset({"field"})

    def __init__(self) -> None:
        self._built = False
        self.builds = 0

    def build(self) -> None:
        if not self._built:
            self._built = True
            self.builds += 1
            self.field = "built"

    def __getattr__(self, name: str) -> Any:
        return build_for(self, name, self.PARTS, self.build)


def test_a_part_asked_for_early_is_built_once_and_others_stay_missing() -> None:
    lazy = _Lazy()
    assert lazy.field == "built" and lazy.field == "built" and lazy.builds == 1
    with pytest.raises(AttributeError):
        _ = lazy.other  # not one of its parts: no build, the usual error
    fresh = _Lazy()
    with pytest.raises(AttributeError):
        _ = fresh.other
    assert fresh.builds == 0
