"""The window's secrets: the webhook secret or token of the connection, kept in the secret store.

The settings file keeps the address without its secret (``Endpoint.address_without_secret``, see
:mod:`gui.settings`); the secret goes to the secret store (:mod:`gui.secret_store`: the system
keyring, or memory) under ``Endpoint.keyring_key``, made of the portal and the user id. Both come
from :mod:`core.address`, which also reads a saved address back (``parse_saved_address``).

A system keyring may take its time — D-Bus, or a locked keyring waiting for the user to unlock
it — so every read and write runs on a worker of its own (a :class:`gui.tasks.TaskRunner` with
one thread): they happen in the order they were asked for, a slow keyring never holds up a send
or a check, and the window keeps painting meanwhile. Answers come back on the GUI thread.

The system keyring (and its imports) also waits for the window's first paint
(:meth:`Credentials.window_painted`); an injected store (tests) is used at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from core.i18n import _
from core.problems import InputError
from core.secret_store import NO_KEYRING_MESSAGE, KeyringSecretStore, SecretStore

if TYPE_CHECKING:
    from core.address import SavedAddress
    from gui.tasks import Outcome, TaskRunner


class Credentials(QObject):
    """Looks the secret of a saved address up, and keeps the secret of a working connection.

    ``store``: where secrets persist (default: the system keyring, or nowhere). ``keep``: False
    for the sandbox, whose secrets are new on every run — nothing is read, written or said.
    :attr:`problemChanged` says in words why secrets are not kept ("" when they are).
    """

    problemChanged = Signal(str)

    def __init__(
        self,
        store: SecretStore | None = None,
        parent: QObject | None = None,
        *,
        keep: bool = True,
    ) -> None:
        super().__init__(parent)
        self._store: SecretStore = store if store is not None else KeyringSecretStore()
        self._keep = keep
        self._runner: TaskRunner | None = None  # made on first use: not needed for first paint
        self._kept: tuple[str, str] | None = None  # what the store is known to hold already
        self._noted = False  # whether the store was asked if it can keep secrets
        # Work for the system keyring waits for the first paint; an injected store is used at once.
        self._waiting: list[Callable[[], None]] | None = None if store is not None else []

    @property
    def store(self) -> SecretStore:
        return self._store

    def window_painted(self) -> None:
        """The window has painted once: the keyring may be imported and asked now."""
        waiting, self._waiting = self._waiting or [], None
        for fn in waiting:
            fn()

    # -- what the window asks -------------------------------------------------------------------
    def restore(self, address: str, on_found: Callable[[str, str], None]) -> None:
        """Look up the secret of a saved ``address`` (a webhook's ``…/rest/<id>/`` or a portal).

        ``on_found(url, token)`` then runs on the GUI thread with the address box's and the token
        field's new text, when the store holds a secret for that address.
        """
        if not self._keep or not address.strip():
            return  # nothing saved (a first start: core.address waits for the first paint)
        from core.address import parse_saved_address

        saved = parse_saved_address(address)
        if saved is None:
            return  # nothing to look up (a full webhook URL carries its secret)
        self._noted = True  # the lookup says whether secrets can be kept
        self._when_ready(lambda: self._look_up(saved, address, on_found))

    def remember(self, url: str, token: str) -> None:
        """Keep the secret of the connection in the address box and token field (after a send or
        a check that worked, and at close); nothing when they do not parse."""
        if not self._keep:
            return
        from core.address import parse_endpoint

        try:
            ep = parse_endpoint(url, token)
        except InputError:
            return
        self._write(ep.keyring_key, ep.secret if ep.kind == "webhook" else ep.token)

    def note_problem(self) -> None:
        """Find out, once, whether secrets can be kept (when a secret first matters)."""
        if self._noted:
            return
        self._noted = True
        if self._keep:
            self._when_ready(self._ask_problem)

    def wait_for_done(self, msecs: int) -> bool:
        """Block until the store's work has ended, at most ``msecs`` (True when it has)."""
        return self._runner is None or self._runner.wait_for_done(msecs)

    # -- the worker -----------------------------------------------------------------------------
    @property
    def _tasks(self) -> TaskRunner:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=1)  # one at a time, in order
        return self._runner

    def _when_ready(self, fn: Callable[[], None]) -> None:
        if self._waiting is None:
            fn()
        else:
            self._waiting.append(fn)

    def _look_up(
        self, saved: SavedAddress, address: str, on_found: Callable[[str, str], None]
    ) -> None:
        store, key = self._store, saved.keyring_key

        def done(outcome: Outcome) -> None:
            secret, problem = outcome.result if outcome.ok else ("", _(NO_KEYRING_MESSAGE))
            try:
                endpoint = saved.with_secret(secret) if secret else None
            except InputError:  # not a secret this address can carry: leave the box as it is
                endpoint = None
            if endpoint is not None:
                self._kept = (key, secret)
                if endpoint.kind == "webhook":
                    on_found(endpoint.base_url, "")
                else:
                    on_found(address, endpoint.token)
            self.problemChanged.emit(problem)

        self._tasks.run(lambda: (store.get(key), store.problem), done)

    def _write(self, key: str, secret: str) -> None:
        """Store ``secret`` under ``key`` (unless the store holds it already); a keyring may
        refuse the write, and :attr:`problemChanged` then says so."""
        if not key or (key, secret) == self._kept:
            return
        self._kept = (key, secret)
        store = self._store

        def write() -> str:
            store.set(key, secret)
            return store.problem

        self._tasks.run(write, self._said)

    def _ask_problem(self) -> None:
        store = self._store
        self._tasks.run(lambda: store.problem, self._said)

    def _said(self, outcome: Outcome) -> None:
        self.problemChanged.emit(outcome.result if outcome.ok else _(NO_KEYRING_MESSAGE))
