"""Fixtures for the sandbox tests: portals with non-default settings, always stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core.sandbox import SandboxPortal


@pytest.fixture
def make_portal() -> Iterator[Callable[..., SandboxPortal]]:
    """``make_portal(bucket_size=3, ...)`` -> a started portal, stopped after the test."""
    started: list[SandboxPortal] = []

    def factory(**kwargs: Any) -> SandboxPortal:
        portal = SandboxPortal(**kwargs).start()
        started.append(portal)
        return portal

    yield factory
    for portal in started:
        portal.stop()
