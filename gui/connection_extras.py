"""The connection's extras: OAuth refresh details (for a token) and a CA bundle file.

With an app's access token, an expired token can be refreshed automatically when the client id,
client secret and refresh token are filled in (:class:`core.oauth.OAuthCredentials`); the refreshed
pair goes back into these fields and, for a profile, into its keyring entry. The CA bundle is a PEM
file of the certificate authorities of an on-premise portal: TLS is then verified with that file
(never turned off). The secrets here are never written to the settings file.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from core.i18n import _

FIELDS = ("client_id", "client_secret", "refresh_token", "ca_bundle")


class ConnectionExtras(QWidget):
    """Client id, client secret, refresh token (token connections only), CA bundle."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionExtras")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.client_id_edit = self._edit("clientIdEdit", _("Client id"), secret=False)
        self.client_id_edit.setPlaceholderText(_("the app's client id, e.g. local.65a1…"))
        self.client_secret_edit = self._edit("clientSecretEdit", _("Client secret"), secret=True)
        self.refresh_token_edit = self._edit("refreshTokenEdit", _("Refresh token"), secret=True)
        for edit in (self.client_secret_edit, self.refresh_token_edit):
            edit.setPlaceholderText(_("kept in the keyring with a profile, never in a file"))
        self.ca_bundle_edit = self._edit("caBundleEdit", _("CA bundle"), secret=False)
        self.ca_bundle_edit.setPlaceholderText(_("optional: PEM file of your portal's own CA"))
        self.ca_bundle_edit.setToolTip(
            _(
                "For an on-premise portal whose certificate comes from its own certificate "
                "authority: the portal is verified with this file (never without verifying)."
            )
        )
        self._oauth_rows: list[tuple[QLabel, QLineEdit]] = []
        for text, edit in (
            (_("Client &id:"), self.client_id_edit),
            (_("Client s&ecret:"), self.client_secret_edit),
            (_("Refresh to&ken:"), self.refresh_token_edit),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self._oauth_rows.append((label, edit))
        ca_label = QLabel(_("CA &bundle:"))
        ca_label.setBuddy(self.ca_bundle_edit)
        ca_row = QWidget()
        self._ca_row = QHBoxLayout(ca_row)
        self._ca_row.setContentsMargins(0, 0, 0, 0)
        self._ca_row.addWidget(self.ca_bundle_edit, 1)
        form.addRow(ca_label, ca_row)
        self.set_token_mode(False)

    def _edit(self, name: str, accessible: str, *, secret: bool) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)  # its clear button: ConnectionBox.dress()
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textChanged.connect(self.changed)
        return edit

    def edits(self) -> list[QLineEdit]:
        """The four fields (client id, client secret, refresh token, CA bundle)."""
        return [
            self.client_id_edit,
            self.client_secret_edit,
            self.refresh_token_edit,
            self.ca_bundle_edit,
        ]

    def add_beside_ca_bundle(self, widget: QWidget) -> None:
        """Put ``widget`` (the connection's Check button) to the right of the CA bundle field:
        the connection's last row, and one row less for the form to fit the window."""
        self._ca_row.addWidget(widget)

    def set_token_mode(self, token: bool) -> None:
        """Show the refresh details only for a portal + token connection."""
        for label, edit in self._oauth_rows:
            label.setVisible(token)
            edit.setVisible(token)

    @property
    def token_mode(self) -> bool:
        return not self.client_id_edit.isHidden()

    def values(self) -> dict[str, str]:
        """The fields' text, trimmed (the refresh details empty unless in token mode)."""
        edits = (
            self.client_id_edit,
            self.client_secret_edit,
            self.refresh_token_edit,
            self.ca_bundle_edit,
        )
        values = dict(zip(FIELDS, (e.text().strip() for e in edits), strict=True))
        if not self.token_mode:
            values.update(client_id="", client_secret="", refresh_token="")
        return values

    def set_values(self, **values: str) -> None:
        """Fill the fields named (``client_id=…``); the others keep their text."""
        edits = dict(
            zip(
                FIELDS,
                (
                    self.client_id_edit,
                    self.client_secret_edit,
                    self.refresh_token_edit,
                    self.ca_bundle_edit,
                ),
                strict=True,
            )
        )
        for name, text in values.items():
            edits[name].setText(text)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.client_id_edit,
            self.client_secret_edit,
            self.refresh_token_edit,
            self.ca_bundle_edit,
        ]
