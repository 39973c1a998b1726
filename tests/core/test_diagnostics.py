"""core/diagnostics.py: the scrubbing filter, the private rotating log file, --traceback output."""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import diagnostics
from core.diagnostics import (
    Diagnostics,
    ScrubFilter,
    format_traceback,
    learn_secrets,
    scrub_shapes,
)
from core.secrets import Redactor

SECRET = "k3abcdefgh9q"
TOKEN = "tok_0123456789abcdef"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.mark.parametrize(
    "text",
    [
        f"POST https://portal.example/rest/1/{SECRET}/im.notify.personal.add",
        f"https://portal.example/rest/17/{SECRET}",
        f'"GET /rest/1/{SECRET}/profile HTTP/1.1" 200',
        f"POST /rest/im.notify.personal.add?auth={SECRET}&x=1",
        f"grant_type=refresh_token&client_secret={SECRET}&refresh_token={TOKEN}",
        f"access_token={SECRET}",
        f'{{"auth": "{SECRET}", "access_token": "{TOKEN}"}}',
        f"{{'refresh_token': '{SECRET}', 'client_secret': '{TOKEN}'}}",
        f'{{"AUTH":"{SECRET}"}}',
    ],
)
def test_secret_shaped_values_are_masked(text: str) -> None:
    scrubbed = scrub_shapes(text)
    assert SECRET not in scrubbed and TOKEN not in scrubbed
    assert "…" in scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "https://portal.example/rest/1/",
        "POST https://portal.example/rest/1/k3…9q/im.notify.personal.add",
        '{"error": "QUERY_LIMIT_EXCEEDED", "code": 503}',
        "user 5 got notification 42",
        "https://portal.example/rest/im.notify.personal.add",
    ],
)
def test_text_without_a_secret_stays_as_it_is(text: str) -> None:
    assert scrub_shapes(text) == text


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("b24notify.test", logging.ERROR, __file__, 1, msg, args, exc_info)


def _raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_the_filter_masks_known_secrets_in_the_message_and_the_traceback() -> None:
    known = Redactor(["plain-secret-without-shape"])
    error = _raised(RuntimeError(f"failed with plain-secret-without-shape at /rest/1/{SECRET}/"))
    record = _record("calling %s", "plain-secret-without-shape", exc=error)
    assert ScrubFilter(known.scrub).filter(record)
    text = logging.Formatter().format(record)
    assert "plain-secret-without-shape" not in text and SECRET not in text
    assert "RuntimeError" in text and "Traceback" in text  # the traceback itself is kept
    assert record.exc_info is None and record.args is None  # nothing left to format again


def test_a_record_whose_arguments_do_not_fit_is_still_scrubbed() -> None:
    record = _record("%d items at %s", "many", f"/rest/1/{SECRET}/")
    ScrubFilter().filter(record)
    assert SECRET not in record.getMessage()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[Diagnostics, io.StringIO]]:
    stream = io.StringIO()
    diag = Diagnostics()
    diag.start(stream, debug=True, folder=tmp_path / "settings")
    try:
        yield diag, stream
    finally:
        diag.close()


@posix_only
def test_the_debug_log_is_private_and_gets_every_level(
    session: tuple[Diagnostics, io.StringIO], tmp_path: Path
) -> None:
    diag, stream = session
    assert diag.log_path == tmp_path / "settings" / diagnostics.LOG_FILE
    assert stat.S_IMODE(diag.log_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(diag.log_path.parent.stat().st_mode) == 0o700
    logging.getLogger("b24notify.test").debug("posting to /rest/1/%s/profile", SECRET)
    logging.getLogger("urllib3.connectionpool").debug("GET /rest/1/%s/x HTTP/1.1", SECRET)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = diag.log_path.read_text(encoding="utf-8")
    for text in (written, stream.getvalue()):
        assert "DEBUG b24notify.test" in text and "DEBUG urllib3.connectionpool" in text
        assert SECRET not in text


def test_closing_removes_the_handlers_and_restores_the_level(tmp_path: Path) -> None:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    diag = Diagnostics()
    diag.start(io.StringIO(), debug=True, folder=tmp_path)
    assert root.level == logging.DEBUG and len(root.handlers) == len(before) + 2
    diag.close()
    assert root.handlers == before and root.level == level
    logging.getLogger("b24notify.test").debug("after close")
    assert "after close" not in (tmp_path / diagnostics.LOG_FILE).read_text(encoding="utf-8")


@posix_only
def test_rotated_and_new_log_files_stay_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagnostics, "MAX_BYTES", 300)
    old_umask = os.umask(0o022)  # what would make a plain new file readable by everyone
    try:
        with Diagnostics() as diag:
            diag.start(io.StringIO(), debug=True, folder=tmp_path)
            for n in range(40):
                logging.getLogger("b24notify.test").debug("line %d %s", n, "x" * 40)
    finally:
        os.umask(old_umask)
    files = sorted(tmp_path.glob(diagnostics.LOG_FILE + "*"))
    assert [f.name for f in files] == [diagnostics.LOG_FILE] + [
        f"{diagnostics.LOG_FILE}.{n}" for n in range(1, diagnostics.BACKUPS + 1)
    ]
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert all(f.stat().st_size <= 300 + 200 for f in files)  # bounded: a line over at most


@posix_only
def test_a_log_file_left_readable_by_an_older_version_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / diagnostics.LOG_FILE
    path.write_text("old\n")
    path.chmod(0o644)
    with Diagnostics() as diag:
        diag.start(io.StringIO(), debug=True, folder=tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_folder_that_cannot_hold_the_log_leaves_logging_to_stderr(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    stream = io.StringIO()
    with Diagnostics() as diag:
        diag.start(stream, debug=True, folder=blocker)
        logging.getLogger("b24notify.test").debug("still here")
        assert diag.log_path is None and "could not open the debug log" in diag.problem
    assert "still here" in stream.getvalue()


def test_traceback_output_is_the_scrubbed_traceback() -> None:
    error = _raised(ValueError(f"bad answer from /rest/1/{SECRET}/ with auth={TOKEN}"))
    plain = Diagnostics()
    assert not plain.unexpected(error, io.StringIO())  # neither option: the caller says one line
    shown = Diagnostics()
    shown.start(io.StringIO(), show_traceback=True)
    stream = io.StringIO()
    assert shown.unexpected(error, stream)
    text = stream.getvalue()
    assert text == scrub_shapes(format_traceback(error))
    assert text.startswith("Traceback") and "ValueError" in text and "_raised" in text
    assert SECRET not in text and TOKEN not in text


def test_secrets_met_later_are_masked_from_then_on(tmp_path: Path) -> None:
    stream = io.StringIO()
    learn_secrets("unshaped-secret-1")  # no --debug running: nothing to tell, no error
    with Diagnostics() as diag:
        diag.start(stream, debug=True, folder=tmp_path)
        learn_secrets("unshaped-secret-2", None, "")
        logging.getLogger("b24notify.test").debug("saw unshaped-secret-2")
    assert "unshaped-secret-2" not in stream.getvalue() and "saw " in stream.getvalue()
