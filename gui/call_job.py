"""One call to the portal as the window makes it: on a worker, cancellable from the GUI thread.

The HTTP stack (``core.client`` and ``requests``) is imported here on the worker, on first use, so
it never slows the window's start nor stalls the event loop on the first send. A send is recorded
in the history (:mod:`core.history`) here too, on the worker: SQLite never runs on the UI thread,
and a history that cannot be written only leaves a note (:attr:`CallJob.history_note`).

``extras`` (all optional): ``profile`` (the profile's name, for the history), ``client_id``,
``client_secret``, ``refresh_token`` and ``oauth_url`` (refresh an expired token; the new pair
goes to ``on_tokens(pair)``, called on the worker), ``ca_bundle`` (verify TLS with that file).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from core.errors import CancelledError
from core.i18n import _

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

    def __init__(
        self,
        endpoint: Endpoint,
        client_options: dict[str, Any] | None = None,
        extras: dict[str, Any] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._options = dict(client_options or {})
        self._extras = dict(extras or {})
        self.history_note = ""  # why the send was not recorded ("" when it was)
        self._session: Any = None  # the CA bundle's session, closed after the call
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
        options = {**self._options, **self._connection_options()}
        client = Client(self.endpoint, **options)
        with self._lock:
            if self._cancelled:
                client.close()
                raise CancelledError(
                    _("Cancelled before anything was sent"),
                    explanation=_("The request was cancelled before it left this computer."),
                    advice=_("Nothing was created. Send again when you are ready."),
                )
            self._client = client
            self.started.set()
        return client

    def _connection_options(self) -> dict[str, Any]:
        """Refresh details and the CA bundle as ``Client`` options (on the worker: they import
        the HTTP stack)."""
        x = self._extras
        options: dict[str, Any] = {}
        if self.endpoint.kind == "token" and all(
            x.get(k) for k in ("client_id", "client_secret", "refresh_token")
        ):
            from core.diagnostics import learn_secrets
            from core.oauth import DEFAULT_OAUTH_URL, OAuthCredentials

            learn_secrets(x["client_secret"], x["refresh_token"])
            server = x.get("oauth_url") or DEFAULT_OAUTH_URL
            cid, secret, refresh = x["client_id"], x["client_secret"], x["refresh_token"]
            options["oauth"] = OAuthCredentials(cid, secret, refresh, server)
            options["on_tokens"] = x.get("on_tokens")
        if x.get("ca_bundle"):
            from core.profiles import ca_session

            options["session"] = self._session = ca_session(x["ca_bundle"])  # refuses no file
        return options

    def _secrets(self) -> tuple[str, ...]:
        """The refresh details and a refreshed pair: masked in the history like the endpoint's."""
        x = self._extras
        found = [x[k] for k in ("client_secret", "refresh_token") if x.get(k)]
        with self._lock:
            client = self._client
        pair = client.tokens if client is not None else None
        if pair is not None:
            found += [pair.access_token, pair.refresh_token]
        return tuple(s for s in found if s)

    def send(self, prepared: PreparedRequest) -> Result:
        """Send exactly ``prepared`` (the request the window validated and shows in Copy as)
        through ``Client.send``, and record it in the history; raises the core's typed errors."""
        try:
            with self._open() as client:
                try:
                    result = client.send(prepared)
                except BaseException as error:  # recorded, then handed back as before
                    self._record(prepared, error=error)
                    raise
        finally:
            self._close_session()
        self._record(prepared, result=result)
        return result

    def _close_session(self) -> None:
        """A CA bundle's session is ours to close (a client never closes one it was given)."""
        session, self._session = self._session, None
        if session is not None:
            session.close()

    def _record(self, prepared: PreparedRequest, **outcome: Any) -> None:
        """Add the call to the history (on this worker); a failure only leaves a note."""
        try:
            from core.history import History, entry_for

            history = History()
            entry = entry_for(
                prepared,
                profile=self._extras.get("profile", ""),
                source="window",
                secrets=self._secrets(),
                **outcome,
            )
            history.record(entry)
            problem = history.problem
        except Exception as exc:  # the history never fails a send
            problem = _("the history could not be written ({error}).").format(
                error=type(exc).__name__
            )
            history = None
        notes = [history.notice if history is not None else ""]
        notes.append(
            _("This call is not in the history: {why}").format(why=problem) if problem else ""
        )
        self.history_note = " ".join(n for n in notes if n)

    def check(self) -> CheckReport:
        """The core's connection check (``profile`` and ``method.get``)."""
        try:
            with self._open() as client:
                return client.check()
        finally:
            self._close_session()

    def cancel(self) -> None:
        """Stop as soon as possible; safe from any thread."""
        with self._lock:
            self._cancelled = True
            client = self._client
        if client is not None:
            client.cancel()
