"""gui/app.py: the application object, the sandbox start-up, and what a plain start loads."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from core.address import parse_endpoint
from core.diagnostics import LOG_FILE
from gui.app import APP_NAME, application, build
from tests.gui._real_start import child_env, child_report

ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path) -> dict[str, str]:
    return child_env(home)


def test_application_is_named_and_has_the_icon(qapp) -> None:
    app = application()
    assert app is qapp
    assert app.applicationName() == APP_NAME and app.organizationName() == APP_NAME
    assert app.applicationVersion()
    assert not app.windowIcon().isNull()


def test_build_with_the_sandbox_fills_in_its_webhook(qtbot, b24_home) -> None:
    window, portal = build(sandbox=True)
    qtbot.addWidget(window)
    try:
        assert portal is not None
        assert portal.url.startswith("http://127.0.0.1:")
        assert window.compose.connection.url_edit.text() == portal.webhook_url
        assert window.inbox_view is not None
        assert window.compose.send_button.isEnabled()
    finally:
        portal.stop()


def test_build_without_the_sandbox(qtbot, b24_home) -> None:
    window, portal = build(sandbox=False)
    qtbot.addWidget(window)
    assert portal is None and window.inbox_view is None


_RUN_SANDBOX = r"""
import json, sys, urllib.request
from PySide6.QtCore import QTimer
from gui.app import application
from gui.launcher import main
from gui.main_window import MainWindow

app = application()
report = {}

def drive():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    portal = window._sandbox
    report["url"] = portal.url
    report["webhook"] = portal.webhook_url
    report["filled"] = window.compose.connection.url_edit.text() == portal.webhook_url
    report["user"] = int(window.compose.message.user_edit.text())

    def done(outcome):
        report["sent"] = outcome.ok
        report["inbox"] = [n["message"] for n in portal.inbox(report["user"])]
        window.close()

    window.sendFinished.connect(done)
    window.compose.message.text_edit.setPlainText("from the real entry point")
    window.send()

QTimer.singleShot(0, drive)
code = main([*sys.argv[1:], "--sandbox"])
try:
    urllib.request.urlopen(report["url"] + "/rest/", timeout=2)
    report["stopped"] = False
except OSError:
    report["stopped"] = True
report["code"] = code
print(json.dumps(report))
"""


def _run_child(code: str, tmp_path: Path, timeout: float = 120) -> dict:
    """Run ``code`` in a fresh Python (a real start); its last line of output is JSON."""
    return _child(code, tmp_path, timeout)[0]


def _child(code: str, tmp_path: Path, timeout: float, *argv: str) -> tuple[dict, str]:
    """``_run_child`` with ``argv`` as the child's ``sys.argv[1:]``; also gives its stderr."""
    return child_report(code, tmp_path, *argv, timeout=timeout)


def test_b24notify_sandbox_runs_sends_and_stops_the_portal_on_quit(tmp_path: Path) -> None:
    report = _run_child(_RUN_SANDBOX, tmp_path)
    assert not (tmp_path / LOG_FILE).exists()  # no debug log unless asked
    assert report["filled"] and report["sent"]
    assert report["inbox"] == ["from the real entry point"]
    assert report["stopped"], "the sandbox portal must stop when the window closes"
    assert report["code"] == 0
    assert (tmp_path / "b24notify.ini").is_file()


def test_the_window_with_debug_logs_to_a_private_file_without_secrets(tmp_path: Path) -> None:
    report, stderr = _child(_RUN_SANDBOX, tmp_path, 120, "--debug")
    assert report["sent"] and report["code"] == 0
    log_file = tmp_path / LOG_FILE
    written = log_file.read_text(encoding="utf-8")
    assert "DEBUG b24notify.gui [MainThread] window: Qt " in written
    assert "im.notify.personal.add" in written  # the worker's call, from another thread
    assert "window closed (exit code 0)" in written
    if os.name == "posix":
        assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    secret = parse_endpoint(report["webhook"]).secret
    assert secret not in written and secret not in stderr
    assert f"b24notify: debug log: {log_file}" in stderr


_PLAIN_START = r"""
import json, sys
from gui.app import application, build
app = application()
window, portal = build(sandbox=False)
window.show()
app.processEvents()
heavy = ("requests", "urllib3", "core.client", "core.sandbox", "gui.json_model", "gui.inbox_view")
print(json.dumps({name: name in sys.modules for name in heavy}))
"""


def test_a_plain_start_loads_neither_the_http_stack_nor_the_sandbox(tmp_path: Path) -> None:
    loaded = _run_child(_PLAIN_START, tmp_path)
    assert loaded == dict.fromkeys(loaded, False), "imported for the first paint: " + ", ".join(
        name for name, was in loaded.items() if was
    )


