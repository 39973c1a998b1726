"""A portal that answers "moved to another address": the window asks before sending anything there.

A renamed cloud portal answers 302 with its new address, and the official advice is to POST the
same request there (https://dev.1c-bitrix.ru/rest_help/rest_sum/change_domen.php).
But anybody in between could answer the same, and following it hands the webhook secret or the
token to that address. The core therefore stops (``PortalMovedError``, nothing sent there) and the
window shows the new address, masked, and sends there only when the user agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from core.address import Endpoint
from core.errors import PortalMovedError
from core.i18n import N_, _

FOLLOW_TEXT = {
    "send": N_("Send there and use this address"),
    "check": N_("Check there and use this address"),
}


def moved_error(outcome: Any) -> PortalMovedError | None:
    """The move a send's or a check's outcome reports, if any."""
    if outcome is None:
        return None
    error = outcome.error if not outcome.ok else getattr(outcome.result, "error", None)
    return error if isinstance(error, PortalMovedError) else None


def address_field_text(endpoint: Endpoint) -> str:
    """What the address box holds for ``endpoint``: a webhook with its secret (the box is the
    user's own), or the portal for a token (with ``/rest/`` behind a path prefix)."""
    if endpoint.kind == "webhook":
        return endpoint.base_url
    return endpoint.base_url if endpoint.prefix else endpoint.portal_url


def declined_message(error: PortalMovedError) -> str:
    """What the result panel says when the user does not follow the move."""
    return _(
        "Nothing was sent: the portal answered that it has moved to {address}, and you chose "
        "not to send there. The address was left as it was."
    ).format(address=error.masked_address)


def ask_to_follow(
    parent: QWidget,
    error: PortalMovedError,
    kind: str,
    answer: Callable[[bool], None],
    current: Endpoint | None = None,
) -> QMessageBox:
    """Open the question (window-modal, without blocking); ``answer(True)`` means "go there".

    The dialog is ``portalMovedDialog``; its buttons are ``followMoveButton`` and Cancel (the
    default, and what Esc or closing the dialog means).
    """
    from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

    box = QMessageBox(parent)
    box.setObjectName("portalMovedDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("The portal has moved"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    if current is not None:
        said = _("The portal at {portal} answered that it has moved to:\n\n{address}")
    else:
        said = _("The portal answered that it has moved to:\n\n{address}")
    box.setText(
        said.format(portal=current.portal_url if current else "", address=error.masked_address)
    )
    if error.new_address.kind == "webhook":
        risk = _(
            "Nothing was sent there. A renamed portal answers like this, but so could anyone in "
            "between, and the webhook secret would go there too."
        )
    else:
        risk = _(
            "Nothing was sent there. A renamed portal answers like this, but so could anyone in "
            "between, and the token would go there too."
        )
    if kind == "send":
        question = _("Send the notification there, and use this address from now on?")
    else:
        question = _("Check the connection there, and use this address from now on?")
    box.setInformativeText(f"{risk}\n\n{question}")
    follow = box.addButton(
        _(FOLLOW_TEXT.get(kind, FOLLOW_TEXT["send"])), QMessageBox.ButtonRole.AcceptRole
    )
    follow.setObjectName("followMoveButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancelMoveButton")
    box.setDefaultButton(cancel)  # Enter must not send a secret somewhere new
    box.setEscapeButton(cancel)

    def finished(_result: int) -> None:
        box.finished.disconnect(finished)  # let go of this closure (it holds the box)
        answer(box.clickedButton() is follow)

    box.finished.connect(finished)
    box.open()
    return box
