"""Where b24notify keeps webhook secrets and tokens between runs: the system keyring only.

Shared by the window and the command line (profiles, :mod:`core.profiles`); Qt-free. Settings and
profile files are plain text, so secrets never go there. When no usable keyring backend exists
(a bare Linux box without Secret Service, a CI container), the secret is kept for this session only
and the window says so in words — there is deliberately no fallback to a file.

Secrets are keyed by portal address without the secret, ``core.address.Endpoint.keyring_key``:
``webhook https://portal/rest/1`` or ``token https://portal``, under the service name
``b24notify``.

Profiles keep theirs under ``profile <name>`` (:mod:`core.profiles`). The window uses a store from
worker threads only (``gui.credentials``); each store guards its own state with a lock, so it is
safe from any thread.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import urlsplit

from core.i18n import N_, _

if TYPE_CHECKING:
    from core.address import Kind, SavedAddress

SERVICE = "b24notify"

# Marked only: translated where shown (``_(NO_KEYRING_MESSAGE)``).
NO_KEYRING_MESSAGE = N_(
    "No system keyring here: secrets and tokens are kept for this run only (until you close "
    "the window or the command ends), never written to a file."
)


class SecretStore(Protocol):
    """What the window needs from a secret store (the keyring, or memory in tests)."""

    @property
    def persistent(self) -> bool:
        """True when secrets survive the session."""

    @property
    def problem(self) -> str:
        """Why secrets are not persistent, in words ("" when they are)."""

    def get(self, key: str) -> str: ...

    def set(self, key: str, secret: str) -> bool: ...

    def delete(self, key: str) -> None: ...


def _saved(kind: Kind, portal_url: str, user_id: int | None = None) -> SavedAddress:
    from core.address import SavedAddress  # not on the window's way to its first paint

    parts = urlsplit(portal_url.rstrip("/"))
    scheme: Literal["https", "http"] = "http" if parts.scheme == "http" else "https"
    return SavedAddress(kind, scheme, parts.netloc, user_id, parts.path)


def webhook_key(portal_url: str, user_id: int | None) -> str:
    """The keyring entry of a webhook: its portal and user id, never its secret.

    The same key as ``Endpoint.keyring_key`` (the window uses that), for a portal URL and a user id.
    """
    return _saved("webhook", portal_url, user_id).keyring_key


def token_key(portal_url: str) -> str:
    """The keyring entry of an access token for a portal (``Endpoint.keyring_key`` too)."""
    return _saved("token", portal_url).keyring_key


class MemorySecretStore:
    """Secrets held for this session only (tests, or when no keyring exists)."""

    def __init__(self, *, persistent: bool = True, problem: str = "") -> None:
        self._lock = threading.Lock()
        self._secrets: dict[str, str] = {}
        self._persistent = persistent
        self._problem = problem

    @property
    def persistent(self) -> bool:
        return self._persistent

    @property
    def problem(self) -> str:
        return self._problem

    def get(self, key: str) -> str:
        with self._lock:
            return self._secrets.get(key, "")

    def set(self, key: str, secret: str) -> bool:
        with self._lock:
            if secret:
                self._secrets[key] = secret
            else:
                self._secrets.pop(key, None)
        return self._persistent

    def delete(self, key: str) -> None:
        with self._lock:
            self._secrets.pop(key, None)

    def __repr__(self) -> str:  # never the secrets
        with self._lock:
            return f"MemorySecretStore({len(self._secrets)} entries)"


class KeyringSecretStore:
    """The system keyring (the ``keyring`` package), imported on first use to keep start-up light.

    When the active backend cannot store anything (keyring's ``fail`` or ``null`` backend, or an
    error talking to it), secrets stay in memory for the session and :attr:`problem` explains why.
    """

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._session = MemorySecretStore(persistent=False)  # has its own lock
        self._lock = threading.Lock()  # guards _checked and _problem
        self._checked = False
        self._problem = ""

    def _backend_problem(self) -> str:
        # Under the lock, so a second thread waits for the first one's verdict instead of
        # taking "no problem" from a check still under way.
        with self._lock:
            if not self._checked:
                try:
                    import keyring
                    from keyring.backends import fail

                    backend = keyring.get_keyring()
                    priority = getattr(backend, "priority", 0)
                    module = type(backend).__module__
                    useless = isinstance(backend, fail.Keyring) or "null" in module
                    if useless or (isinstance(priority, (int, float)) and priority <= 0):
                        self._problem = _(NO_KEYRING_MESSAGE)
                except Exception as exc:  # a broken backend must not break the window
                    self._problem = f"{_(NO_KEYRING_MESSAGE)} ({type(exc).__name__})"
                self._checked = True
            return self._problem

    @property
    def persistent(self) -> bool:
        return not self._backend_problem()

    @property
    def problem(self) -> str:
        return self._backend_problem()

    def get(self, key: str) -> str:
        if self._backend_problem():
            return self._session.get(key)
        try:
            import keyring

            return keyring.get_password(self._service, key) or self._session.get(key)
        except Exception as exc:
            self._fail(exc)
            return self._session.get(key)

    def set(self, key: str, secret: str) -> bool:
        """Store (or, given "", forget) a secret; True when it will survive the session."""
        self._session.set(key, secret)
        if self._backend_problem():
            return False
        try:
            import keyring

            if secret:
                keyring.set_password(self._service, key, secret)
            else:
                self._delete_quietly(key)
            return True
        except Exception as exc:
            self._fail(exc)
            return False

    def delete(self, key: str) -> None:
        self._session.delete(key)
        if not self._backend_problem():
            self._delete_quietly(key)

    def _delete_quietly(self, key: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(self._service, key)

    def _fail(self, exc: Exception) -> None:
        # Only the exception type: a backend's message might quote what it was given.
        problem = _("The system keyring refused to work ({error}).").format(
            error=type(exc).__name__
        )
        problem += " " + _(NO_KEYRING_MESSAGE)
        with self._lock:
            self._problem = problem

    def __repr__(self) -> str:
        return f"KeyringSecretStore(service={self._service!r})"
