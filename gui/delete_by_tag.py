"""Delete by tag or sub-tag from the window: ``im.notify.delete`` through the normal call path.

The button beside the tag field (``deleteByTagButton``) and the Notification menu's "Delete by
tag…" / "Delete by sub-tag…" ask first (``deleteByTagDialog``, the value filled in from the form
and editable), then build the request with :func:`core.request.build_delete` and hand it to the
window's call controller, like a send: one call at a time, cancellable, the portal's answer in the
result panel. Deleting by tag over a webhook goes with the CLIENT_ID the form's notifications are
sent with (the form's, or the core's default), since tags belong to the CLIENT_ID they came with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QToolButton

from core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QInputDialog, QMainWindow

    from gui.call_controller import CallController
    from gui.compose_pane import ComposePane
    from gui.window_actions import WindowActions

KINDS = ("tag", "sub_tag")


class TagDeleter(QObject):
    """The window's delete-by-tag commands; :meth:`ask` opens the question for a kind."""

    def __init__(
        self,
        window: QMainWindow,
        compose: ComposePane,
        calls: CallController,
        commands: WindowActions,
    ) -> None:
        super().__init__(window)
        self._window, self._compose, self._calls = window, compose, calls
        message = compose.message
        self.button = QToolButton()
        self.button.setObjectName("deleteByTagButton")
        self.button.setText(_("Delete by tag…"))
        self.button.setAccessibleName(_("Delete the notifications with this tag"))
        self.button.setToolTip(
            _("Delete every notification sent with this tag (asks first; the answer is shown)")
        )
        self.button.clicked.connect(lambda: self.ask("tag"))
        message.add_beside_tag(self.button)
        self.actions: dict[str, QAction] = {}
        commands.when_built(self._add_to_menu)  # the menu's actions may come after the first paint
        self.dialog: QInputDialog | None = None
        compose.validated.connect(lambda _v: self.update())
        calls.busyChanged.connect(lambda _busy: self.update())
        self.update()

    def _add_to_menu(self, commands: WindowActions) -> None:
        from PySide6.QtGui import QAction

        menu = commands.menu
        for kind, text, name in (
            ("tag", _("&Delete by tag…"), "deleteByTagAction"),
            ("sub_tag", _("Delete by s&ub-tag…"), "deleteBySubTagAction"),
        ):
            action = QAction(self._window)
            action.setObjectName(name)
            action.setText(text)
            action.triggered.connect(lambda _checked=False, k=kind: self.ask(k))
            menu.insertAction(commands.quit, action)
            self.actions[kind] = action
        menu.insertSeparator(commands.quit)
        self.update()

    def _value(self, kind: str) -> str:
        """The form's tag; its sub-tag or CLIENT_ID when the form has those fields."""
        message = self._compose.message
        if kind == "tag":
            return message.tag()
        field = getattr(message, kind, None)  # the Advanced section's fields, when present
        value = field() if callable(field) else ""
        return value.strip() if isinstance(value, str) else ""

    def update(self) -> None:
        """Enabled while no call runs and the connection is usable (the button: with a tag)."""
        ready = not self._calls.busy and self._compose.validation.endpoint is not None
        self.button.setEnabled(ready and bool(self._value("tag")))
        for action in self.actions.values():
            action.setEnabled(ready)

    def ask(self, kind: str) -> None:
        """Ask which tag (or sub-tag) to delete by; on Delete, send the delete (nothing before)."""
        window = self._window
        if self._calls.busy or kind not in KINDS:
            return
        v = self._compose.revalidate()
        if v.endpoint is None:
            self._compose.focus_first_problem()
            window.statusBar().showMessage(
                _("Nothing was deleted: correct the connection first."), 8000
            )
            return
        from PySide6.QtWidgets import QInputDialog  # PySide6 builds its enums when imported

        dialog = self.dialog = QInputDialog(window)
        dialog.setObjectName("deleteByTagDialog")
        dialog.setWindowTitle(_("Delete by tag") if kind == "tag" else _("Delete by sub-tag"))
        dialog.setLabelText(
            _("Delete every notification sent with this tag? This cannot be undone.")
            if kind == "tag"
            else _("Delete every notification sent with this sub-tag? This cannot be undone.")
        )
        dialog.setTextValue(self._value(kind))
        dialog.setOkButtonText(_("Delete"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.textValueSelected.connect(lambda value: self._delete(kind, value))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()  # window-modal, without blocking

    def _forget(self, dialog: QInputDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _delete(self, kind: str, value: str) -> None:
        from core.errors import InputError
        from core.request import build_delete

        window = self._window
        v = self._compose.revalidate()
        if self._calls.busy or v.endpoint is None:
            return
        try:
            client_id = self._value("client_id")  # tags belong to the CLIENT_ID sent with
            prepared = build_delete(v.endpoint, client_id=client_id, **{kind: value.strip()})
        except InputError as error:
            why = "; ".join(p.message for p in error.problems)
            window.statusBar().showMessage(_("Nothing was deleted: {why}").format(why=why), 8000)
            return
        self._calls.send(prepared, _("Deleting…"))
