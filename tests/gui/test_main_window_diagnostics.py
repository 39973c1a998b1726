"""The window logs the traceback of an unexpected error, scrubbed, where ``--debug`` keeps it."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from core.address import parse_endpoint
from core.diagnostics import LOG_FILE, Diagnostics
from tests.gui._window import FAST, fill, send_and_wait, status


@pytest.mark.expect_log_warnings("unexpected problem on a worker", logger="b24notify.gui")
def test_an_unexpected_error_on_the_worker_reaches_the_debug_log_scrubbed(
    qtbot, make_window, sandbox, log_guard, tmp_path: Path
) -> None:
    secret = parse_endpoint(sandbox.webhook_url).secret

    def broken_sleep(seconds: float) -> None:  # a bug in the retry wait, quoting the webhook
        raise RuntimeError(f"cannot wait {seconds} s for {sandbox.webhook_url}")

    w = make_window(client_options={**FAST, "sleep": broken_sleep})
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    sandbox.inject("503")  # the client waits (and so fails) before its second attempt
    fill(w)
    stderr = io.StringIO()
    with Diagnostics() as diagnostics:
        diagnostics.start(stderr, debug=True, folder=tmp_path)
        outcome = send_and_wait(qtbot, w)
        # The window told the log its secret: masked even where nothing shows it is one.
        logging.getLogger("b24notify.test").debug("a bare %s", secret)
    assert isinstance(outcome.error, RuntimeError)
    assert "in broken_sleep" in outcome.traceback  # the worker kept where it failed

    [record] = [r for r in log_guard.records if r.name == "b24notify.gui"]
    assert record.levelno == logging.ERROR
    written = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    for text in (record.getMessage(), written, stderr.getvalue()):
        assert "Traceback (most recent call last):" in text and "in broken_sleep" in text
        assert "RuntimeError: cannot wait" in text and secret not in text
    assert "a bare " in written and secret not in written
    # What the window shows stays as it was: one line in words, no traceback, no secret.
    shown = status(w)
    assert "Unexpected problem" in shown and "Traceback" not in shown and secret not in shown
