"""One call to the portal as the window makes it: on a worker, cancellable from the GUI thread.

The HTTP stack (``core.client`` and ``requests``) is imported here on the worker, on first use, so
it never slows the window's start nor stalls the event loop on the first send.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from core.errors import CancelledError

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.check import CheckReport
    from core.client import Client
    from core.request import PreparedRequest
    from core.result import Result


class CallJob:
    """Opens a ``Client`` on the worker and lets the GUI thread cancel it at any moment.

    ``cancel()`` before the client exists means nothing is sent at all; during a retry wait the
    client stops at once (nothing more is sent); during the HTTP exchange itself the request may
    still reach the portal — the window detaches and says so.
    """

    def __init__(self, endpoint: Endpoint, client_options: dict[str, Any] | None = None) -> None:
        self.endpoint = endpoint
        self._options = dict(client_options or {})
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._cancelled = False
        self.started = (
            threading.Event()
        )  # set once the client exists (a request may be on the wire)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def moved_to(self) -> Endpoint | None:
        """Where the portal said it moved, credentials included, when the call met such a move
        (the ``PortalMovedError`` itself holds no secret); ``None`` otherwise."""
        with self._lock:
            client = self._client
        return client.moved_to if client is not None else None

    def _open(self) -> Client:
        from core.client import Client  # lazily: the HTTP stack is not needed for the first paint
        from core.diagnostics import learn_secrets

        learn_secrets(*self.endpoint.secrets)  # masked in the --debug log, whatever logs them
        client = Client(self.endpoint, **self._options)
        with self._lock:
            if self._cancelled:
                client.close()
                raise CancelledError(
                    "Cancelled before anything was sent",
                    explanation="The request was cancelled before it left this computer.",
                    advice="Nothing was created. Send again when you are ready.",
                )
            self._client = client
            self.started.set()
        return client

    def send(self, prepared: PreparedRequest) -> Result:
        """Send exactly ``prepared`` (the request the window validated and shows in Copy as)
        through ``Client.send``; raises the core's typed errors."""
        with self._open() as client:
            return client.send(prepared)

    def check(self) -> CheckReport:
        """The core's connection check (``profile`` and ``method.get``)."""
        with self._open() as client:
            return client.check()

    def cancel(self) -> None:
        """Stop as soon as possible; safe from any thread."""
        with self._lock:
            self._cancelled = True
            client = self._client
        if client is not None:
            client.cancel()
