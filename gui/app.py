"""Start the window: ``b24notify`` (a real portal) or ``b24notify --sandbox`` (a built-in one).

With ``sandbox=True`` a :class:`core.sandbox.SandboxPortal` runs in this process on a free loopback
port; its admin webhook and an active user are filled in, and the sandbox inbox shows what each
user received. The portal stops (threads joined) when the window closes. The sandbox and the HTTP
stack are imported only when needed, so a plain start stays close to a bare Qt window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.logs import logger
from core.version import __version__
from gui.compat import protect_singletons
from gui.pyside_import_hook import spare_source_scan

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from core.sandbox import SandboxPortal
    from gui.main_window import MainWindow

APP_NAME = "b24notify"
ORG_NAME = "b24notify"

log = logger("b24notify.gui")


def application(argv: Sequence[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication (reused when one exists), named and with the app icon when available.

    ``icon=False`` leaves the icon to :func:`set_app_icon` (:func:`run` sets it after the first
    paint: loading the SVG icon engine costs ~1.7 MiB and ~2.5 % of a bare window's start).
    """
    # PySide6 is first imported here, and its import hook told what it would otherwise read every
    # module's source to learn (~20 ms and ~2 MiB before the first paint; gui/pyside_import_hook).
    spare_source_scan()
    from PySide6.QtWidgets import QApplication

    protect_singletons()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    if icon:
        set_app_icon(app)
    return app


def set_app_icon(app: QApplication) -> None:
    """The app icon on every window of ``app`` (those already shown take it too), if available."""
    try:
        from PySide6.QtGui import QIcon  # after the first paint: its type costs ~3 ms to build

        from resources import APP_ICON, path

        icon_file = path(APP_ICON)
        if icon_file.is_file():
            app.setWindowIcon(QIcon(str(icon_file)))
    except (ImportError, OSError):
        pass  # an icon is nice to have, never a reason not to start


def start_sandbox() -> SandboxPortal:
    """A sandbox portal on a free loopback port (imported here: not needed for a plain start)."""
    from core.sandbox import SandboxPortal

    return SandboxPortal(host="127.0.0.1", port=0).start()


def build(sandbox: bool = False) -> tuple[MainWindow, SandboxPortal | None]:
    """The window (and its sandbox portal, started), not yet shown. The caller stops the portal."""
    from gui.main_window import MainWindow

    portal = start_sandbox() if sandbox else None
    try:
        # A real start validates the form just after its first paint (issue 10); the sandbox's
        # form is filled in and ready to send at once.
        real = portal is None
        return MainWindow(sandbox=portal, validate_after_first_paint=real, lean_start=real), portal
    except BaseException:
        if portal is not None:
            portal.stop()
        raise


def run(sandbox: bool = False, argv: Sequence[str] | None = None, *, gc_held: bool = False) -> int:
    """Open the window and run the event loop; returns the exit code.

    ``gc_held``: the caller paused Python's garbage collector for the start-up
    (:func:`gui.start_gc.hold`); it runs again just after the first paint.
    """
    app = application(argv, icon=False)
    import PySide6
    from PySide6.QtCore import qVersion

    log.debug(
        "window: Qt %s, PySide6 %s, platform %s%s",
        qVersion(),
        PySide6.__version__,
        app.platformName(),
        ", with a sandbox portal" if sandbox else "",
    )
    from gui import language

    language.install_language(app)  # before the window is built: the core's words follow it
    scheme = language.saved_choice(language.SCHEME_KEY)
    if scheme in ("light", "dark"):  # a forced scheme before the first paint: no flash
        from gui.looks import apply_colour_scheme

        apply_colour_scheme(app, scheme)
    window, portal = build(sandbox)
    window.after_first_paint(lambda: set_app_icon(app))  # the first paint does without it
    from gui.start_gc import resume_after_first_paint

    resume_after_first_paint(window, gc_held)
    code = 1
    try:
        window.show()
        language.dress_after_first_paint(app, window, scheme)  # icons, the system's scheme
        code = int(app.exec())
    finally:
        window.close()  # saves settings if the loop ended some other way
        if portal is not None:
            portal.stop()  # wakes any request the portal is holding, so workers can end
        finished = window.wait_for_background_work(LINGER_MS)
    log.debug("window closed (exit code %d)%s", code, "" if finished else "; a call still runs")
    if not finished:
        _exit_now(code)
    return code


LINGER_MS = 3000  # at quit, how long a call still on the wire may take to end


def _exit_now(code: int) -> None:
    """End the process although a worker is still blocked in a network read.

    The user closed the window during a send or check that a portal is not answering; the call
    was cancelled and the settings are saved. Without this the process stayed alive, windowless,
    until the read timed out (up to 55 s): the worker pool joins its threads at exit, and a
    thread blocked in a socket read cannot be stopped.
    """
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
