"""The window's commands: the Notification menu, its keyboard shortcuts and Copy as…'s menu.

Each command is a ``QAction`` on the window (``Qt::WindowShortcut``), so its shortcut works from any
field. While the form is invalid, Send and Copy as are disabled; :meth:`WindowActions.typed` then
tells the window which of them a key press meant, so it can say why nothing happens.

On a real start (``defer``) the menu's title is on the menu bar for the first paint (an action
of the bar) and the menu with its actions comes just after it (:meth:`WindowActions.build`):
``QMenu`` (~0.8 MiB the first time) and ``QKeySequence`` (with its ~70 standard keys as a Python
enum) are among the dearest Qt classes to set up, and nothing can be chosen or typed before the
first paint anyway. Anything that asks for an action
earlier builds them there and then; :meth:`WindowActions.when_built` runs what must wait for them
(a menu entry of another part, the Copy as button's menu).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from core.i18n import _
from gui.first_paint import WhenBuilt, build_for

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
    from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

# Made by build(): asking for one before builds them all.
_ACTIONS = frozenset(
    {
        "send",
        "cancel",
        "check",
        "copy_curl",
        "copy_cli",
        "copy_curl_secret",
        "copy_cli_secret",
        "copy_python",
        "copy_python_secret",
        "quit",
        "_masked",
        "_revealed",
        "menu",
    }
)


class WindowActions(QObject):
    """The actions (``send``, ``cancel``, ``check``, the six ``copy_*`` and ``quit``) and the
    window's Notification menu (``menu``, ``notificationMenu``).

    ``copy(fmt, reveal)`` copies the request as ``"curl"``, ``"cli"`` or ``"python"``
    (:mod:`core.copy_as`), the secret masked unless
    ``reveal``.
    """

    send: QAction
    cancel: QAction
    check: QAction
    copy_curl: QAction
    copy_cli: QAction
    copy_curl_secret: QAction
    copy_cli_secret: QAction
    copy_python: QAction
    copy_python_secret: QAction
    quit: QAction
    menu: QMenu

    def __init__(
        self,
        window: QMainWindow,
        *,
        send: Callable[[], object],
        cancel: Callable[[], object],
        check: Callable[[], object],
        copy: Callable[[str, bool], object],
        defer: bool = False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._slots: dict[QAction, Callable[[], object]] = {}
        self._commands = (send, cancel, check, copy)
        self._built = False
        self._waiting = WhenBuilt()
        self._state: dict[str, bool] | None = None  # update() before build()
        # The menu's title on the bar; the menu itself comes with build() and takes this action.
        self.title = window.menuBar().addAction(_("&Notification"))
        if not defer:
            self.build()

    def __getattr__(self, name: str) -> Any:
        """An action asked for before :meth:`build`: build them (see the module's docstring)."""
        return build_for(self, name, _ACTIONS, self.build)

    def when_built(self, then: Callable[[WindowActions], object]) -> None:
        """Run ``then(self)`` once the actions exist (now, if they do)."""
        self._waiting.add(then)

    def build(self) -> None:
        """The actions, their shortcuts and the menu's entries (once)."""
        if self._built:
            return
        self._built = True
        from PySide6.QtGui import QKeySequence  # see the module's docstring

        send, cancel, check, copy = self._commands
        window = self._window
        self.menu = self._make_menu()
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

        self.menu.addActions([self.send, self.cancel, self.check])
        for group in (self._masked, self._revealed, [self.quit]):
            self.menu.addSeparator()
            self.menu.addActions(group)
        if self._state is not None:
            self.update(**self._state)
        self._waiting.built(self)

    def _make_menu(self) -> QMenu:
        """The Notification menu, on the title the bar showed for the first paint."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.title.text(), self._window.menuBar())
        menu.setObjectName("notificationMenu")
        self.title.setMenu(menu)  # the title's action becomes the menu's (menuAction())
        return menu

    def _add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

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
        from PySide6.QtWidgets import QMenu

        menu = QMenu(parent)
        menu.addActions(self._masked)
        menu.addSeparator()
        menu.addActions(self._revealed)
        return menu

    def add_toggle(self, text: str, slot: Callable[[bool], object]) -> QAction:
        """A checked toggle in the menu, above Quit (the sandbox inbox's)."""
        from PySide6.QtGui import QAction

        toggle = QAction(text, self._window)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.toggled.connect(slot)
        self.menu.insertAction(self.quit, toggle)
        self.menu.insertSeparator(self.quit)
        return toggle

    def update(self, *, busy: bool, valid: bool, can_check: bool) -> None:
        """Send while a valid form waits, Cancel while a call runs, Copy as for a valid form."""
        if not self._built:
            self._state = {"busy": busy, "valid": valid, "can_check": can_check}
            return
        self.send.setEnabled(not busy and valid)
        self.cancel.setEnabled(busy)
        self.check.setEnabled(not busy and can_check)
        for action in (*self._masked, *self._revealed):
            action.setEnabled(valid)

    def typed(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What Send's or a Copy as shortcut would do, if ``event`` is one (their actions are
        disabled on an invalid form, so Qt hands the keys to the focused field)."""
        if not self._built:
            return None  # no shortcut exists yet
        from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py
        from PySide6.QtGui import QKeySequence

        combination = event.keyCombination()
        modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        typed = QKeySequence(combination.key() | modifiers)
        for action in (self.send, self.copy_curl, self.copy_cli):
            if typed in action.shortcuts():
                return self._slots[action]
        return None
