"""Profiles and history in the window: the glue between them, the form and the calls.

:func:`attach` puts the profile bar (:mod:`gui.profile_bar`) on the connection form and the history
dock (:mod:`gui.history_view`) beside the result panel, hands each call the profile's extras
(refresh details, CA bundle, its name for the history), and answers the history's requests:
open an entry into the form, re-send it (the form, sent as a new notification, on the user's
click only), delete by its tag through the window's normal call path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from core.i18n import _
from gui.profile_bar import ProfileBar

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from core.history import Entry
    from gui.history_view import HistoryDock, HistoryView


def attachment_rows(attach: Any) -> list[tuple[str, str, str]]:
    """The attachments table's rows (kind, name, URL / text) of an ATTACH value: each block gives
    the row that gives it back exactly (a JSON row when no simple row does)."""
    from core.blocks import block_list
    from gui.block_rows import row_of_block

    return [row_of_block(block) for block in block_list(attach)]


def advanced_values(entry: Entry, params: dict[str, Any]) -> dict[str, Any]:
    """The Advanced section's fields of a history entry: what the request carried, so that a
    re-send sends the same notification again (system or personal, MESSAGE_OUT, SUB_TAG,
    CLIENT_ID unless it is b24notify's own default, the full form's COLOR_TOKEN)."""
    from core.constants import SYSTEM_METHOD
    from core.request import DEFAULT_CLIENT_ID

    attach = params.get("ATTACH")
    client_id = str(params.get("CLIENT_ID", ""))
    return {
        "system": entry.method == SYSTEM_METHOD,
        "text_out": str(params.get("MESSAGE_OUT", "")),
        "sub_tag": str(params.get("SUB_TAG", entry.sub_tag)),
        "client_id": "" if client_id == DEFAULT_CLIENT_ID else client_id,
        "color_token": str(attach.get("COLOR_TOKEN", "")) if isinstance(attach, dict) else "",
    }


class ProfilesAndHistory(QObject):
    """Owns the glue; made by :func:`attach`."""

    def __init__(self, window: Any) -> None:  # gui.main_window.MainWindow (it imports this)
        super().__init__(window)
        self._window = window
        connection = window.compose.connection
        self.bar = ProfileBar(connection, window.credentials.store)
        self.bar.install()
        self.bar.statusMessage.connect(self._status)
        window.calls.extras = self.bar.extras
        self.dock: HistoryDock | None = None  # made after the first paint
        self.toggle: QAction | None = None  # with the window's menu (gui/window_actions.py)
        window.commands.when_built(self._add_toggle)
        window.calls.recorded.connect(self._recorded)

    def _add_toggle(self, commands: Any) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        self.toggle = QAction(self._window)  # not (text, parent): that builds QIcon's enums
        self.toggle.setText(_("Show the &history"))
        self.toggle.setObjectName("historyAction")
        self.toggle.setCheckable(True)
        self.toggle.setShortcuts([QKeySequence("Ctrl+Shift+H")])  # setShortcut builds Qt's enums
        self.toggle.toggled.connect(self._toggled)
        commands.menu.insertAction(commands.quit, self.toggle)
        if self.dock is not None:
            self._tick(self.dock.isVisible())

    def window_painted(self) -> None:
        self.bar.window_painted()
        self._make_dock()

    def _make_dock(self) -> HistoryDock:
        """The history dock, beside the result panel; shown again if it was at the last close."""
        if self.dock is None:
            from PySide6.QtCore import Qt

            from gui.history_view import HistoryDock

            window = self._window
            dock = self.dock = HistoryDock(window)
            dock.built.connect(self._wire_view)
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()  # unless the saved state has it open (restoreDockWidget keeps it hidden)
            state = window.saved_window_state()
            if state is not None:
                window.restoreState(state)
            dock.visibilityChanged.connect(self._shown)
            dock.window_painted()
            self._tick(dock.isVisible())
        return self.dock

    def _tick(self, on: bool) -> None:
        if self.toggle is not None:  # the menu's actions may come after the first paint
            self.toggle.setChecked(on)

    def _shown(self, visible: bool) -> None:
        if not visible and self.dock is not None and not self.dock.isHidden():
            return  # tabbed behind another dock: still open
        self._tick(visible)

    def _toggled(self, on: bool) -> None:
        dock = self._make_dock()
        if on:
            dock.show_history()
        else:
            dock.hide()

    def show_history(self) -> HistoryView:
        """Open the history (tests and the menu): the view, built if needed."""
        view = self._make_dock().show_history()
        self._tick(True)
        return view

    def wait_for_done(self, msecs: int) -> bool:
        view = self.dock.view if self.dock is not None else None
        return self.bar.wait_for_done(msecs) and (view is None or view.wait_for_done(msecs))

    def _status(self, text: str, msecs: int) -> None:
        self._window.statusBar().showMessage(text, msecs)

    def _recorded(self, note: str) -> None:
        if note:
            self._status(note, 15000)
        if self.dock is not None:
            self.dock.refresh()

    def _wire_view(self, view: HistoryView) -> None:
        view.statusMessage.connect(self._status)
        view.openRequested.connect(self.open_entry)
        view.resendRequested.connect(self.resend)
        view.deleteTagRequested.connect(self.delete_by_tag)

    # -- the history's requests -----------------------------------------------------------------
    def open_entry(self, entry: Entry) -> None:
        """Put an entry back into the form (its profile too, when it still exists)."""
        params = entry.params_dict()
        message = self._window.compose.message
        message.set_user(str(params.get("USER_ID", entry.recipient)))
        message.set_text(str(params.get("MESSAGE", entry.text)))
        message.set_tag(str(params.get("TAG", entry.tag)))
        attach = params.get("ATTACH")
        if attach is None and entry.attachments:
            try:
                import json  # a history entry put back (not for the first paint)

                attach = json.loads(entry.attachments)
            except ValueError:
                attach = None
        message.model.set_rows(attachment_rows(attach))
        self._window.compose.advanced.set_values(advanced_values(entry, params))
        if entry.profile and entry.profile != self.bar.current():
            self.bar.choose(entry.profile)
        self._status(_("History entry put back into the form."), 5000)

    def resend(self, entry: Entry) -> None:
        """Put the entry back and send the form: a new notification, on the user's click."""
        if self._window.busy:
            return
        self.open_entry(entry)
        if entry.profile and self.bar.current() == entry.profile:
            self.bar.filled.connect(self._send_once)  # once the profile's secret is in
            return
        self._window.send()

    def _send_once(self, _name: str) -> None:
        self.bar.filled.disconnect(self._send_once)
        self._window.send()

    def delete_by_tag(self, entry: Entry) -> None:
        """Delete the notifications with the entry's tag (im.notify.delete), through the calls."""
        window = self._window
        if window.busy or not entry.tag:
            return
        v = window.revalidate()
        if v.endpoint is None:
            window.compose.focus_first_problem()
            self._status(_("Nothing was deleted: the connection needs correcting."), 8000)
            return
        question = _("Delete every notification with the tag {tag!r}?").format(tag=entry.tag)
        if not self.bar.confirm(question):
            return
        from core.errors import InputError
        from core.request import build_delete

        client_id = str(entry.params_dict().get("CLIENT_ID", ""))
        try:
            prepared = build_delete(v.endpoint, tag=entry.tag, client_id=client_id)
        except InputError as error:
            self._status("; ".join(p.message for p in error.problems), 10000)
            return
        window.calls.send(prepared, _("Deleting by tag…"))


def attach(window: Any) -> ProfilesAndHistory:
    """Add the profile bar and the history dock to ``window``."""
    return ProfilesAndHistory(window)
