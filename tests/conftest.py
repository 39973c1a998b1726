"""Shared test set-up: Qt runs offscreen, GUI tests are marked, a sandbox portal per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

# Before anything imports Qt (Picard's conftest does the same).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a QApplication as ``gui``.

    ``pytest -m "not gui"`` then runs the rest.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def sandbox() -> Iterator[SandboxPortal]:
    """A sandbox portal on a free loopback port, stopped (threads joined) after the test."""
    from core.sandbox import SandboxPortal

    portal = SandboxPortal()
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()
