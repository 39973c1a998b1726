"""The composer window: fill in a notification, send it off the UI thread, read the portal's answer.

Left, the form (:class:`gui.compose_pane.ComposePane`: connection, then the notification, validated
by the core as you type); right, the result panel (and, with the sandbox, its inbox). Send is
possible only when the core would accept the request, and the request that goes out is exactly the
one validated. Calls run on a worker (:class:`gui.call_controller.CallController`), secrets live in
the keyring (:class:`gui.credentials.Credentials`), and the form and layout in the settings file.
The HTTP stack is loaded on the worker thread on the first call, never at start-up.

What the first paint does not need comes right after it (:meth:`MainWindow.after_first_paint`):
the result panel, on the event loop's first idle turn after the first paint, in the place (and at
the size) a placeholder kept for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from core.i18n import _
from gui.bulk_section import BulkSection
from gui.call_controller import CallController
from gui.compose_pane import ComposePane
from gui.credentials import Credentials
from gui.delete_by_tag import TagDeleter
from gui.draft_saver import DRAFT_FILE, DraftSaver
from gui.first_paint import FirstPaintQueue
from gui.qt_names import set_enum_property
from gui.result_panel_slot import PREVIEW_MINIMUM, ResultPanelSlot
from gui.settings import Settings
from gui.window_actions import WindowActions
from gui.window_memory import WindowMemory
from gui.window_profiles import attach as attach_profiles

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.sandbox import SandboxPortal
    from gui.preview_view import PreviewView
    from gui.result_panel import ResultPanel
    from gui.secret_store import SecretStore
    from gui.validation import Validation


# What the status bar says after Copy as (whole sentences: the words agree with the format's).
class MainWindow(QMainWindow):
    """The composer. ``MainWindow()`` works with no arguments; tests inject what they need.

    ``settings``: where the form and window state persist (default: the INI in the config folder).
    ``secret_store``: where secrets persist (default: the system keyring, or nowhere).
    ``sandbox``: a started ``SandboxPortal`` whose webhook and a recipient are filled in.
    ``client_options``: extra ``core.client.Client`` keyword arguments (timeouts, retry pacing).
    ``validate_after_first_paint``: validate the form just after the first paint (a real start).
    ``lean_start``: build the parts of the form the first paint does not show (the attachments
    table, the folded Advanced fields) just after it (a real start; see ``ComposePane``).
    """

    sendFinished = Signal(object)  # Outcome of a send, after the result panel shows it
    checkFinished = Signal(object)  # Outcome of a connection check
    busyChanged = Signal(bool)
    retryNoted = Signal(str)  # the portal refused and the call waits (the panel says so first)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        secret_store: SecretStore | None = None,
        sandbox: SandboxPortal | None = None,
        client_options: dict[str, Any] | None = None,
        validate_after_first_paint: bool = False,
        lean_start: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("b24notify — sandbox") if sandbox is not None else "b24notify")
        self._settings = settings if settings is not None else Settings()
        # Read and written on a worker only: a slow or locked keyring must not freeze the window.
        self.credentials = Credentials(secret_store, self, keep=sandbox is None)
        self._sandbox = sandbox
        in_sandbox = sandbox is not None
        self.memory = WindowMemory(self, self._settings, self.credentials, sandbox=in_sandbox)
        self.inbox_view: QWidget | None = None
        self.preview_view: PreviewView | None = None  # built after the first paint
        # Filled in below, then validated once.
        self.compose = ComposePane(held=True, lean=lean_start)
        self._first_paint = FirstPaintQueue(self)
        self.after_first_paint(self.compose.build_deferred)
        self.after_first_paint(lambda: self.commands.build())
        # Once the first paint has finished: the keyring may be imported and asked now.
        self.after_first_paint(self.credentials.window_painted)
        self._result_panel: ResultPanel | None = None
        self._panel_slot = ResultPanelSlot()  # holds the panel's place until it is built
        self._preview_slot = ResultPanelSlot("previewSlot", "previewPane", PREVIEW_MINIMUM)
        self.after_first_paint(lambda: self.result_panel)
        self.calls = CallController(lambda: self.result_panel, self, client_options)
        self.commands = self._make_commands(defer=lean_start)  # the menu may come after the paint
        self.tag_deleter = TagDeleter(self, self.compose, self.calls, self.commands)
        self._build_layout()
        self.profiles = attach_profiles(self)  # the profile bar, the history dock
        self.bulk = BulkSection.of(self, self._settings, client_options)  # panels built lazily
        self._connect()
        for work in (self.profiles.window_painted, self._build_preview, self.bulk.window_painted):
            self.after_first_paint(work)

        # The form a moment ago, kept for a crash (gui/draft_saver.py); not for the sandbox.
        self.drafts: DraftSaver | None = None
        if sandbox is None:
            draft_path = self._settings.path.parent / DRAFT_FILE
            self.drafts = DraftSaver(draft_path, self.compose, self._show_status, self)
            self.compose.validated.connect(self.drafts.schedule)
        self.restore_settings()
        if sandbox is not None:
            self._use_sandbox(sandbox)
        # A real start: the first paint shows the form, its notes (and the core's checks) next.
        (self.after_first_paint if validate_after_first_paint else _at_once)(self.revalidate)

    # -- construction -------------------------------------------------------------------------
    def _make_commands(self, *, defer: bool) -> WindowActions:
        commands = WindowActions(
            self,
            send=self.send,
            cancel=self.cancel,
            check=self.check_connection,
            copy=lambda fmt, reveal: self.copy_request(fmt, reveal=reveal),
            defer=defer,
        )
        copy = self.compose.copy_button
        commands.when_built(lambda built: copy.setMenu(built.copy_menu(copy)))
        return commands

    def _connect(self) -> None:
        compose, calls = self.compose, self.calls
        compose.validated.connect(self._on_validated)
        compose.sendRequested.connect(self.send)
        compose.send_button.clicked.connect(self.send)
        compose.cancel_button.clicked.connect(self.cancel)
        compose.connection.check_button.clicked.connect(self.check_connection)
        calls.busyChanged.connect(self._on_busy_changed)
        calls.statusMessage.connect(self._show_status)
        calls.worked.connect(self._remember_secret)
        calls.portalChanged.connect(self.refresh_inbox)
        calls.moveAccepted.connect(lambda endpoint: _show_moved_address(compose, endpoint))
        calls.retryNoted.connect(self.retryNoted)
        calls.sendFinished.connect(self.sendFinished)
        calls.checkFinished.connect(self.checkFinished)
        self.credentials.problemChanged.connect(compose.connection.set_keyring_problem)
        compose.message.recipients_button.clicked.connect(self.bulk.open_editor)
        self.bulk.busyChanged.connect(self._on_busy_changed)
        self.bulk.statusMessage.connect(self._show_status)
        self.bulk.finished.connect(lambda _outcome: self.refresh_inbox())
        self.bulk.recorded.connect(calls.recorded)  # the history view refreshes, or says why not

    def _build_layout(self) -> None:
        # Right: the answer, and (sandbox mode) the inbox under it.
        self.right_splitter = QSplitter()
        set_enum_property(self.right_splitter, "orientation", "Vertical")
        self.right_splitter.setObjectName("rightSplitter")
        self.right_splitter.addWidget(self._panel_slot)
        self.right_splitter.addWidget(self._preview_slot)  # the live preview, under the answer
        self.right_splitter.setChildrenCollapsible(False)

        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.compose)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 580])
        self.setCentralWidget(self.splitter)
        self.statusBar().setObjectName("statusBar")
        screen = self.screen()  # before it is shown: the primary screen
        area = screen.availableGeometry() if screen is not None else None
        self.resize(*fitted_size(area.width(), area.height()) if area else DEFAULT_SIZE)

    # -- the sandbox --------------------------------------------------------------------------
    def _use_sandbox(self, portal: SandboxPortal) -> None:
        from gui.sandbox_pane import attach_sandbox  # only in sandbox mode

        self.inbox_view = attach_sandbox(self, portal)

    def refresh_inbox(self) -> None:
        view = self.inbox_view
        if view is None:
            return
        view.refresh()  # type: ignore[attr-defined]
        user = self.compose.message.user()
        if user.isdigit():
            view.select_user(int(user))  # type: ignore[attr-defined]

    # -- validation ---------------------------------------------------------------------------
    def validate(self) -> Validation:
        """Ask the core what it thinks of the form; nothing is shown or sent."""
        return self.compose.validate()

    def revalidate(self) -> Validation:
        """Validate and show each problem next to its field; enable Send only when valid."""
        return self.compose.revalidate()

    def _on_validated(self, v: Validation) -> None:
        self._update_enabled()
        self.bulk.validated(v)
        if v.endpoint is not None and v.endpoint.secrets:
            self.credentials.note_problem()  # once: say when secrets cannot be kept

    def _update_enabled(self) -> None:
        v = self.compose.validation
        self.commands.update(busy=self.busy, valid=v.ok, can_check=v.endpoint is not None)

    # -- calls --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.calls.busy or self.bulk.busy

    def send(self) -> None:
        """Send the notification on a worker thread (nothing happens while the form is invalid)."""
        if self.busy:
            return
        v = self.revalidate()
        if not v.ok or v.prepared is None:
            self.compose.focus_first_problem()
            self.statusBar().showMessage(
                _("Nothing was sent: correct the fields marked in red."), 8000
            )
            return
        if v.many:  # a list or a range of recipients: planned, then sent in batches
            self.bulk.send(v)
            return
        self.calls.send(v.prepared)  # exactly the request validated (and shown by Copy as)

    def check_connection(self) -> None:
        """Run the core's connection check on a worker thread and show its findings."""
        if self.busy:
            return
        v = self.revalidate()
        if v.endpoint is None:
            self.compose.focus_first_problem()
            return
        self.calls.check(v.endpoint)

    def cancel(self) -> None:
        """Stop the call in flight (a bulk send: after the request in flight); the form stays."""
        self.bulk.cancel()
        self.calls.cancel()

    def _on_busy_changed(self, busy: bool) -> None:
        self.compose.show_busy(self.calls.busy_text or self.bulk.busy_text)
        self._update_enabled()
        self.busyChanged.emit(self.busy)

    def _show_status(self, text: str, msecs: int) -> None:
        if text:
            self.statusBar().showMessage(text, msecs)
        else:
            self.statusBar().clearMessage()

    # -- after the first paint ----------------------------------------------------------------
    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` on the first idle turn after the first paint (at once if it has passed),
        in the order asked: what the first paint does not need (issue 10). What is built this way
        must build on demand when asked for earlier (see :attr:`result_panel`); its modules go
        in ``NOT_BEFORE_FIRST_PAINT`` (tests/gui/test_app.py)."""
        self._first_paint.add(work)

    @property
    def result_panel(self) -> ResultPanel:
        """The answer panel (objectName ``resultPanel``): built after the first paint, or now if
        asked for earlier; it takes its placeholder's place and size in the splitter."""
        if self._result_panel is None:
            from gui.result_panel import ResultPanel

            self._result_panel = self._panel_slot.replace_with(ResultPanel())
        return self._result_panel

    def _build_preview(self) -> None:  # after the first paint: it is not needed to start
        from gui.preview_view import attach_preview

        if self.preview_view is None:
            self.preview_view = attach_preview(
                self._preview_slot, self.compose.message, self.commands.add_toggle
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter / Ctrl+Shift+C / Ctrl+Shift+B on an invalid form say why nothing happens.

        Their actions are disabled then, so Qt hands the keys to the focused field, which passes
        them up here; without this the keys did nothing at all (only the text box explained).
        """
        if not self.busy and not self.compose.validation.ok:
            handler = self.commands.typed(event)
            if handler is not None:
                event.accept()
                handler()
                return
        super().keyPressEvent(event)

    # -- copy as ------------------------------------------------------------------------------
    def copy_request(self, fmt: str, *, reveal: bool = False) -> str:
        """Put the request on the clipboard as a curl or ``b24notify send`` command, or a Python
        snippet (:mod:`gui.copy_request`); the text copied, or "" when nothing was."""
        from gui.copy_request import copy_request

        return copy_request(self, fmt, reveal=reveal)

    # -- settings and secrets (gui/window_memory.py) -----------------------------------------
    def _remember_secret(self) -> None:
        self.memory.remember_secret()

    def save_settings(self) -> None:
        """Persist the form (no secret), the window layout, and the secret in the keyring."""
        self.memory.save()

    def restore_settings(self) -> None:
        """Fill the form and layout from the last session; the secret comes from the store."""
        self.memory.restore(self.drafts)

    def saved_window_state(self) -> Any:
        """The docks and toolbars as the last session left them (None the first time)."""
        return self.memory.saved_window_state()

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.bulk.close()
        self.calls.close()
        self.save_settings()
        if self.drafts is not None:  # the settings hold the form now: no draft to restore
            self.drafts.close()
        super().closeEvent(event)

    def wait_for_background_work(self, msecs: int = 5000) -> bool:
        """At quit: give calls still on the wire, and the secret's last write to the keyring, a
        moment to end (at most ``msecs`` in all; True when everything ended)."""
        from PySide6.QtCore import QElapsedTimer  # at quit only: not on the first paint's way

        clock = QElapsedTimer()
        clock.start()
        calls_done = self.calls.wait_for_done(msecs)
        left = max(0, msecs - clock.elapsed()) if msecs >= 0 else -1
        stored = self.credentials.wait_for_done(left)
        left = max(0, msecs - clock.elapsed()) if msecs >= 0 else -1
        # Name lookups and thumbnails are conveniences: never waited for (their reads may hang).
        idle = all(w.wait_for_done(0) for w in (self.compose.lookup, self.preview_view) if w)
        return stored and calls_done and self.profiles.wait_for_done(left) and idle


DEFAULT_SIZE = (1180, 780)  # the whole form and a roomy answer panel, without a scroll bar
# What a window frame (title bar, borders) takes beyond the size asked for, at most.
FRAME_ALLOWANCE = (40, 60)


def fitted_size(available_width: int, available_height: int) -> tuple[int, int]:
    """The first-run size: :data:`DEFAULT_SIZE`, made smaller to fit a screen whose available
    area (without task bars) is smaller, frame included (a 1366x768 laptop: 1180x680). The form
    scrolls when it must; the size the user gives the window is kept from then on."""
    width, height = DEFAULT_SIZE
    return (
        min(width, available_width - FRAME_ALLOWANCE[0]),
        min(height, available_height - FRAME_ALLOWANCE[1]),
    )


def _at_once(work: Callable[[], object]) -> None:
    work()


def _show_moved_address(compose: ComposePane, endpoint: Endpoint) -> None:
    """The address box after the user agreed to follow a move (gui/moved_portal.py asks)."""
    from gui.moved_portal import address_field_text  # with its QMessageBox: not at start

    compose.connection.set_url(address_field_text(endpoint))
