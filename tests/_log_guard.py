"""A logging handler that remembers every WARNING-or-higher record of one test.

``tests/conftest.py`` installs one on the root logger for each test (qutebrowser's ``logfail``
idea) and fails the test when a record was not declared expected, with the marker
``@pytest.mark.expect_log_warnings(pattern, ...)`` or the fixture ``expected_logs``. An expected
pattern that matches no record fails the test too, so a declaration cannot outlive its reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable


class Expectation:
    """A warning a test declares: a regular expression searched in the message (and the logger)."""

    def __init__(self, pattern: str, logger: str | None = None) -> None:
        self.pattern = pattern
        self.regex = re.compile(pattern)
        self.logger = logger
        self.seen = 0

    def matches(self, record: logging.LogRecord) -> bool:
        if self.logger is not None and not (
            record.name == self.logger or record.name.startswith(self.logger + ".")
        ):
            return False
        return self.regex.search(_message(record)) is not None

    def __repr__(self) -> str:
        where = f" on {self.logger}" if self.logger else ""
        return f"{self.pattern!r}{where}"


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a record whose arguments do not fit its format string
        return str(record.msg)


class LogGuard(logging.Handler):
    """Collects WARNING-or-higher records (from any thread) while a test runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.expectations: list[Expectation] = []

    def expect(self, pattern: str, logger: str | None = None) -> None:
        """Declare a warning (or error) this test provokes on purpose."""
        self.expectations.append(Expectation(pattern, logger))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)  # list.append is atomic; workers may log too

    def unexpected(self) -> list[logging.LogRecord]:
        """The records no expectation accounts for (each expectation counts what it matched)."""
        found = []
        for record in list(self.records):
            hits = [e for e in self.expectations if e.matches(record)]
            for e in hits:
                e.seen += 1
            if not hits:
                found.append(record)
        return found

    def unmet(self) -> list[Expectation]:
        """Expectations that matched no record (call after :meth:`unexpected`)."""
        return [e for e in self.expectations if e.seen == 0]


def describe(records: Iterable[logging.LogRecord]) -> str:
    return "\n".join(f"  {r.levelname} {r.name}: {_message(r)}" for r in records)