# Modules the first paint does not need: none may be loaded before it (issue 10, "keep it fast").
# The HTTP stack and the keyring come with the first call / after the paint; the CLI's parser is
# not built for a bare start; the sandbox only with --sandbox; the answer's tree model with the
# first answer; the app icon is found without importlib.resources; the result panel (and its
# answer view) is built on the first idle turn after the first paint.
NOT_BEFORE_FIRST_PAINT = (
    "gui.result_panel",
    "gui.answer_view",
    "requests",
    "urllib3",
    "ssl",
    "http.client",
    "keyring",
    "core.client",
    "core.sandbox",
    "core.cli",
    "core.cli_args",
    "difflib",
    "gui.json_model",
    "gui.inbox_view",
    "logging.handlers",
    "importlib.resources",
    "core.i18n_tools",
    "gui.looks",
    "ctypes.util",
    "sqlite3",  # the history: read and written on workers, after the first paint
    "core.history",
    "core.profiles",
    "gui.history_view",
    "core.users",
    "core.copy_as",
    "gui.notification_html",
    "gui.preview_view",
    "csv",  # the bulk send's recipients and outcomes
    "core.recipients",
    "core.bulk",
    "core.bulk_history",
    "core.pacing",
    "core.placeholders",
    "gui.bulk_controller",
    "gui.bulk_panel",
    "gui.bulk_preview",
    "gui.bulk_results_model",
    "gui.bulk_rows",
    "gui.recipients_editor",
    "core.request",  # the core's checks: the form is validated just after the first paint
    "core.validate",
    "core.voice",
    "core.notification",
    "core.attach_size",
    "core.formatting",
    "datetime",
    "dataclasses",  # value types are core.record classes on the way to the first paint
    "gui.moved_portal",  # a dialog (QMessageBox) for an answer
    "core.diagnostics",  # a worker's traceback, when a call fails
    "gui.sandbox_pane",  # --sandbox only
    "json",  # an empty form has no JSON to read (attachment rows, drafts, pasted blocks)
    "gui.status_header",  # error colours: the form's problems come with its validation
    "gui.kind_delegate",  # the attachments table's editors: with its first row
    "core.errors",  # the error catalogue: with the first answer
    "core.address",  # with an address to read (none on a first start)
    "core.draft",  # with a draft to restore (none after a normal close)
    "core.blocks",  # with the first attachment row or paste
    "core.secrets",
    "core.record",
)

_FIRST_PAINT = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
import gui.app
from gui import launcher

