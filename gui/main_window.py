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
from core.errors import B24NotifyError, InputError, PortalMovedError, Problem
from core.rate_limits import MethodLimits
from core.request import Notification, PreparedRequest, build_notification
from core.secrets import Redactor
from core.validate import check_notification
from core.voice import notes_for_notification
from gui.compat import protect_singletons
from gui.connection_box import ConnectionBox
from gui.field_note import error_style, hints_by_field
from gui.message_box import TEXT_HINT, MessageBox
from gui.moved_portal import moved_error
from gui.qt_names import set_enum_property
from gui.result_panel import ResultPanel
from gui.secret_keeper import SecretKeeper
from gui.secret_store import KeyringSecretStore, SecretStore, token_key, webhook_key
from gui.settings import FormState, Settings

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal
    from gui.call_job import CallJob
    from gui.tasks import Outcome, Task, TaskRunner

SANDBOX_TEXT = (
    "Hello from b24notify! This is a [b]test notification[/b] sent to the built-in sandbox portal."
)
protect_singletons()  # PySide6 6.12.0 + Python < 3.12 refcount bug; see gui/compat.py

_ROW = re.compile(r"^attachments\[(\d+)\]")
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


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] if message else message


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
    retryNoted = Signal(str)  # the portal refused and the call waits: said from the worker thread

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
        self._secrets_injected = secret_store is not None
        # Read and written on a worker only: a slow or locked keyring must not freeze the window.
        self._secrets = SecretKeeper(secret_store or KeyringSecretStore(), self)
        self._sandbox = sandbox
        self._client_options = dict(client_options or {})
        # What the portal said about its time limits outlives each call (one client per call).
        self._client_options.setdefault("limits", MethodLimits())
        self._task_runner: TaskRunner | None = None  # made on the first call
        self._task: Task | None = None  # the call the form waits for
        self._call = 0  # its number (counts every send and check)
        self._job: CallJob | None = None
        self._busy = ""  # "" | "send" | "check"
        self._validation = Validation()
        self.inbox_view: QWidget | None = None

        self._build_form()
        self._build_actions()
        self._build_layout()
        self._set_tab_order()

        self.connection.changed.connect(self.revalidate)
        self.message.changed.connect(self.revalidate)
        self.message.sendRequested.connect(self.send)
        self.retryNoted.connect(self._show_retry)
        self.connection.check_button.clicked.connect(self.check_connection)
        self.text_edit.installEventFilter(self)
        self.send_button.installEventFilter(self)  # a double-click on Send is one send
        self._painted = False
        self._after_paint: list[Any] = []  # work that must not delay the first paint
        self._keyring_checked = False
        self.installEventFilter(self)

        self.restore_settings()
        if sandbox is not None:
            self._use_sandbox(sandbox)
        self.revalidate()

    # -- construction -------------------------------------------------------------------------
    def _build_form(self) -> None:
        self.connection = ConnectionBox()
        self.message = MessageBox()
        self.url_edit = self.connection.url_edit
        self.token_edit = self.connection.token_edit
        self.user_edit = self.message.user_edit
        self.text_edit = self.message.text_edit
        self.tag_edit = self.message.tag_edit
        self.attachments_table = self.message.table
        self.attachments = self.message.model

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

    def _action(
        self, text: str, slot: Any, *shortcuts: QKeySequence | QKeySequence.StandardKey | str
    ) -> QAction:
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
        self.url_edit.setText(portal.webhook_url)
        self.token_edit.clear()
        users = [u for u in portal.users() if u.get("active", u.get("ACTIVE", True))]
        others = [u for u in users if int(u.get("id", u.get("ID", 0))) != 1] or users
        if others:
            self.user_edit.setText(str(others[0].get("id", others[0].get("ID"))))
        if not self.text_edit.toPlainText().strip():
            self.text_edit.setPlainText(SANDBOX_TEXT)
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
        blocks = self.attachments.blocks()
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
        notes: dict[str, list[str]] = {}
        rows: dict[int, str] = {}
        for p in v.problems:
            name = p.field.split(".")[0].split("[")[0]
            text = _sentence(p.message)
            match = _ROW.match(p.field)
            if match:
                row = int(match.group(1))
                rows.setdefault(row, text)
                text = f"Row {row + 1}: {text}"
            if name in ("url", "token", "user", "text", "attachments", "tag"):
                key = name
            else:
                key = "tag" if name in ("sub_tag", "client_id", "text_out") else "form"
            notes.setdefault(key, []).append(text)
        self.attachments.set_problems(rows)

        def show(note: Any, key: str, empty: bool, empty_hint: str, hint: str = "") -> None:
            messages = notes.get(key, [])
            if messages and empty:
                note.show_hint(empty_hint)
            elif messages:
                note.show_error("\n".join(dict.fromkeys(messages)))
            elif hint:
                note.show_hint(hint)
            else:
                note.clear_note()

        c, m = self.connection, self.message
        said = notes_for_notification(v.endpoint, v.notification) if v.notification else []
        hints = hints_by_field(said)  # the core's warnings, as quiet hints under their fields
        show(
            c.url_note,
            "url",
            not c.url(),
            "Required: paste an incoming-webhook URL, or a portal address plus an access token.",
        )
        show(c.token_note, "token", False, "")
        show(m.user_note, "user", not m.user(), "Required: the recipient's user id, e.g. 1.")
        show(m.text_note, "text", not m.text().strip(), f"Required. {TEXT_HINT}", TEXT_HINT)
        show(m.tag_note, "tag", False, "", hints.get("tag", ""))
        show(m.attachments_note, "attachments", False, "", hints.get("attachments", ""))
        form_messages = notes.get("form", [])
        if form_messages:
            self.form_note.setStyleSheet(error_style(self.form_note))  # follows light/dark
        self.form_note.setText("\n".join(form_messages))
        self.form_note.setVisible(bool(form_messages))
        self._update_enabled()
        if v.endpoint is not None and v.endpoint.secrets and not self._keyring_checked:
            self._keyring_checked = True
            if self._painted or self._secrets_injected:
                self._update_keyring_note()
            else:
                self._after_paint.append(self._update_keyring_note)
        return v

    def _update_enabled(self) -> None:
        busy = bool(self._busy)
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
        order = (
            ("url", self.url_edit),
            ("token", self.token_edit),
            ("user", self.user_edit),
            ("text", self.text_edit),
            ("tag", self.tag_edit),
            ("attachments", self.attachments_table),
        )
        fields = {p.field.split(".")[0].split("[")[0] for p in v.problems}
        for name, widget in order:
            if name in fields:
                widget.setFocus()
                return

    # -- sending ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._busy)

    def send(self) -> None:
        """Send the notification on a worker thread (nothing happens while the form is invalid)."""
        if self._busy:
            return
        v = self.revalidate()
        if not v.ok or v.endpoint is None or v.notification is None:
            self._focus_first_problem(v)
            self.statusBar().showMessage(
                "Nothing was sent: correct the fields marked in red.", 8000
            )
            return
        self._send_to(v.endpoint, v.notification)

    def _send_to(self, endpoint: Endpoint, notification: Notification, note: str = "") -> None:
        from gui.call_job import CallJob  # with the first call

        job = CallJob(endpoint, {**self._client_options, "on_retry": self._announce_retry})
        self._start(
            "send",
            job,
            lambda: job.send(notification),
            lambda call, outcome: self._on_send_done(call, outcome, notification),
        )
        self.result_panel.show_pending(note or "Sending…")

    def check_connection(self) -> None:
        """Run the core's connection check on a worker thread and show its findings."""
        if self._busy:
            return
        v = self.revalidate()
        if v.endpoint is None:
            self._focus_first_problem(v)
            return
        self._check_at(v.endpoint)

    def _check_at(self, endpoint: Endpoint, note: str = "") -> None:
        from gui.call_job import CallJob  # with the first call

        job = CallJob(endpoint, {**self._client_options, "on_retry": self._announce_retry})
        self._start("check", job, job.check, self._on_check_done)
        self.result_panel.show_pending(note or "Checking the connection…")

    def _announce_retry(self, code: str, seconds: float, attempt: int) -> None:
        """On the worker: the client waits before another attempt (the CLI prints the same)."""
        from core.voice import Note, retry_note

        self.retryNoted.emit(Note("", retry_note(code, seconds, attempt)).sentence())

    def _show_retry(self, text: str) -> None:
        if self._busy:
            self.result_panel.show_pending(text)

    @property
    def _tasks(self) -> TaskRunner:
        """The worker pool, made on the first call (threads are not needed for the first paint)."""
        if self._task_runner is None:
            from gui.tasks import TaskRunner

            self._task_runner = TaskRunner(self)
        return self._task_runner

    def _start(self, kind: str, job: CallJob, fn: Any, handler: Any) -> None:
        self.statusBar().clearMessage()  # "Sent: notification N" belongs to the previous call
        self._job = job
        # The handler learns which call ended by its number, not by the task: a slot that held
        # the task, connected to the task's own signal, kept every task (and its outcome and
        # result) alive forever, ~8 KiB a send.
        call = self._call = self._call + 1
        self._task = self._tasks.run(fn, lambda outcome: handler(call, outcome))
        self._set_busy(kind)

    def _set_busy(self, kind: str) -> None:
        self._busy = kind
        words = {"send": "Sending… (Esc cancels)", "check": "Checking… (Esc cancels)"}
        self.busy_label.setText(words.get(kind, ""))
        self._update_enabled()
        self.busyChanged.emit(bool(kind))

    def _finish(self, call: int) -> bool:
        """True when ``call`` is the call the form is waiting for (not one cancelled earlier)."""
        if self._task is None or call != self._call:
            return False
        self._task = None
        self._job = None
        self._set_busy("")
        return True

    def _as_error(self, outcome: Outcome) -> B24NotifyError:
        error = outcome.error
        if isinstance(error, B24NotifyError):
            return error
        from gui.tasks import log_unexpected

        secrets = self._validation.endpoint.secrets if self._validation.endpoint else ()
        redactor = Redactor(secrets)
        log_unexpected(outcome, redactor.scrub)  # its traceback, for --debug
        text = redactor.scrub(f"{type(error).__name__}: {error}")
        return B24NotifyError(
            f"Unexpected problem: {text}",
            advice="This is a bug in b24notify; the notification may or may not have been created.",
        )

    def _on_send_done(self, call: int, outcome: Outcome, notification: Notification) -> None:
        if not self._finish(call):
            self._report_late(outcome)
            return
        moved = moved_error(outcome)
        if moved is not None:  # nothing went to the new address: ask first
            self.result_panel.show_error(moved)
            target = moved.new_endpoint
            self._ask_to_follow(
                moved, "send", lambda: self._send_to(target, notification, "Sending there…")
            )
        elif outcome.ok:
            self.result_panel.show_result(outcome.result)
            nid = getattr(outcome.result, "notification_id", None)
            self.statusBar().showMessage(f"Sent: notification {nid}.", 10000)
            self._remember_secret()
        else:
            self.result_panel.show_error(self._as_error(outcome))
        self.refresh_inbox()
        self.sendFinished.emit(outcome)

    def _on_check_done(self, call: int, outcome: Outcome) -> None:
        if not self._finish(call):
            return
        if outcome.ok:
            self.result_panel.show_check(outcome.result)
            if getattr(outcome.result, "ok", False):
                self._remember_secret()
        else:
            self.result_panel.show_error(self._as_error(outcome))
        moved = moved_error(outcome)
        if moved is not None:  # nothing went to the new address: ask first
            target = moved.new_endpoint
            self._ask_to_follow(moved, "check", lambda: self._check_at(target, "Checking there…"))
        self.checkFinished.emit(outcome)

    def _ask_to_follow(self, moved: PortalMovedError, kind: str, go: Any) -> None:
        """Ask whether to send (or check) at the address the portal moved to; nothing before.

        Yes: the address box takes the new address (with its secret: the box is the user's own)
        and ``go()`` makes the same call there. No: the address stays, and the panel says so.
        """
        from gui.moved_portal import address_field_text, ask_to_follow, declined_message

        def answer(follow: bool) -> None:
            if not follow:
                self.result_panel.show_cancelled(False, declined_message(moved))
                self.statusBar().showMessage("Nothing was sent to the new address.", 8000)
            elif not self._busy:  # always so: the question is window-modal
                self.url_edit.setText(address_field_text(moved.new_endpoint))
                go()

        ask_to_follow(self, moved, kind, answer, self._validation.endpoint)

    def _report_late(self, outcome: Outcome) -> None:
        """A call cancelled earlier has ended after all: say what became of it."""
        nid = getattr(outcome.result, "notification_id", None) if outcome.ok else None
        if nid is not None:
            self.statusBar().showMessage(
                f"The cancelled send reached the portal after all: notification {nid} was created.",
                15000,
            )
        self.refresh_inbox()

    def cancel(self) -> None:
        """Stop the call in flight; the form keeps its content. The late answer is not shown."""
        if not self._busy or self._job is None:
            return
        job, kind = self._job, self._busy
        maybe_sent = job.started.is_set() and kind == "send"
        job.cancel()
        self._task = None  # detach: a late outcome only reaches the status bar
        self._job = None
        self._set_busy("")
        if kind == "send":
            self.result_panel.show_cancelled(maybe_sent)
        else:
            self.result_panel.show_cancelled(False, "Connection check cancelled.")
        self.statusBar().showMessage("Cancelled.", 5000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text box sends instead of adding a line; plain Enter still adds one.

        Also swallows the second click of a double-click on Send, and notices the window's first
        paint, after which deferred work (the keyring) runs.
        """
        if watched is self.send_button and event.type() == QEvent.Type.MouseButtonDblClick:
            # The second click of a double-click: swallowed, or a fast portal got two
            # notifications (the first send had already finished when it came).
            return True
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._run_after_paint)  # once this paint has finished
        if watched is self.text_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()
                if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self.send()  # held down: one send, not one per key repeat
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter / Ctrl+Shift+C / Ctrl+Shift+B on an invalid form say why nothing happens.

        Their actions are disabled then, so Qt hands the keys to the focused field, which passes
        them up here; without this the keys did nothing at all (only the text box explained).
        """
        if not self._busy and not self._validation.ok:
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
    def _current_address_and_secret(self) -> tuple[str, str, str]:
        """(address to keep, keyring key, secret) for the current connection.

        The address is what the settings file may hold: parsed by the core and stripped of its
        secret, or "" (see ``gui.settings.storable_address``). Key and secret are "" unless the
        fields parse.
        """
        from gui.settings import storable_address

        url, token = self.connection.url(), self.connection.token()
        address = storable_address(url, token)
        try:
            ep = parse_endpoint(url, token)
        except InputError:
            return address, "", ""
        if ep.kind == "webhook":
            return address, webhook_key(ep.portal_url, ep.user_id), ep.secret
        return address, token_key(ep.portal_url), ep.token

    def _remember_secret(self) -> None:
        """Store the current secret on the secret store's worker (after a send, check, close)."""
        if self._sandbox is not None:
            return  # a sandbox's secrets are new on every run
        _address, key, secret = self._current_address_and_secret()
        if key:
            self._secrets.remember(key, secret, self._show_keyring_problem)

    def save_settings(self) -> None:
        """Persist the form (no secret), the window layout, and the secret in the keyring."""
        previous = self._settings.load_form()
        address, _key, _secret = self._current_address_and_secret()
        state = FormState(
            address=address,
            user=self.message.user(),
            text=self.message.text(),
            tag=self.message.tag(),
            attachments=self.attachments.rows(),
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
        self.url_edit.setText(state.address)
        self.user_edit.setText(state.user)
        self.text_edit.setPlainText(state.text)
        self.tag_edit.setText(state.tag)
        self.attachments.set_rows(state.attachments)
        geometry = self._settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self._settings.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        sizes = self._settings.splitter_sizes()
        if len(sizes) == 2 and all(s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        if self._sandbox is not None:
            return
        if not state.address:
            return  # nothing to look up: the keyring is not even imported
        if self._secrets_injected:
            self._restore_secret()
        else:  # the keyring (and its imports) can wait until the window has painted
            self._after_paint.append(self._restore_secret)

    def _restore_secret(self) -> None:
        """Complete the saved address with its secret (or token) from the secret store.

        The lookup runs on a worker: a system keyring may take its time (D-Bus, or a locked
        keyring waiting for the user to unlock it) and the window must not freeze meanwhile.
        """
        address = self.connection.url()
        if not address or self.token_edit.text():
            return
        match = _WEBHOOK_ADDRESS.match(address)
        if match:
            key = webhook_key(match["portal"], int(match["user"]))
        else:
            try:
                key = token_key(parse_endpoint(address, "token-placeholder").portal_url)
            except InputError:
                return
        self._keyring_checked = True
        webhook = bool(match)
        self._secrets.look_up(
            key, lambda secret, problem: self._apply_secret(address, webhook, secret, problem)
        )

    def _apply_secret(self, address: str, webhook: bool, secret: str, problem: str) -> None:
        """Fill in what the store found, unless the user has changed the address meanwhile."""
        if secret and self.connection.url() == address and not self.token_edit.text():
            if webhook:
                self.url_edit.setText(f"{address}{secret}/")
            else:
                self.token_edit.setText(secret)
        self._show_keyring_problem(problem)

    def _update_keyring_note(self) -> None:
        """Say in words when secrets cannot be kept (asked once a secret matters, on a worker)."""
        self._keyring_checked = True
        if self._sandbox is not None:
            return  # a sandbox's secrets are new on every run: nothing to keep
        self._secrets.ask_problem(self._show_keyring_problem)

    def _show_keyring_problem(self, problem: str) -> None:
        self.connection.set_keyring_problem("" if self._sandbox is not None else problem)

    def _run_after_paint(self) -> None:
        pending, self._after_paint = self._after_paint, []
        for fn in pending:
            fn()

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._job is not None:
            self._job.cancel()
        self._task = None
        self.save_settings()
        super().closeEvent(event)

    def wait_for_background_work(self, msecs: int = 5000) -> bool:
        """At quit: give calls still on the wire, and the secret's last write to the keyring, a
        moment to end (at most ``msecs`` in all; True when everything ended)."""
        clock = QElapsedTimer()
        clock.start()
        calls_done = self._task_runner is None or self._task_runner.wait_for_done(msecs)
        left = max(0, msecs - clock.elapsed()) if msecs >= 0 else -1
        return self._secrets.wait_for_done(left) and calls_done
