"""The window's commands: the Notification menu, its keyboard shortcuts and Copy as…'s menu.

Each command is a ``QAction`` on the window (``Qt::WindowShortcut``), so its shortcut works from any
field. While the form is invalid, Send and Copy as are disabled; :meth:`WindowActions.typed` then
tells the window which of them a key press meant, so it can say why nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu

from core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget


class WindowActions(QObject):
    """The actions (``send``, ``cancel``, ``check``, the six ``copy_*`` and ``quit``) and the
    window's Notification menu (``menu``, ``notificationMenu``).

    ``copy(fmt, reveal)`` copies the request as ``"curl"``, ``"cli"`` or ``"python"``
    (:mod:`core.copy_as`), the secret masked unless
    ``reveal``.
    """

    def __init__(
        self,
        window: QMainWindow,
        *,
        send: Callable[[], object],
        cancel: Callable[[], object],
        check: Callable[[], object],
        copy: Callable[[str, bool], object],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._slots: dict[QAction, Callable[[], object]] = {}
        add = self._add
        self.send = add("sendAction", _("&Send"), send, "Ctrl+Return", "Ctrl+Enter")
        self.send.setAutoRepeat(False)  # holding Ctrl+Enter down sends once
        self.cancel = add("cancelAction", _("&Cancel"), cancel, "Esc")
        self.check = add("checkAction", _("Check co&nnection"), check)
        self.copy_curl = add(
            "copyCurlAction",
            _("Copy as cU&RL (secret masked)"),
            lambda: copy("curl", False),
            "Ctrl+Shift+C",
        )
        self.copy_cli = add(
            "copyCliAction",
            _("Copy as &b24notify command (secret masked)"),
            lambda: copy("cli", False),
            "Ctrl+Shift+B",
        )
        self.copy_curl_secret = add(
            "copyCurlSecretAction",
            _("Copy as cURL &with the secret"),
            lambda: copy("curl", True),
        )
        self.copy_cli_secret = add(
            "copyCliSecretAction",
            _("Copy as b24notify command with the s&ecret"),
            lambda: copy("cli", True),
        )
        self.copy_python = add(
            "copyPythonAction",
            _("Copy as &Python snippet (secret masked)"),
            lambda: copy("python", False),
        )
        self.copy_python_secret = add(
            "copyPythonSecretAction",
            _("Copy as Python snippet with the secre&t"),
            lambda: copy("python", True),
        )
        self.quit = add("quitAction", _("&Quit"), window.close, QKeySequence.StandardKey.Quit)
        self._masked = [self.copy_curl, self.copy_cli, self.copy_python]
        self._revealed = [self.copy_curl_secret, self.copy_cli_secret, self.copy_python_secret]

        self.menu = window.menuBar().addMenu(_("&Notification"))
        self.menu.setObjectName("notificationMenu")
        self.menu.addActions([self.send, self.cancel, self.check])
        for group in (self._masked, self._revealed, [self.quit]):
            self.menu.addSeparator()
            self.menu.addActions(group)

    def _add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
    ) -> QAction:
        action = QAction(self._window)  # not (text, parent): that overload builds QIcon's enums
        action.setObjectName(name)
        action.setText(text)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])  # Qt::WindowShortcut
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        self._slots[action] = slot
        return action

    def copy_menu(self, parent: QWidget) -> QMenu:
        """The Copy as… button's menu: masked first, then with the secret."""
        menu = QMenu(parent)
        menu.addActions(self._masked)
        menu.addSeparator()
        menu.addActions(self._revealed)
        return menu

    def add_toggle(self, text: str, slot: Callable[[bool], object]) -> QAction:
        """A checked toggle in the menu, above Quit (the sandbox inbox's)."""
        toggle = QAction(text, self._window)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.toggled.connect(slot)
        self.menu.insertAction(self.quit, toggle)
        self.menu.insertSeparator(self.quit)
        return toggle

    def update(self, *, busy: bool, valid: bool, can_check: bool) -> None:
        """Send while a valid form waits, Cancel while a call runs, Copy as for a valid form."""
        self.send.setEnabled(not busy and valid)
        self.cancel.setEnabled(busy)
        self.check.setEnabled(not busy and can_check)
        for action in (*self._masked, *self._revealed):
            action.setEnabled(valid)

    def typed(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What Send's or a Copy as shortcut would do, if ``event`` is one (their actions are
        disabled on an invalid form, so Qt hands the keys to the focused field)."""
        from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

        combination = event.keyCombination()
        modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        typed = QKeySequence(combination.key() | modifiers)
        for action in (self.send, self.copy_curl, self.copy_cli):
            if typed in action.shortcuts():
                return self._slots[action]
        return None