build, seen = gui.app.build, {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if not seen and event.type() == QEvent.Type.Paint:
            seen["modules"] = sorted(sys.modules)  # as this first paint starts
            seen["qt"] = sorted(  # the Qt classes PySide6 has built for Python so far
                name
                for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
                for name, value in vars(sys.modules[module]).items()
                if isinstance(value, type)
            )
            QTimer.singleShot(0, watched.close)
        return False

def build_and_watch(sandbox=False):
    window, portal = build(sandbox)
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    return window, portal

gui.app.build = build_and_watch
code = launcher.main([])
import json  # not before: json must not be on the first paint's way
print(json.dumps({"code": code, "modules": seen.get("modules"), "qt": seen.get("qt")}))
"""

# Qt classes the first paint does without: PySide6 builds each one's Python side (its enums as
# Python enums) the first time Python meets it, ~0.1-1 ms each (issue 10).
NOT_BUILT_BEFORE_FIRST_PAINT = (
    "QMenu",  # the Notification menu and More blocks' menu come after it
    "QSizePolicy",
    "QByteArray",
    "QMetaMethod",
    "QModelIndex",
    "QStandardItem",
    "QThreadPool",
    "QRunnable",
    "QElapsedTimer",
    "QIcon",  # the icons, the app icon and the clear buttons: after it
    "QPalette",
    "QStyle",
    "QScrollBar",  # the form's scroll area reads its bar's width from the bar's holder
    "QAbstractSlider",
    "QTranslator",  # English needs no translation
    "QLibraryInfo",
)


def test_nothing_the_first_paint_does_not_need_is_imported_before_it(tmp_path: Path) -> None:
    # A real start through the console entry point (no subcommand), watched to its first paint.
    report = _run_child(_FIRST_PAINT, tmp_path)
    assert report["code"] == 0 and report["modules"], report
    early = sorted(set(NOT_BEFORE_FIRST_PAINT) & set(report["modules"]))
    assert not early, "imported before the first paint: " + ", ".join(early)
    built = sorted(set(NOT_BUILT_BEFORE_FIRST_PAINT) & set(report["qt"]))
    assert "QLineEdit" in report["qt"] and "QMainWindow" in report["qt"]  # the list is real
    assert not built, "Qt classes built before the first paint: " + ", ".join(built)


_CLOSE_DURING_A_HUNG_SEND = r"""
import json, sys
from PySide6.QtCore import QTimer
from core.sandbox import SandboxPortal
from gui.app import application
from gui.launcher import main
from gui.main_window import MainWindow

app = application()
silent = SandboxPortal(host="127.0.0.1", port=0).start()  # a portal that stops answering
silent.inject("hang", seconds=600)

def drive():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.compose.connection.url_edit.setText(silent.webhook_url)
    window.compose.message.user_edit.setText("2")
    window.compose.message.text_edit.setPlainText("never answered")
    window.send()

    def close_once_on_the_wire():
        if window.calls.job is None or not window.calls.job.started.is_set():
            QTimer.singleShot(20, close_once_on_the_wire)
            return
        print(json.dumps({"sending": window.busy}), flush=True)
        window.close()

    close_once_on_the_wire()

QTimer.singleShot(0, drive)
sys.exit(main([]))
"""


def test_closing_during_a_send_the_portal_never_answers_ends_the_process(tmp_path: Path) -> None:
    # The portal holds the request for 10 minutes (the client's read timeout is 55 s); the
    # process must end soon after the window closes, not when the read gives up.
    report = _run_child(_CLOSE_DURING_A_HUNG_SEND, tmp_path, timeout=40)
    assert report == {"sending": True}
    assert (tmp_path / "b24notify.ini").is_file()  # the settings were saved on the way out


_ICON_AFTER_FIRST_PAINT = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import gui.app
from gui import launcher

build, seen = gui.app.build, {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "at_paint" not in seen and event.type() == QEvent.Type.Paint:
            seen["at_paint"] = not QApplication.instance().windowIcon().isNull()
            poll = QTimer(watched)  # wait on the condition, ending the run either way
            turns = iter(range(500))

            def check():
                if not QApplication.instance().windowIcon().isNull() or next(turns, None) is None:
                    seen["after"] = not QApplication.instance().windowIcon().isNull()
                    poll.stop()
                    watched.close()

            poll.timeout.connect(check)
            poll.start(10)
        return False

def build_and_watch(sandbox=False):
    window, portal = build(sandbox)
    window.installEventFilter(FirstPaint(window))
    return window, portal

gui.app.build = build_and_watch
code = launcher.main([])
print(json.dumps({"code": code, **seen}))
"""


def test_a_real_start_sets_the_app_icon_after_the_first_paint(tmp_path: Path) -> None:
    # Loading the SVG icon engine is ~1.7 MiB and 2.5 % of a bare window's start (issue 10).
    report = _run_child(_ICON_AFTER_FIRST_PAINT, tmp_path)
    assert report == {"code": 0, "at_paint": False, "after": True}


_VALIDATED_AFTER_FIRST_PAINT = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
import gui.app
from gui import launcher

build, seen = gui.app.build, {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "at_paint" not in seen and event.type() == QEvent.Type.Paint:
            # The empty form's problems (no address, no recipient, no text) once validated.
            seen["at_paint"] = len(watched.compose.validation.problems)
            seen["core_at_paint"] = "core.validate" in sys.modules
            poll = QTimer(watched)  # wait on the condition, ending the run either way
            turns = iter(range(500))

            def check():
                if watched.compose.validation.problems or next(turns, None) is None:
                    seen["after"] = len(watched.compose.validation.problems)
                    seen["url_note"] = watched.compose.connection.url_note.level
                    poll.stop()
                    watched.close()

            poll.timeout.connect(check)
            poll.start(10)
        return False

def build_and_watch(sandbox=False):
    window, portal = build(sandbox)
    window.installEventFilter(FirstPaint(window))
    return window, portal

gui.app.build = build_and_watch
code = launcher.main([])
print(json.dumps({"code": code, **seen}))
"""


def test_a_real_start_validates_the_form_just_after_the_first_paint(tmp_path: Path) -> None:
    # The core's checks (core.request, core.validate, core.voice...) are not imported for the
    # first paint (issue 10); the form's problems are shown right after it.
    report = _run_child(_VALIDATED_AFTER_FIRST_PAINT, tmp_path)
    assert report["code"] == 0
    assert report["at_paint"] == 0 and not report["core_at_paint"]
    assert report["after"] > 0 and report["url_note"] == "hint", report  # "give the address"
