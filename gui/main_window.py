"""The composer window: fill in a notification, send it off the UI thread, read the portal's answer.

Left, the form (connection, then the notification); right, the result panel. Every edit is
validated by the core as you type; Send is possible only when the core would accept the request,
and the request that goes out is built by ``core.request.build_notification`` (which checks again).
The HTTP stack is loaded on the worker thread on the first call, never at start-up.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.address import Endpoint, parse_endpoint
from core.errors import InputError, Problem
from core.request import Notification, PreparedRequest, build_notification
from core.validate import check_notification
from core.voice import notes_for_notification
from gui.call_controller import CallController
from gui.compat import protect_singletons
from gui.connection_box import ConnectionBox
from gui.credentials import Credentials
from gui.field_note import error_style, sentence
from gui.message_box import MessageBox
from gui.moved_portal import address_field_text
from gui.qt_names import set_enum_property
from gui.result_panel import ResultPanel
from gui.settings import FormState, Settings, storable_address

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal
    from gui.secret_store import SecretStore

SANDBOX_TEXT = (
    "Hello from b24notify! This is a [b]test notification[/b] sent to the built-in sandbox portal."
)
protect_singletons()  # PySide6 6.12.0 + Python < 3.12 refcount bug; see gui/compat.py

_WEBHOOK_ADDRESS = re.compile(r"^(?P<portal>.+)/rest/(?P<user>\d+)/$")


class Validation:
    """The form as the core sees it: the request to send, or every problem that stops it.

    A plain class, not a dataclass: ``@dataclass`` costs ~0.8 ms per class at import, and this
    module is on the way to the window's first paint.
    """

    __slots__ = ("endpoint", "notification", "prepared", "problems")

    def __init__(
        self,
        endpoint: Endpoint | None = None,
        notification: Notification | None = None,
        prepared: PreparedRequest | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.notification = notification
        self.prepared = prepared
        self.problems: list[Problem] = problems if problems is not None else []

    @property
    def ok(self) -> bool:
        return self.prepared is not None and not self.problems


class _FormScroll(QScrollArea):
    """The form's scroll area: it scrolls up and down, never sideways.

    Its minimum width is the form's, so the splitter (or a small or restored window) squeezes
    the answer pane instead of cutting off the address field and its notes behind a horizontal
    scroll bar.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is not None:
            bar = self.verticalScrollBar().sizeHint().width()
            need = form.minimumSizeHint().width() + bar + 2 * self.frameWidth()
            hint.setWidth(max(hint.width(), need))
        return hint


