"""What the window keeps between sessions: the form (never a secret) and the layout in the
settings file (:mod:`gui.settings`), the secret in the keyring
(:class:`gui.credentials.Credentials`, on its worker).

In sandbox mode the settings keep the real portal and recipient of the last normal session, not
the sandbox's; a draft a session left behind when it did not close (:mod:`gui.draft_saver`) wins
over the settings' form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.i18n import _

if TYPE_CHECKING:
    from gui.credentials import Credentials
    from gui.draft_saver import DraftSaver
    from gui.settings import Settings


class WindowMemory:
    """Saves and restores ``window``'s form, geometry, docks and splitter through ``settings``,
    and its secret through ``credentials``; ``sandbox``: the window runs against the sandbox."""

    def __init__(
        self,
        window: Any,  # gui.main_window.MainWindow (which imports this)
        settings: Settings,
        credentials: Credentials,
        *,
        sandbox: bool,
    ) -> None:
        self._window = window
        self._settings = settings
        self._credentials = credentials
        self._sandbox = sandbox

    def remember_secret(self) -> None:
        """Keep the current secret in the store, on its worker (after a send, a check, at close)."""
        connection = self._window.compose.connection
        self._credentials.remember(connection.url(), connection.token())

    def save(self) -> None:
        """Persist the form (no secret), the window layout, and the secret in the keyring."""
        window, settings = self._window, self._settings
        previous = settings.load_form()
        state = window.compose.form_state()
        if self._sandbox:  # keep the real portal and recipient for next time
            from gui.sandbox_pane import SANDBOX_TEXT  # only in sandbox mode

            state.address, state.user = previous.address, previous.user
            if state.text in (SANDBOX_TEXT, _(SANDBOX_TEXT)):  # the greeting, in any language
                state.text = previous.text
        settings.save_form(state)
        settings.set_geometry(window.saveGeometry())
        settings.set_window_state(window.saveState())
        settings.set_splitter_sizes(window.splitter.sizes())
        settings.sync()
        self.remember_secret()

    def restore(self, drafts: DraftSaver | None) -> None:
        """Fill the form and layout from the last session (or the draft ``drafts`` holds); the
        secret comes from the store."""
        window, settings = self._window, self._settings
        state = settings.load_form()
        if drafts is not None:  # a draft left by a session that did not close wins
            state = drafts.restore(state)
        window.compose.restore_form(state)
        geometry = settings.geometry()
        if geometry is not None:
            window.restoreGeometry(geometry)
        window_state = settings.window_state()
        if window_state is not None:
            window.restoreState(window_state)
        sizes = settings.splitter_sizes()
        if len(sizes) == 2 and all(s > 0 for s in sizes):
            window.splitter.setSizes(sizes)
        connection = window.compose.connection
        address = connection.url()
        if address and not connection.token():  # the secret comes from the store
            self._credentials.restore(
                address, lambda url, token: self._fill_secret(address, url, token)
            )

    def saved_window_state(self) -> Any:
        """The docks and toolbars as the last session left them (None the first time)."""
        return self._settings.window_state()

    def _fill_secret(self, address: str, url: str, token: str) -> None:
        """Fill in what the store found, unless the user has changed the address meanwhile."""
        connection = self._window.compose.connection
        if connection.url() == address and not connection.token():
            if url != address:
                connection.set_url(url)
            if token:
                connection.set_token(token)
