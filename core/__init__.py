"""b24notify's Qt-free core: addresses, blocks, validation, the REST client and the sandbox.

Names are loaded lazily (PEP 562) so that importing ``core`` stays cheap: the HTTP stack is imported
only when a client is actually used.

    >>> import core
    >>> core.create_personal_notification("https://portal/rest/1/secret/", 5, "Build failed")
"""

from __future__ import annotations

from core.version import __version__

# typing.TYPE_CHECKING without importing typing, nor logging: every command line imports this
# (core.logs gives the library's loggers their NullHandler, where they are made).
TYPE_CHECKING = False

_EXPORTS: dict[str, str] = {
    "create_personal_notification": "core.api",
    "create_system_notification": "core.api",
    "delete_notification": "core.api",
    "picture_block": "core.blocks",
    "file_block": "core.blocks",
    "Client": "core.client",
    "OAuthCredentials": "core.oauth",
    "TokenPair": "core.oauth",
    "Notification": "core.notification",
    "parse_endpoint": "core.address",
    "Endpoint": "core.address",
    "Result": "core.result",
    "CheckReport": "core.check",
    "UserInfo": "core.users",
    "B24NotifyError": "core.errors",
    "Category": "core.errors",
    "Problem": "core.errors",
    "InputError": "core.errors",
    "PortalError": "core.errors",
    "PortalInputError": "core.errors",
    "PortalMovedError": "core.errors",
    "RecipientUnavailableError": "core.errors",
    "CredentialsError": "core.errors",
    "PermissionDeniedError": "core.errors",
    "RateLimitError": "core.errors",
    "PortalServerError": "core.errors",
    "OutcomeUnknownError": "core.errors",
    "NotSentError": "core.errors",
    "CancelledError": "core.errors",
    "explain": "core.errors",
}

__all__ = [
    "B24NotifyError",
    "CancelledError",
    "Category",
    "CheckReport",
    "Client",
    "CredentialsError",
    "Endpoint",
    "InputError",
    "NotSentError",
    "Notification",
    "OAuthCredentials",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PortalError",
    "PortalInputError",
    "PortalMovedError",
    "PortalServerError",
    "Problem",
    "RateLimitError",
    "RecipientUnavailableError",
    "Result",
    "TokenPair",
    "UserInfo",
    "__version__",
    "create_personal_notification",
    "create_system_notification",
    "delete_notification",
    "explain",
    "file_block",
    "parse_endpoint",
    "picture_block",
]

# The names stand three times on purpose: _EXPORTS drives the lazy look-up, __all__ and this block
# are for linters, type checkers and IDEs (they cannot see lazy names). tests/core/test_api.py
# checks that the three agree.
if TYPE_CHECKING:
    from core.address import Endpoint, parse_endpoint
    from core.api import (
        create_personal_notification,
        create_system_notification,
        delete_notification,
    )
    from core.blocks import file_block, picture_block
    from core.check import CheckReport
    from core.client import Client
    from core.errors import (
        B24NotifyError,
        CancelledError,
        Category,
        CredentialsError,
        InputError,
        NotSentError,
        OutcomeUnknownError,
        PermissionDeniedError,
        PortalError,
        PortalInputError,
        PortalMovedError,
        PortalServerError,
        Problem,
        RateLimitError,
        RecipientUnavailableError,
        explain,
    )
    from core.notification import Notification
    from core.oauth import OAuthCredentials, TokenPair
    from core.result import Result
    from core.users import UserInfo


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'core' has no attribute {name!r}")
    import importlib  # on the first use of an export: not on the CLI's --help path

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
