"""What the connection check and the recipient search need of a client: something that calls.

``core.client.Client`` is one; ``Client.check()`` and ``Client.search_users()`` hand themselves to
``core.check`` and ``core.users``, which know only this Protocol and so never import the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.result import Result


class RestCaller(Protocol):
    """Calls any REST method at one address; raises the core's typed errors."""

    @property
    def endpoint(self) -> Endpoint:
        """The address the calls go to."""
        ...

    def call(self, method: str, params: dict[str, Any] | None = None) -> Result:
        """Call ``method`` with ``params``; the Result, or a typed error."""
        ...
