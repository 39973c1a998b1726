"""The secret store moved to :mod:`core.secret_store` (shared with the command line's profiles);
these names stay importable from here for the window's code and tests."""

from core.secret_store import (
    NO_KEYRING_MESSAGE,
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStore,
    token_key,
    webhook_key,
)

__all__ = [
    "NO_KEYRING_MESSAGE",
    "SERVICE",
    "KeyringSecretStore",
    "MemorySecretStore",
    "SecretStore",
    "token_key",
    "webhook_key",
]
