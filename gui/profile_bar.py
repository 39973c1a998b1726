"""The profile picker above the connection: ``profileCombo`` and Save as / Rename / Delete.

Profiles are :mod:`core.profiles` (the same file and keyring entries as ``b24notify profile``):
one made with the command line shows up here the next time the list opens, and the other way
round. Reading the file and the keyring runs on a worker of its own (:class:`gui.tasks.TaskRunner`,
one thread, in order), after the window's first paint; the answers fill the fields on the GUI
thread. Picking a profile fills the address, token, refresh details and CA bundle; editing the
address or token afterwards leaves the profile (the combo goes back to "no profile").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from core.i18n import _

if TYPE_CHECKING:
    from core.profiles import Connection, Profile
    from core.secret_store import SecretStore
    from gui.connection_box import ConnectionBox
    from gui.tasks import Outcome, TaskRunner


class _Combo(QComboBox):
    """A combo box that says when its list is about to open (the list is read again then)."""

    opening = Signal()

    def showPopup(self) -> None:
        self.opening.emit()
        super().showPopup()


class ProfileBar(QWidget):
    """``profileCombo`` with its buttons; see the module docstring.

    ``statusMessage(text, msecs)`` says what happened; :attr:`loaded` fires after each reading of
    the list, :attr:`filled` after a profile's connection was put into the fields.
    """

    statusMessage = Signal(str, int)
    loaded = Signal()
    filled = Signal(str)
    _refreshed = Signal(str, str)  # a refreshed (access, refresh) pair, from a worker

    def __init__(
        self, connection: ConnectionBox, store: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileBar")
        self._connection = connection
        self._store = store
        self._runner: TaskRunner | None = None
        self._ready = False  # the first paint has happened
        self._snapshot: tuple[str, str] | None = None  # (url, token) as the profile filled them
        self._filling = False
        self._oauth_url = ""  # the profile's OAuth server (no field: profiles keep it)
        # Replaced in tests (modal dialogs would wait for a person).
        self.ask_name: Callable[[str, str, str], str | None] = self._ask_name
        self.confirm: Callable[[str], bool] = self._confirm
        self.combo = _Combo()
        self.combo.setObjectName("profileCombo")
        self.combo.setAccessibleName(_("Profile"))
        self.combo.setToolTip(_("A saved connection (also b24notify --profile NAME)"))
        # The names, item by item ("" first: no profile). Kept here, not as item data: the
        # item-data calls take a Qt.ItemDataRole, which would build Qt's enums before first paint.
        self._names = [""]
        self.combo.addItem(_("(no profile)"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.save_button = self._button("saveProfileButton", _("Save as…"), self.save_as)
        self.save_button.setToolTip(_("Save this connection as a profile (secrets: the keyring)"))
        self.rename_button = self._button("renameProfileButton", _("Rename…"), self.rename)
        self.delete_button = self._button("deleteProfileButton", _("Delete"), self.delete)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        for button in (self.save_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        self.combo.activated.connect(self._picked)
        self.combo.opening.connect(self.reload)
        self._refreshed.connect(self._fill_refreshed)
        connection.changed.connect(self._edited)
        self._update_buttons()

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def install(self) -> None:
        """Put the bar on the connection form's first row."""
        label = QLabel(_("Profi&le:"))
        label.setBuddy(self.combo)
        form = self._connection.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(0, label, self)

    # -- state ----------------------------------------------------------------------------------
    def current(self) -> str:
        """The profile in use ("" for none)."""
        index = self.combo.currentIndex()
        return self._names[index] if 0 <= index < len(self._names) else ""

    def extras(self) -> dict[str, Any]:
        """What a call needs beyond the endpoint: the profile, refresh details, CA bundle."""
        name = self.current()
        extras: dict[str, Any] = {**self._connection.extras.values(), "profile": name}
        extras["oauth_url"] = self._oauth_url if name else ""
        store, refreshed = self._store, self._refreshed

        def on_tokens(pair: Any) -> None:  # on the call's worker
            if name:
                from core.profiles import Profiles

                Profiles(secrets=store).store_tokens(name, pair)
            refreshed.emit(pair.access_token, pair.refresh_token)

        extras["on_tokens"] = on_tokens
        return extras

    def _index(self, name: str) -> int:
        return self._names.index(name) if name in self._names else 0

    def _update_buttons(self) -> None:
        chosen = bool(self.current())
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- the worker -----------------------------------------------------------------------------
    @property
    def _tasks(self) -> TaskRunner:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=1)  # in order, one at a time
        return self._runner

    def _profiles(self) -> Any:
        from core.profiles import Profiles  # on the worker

        return Profiles(secrets=self._store)

    def window_painted(self) -> None:
        """The window has painted: read the list now."""
        self._ready = True
        self.reload()

    def wait_for_done(self, msecs: int) -> bool:
        return self._runner is None or self._runner.wait_for_done(msecs)

    def reload(self, select: str | None = None) -> None:
        """Read the profiles file again (a worker); ``select`` that profile once read."""
        if not self._ready:
            return
        self._tasks.run(lambda: self._profiles().entries(), lambda o: self._fill_list(o, select))

    def _fill_list(self, outcome: Outcome, select: str | None) -> None:
        if not outcome.ok:
            self.statusMessage.emit(str(outcome.error), 10000)
            self.loaded.emit()
            return
        profiles: list[Profile] = outcome.result
        keep = self.current() if select is None else select
        self.combo.blockSignals(True)
        self.combo.clear()
        self._names = ["", *(p.name for p in profiles)]
        self.combo.addItem(_("(no profile)"))
        for p in profiles:
            self.combo.addItem(f"{p.name} — {p.masked_address}")
        self.combo.setCurrentIndex(self._index(keep))
        self.combo.blockSignals(False)
        self._update_buttons()
        self.loaded.emit()

    # -- picking --------------------------------------------------------------------------------
    def choose(self, name: str) -> None:
        """Use the profile ``name`` (as picking it in the combo does)."""
        at = self._index(name)
        if at > 0:
            self.combo.setCurrentIndex(at)
            self._picked(at)

    def _picked(self, index: int) -> None:
        self._update_buttons()
        name = self._names[index] if 0 <= index < len(self._names) else ""
        if not name:
            self._snapshot = None
            return
        self._tasks.run(lambda: self._profiles().connection(name), self._fill)

    def _fill(self, outcome: Outcome) -> None:
        if not outcome.ok:
            self.statusMessage.emit(getattr(outcome.error, "message", str(outcome.error)), 10000)
            return
        c: Connection = outcome.result
        if c.name != self.current():
            return  # the user picked another one meanwhile
        ep = c.endpoint
        self._filling = True
        try:
            box = self._connection
            box.set_url(ep.base_url if ep.kind == "webhook" else c.profile.address)
            box.set_token(ep.token)
            box.extras.set_values(
                client_id=c.profile.client_id,
                client_secret=c.secrets.client_secret,
                refresh_token=c.secrets.refresh_token,
                ca_bundle=c.profile.ca_bundle,
            )
            self._snapshot = (box.url(), box.token())
            self._oauth_url = c.profile.oauth_url
        finally:
            self._filling = False
        self.statusMessage.emit(_("Profile {name!r} in use.").format(name=c.name), 5000)
        self.filled.emit(c.name)

    def _edited(self) -> None:
        box = self._connection
        if self._filling or self._snapshot is None:
            return
        if (box.url(), box.token()) != self._snapshot:
            self._snapshot = None
            self.combo.setCurrentIndex(0)  # the fields are no longer the profile's
            self._update_buttons()

    def _fill_refreshed(self, access: str, refresh: str) -> None:
        self._filling = True
        try:
            self._connection.set_token(access)
            self._connection.extras.set_values(refresh_token=refresh)
            if self._snapshot is not None:
                self._snapshot = (self._connection.url(), self._connection.token())
        finally:
            self._filling = False

    # -- save, rename, delete -------------------------------------------------------------------
    def save_as(self) -> None:
        """Save the connection in the fields as a profile (asks for its name)."""
        name = self.ask_name(_("Save as profile"), _("Profile name:"), self.current())
        if not name:
            return
        box = self._connection
        url, token, extras = box.url(), box.token(), box.extras.values()
        extras["oauth_url"] = self._oauth_url if self.current() else ""

        def save() -> bool:
            from core.profiles import make_profile

            profile, secrets = make_profile(name, url, token, **extras)
            return bool(self._profiles().save(profile, secrets))

        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self._said_error(outcome)
                return
            text = _("Profile {name!r} saved.").format(name=name.strip())
            if not outcome.result:
                text += " " + self._store.problem
            self.statusMessage.emit(text, 10000)
            self._snapshot = (box.url(), box.token())
            self.reload(select=name.strip())

        self._tasks.run(save, done)

    def rename(self) -> None:
        old = self.current()
        if not old:
            return
        new = self.ask_name(_("Rename profile"), _("New name:"), old)
        if not new or new.strip() == old:
            return

        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self._said_error(outcome)
                return
            self.statusMessage.emit(_("Profile renamed to {name!r}.").format(name=new), 8000)
            self.reload(select=outcome.result.name)

        self._tasks.run(lambda: self._profiles().rename(old, new), done)

    def delete(self) -> None:
        name = self.current()
        if not name or not self.confirm(_("Delete the profile {name!r}?").format(name=name)):
            return

        def done(outcome: Outcome) -> None:
            if not outcome.ok:
                self._said_error(outcome)
                return
            self._snapshot = None
            self.statusMessage.emit(_("Profile {name!r} deleted.").format(name=name), 8000)
            self.reload(select="")

        self._tasks.run(lambda: self._profiles().remove(name), done)

    def _said_error(self, outcome: Outcome) -> None:
        error = outcome.error
        problems = getattr(error, "problems", None)
        text = "; ".join(p.message for p in problems) if problems else str(error)
        self.statusMessage.emit(_("Profile: {why}").format(why=text), 10000)

    # -- dialogs --------------------------------------------------------------------------------
    def _ask_name(self, title: str, label: str, text: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog  # PySide6 builds a class's enums when imported

        name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return name if ok and name.strip() else None

    def _confirm(self, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, _("Delete profile"), text)
        return answer == QMessageBox.StandardButton.Yes
