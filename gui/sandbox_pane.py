"""Sandbox mode: the form filled in for the built-in portal, and its inbox under the answer.

The inbox view (and the sandbox) are imported only by :func:`attach_sandbox`, with ``--sandbox``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.i18n import N_, _

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal
    from gui.compose_pane import ComposePane
    from gui.inbox_view import InboxView

SANDBOX_TEXT = N_(
    "Hello from b24notify! This is a [b]test notification[/b] sent to the built-in sandbox portal."
)


def fill_form(compose: ComposePane, portal: SandboxPortal) -> None:
    """The sandbox's admin webhook, an active user other than the admin (the webhook's own user)
    as the recipient, and a greeting when the text is empty."""
    compose.connection.set_url(portal.webhook_url)
    compose.connection.set_token("")
    users = [u for u in portal.users() if u.get("active", u.get("ACTIVE", True))]
    others = [u for u in users if int(u.get("id", u.get("ID", 0))) != 1] or users
    if others:
        compose.message.set_user(str(others[0].get("id", others[0].get("ID"))))
    if not compose.message.text().strip():
        compose.message.set_text(_(SANDBOX_TEXT))


def framed_inbox(view: QWidget) -> QWidget:
    """The inbox view under its title (``inboxPane``), for the right of the window."""
    pane = QWidget()
    pane.setObjectName("inboxPane")
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 6, 0, 0)
    title = QLabel(_("<b>Sandbox inbox</b> — what each sandbox user has received"))
    title.setObjectName("inboxTitle")
    layout.addWidget(title)
    layout.addWidget(view, 1)
    return pane


def attach_sandbox(window: Any, portal: SandboxPortal) -> InboxView:  # window: MainWindow
    """Fill ``window``'s form for ``portal`` and put its inbox (on the recipient's) under the
    answer and the preview, with its show/hide toggle in the menu; returns the inbox view."""
    from gui.inbox_view import InboxView

    fill_form(window.compose, portal)
    view = InboxView(portal)
    user = window.compose.message.user()
    if user.isdigit():  # open on the recipient's inbox, not the first user's
        view.select_user(int(user))
    pane = framed_inbox(view)
    window.right_splitter.addWidget(pane)
    window.right_splitter.setSizes([330, 160, 420])  # answer, preview, inbox
    window.commands.add_toggle(_("Show the sandbox &inbox"), pane.setVisible)
    window.statusBar().showMessage(
        _("Sandbox portal running at {url} — its webhook is filled in.").format(url=portal.url),
        10000,
    )
    return view
