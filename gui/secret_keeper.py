"""The window's secret store, used only off the UI thread.

A system keyring may take its time: D-Bus, or a locked keyring waiting for the user to unlock it.
Every read and write therefore runs on a worker of its own (a :class:`gui.tasks.TaskRunner` with
one thread), so they happen in the order they were asked for, a slow keyring never holds up a send
or a check, and the window keeps painting meanwhile. Answers come back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from gui.secret_store import NO_KEYRING_MESSAGE, SecretStore

if TYPE_CHECKING:
    from gui.tasks import Outcome, TaskRunner


class SecretKeeper:
    """Looks secrets up and stores them on one worker thread; never blocks the caller."""

    def __init__(self, store: SecretStore, parent: QObject) -> None:
        self._store = store
        self._parent = parent
        self._runner: TaskRunner | None = None  # made on first use: not needed for first paint
        self._kept: tuple[str, str] | None = None  # what the store is known to hold already

    @property
    def store(self) -> SecretStore:
        return self._store

    @property
    def _tasks(self) -> TaskRunner:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self._parent, max_threads=1)  # one at a time, in order
        return self._runner

    def look_up(self, key: str, on_done: Callable[[str, str], None]) -> None:
        """Read the secret for ``key``; ``on_done(secret, problem)`` runs on the GUI thread."""
        store = self._store

        def done(outcome: Outcome) -> None:
            secret, problem = outcome.result if outcome.ok else ("", NO_KEYRING_MESSAGE)
            if secret:
                self._kept = (key, secret)
            on_done(secret, problem)

        self._tasks.run(lambda: (store.get(key), store.problem), done)

    def remember(self, key: str, secret: str, on_problem: Callable[[str], None]) -> None:
        """Store ``secret`` under ``key`` (unless the store holds it already).

        ``on_problem(text)`` then says, on the GUI thread, why secrets are not kept ("" if they
        are): a keyring may refuse the write.
        """
        if not key or (key, secret) == self._kept:
            return
        self._kept = (key, secret)
        store = self._store

        def write() -> str:
            store.set(key, secret)
            return store.problem

        self._tasks.run(
            write, lambda outcome: on_problem(outcome.result if outcome.ok else NO_KEYRING_MESSAGE)
        )

    def ask_problem(self, on_problem: Callable[[str], None]) -> None:
        """Find out whether secrets can be kept; ``on_problem(text)`` runs on the GUI thread."""
        store = self._store
        self._tasks.run(
            lambda: store.problem,
            lambda outcome: on_problem(outcome.result if outcome.ok else NO_KEYRING_MESSAGE),
        )

    def wait_for_done(self, msecs: int) -> bool:
        """Block until the store's work has ended, at most ``msecs`` (True when it has)."""
        return self._runner is None or self._runner.wait_for_done(msecs)
