"""The log guard of tests/conftest.py: an unexpected warning fails a test, a declared one does not.

A small test file runs in its own pytest process with the real ``log_guard`` fixture.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

INNER = """
import logging
import threading

import pytest

log = logging.getLogger("b24notify.inner")


def test_unexpected_warning():
    log.warning("boom")


def test_unexpected_error_on_another_thread():
    worker = threading.Thread(target=lambda: log.error("bad on a worker"))
    worker.start()
    worker.join()


@pytest.fixture
def noisy():
    log.warning("in setup")
    yield
    log.warning("in teardown")


def test_warning_in_a_fixture(noisy):
    pass


def test_info_and_debug_are_fine():
    log.info("fine")
    log.debug("fine")


@pytest.mark.expect_log_warnings("boom [0-9]")
def test_declared_by_marker():
    log.warning("boom 1")
    log.warning("boom 2")


def test_declared_by_fixture(expected_logs):
    expected_logs.expect("soft", logger="b24notify")
    log.warning("soft landing")


@pytest.mark.expect_log_warnings("never")
def test_declared_but_never_logged():
    pass


@pytest.mark.expect_log_warnings("boom", logger="elsewhere")
def test_declared_for_another_logger():
    log.warning("boom")


@pytest.mark.expect_log_warnings("boom")
def test_declared_one_but_logged_another():
    log.warning("boom")
    log.warning("surprise")
"""

EXPECTED = {
    "test_unexpected_warning": "ERROR",
    "test_unexpected_error_on_another_thread": "ERROR",
    "test_warning_in_a_fixture": "ERROR",
    "test_info_and_debug_are_fine": "PASSED",
    "test_declared_by_marker": "PASSED",
    "test_declared_by_fixture": "PASSED",
    "test_declared_but_never_logged": "ERROR",
    "test_declared_for_another_logger": "ERROR",
    "test_declared_one_but_logged_another": "ERROR",
}


@pytest.fixture(scope="module")
def inner_run(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("inner")
    (folder / "conftest.py").write_text("from tests.conftest import expected_logs, log_guard\n")
    (folder / "test_inner.py").write_text(INNER)
    (folder / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    expect_log_warnings: declared warnings\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", "--strict-markers"],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.stdout + run.stderr


@pytest.mark.parametrize(("test", "outcome"), sorted(EXPECTED.items()))
def test_the_guard_fails_exactly_the_undeclared_warnings(
    inner_run: str, test: str, outcome: str
) -> None:
    found = re.findall(rf"^(PASSED|FAILED|ERROR) test_inner\.py::{test}\b", inner_run, re.M)
    assert found and found[-1] == outcome, inner_run


def test_the_failure_names_the_record(inner_run: str) -> None:
    assert "WARNING b24notify.inner: boom" in inner_run
    assert "ERROR b24notify.inner: bad on a worker" in inner_run
    assert "expected log warnings that never came: ['never']" in inner_run
    assert "WARNING b24notify.inner: surprise" in inner_run