class MainWindow(QMainWindow):
    """The composer. ``MainWindow()`` works with no arguments; tests inject what they need.

    ``settings``: where the form and window state persist (default: the INI in the config folder).
    ``secret_store``: where secrets persist (default: the system keyring, or nowhere).
    ``sandbox``: a started ``SandboxPortal`` whose webhook and a recipient are filled in.
    ``client_options``: extra ``core.client.Client`` keyword arguments (timeouts, retry pacing).
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("b24notify — sandbox" if sandbox is not None else "b24notify")
        self._settings = settings if settings is not None else Settings()
        # Read and written on a worker only: a slow or locked keyring must not freeze the window.
        self.credentials = Credentials(secret_store, self, keep=sandbox is None)
        self._sandbox = sandbox
        self._validation = Validation()
        self.inbox_view: QWidget | None = None

        self._build_form()
        self.calls = CallController(self.result_panel, self, client_options)
        self._build_actions()
        self._build_layout()
        self._set_tab_order()

        self.connection.changed.connect(self.revalidate)
        self.message.changed.connect(self.revalidate)
        self.message.sendRequested.connect(self.send)
        self.calls.busyChanged.connect(self._on_busy_changed)
        self.calls.statusMessage.connect(self._show_status)
        self.calls.worked.connect(self._remember_secret)
        self.credentials.problemChanged.connect(self.connection.set_keyring_problem)
        self.calls.portalChanged.connect(self.refresh_inbox)
        self.calls.moveAccepted.connect(
            lambda endpoint: self.connection.set_url(address_field_text(endpoint))
        )
        self.calls.retryNoted.connect(self.retryNoted)
        self.calls.sendFinished.connect(self.sendFinished)
        self.calls.checkFinished.connect(self.checkFinished)
        self.connection.check_button.clicked.connect(self.check_connection)
        self.send_button.installEventFilter(self)  # a double-click on Send is one send
        self._painted = False
        self.installEventFilter(self)

        self.restore_settings()
        if sandbox is not None:
            self._use_sandbox(sandbox)
        self.revalidate()

    # -- construction -------------------------------------------------------------------------
    def _build_form(self) -> None:
        self.connection = ConnectionBox()
        self.message = MessageBox()

        self.send_button = QPushButton("&Send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName("Send notification")
        self.send_button.setToolTip("Send the notification (Ctrl+Enter)")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName("Cancel the call in flight")
        self.cancel_button.setToolTip("Stop waiting for the portal (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button = QToolButton()
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setText("Cop&y as…")
        self.copy_button.setAccessibleName("Copy the request as a command")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setAccessibleName("Call in progress")
        self.form_note = QLabel()
        self.form_note.setObjectName("formMessage")
        self.form_note.setWordWrap(True)
        self.form_note.hide()
        self.result_panel = ResultPanel()
        self.result_panel.setObjectName("resultPanel")

    def _action(self, text: str, slot: Any, *shortcuts: QKeySequence | str) -> QAction:
        action = QAction(self)  # not (text, self): resolving that overload builds QIcon's enums
        action.setText(text)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])  # Qt::WindowShortcut
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.send_action = self._action("&Send", self.send, "Ctrl+Return", "Ctrl+Enter")
        self.send_action.setAutoRepeat(False)  # holding Ctrl+Enter down sends once
        self.cancel_action = self._action("&Cancel", self.cancel, "Esc")
        self.check_action = self._action("Check &connection", self.check_connection)
        self.copy_curl_action = self._action(
            "Copy as c&URL (secret masked)", lambda: self.copy_request("curl"), "Ctrl+Shift+C"
        )
        self.copy_cli_action = self._action(
            "Copy as &b24notify command (secret masked)",
            lambda: self.copy_request("cli"),
            "Ctrl+Shift+B",
        )
        self.copy_curl_secret_action = self._action(
            "Copy as cURL &with the secret", lambda: self.copy_request("curl", reveal=True)
        )
        self.copy_cli_secret_action = self._action(
            "Copy as b24notify command with the s&ecret",
            lambda: self.copy_request("cli", reveal=True),
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        copy_actions = (
            self.copy_curl_action,
            self.copy_cli_action,
            self.copy_curl_secret_action,
            self.copy_cli_secret_action,
        )

        menu = self.menuBar().addMenu("&Notification")
        menu.setObjectName("notificationMenu")
        menu.addActions([self.send_action, self.cancel_action, self.check_action])
        menu.addSeparator()
        menu.addActions(list(copy_actions[:2]))
        menu.addSeparator()
        menu.addActions(list(copy_actions[2:]))
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.notification_menu = menu

        copy_menu = QMenu(self.copy_button)
        copy_menu.addActions(list(copy_actions[:2]))
        copy_menu.addSeparator()
        copy_menu.addActions(list(copy_actions[2:]))
        self.copy_button.setMenu(copy_menu)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)

        form = QWidget()
        form.setObjectName("composeForm")
        column = QVBoxLayout(form)
        column.addWidget(self.connection)
        column.addWidget(self.message, 1)  # spare height goes to the attachments table
        scroll = _FormScroll()
        scroll.setObjectName("formScroll")
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (an invisible one): its fields are, and it follows them.
        set_enum_property(scroll, "focusPolicy", "NoFocus")
        # Send and its neighbours stay in view under the scrolling form: in a short window they
        # used to scroll away below the attachments.
        compose = QWidget()
        compose.setObjectName("composePane")
        pane = QVBoxLayout(compose)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.addWidget(scroll, 1)
        footer = QVBoxLayout()
        margins = column.contentsMargins()
        footer.setContentsMargins(margins.left(), 0, margins.right(), margins.bottom())
        footer.addWidget(self.form_note)
        footer.addLayout(buttons)
        pane.addLayout(footer)

        # Right: the answer, and (sandbox mode) the inbox under it.
        self.right_splitter = QSplitter()
        set_enum_property(self.right_splitter, "orientation", "Vertical")
        self.right_splitter.setObjectName("rightSplitter")
        self.right_splitter.addWidget(self.result_panel)
        self.right_splitter.setChildrenCollapsible(False)

        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(compose)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 580])
        self.setCentralWidget(self.splitter)
        self.statusBar().setObjectName("statusBar")
        self.resize(1180, 780)

    def _set_tab_order(self) -> None:
        chain = [
            *self.connection.tab_chain(),
            *self.message.tab_chain(),
            self.copy_button,
            self.cancel_button,
            self.send_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the sandbox --------------------------------------------------------------------------
    def _use_sandbox(self, portal: SandboxPortal) -> None:
        self.connection.set_url(portal.webhook_url)
        self.connection.set_token("")
        users = [u for u in portal.users() if u.get("active", u.get("ACTIVE", True))]
        others = [u for u in users if int(u.get("id", u.get("ID", 0))) != 1] or users
        if others:
            self.message.set_user(str(others[0].get("id", others[0].get("ID"))))
        if not self.message.text().strip():
            self.message.set_text(SANDBOX_TEXT)
        from gui.inbox_view import InboxView  # only in sandbox mode

        self.inbox_view = InboxView(portal)
        if self.message.user().isdigit():  # open on the recipient's inbox, not the first user's
            self.inbox_view.select_user(int(self.message.user()))
        pane = QWidget()
        pane.setObjectName("inboxPane")
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 6, 0, 0)
        title = QLabel("<b>Sandbox inbox</b> — what each sandbox user has received")
        title.setObjectName("inboxTitle")
        layout.addWidget(title)
        layout.addWidget(self.inbox_view, 1)
        self.right_splitter.addWidget(pane)
        self.right_splitter.setSizes([330, 420])
        self.inbox_pane = pane
        toggle = QAction("Show the sandbox &inbox", self)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.toggled.connect(pane.setVisible)
        self.notification_menu.insertAction(self.quit_action, toggle)
        self.notification_menu.insertSeparator(self.quit_action)
        self.statusBar().showMessage(
            f"Sandbox portal running at {portal.url} — its webhook is filled in.", 10000
        )

    def refresh_inbox(self) -> None:
        view = self.inbox_view
        if view is None:
            return
        view.refresh()  # type: ignore[attr-defined]
        user = self.message.user()
        if user.isdigit():
            view.select_user(int(user))  # type: ignore[attr-defined]

    # -- validation ---------------------------------------------------------------------------
    def validate(self) -> Validation:
        """Ask the core what it thinks of the form; nothing is shown or sent."""
        problems: list[Problem] = []
        endpoint: Endpoint | None = None
        try:
            endpoint = parse_endpoint(self.connection.url(), self.connection.token())
        except InputError as exc:
            problems += exc.problems
        blocks = self.message.model.blocks()
        n = Notification(
            user_id=self.message.user(),
            text=self.message.text(),
            tag=self.message.tag(),
            attachments=blocks or None,
        )
        problems += check_notification(n)
        prepared = None
        if endpoint is not None and not problems:
            try:
                prepared = build_notification(endpoint, n)
            except InputError as exc:
                problems += exc.problems
        return Validation(endpoint, n, prepared, problems)

    def revalidate(self) -> Validation:
        """Validate and show each problem next to its field; enable Send only when valid."""
        v = self._validation = self.validate()
        said = notes_for_notification(v.endpoint, v.notification) if v.notification else []
        # Each box shows the problems of its fields; what neither takes goes under the form.
        rest = self.message.show_problems(self.connection.show_problems(v.problems), said)
        form_messages = [sentence(p.message) for p in rest]
        if form_messages:
            self.form_note.setStyleSheet(error_style(self.form_note))  # follows light/dark
        self.form_note.setText("\n".join(form_messages))
        self.form_note.setVisible(bool(form_messages))
        self._update_enabled()
        if v.endpoint is not None and v.endpoint.secrets:
            self.credentials.note_problem()  # once: say when secrets cannot be kept
        return v

    def _update_enabled(self) -> None:
        busy = self.calls.busy
        v = self._validation
        self.send_button.setEnabled(not busy and v.ok)
        self.send_action.setEnabled(not busy and v.ok)
        self.cancel_button.setEnabled(busy)
        self.cancel_action.setEnabled(busy)
        can_check = not busy and v.endpoint is not None
        self.connection.check_button.setEnabled(can_check)
        self.check_action.setEnabled(can_check)
        for action in (
            self.copy_curl_action,
            self.copy_cli_action,
            self.copy_curl_secret_action,
            self.copy_cli_secret_action,
        ):
            action.setEnabled(v.ok)
        self.copy_button.setEnabled(v.ok)

    def _focus_first_problem(self, v: Validation) -> None:
        if not self.connection.focus_problem(v.problems):
            self.message.focus_problem(v.problems)

    # -- sending ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.calls.busy

    def send(self) -> None:
        """Send the notification on a worker thread (nothing happens while the form is invalid)."""
        if self.calls.busy:
            return
        v = self.revalidate()
        if not v.ok or v.prepared is None:
            self._focus_first_problem(v)
            self.statusBar().showMessage(
                "Nothing was sent: correct the fields marked in red.", 8000
            )
            return
        self.calls.send(v.prepared)  # exactly the request validated (and shown by Copy as)

    def check_connection(self) -> None:
        """Run the core's connection check on a worker thread and show its findings."""
        if self.calls.busy:
            return
        v = self.revalidate()
        if v.endpoint is None:
            self._focus_first_problem(v)
            return
        self.calls.check(v.endpoint)

    def cancel(self) -> None:
        """Stop the call in flight; the form keeps its content. The late answer is not shown."""
        self.calls.cancel()

    def _on_busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.calls.busy_text)
        self._update_enabled()
        self.busyChanged.emit(busy)

    def _show_status(self, text: str, msecs: int) -> None:
        if text:
            self.statusBar().showMessage(text, msecs)
        else:
            self.statusBar().clearMessage()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the second click of a double-click on Send, and notice the window's first
        paint, after which deferred work (the keyring) runs."""
        if watched is self.send_button and event.type() == QEvent.Type.MouseButtonDblClick:
            # The second click of a double-click: swallowed, or a fast portal got two
            # notifications (the first send had already finished when it came).
            return True
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # Once this paint has finished: the keyring may be imported and asked now.
            QTimer.singleShot(0, self.credentials.window_painted)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter / Ctrl+Shift+C / Ctrl+Shift+B on an invalid form say why nothing happens.

        Their actions are disabled then, so Qt hands the keys to the focused field, which passes
        them up here; without this the keys did nothing at all (only the text box explained).
        """
        if not self.calls.busy and not self._validation.ok:
            from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

            combination = event.keyCombination()
            modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
            typed = QKeySequence(combination.key() | modifiers)
            for action, handler in (
                (self.send_action, self.send),
                (self.copy_curl_action, lambda: self.copy_request("curl")),
                (self.copy_cli_action, lambda: self.copy_request("cli")),
            ):
                if typed in action.shortcuts():
                    event.accept()
                    handler()
                    return
        super().keyPressEvent(event)

    # -- copy as ------------------------------------------------------------------------------
    def copy_request(self, fmt: str, *, reveal: bool = False) -> str:
        """Put the request on the clipboard as a curl or ``b24notify send`` command."""
        v = self.revalidate()
        if v.prepared is None:
            self.statusBar().showMessage("Nothing to copy: correct the fields marked in red.", 8000)
            return ""
        text = v.prepared.to_curl(reveal) if fmt == "curl" else v.prepared.to_cli(reveal)
        if not text:
            self.statusBar().showMessage("This request has no b24notify command form.", 8000)
            return ""
        QGuiApplication.clipboard().setText(text)
        what = "cURL command" if fmt == "curl" else "b24notify command"
        how = "with the secret — keep it private" if reveal else "secret masked"
        self.statusBar().showMessage(f"Copied the {what} ({how}).", 8000)
        return text

    # -- settings and secrets -----------------------------------------------------------------
    def _remember_secret(self) -> None:
        """Keep the current secret in the store, on its worker (after a send, a check, at close)."""
        self.credentials.remember(self.connection.url(), self.connection.token())

    def save_settings(self) -> None:
        """Persist the form (no secret), the window layout, and the secret in the keyring."""
        previous = self._settings.load_form()
        state = FormState(
            address=storable_address(self.connection.url(), self.connection.token()),
            user=self.message.user(),
            text=self.message.text(),
            tag=self.message.tag(),
            attachments=self.message.model.rows(),
        )
        if self._sandbox is not None:  # keep the real portal and recipient for next time
            state.address, state.user = previous.address, previous.user
            if state.text == SANDBOX_TEXT:
                state.text = previous.text
        self._settings.save_form(state)
        self._settings.set_geometry(self.saveGeometry())
        self._settings.set_window_state(self.saveState())
        self._settings.set_splitter_sizes(self.splitter.sizes())
        self._settings.sync()
        self._remember_secret()

    def restore_settings(self) -> None:
        """Fill the form and layout from the last session; the secret comes from the store."""
        state = self._settings.load_form()
        self.connection.set_url(state.address)
        self.message.set_user(state.user)
        self.message.set_text(state.text)
        self.message.set_tag(state.tag)
        self.message.model.set_rows(state.attachments)
        geometry = self._settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self._settings.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        sizes = self._settings.splitter_sizes()
        if len(sizes) == 2 and all(s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        address = self.connection.url()
        if address and not self.connection.token():  # the secret comes from the store
            self.credentials.restore(
                address, lambda url, token: self._fill_secret(address, url, token)
            )

    def _fill_secret(self, address: str, url: str, token: str) -> None:
        """Fill in what the store found, unless the user has changed the address meanwhile."""
        if self.connection.url() == address and not self.connection.token():
            if url != address:
                self.connection.set_url(url)
            if token:
                self.connection.set_token(token)

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.calls.close()
        self.save_settings()
        super().closeEvent(event)

    def wait_for_background_work(self, msecs: int = 5000) -> bool:
        """At quit: give calls still on the wire, and the secret's last write to the keyring, a
        moment to end (at most ``msecs`` in all; True when everything ended)."""
        clock = QElapsedTimer()
        clock.start()
        calls_done = self.calls.wait_for_done(msecs)
        left = max(0, msecs - clock.elapsed()) if msecs >= 0 else -1
        return self.credentials.wait_for_done(left) and calls_done
