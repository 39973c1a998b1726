"""The "Connection" group: where the notification goes (a webhook URL, or a portal plus a token)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _
from gui.connection_extras import ConnectionExtras
from gui.field_note import HINT_STYLE, FieldNote, errors_by_field, field_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from core.errors import Problem

URL_PLACEHOLDER = N_(
    "https://your-portal.bitrix24.com/rest/1/secret/  or  your-portal.bitrix24.com"
)
URL_REQUIRED = N_(
    "Required: paste an incoming-webhook URL, or a portal address plus an access token."
)


def field_column(*widgets: QWidget) -> QWidget:
    """Stack an input (or a row of them) and its note in one form cell."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for w in widgets:
        layout.addWidget(w)
    return box


class ConnectionBox(QGroupBox):
    """Portal address, optional access token (masked, with a reveal toggle), "Check connection"."""

    changed = Signal()
    FIELDS = ("url", "token")  # the core's names of the fields here, in the form's order

    def __init__(self, parent: QWidget | None = None, *, lean: bool = False) -> None:
        """``lean`` (a real start): the fields' clear buttons come with :meth:`dress`, after the
        first paint (each looks its icon up in the icon theme: ~2 ms, and no field shows one
        before it has text)."""
        super().__init__(_("Connection"), parent)
        self.setObjectName("connectionBox")
        self._dressed = False
        self._address_field()
        token_row = self._token_field()
        self._check_button()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.url_label = QLabel(_("Portal &address:"))
        self.url_label.setBuddy(self.url_edit)
        self.token_label = QLabel(_("Access &token:"))
        self.token_label.setBuddy(self.token_edit)
        form.addRow(self.url_label, field_column(self.url_edit, self.url_note))
        form.addRow(self.token_label, field_column(token_row, self.token_note))
        self.extras = ConnectionExtras()  # refresh details (token mode) and a CA bundle
        self.extras.add_beside_ca_bundle(self.check_button)
        form.addRow(self.extras)
        form.addRow(self.keyring_note)
        self.extras.changed.connect(self.changed)
        self.changed.connect(self._show_extras)

        self.url_edit.textChanged.connect(self.changed)
        self.token_edit.textChanged.connect(self.changed)
        for edit in (self.url_edit, self.token_edit):
            edit.editingFinished.connect(lambda e=edit: self._tidy(e))
        if not lean:
            self.dress()

    def dress(self) -> None:
        """The clear buttons of the address and the extras' fields (once)."""
        if self._dressed:
            return
        self._dressed = True
        for edit in (self.url_edit, *self.extras.edits()):
            edit.setClearButtonEnabled(True)

    def _address_field(self) -> None:
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText(_(URL_PLACEHOLDER))
        self.url_edit.setAccessibleName(_("Portal address"))
        self.url_edit.setToolTip(
            _(
                "A full incoming-webhook URL (it contains its secret), or the portal's address "
                "when you use an access token."
            )
        )
        self.url_note = FieldNote("urlMessage", self.url_edit)

    def _token_field(self) -> QWidget:
        """The token field and its Show toggle, in a row."""
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("tokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(_("only with a portal address, not with a webhook URL"))
        self.token_edit.setAccessibleName(_("Access token"))
        self.reveal_button = QToolButton()
        self.reveal_button.setObjectName("revealTokenButton")
        self.reveal_button.setText(_("Sho&w"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.setAccessibleName(_("Show the token"))
        self.reveal_button.setToolTip(_("Show or hide the token"))
        self.reveal_button.toggled.connect(self._reveal)
        token_row = QWidget()
        row = QHBoxLayout(token_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.token_edit, 1)
        row.addWidget(self.reveal_button)
        self.token_note = FieldNote("tokenMessage", self.token_edit)
        return token_row

    def _check_button(self) -> None:
        """Check connection (beside the CA bundle), and the note about the keyring."""
        self.check_button = QPushButton(_("C&heck connection"))
        self.check_button.setObjectName("checkButton")
        self.check_button.setAccessibleName(_("Check connection"))
        self.check_button.setToolTip(
            _("Ask the portal who this address belongs to and whether it may send notifications")
        )
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.hide()  # coloured when it has words (set_keyring_problem)

    @staticmethod
    def _tidy(edit: QLineEdit) -> None:
        """Drop the spaces and line breaks a paste brings along, once the user leaves the field
        (not while typing: the cursor would jump). They were ignored, but shown and kept."""
        text = edit.text()
        if text != text.strip():
            edit.setText(text.strip())

    def _show_extras(self) -> None:
        url = self.url()
        self.extras.set_token_mode(bool(self.token()) or bool(url and "/rest/" not in url))

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token_edit.setEchoMode(mode)
        self.reveal_button.setAccessibleName(_("Hide the token") if shown else _("Show the token"))

    # -- values ---------------------------------------------------------------------------------
    def url(self) -> str:
        return self.url_edit.text().strip()

    def token(self) -> str:
        return self.token_edit.text().strip()

    def set_url(self, text: str) -> None:
        self.url_edit.setText(text)

    def set_token(self, text: str) -> None:
        self.token_edit.setText(text)

    # -- problems -------------------------------------------------------------------------------
    def show_problems(self, problems: Sequence[Problem]) -> list[Problem]:
        """Show the core's problems with the address and the token under those fields (an empty
        address gets a quiet "Required" hint instead); return the problems of other fields."""
        errors = errors_by_field(problems)
        self.url_note.show_note(errors.get("url"), empty=not self.url(), empty_hint=_(URL_REQUIRED))
        self.token_note.show_note(errors.get("token"))
        return [p for p in problems if field_of(p.field) not in self.FIELDS]

    def focus_problem(self, problems: Sequence[Problem]) -> bool:
        """Put the cursor in the first field here that has a problem; False if none has."""
        fields = {field_of(p.field) for p in problems}
        for name, widget in zip(self.FIELDS, (self.url_edit, self.token_edit), strict=True):
            if name in fields:
                widget.setFocus()
                return True
        return False

    def set_keyring_problem(self, text: str) -> None:
        """Say in words that secrets will not be kept (no usable keyring)."""
        if text and not self.keyring_note.styleSheet():
            # Only now: the window's first style sheet starts Qt's style sheet engine.
            self.keyring_note.setStyleSheet(HINT_STYLE)
        self.keyring_note.setText(text)
        self.keyring_note.setVisible(bool(text))

    def tab_chain(self) -> list[QWidget]:
        chain = [self.url_edit, self.token_edit, self.reveal_button]
        return [*chain, *self.extras.tab_chain(), self.check_button]
