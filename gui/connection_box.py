"""The "Connection" group: where the notification goes (a webhook URL, or a portal plus a token)."""

from __future__ import annotations

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

from gui.field_note import FieldNote

URL_PLACEHOLDER = "https://your-portal.bitrix24.com/rest/1/secret/  or  your-portal.bitrix24.com"


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Connection", parent)
        self.setObjectName("connectionBox")

        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText(URL_PLACEHOLDER)
        self.url_edit.setAccessibleName("Portal address")
        self.url_edit.setToolTip(
            "A full incoming-webhook URL (it contains its secret), or the portal's address when "
            "you use an access token."
        )
        self.url_edit.setClearButtonEnabled(True)
        self.url_note = FieldNote("urlMessage", self.url_edit)

        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("tokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("only with a portal address, not with a webhook URL")
        self.token_edit.setAccessibleName("Access token")
        self.reveal_button = QToolButton()
        self.reveal_button.setObjectName("revealTokenButton")
        self.reveal_button.setText("Sho&w")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setAccessibleName("Show the token")
        self.reveal_button.setToolTip("Show or hide the token")
        self.reveal_button.toggled.connect(self._reveal)
        token_row = QWidget()
        row = QHBoxLayout(token_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.token_edit, 1)
        row.addWidget(self.reveal_button)
        self.token_note = FieldNote("tokenMessage", self.token_edit)

        self.check_button = QPushButton("C&heck connection")
        self.check_button.setObjectName("checkButton")
        self.check_button.setAccessibleName("Check connection")
        self.check_button.setToolTip(
            "Ask the portal who this address belongs to and whether it may send notifications"
        )
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet("color: palette(placeholder-text);")
        self.keyring_note.hide()
        check_row = QWidget()
        crow = QHBoxLayout(check_row)
        crow.setContentsMargins(0, 0, 0, 0)
        crow.addWidget(self.check_button)
        crow.addStretch(1)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.url_label = QLabel("Portal &address:")
        self.url_label.setBuddy(self.url_edit)
        self.token_label = QLabel("Access &token:")
        self.token_label.setBuddy(self.token_edit)
        form.addRow(self.url_label, field_column(self.url_edit, self.url_note))
        form.addRow(self.token_label, field_column(token_row, self.token_note))
        form.addRow("", field_column(check_row, self.keyring_note))

        self.url_edit.textChanged.connect(self.changed)
        self.token_edit.textChanged.connect(self.changed)
        for edit in (self.url_edit, self.token_edit):
            edit.editingFinished.connect(lambda e=edit: self._tidy(e))

    @staticmethod
    def _tidy(edit: QLineEdit) -> None:
        """Drop the spaces and line breaks a paste brings along, once the user leaves the field
        (not while typing: the cursor would jump). They were ignored, but shown and kept."""
        text = edit.text()
        if text != text.strip():
            edit.setText(text.strip())

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token_edit.setEchoMode(mode)
        self.reveal_button.setAccessibleName("Hide the token" if shown else "Show the token")

    # -- values ---------------------------------------------------------------------------------
    def url(self) -> str:
        return self.url_edit.text().strip()

    def token(self) -> str:
        return self.token_edit.text().strip()

    def set_keyring_problem(self, text: str) -> None:
        """Say in words that secrets will not be kept (no usable keyring)."""
        self.keyring_note.setText(text)
        self.keyring_note.setVisible(bool(text))

    def tab_chain(self) -> list[QWidget]:
        return [self.url_edit, self.token_edit, self.reveal_button, self.check_button]
