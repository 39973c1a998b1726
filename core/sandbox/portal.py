"""SandboxPortal: a local Bitrix24 portal over real HTTP, for trying webhooks and testing clients.

It answers the calls b24notify makes as the official REST docs and the ``im`` module source
describe them (``core/sandbox/NOTES.md`` lists the sources and what each says): the same addresses,
parameter encodings, result and error shapes, statuses, ``time`` block, leaky bucket and OAuth
refresh. Differences from a real portal, on purpose:

* plain ``http://`` is accepted (a real portal requires https — it answers INVALID_REQUEST
  "Https required"); the sandbox listens on loopback only unless ``allow_remote=True``;
* the app token never expires, so the sandbox stays usable for hours; ``expired_token`` always is;
* faults can be injected (see :mod:`core.sandbox.faults`), and there is a second address that a
  ``redirect`` fault sends clients to, served by the same portal (same state, same bucket).

Everything is in memory, bounded by ``max_entries`` (notifications and request log rotate) and
``max_stored_bytes`` (stored notifications, 64 MiB by default), and guarded by one lock. Hostile
input is bounded where it is parsed (:mod:`core.sandbox.params`). ``stop()`` wakes hanging
handlers, closes keep-alive connections and joins every thread it started.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from core.sandbox import inspection
from core.sandbox.directory import ADMIN_ID, INACTIVE_ID, Directory, random_code
from core.sandbox.faults import (
    HTML_502,
    MAX_PENDING,
    Fault,
    FaultQueue,
    description_503,
    make_fault,
)
from core.sandbox.hosts import is_loopback, shown_host
from core.sandbox.limits import LeakyBucket, check_rate_limit
from core.sandbox.log import RequestLog, bounded_params, mask_path, mask_query, scrub
from core.sandbox.methods import (
    WEBHOOK_TAG_MODES,
    Paged,
    RestError,
    State,
    call,
    method_not_found,
    time_block,
)
from core.sandbox.notifications import DEFAULT_MAX_STORED_BYTES, NotificationStore
from core.sandbox.params import BodyError, parse_body, parse_query
from core.sandbox.people import MISSING_USER_ID, check_users
from core.sandbox.server import Incoming, Reply, SandboxServer

MAX_ENTRIES = 1_000_000
MAX_STORED_BYTES = 2**40


def _check_whole(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high:,}")


def is_secret(text: str) -> bool:
    """A usable webhook secret: ASCII letters and digits, as the portal makes them."""
    return bool(text) and text.isascii() and text.isalnum()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _error(exc: RestError, extra: dict[str, Any] | None = None) -> Reply:
    return Reply(exc.status, _json({**exc.body(), **(extra or {})}))


class SandboxPortal:
    """A Bitrix24 portal emulator on a free loopback port; ``start()``/``stop()`` or ``with``.

    ``users=N`` adds N generated people after the seeded ones (:mod:`core.sandbox.people`).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bucket_size: int = 50,
        drain_rate: float = 2.0,
        allow_remote: bool = False,
        max_entries: int = 1000,
        max_stored_bytes: int = DEFAULT_MAX_STORED_BYTES,
        webhook_tags: str = "client-id",
        secret: str | None = None,
        clock: Callable[[], float] | None = None,
        on_request: Callable[[dict[str, Any]], None] | None = None,
        users: int = 0,
    ) -> None:
        if not isinstance(host, str) or (not is_loopback(host) and not allow_remote):
            raise ValueError(
                f"{host} is not a loopback address; the sandbox accepts anyone who can reach it, "
                "so pass allow_remote=True to listen there"
            )
        _check_whole("max_entries", max_entries, 1, MAX_ENTRIES)
        _check_whole("max_stored_bytes", max_stored_bytes, 1, MAX_STORED_BYTES)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError("the port must be 0 (any free port) or a number from 1 to 65535")
        if secret is not None and not is_secret(secret):
            raise ValueError("the webhook secret must be letters and digits only")
        if webhook_tags not in WEBHOOK_TAG_MODES:
            raise ValueError(f"webhook_tags must be one of {', '.join(WEBHOOK_TAG_MODES)}")
        check_rate_limit(bucket_size, drain_rate)
        check_users(users)
        self._host = host
        self._port = port
        self._clock = clock or time.time
        self._on_request = on_request
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._directory = Directory(secret=secret or random_code(), extra_users=users)
        self._webhook_tags = webhook_tags
        self._store = NotificationStore(max_entries, max_stored_bytes)
        self._log = RequestLog(max_entries)
        self._bucket = LeakyBucket(bucket_size, drain_rate, self._clock)
        self._faults = FaultQueue()
        self._servers: list[SandboxServer] = []
        self._threads: list[threading.Thread] = []
        self._shown_host = host

    # --- life cycle -------------------------------------------------------------------------------

    def start(self) -> SandboxPortal:
        """Listen on the main address and on the second ("moved") one; returns self."""
        if self._servers:
            raise RuntimeError("the sandbox is already running")
        self._stopping.clear()
        self._shown_host = shown_host(self._host)
        try:
            for name, port in (("primary", self._port), ("moved", 0)):
                server = SandboxServer((self._host, port), self, name)
                self._servers.append(server)
        except OSError:
            for server in self._servers:
                server.server_close()
            self._servers = []
            raise
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve,
                name=f"b24notify-sandbox-{server.name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving: wake hanging handlers, close connections, join every thread. Idempotent."""
        self._stopping.set()
        servers, self._servers = self._servers, []
        threads, self._threads = self._threads, []
        for server in servers:
            server.end_serving()
        for thread in threads:
            thread.join()  # the accept loops have returned
        for server in servers:
            server.server_close()  # no new connections
            server.wake_connections()  # idle keep-alive readers see EOF
            server.join_handlers()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    def __enter__(self) -> SandboxPortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._servers else "not running"
        return f"SandboxPortal({where})"

    # --- addresses and credentials ----------------------------------------------------------------

    def _base(self, index: int) -> str:
        if not self._servers:
            raise RuntimeError("the sandbox is not running; call start() first")
        port = self._servers[index].server_address[1]
        host = self._shown_host  # a wildcard shows as this machine's address (see hosts.py)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` — the portal's address (for ``0.0.0.0``, one a client can
        use: this machine's network address, or 127.0.0.1 when it has none)."""
        return self._base(0)

    @property
    def listens_on_network(self) -> bool:
        """Whether anyone on the network may reach the portal (a non-loopback host)."""
        return not is_loopback(self._host)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def moved_url(self) -> str:
        """The second address (another port, same portal) that ``redirect`` faults point to."""
        return self._base(1)

    @property
    def secret(self) -> str:
        """The admin webhook's secret."""
        return self._directory.secret

    @property
    def webhook_url(self) -> str:
        """The admin's webhook (user 1, scopes im + user): ``.../rest/1/<secret>/``."""
        return f"{self.url}/rest/{ADMIN_ID}/{self._directory.secret}/"

    @property
    def moved_webhook_url(self) -> str:
        return f"{self.moved_url}/rest/{ADMIN_ID}/{self._directory.secret}/"

    @property
    def limited_webhook_url(self) -> str:
        """A webhook of the same admin without ``im`` (im calls: insufficient_scope)."""
        return f"{self.url}/rest/{ADMIN_ID}/{self._directory.limited_secret}/"

    def add_webhook(
        self, scopes: tuple[str, ...] | list[str], *, user_id: int = ADMIN_ID, secret: str = ""
    ) -> str:
        """Create another incoming webhook with exactly ``scopes``; returns its URL.

        E.g. ``add_webhook(["im"])`` is a notification-only webhook, the common real case (no
        ``user`` scope, so ``user.search`` answers insufficient_scope). It lasts until the portal
        stops (``reset()`` keeps it). Raises ValueError for an unknown user or empty scopes.
        """
        with self._lock:
            made = self._directory.add_webhook(int(user_id), tuple(scopes), secret)
        return f"{self.url}/rest/{int(user_id)}/{made}/"

    @property
    def rest_url(self) -> str:
        """Where token calls go (the ``client_endpoint``): ``.../rest/``."""
        return f"{self.url}/rest/"

    @property
    def oauth_url(self) -> str:
        """The OAuth token endpoint: ``.../oauth/token/`` (refresh_token grant)."""
        return f"{self.url}/oauth/token/"

    @property
    def app_token(self) -> str:
        """A valid access token of the sandbox app (never expires here)."""
        return self._directory.app_token

    @property
    def expired_token(self) -> str:
        """An access token that has expired: calls answer 401 expired_token."""
        return self._directory.expired_token

    @property
    def refresh_token(self) -> str:
        """The currently valid refresh token (each refresh spends it and issues a new one)."""
        with self._lock:
            return self._directory.refresh_token

    @property
    def client_id(self) -> str:
        return self._directory.client_id

    @property
    def app_name(self) -> str:
        """The sandbox app's name (``im.notify.system.add`` with its token puts it first)."""
        return self._directory.app_name

    @property
    def webhook_tags(self) -> str:
        """``client-id`` or ``ignored``: what TAG/SUB_TAG over a webhook do (see methods.py)."""
        return self._webhook_tags

    @property
    def client_secret(self) -> str:
        return self._directory.client_secret

    admin_id = ADMIN_ID
    inactive_user_id = INACTIVE_ID
    missing_user_id = MISSING_USER_ID

    # --- inspection and control -------------------------------------------------------------------

    def users(self) -> list[dict[str, Any]]:
        """The seeded people (id, name, position, active, admin, department)."""
        return [u.as_dict() for u in self._directory.users.values()]

    def departments(self) -> list[dict[str, Any]]:
        """The departments, as ``department.get`` gives them (ID, NAME, SORT, PARENT, UF_HEAD)."""
        return [d.as_rest() for d in self._directory.departments.values()]

    def inbox(self, user_id: int) -> list[dict[str, Any]]:
        """Notifications ``user_id`` has received, oldest first."""
        with self._lock:
            return self._store.all(int(user_id))

    def notifications(self) -> list[dict[str, Any]]:
        """Every stored notification, oldest first."""
        with self._lock:
            return self._store.all()

    def requests(self) -> list[dict[str, Any]]:
        """The request log, oldest first, with secrets masked."""
        with self._lock:
            return self._log.entries()

    def notifications_page(
        self, offset: int, limit: int, user_id: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """``limit`` stored notifications from ``offset`` (0 = oldest), and how many there are."""
        with self._lock:
            return self._store.page(offset, limit, user_id)

    def requests_page(self, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """``limit`` request-log entries from ``offset`` (0 = oldest), and how many there are."""
        with self._lock:
            return self._log.page(offset, limit)

    def faults(self) -> list[dict[str, Any]]:
        """Faults still waiting to happen."""
        with self._lock:
            return self._faults.pending()

    def inject(self, fault: str, count: int = 1, **opts: Any) -> None:
        """Make the next ``count`` REST calls fail: see :mod:`core.sandbox.faults` for the kinds.

        ``method="im.notify.personal.add"`` limits a fault to calls of one method.
        Raises ValueError for an unknown fault or option.
        """
        made = make_fault(fault, count, **opts)
        with self._lock:
            self._faults.add(made)

    def inject_faults(self, faults: list[Fault]) -> None:
        """Queue already-built faults (see :func:`core.sandbox.faults.make_fault`), all or none."""
        with self._lock:
            if len(self._faults.pending()) + len(faults) > MAX_PENDING:
                raise ValueError(f"at most {MAX_PENDING} faults may wait at once; clear some first")
            for fault in faults:
                self._faults.add(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def set_rate_limit(self, bucket_size: int, drain_rate: float) -> None:
        """Change the leaky bucket (e.g. Enterprise: 250, 5.0); the bucket starts empty."""
        check_rate_limit(bucket_size, drain_rate)
        with self._lock:
            self._bucket = LeakyBucket(bucket_size, drain_rate, self._clock)

    def reset(self) -> None:
        """Forget notifications, requests and faults; empty the bucket; seeded tokens back."""
        with self._lock:
            self._store.clear()
            self._log.clear()
            self._faults.clear()
            self._bucket.reset()
            self._directory.reset_tokens()

    # --- request handling (called from handler threads) -------------------------------------------

    def handle(self, req: Incoming) -> Reply:
        """Answer one HTTP request; a bug in the sandbox answers 500, never a silent drop."""
        try:
            return self._route_request(req)
        except Exception as exc:  # a dropped connection would look like an injected fault
            error = RestError("INTERNAL_SERVER_ERROR", "Internal server error", 500)
            self._record(
                {
                    "date": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "address": req.address,
                    "http_method": req.http_method,
                    "path": mask_path(req.path),
                    "rest_method": "",
                    "status": 500,
                    "error": error.code,
                    "notes": [f"sandbox bug: {type(exc).__name__}"],
                }
            )
            return _error(error)

    def _route_request(self, req: Incoming) -> Reply:
        path = req.path
        if path.startswith("/rest/") or path == "/rest":
            return self._rest(req)
        if path.rstrip("/") == "/oauth/token":
            return self._oauth(req)
        if path.startswith("/sandbox/") or path == "/":
            return inspection.answer(self, req)
        return Reply(404, _json({"error": "NOT_FOUND", "error_description": "Not found"}))

    def _params(self, req: Incoming, notes: list[str]) -> dict[str, Any]:
        params = parse_query(req.query)
        try:
            params.update(parse_body(req.body, req.headers.get("content-type", "")))
        except BodyError as exc:
            notes.append(str(exc))  # the portal then sees no parameters at all
        return params

    def _record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            known = self._directory.all_secrets()
            text = json.dumps(entry, ensure_ascii=False, default=str)
            if any(secret and secret in text for secret in known):
                # a secret pasted into a message or a parameter: mask it there too
                entry = json.loads(scrub(text, known))
            stored = self._log.add(entry)
        if self._on_request is not None:
            try:
                self._on_request(stored)
            except Exception:  # e.g. a closed stdout: the listener's problem, not the client's
                self._on_request = None

    def _rest(self, req: Incoming) -> Reply:
        started = time.time()
        route = _route(req.path)
        method = route[3] if route else ""
        entry: dict[str, Any] = {
            "date": datetime.fromtimestamp(started).astimezone().isoformat(timespec="seconds"),
            "address": req.address,
            "http_method": req.http_method,
            "path": mask_path(req.path),
            "query": mask_query(req.query),
            "content_type": req.headers.get("content-type", ""),
            "user_agent": req.headers.get("user-agent", ""),
            "rest_method": method,
            "auth": None,
            "user_id": None,
            "params": None,
            "status": None,
            "error": None,
            "result": None,
            "fault": None,
            "notes": [],
        }
        with self._lock:
            fault = self._faults.take(method)
        reply = self._before(req, fault, entry)
        if reply is None:
            reply = self._process(req, route, entry, started)
            reply = self._after(reply, fault)
        entry["status"] = None if reply.drop else reply.status
        entry["duration"] = round(time.time() - started, 4)
        self._record(entry)
        return reply

    def _before(self, req: Incoming, fault: Fault | None, entry: dict[str, Any]) -> Reply | None:
        """Faults that answer instead of the portal (nothing processed), or delay it."""
        if fault is None:
            return None
        entry["fault"] = fault.kind
        opts = fault.opts
        if fault.kind == "redirect":
            custom = opts["location"]
            if custom and "/rest/" in custom:
                location = custom  # a full address, used as given
            else:
                target = custom or (self.moved_url if req.address == "primary" else self.url)
                location = target.rstrip("/") + req.path + (f"?{req.query}" if req.query else "")
            body = f'<html><body>Moved to <a href="{location}">{location}</a></body></html>'
            page = body.encode("utf-8")
            padding = max(0, int(opts["size"]) - len(page))  # size 0: the page alone
            return Reply(
                opts["status"],
                page,
                "text/html; charset=utf-8",
                {"Location": location},
                chunked=bool(opts["size"]),
                padding=padding,
            )
        if fault.kind == "503":
            return _error(RestError(opts["code"], description_503(opts["code"]), 503))
        if fault.kind == "429":
            now = time.time()
            block = time_block(now, now)
            block["operating_reset_at"] = int(now + float(opts["reset_in"])) + 1
            block["operating"] = 480.5
            error = RestError(
                "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.", 429
            )
            return _error(error, {"time": block})
        if fault.kind == "latency":
            self._stopping.wait(float(opts["seconds"]))
            return None
        if not fault.processes:
            if fault.kind == "html502":
                return Reply(502, HTML_502.encode(), "text/html")
            if fault.kind == "invalid_json":
                return Reply(200, b'{"result":')
            if fault.kind == "empty":
                return Reply(int(opts["status"]), b"")
            if fault.kind == "hang":
                self._stopping.wait(float(opts["seconds"]))
            return Reply(drop=True)
        return None

    def _after(self, reply: Reply, fault: Fault | None) -> Reply:
        """Faults that lose the answer of a call that *was* processed."""
        if fault is None or not fault.processes or fault.kind == "latency":
            return reply
        if fault.kind == "html502":
            return Reply(502, HTML_502.encode(), "text/html")
        if fault.kind == "invalid_json":
            cut = reply.body[: max(1, len(reply.body) // 2)]
            return Reply(200, cut)
        if fault.kind == "empty":
            return Reply(int(fault.opts["status"]), b"")
        if fault.kind == "drop":
            return Reply(drop=True)
        if fault.kind == "huge":  # the real answer, then spaces (still JSON) up to the size
            padding = max(0, int(fault.opts["size"]) - len(reply.body))
            body = reply.body + b" " * padding
            return Reply(reply.status, body, reply.content_type, chunked=fault.opts["chunked"])
        if fault.kind == "hang":
            if self._stopping.wait(float(fault.opts["seconds"])):
                return Reply(drop=True)  # stop() during the hang: the client never hears back
            return reply
        return reply

    def _process(
        self, req: Incoming, route: tuple | None, entry: dict[str, Any], started: float
    ) -> Reply:
        """Rate limit, authentication, the method itself."""
        notes: list[str] = entry["notes"]
        with self._lock:
            allowed = self._bucket.take()
        if not allowed:
            # Past the bucket, 503 QUERY_LIMIT_EXCEEDED; the request is not counted.
            exc = RestError("QUERY_LIMIT_EXCEEDED", "Too many requests", 503)
            entry["error"] = exc.code
            return _error(exc)
        params = self._params(req, notes)
        entry["params"] = bounded_params(params)
        try:
            if route is None or not route[3]:
                raise method_not_found()
            kind, user_id, secret, method = route
            cred = self._authenticate(req, kind, user_id, secret, params)
            entry["auth"] = cred.kind
            entry["user_id"] = cred.user_id
            with self._lock:
                state = State(self._directory, self._store, notes, self._webhook_tags)
                value = call(state, cred, method, params)
        except RestError as exc:
            entry["error"] = exc.code
            return _error(exc)
        body: dict[str, Any] = {}
        if isinstance(value, Paged):
            body["result"] = value.items
            body["total"] = value.total
            if value.next is not None:
                body["next"] = value.next
        else:
            body["result"] = value
        if isinstance(value, (bool, int, str)) or value is None:
            entry["result"] = value
        body["time"] = time_block(started, time.time())
        return Reply(200, _json(body))

    def _authenticate(
        self, req: Incoming, kind: str, user_id: int, secret: str, params: dict[str, Any]
    ) -> Any:
        """Webhook secret or access token -> Credential; raises the documented auth errors."""
        directory = self._directory
        if kind == "webhook":
            cred = directory.webhooks.get(secret)
            if cred is None or cred.user_id != user_id:
                # Wrong secret or user id: INVALID_CREDENTIALS. The docs give HTTP 403;
                # the server source uses the same code for both cases.
                raise RestError("INVALID_CREDENTIALS", "Invalid request credentials", 403)
            return cred
        header = req.headers.get("authorization", "")
        token = ""
        if header.lower().startswith("bearer "):
            token = header[7:].strip()  # checked first, as Auth::getAuthKey does
        for name in ("auth", "access_token", "AUTH", "ACCESS_TOKEN"):
            value = params.pop(name, None)
            if not token and isinstance(value, str):
                token = value.strip()
        if not token:
            raise RestError("NO_AUTH_FOUND", "Wrong authorization data", 401)
        with self._lock:
            found = directory.tokens.get(token)
        if found is None:
            raise RestError("invalid_token", "Unable to get application by token", 401)
        cred, expires = found
        if expires is not None and expires <= self._clock():
            raise RestError("expired_token", "The access token provided has expired", 401)
        return cred

    # --- the OAuth server -------------------------------------------------------------------------

    def _oauth(self, req: Incoming) -> Reply:
        notes: list[str] = []
        params = self._params(req, notes)
        entry: dict[str, Any] = {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "address": req.address,
            "http_method": req.http_method,
            "path": req.path,
            "query": mask_query(req.query),
            "rest_method": "oauth/token",
            "auth": "oauth",
            "user_id": None,
            "params": bounded_params(params),
            "status": None,
            "error": None,
            "result": None,
            "fault": None,
            "notes": notes,
        }
        with self._lock:
            fault = self._faults.take_named("oauth/token")  # only faults aimed at it
        reply = self._before(req, fault, entry)
        if reply is None:
            reply = self._after(self._refresh(params), fault)
        entry["status"] = None if reply.drop else reply.status
        if reply.status != 200 and not reply.drop:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                entry["error"] = json.loads(reply.body)["error"]
        entry["duration"] = 0.0
        self._record(entry)
        return reply

    def _refresh(self, params: dict[str, Any]) -> Reply:
        """OAuth refresh: grant_type=refresh_token with client_id, client_secret, refresh_token."""

        def oauth_error(code: str, text: str, status: int = 400) -> Reply:
            return Reply(status, _json({"error": code, "error_description": text}))

        if params.get("grant_type") != "refresh_token":
            return oauth_error("invalid_request", "grant_type must be refresh_token here")
        with self._lock:
            directory = self._directory
            if (
                params.get("client_id") != directory.client_id
                or params.get("client_secret") != directory.client_secret
            ):
                return oauth_error("invalid_client", "Invalid client credentials", 401)
            if params.get("refresh_token") not in directory.refresh_tokens:
                return oauth_error("invalid_grant", "Invalid refresh token or it has expired")
            now = self._clock()
            access, refresh = directory.issue(now)
        base = self.url
        return Reply(
            200,
            _json(
                {
                    "access_token": access,
                    "expires": int(now) + 3600,
                    "expires_in": 3600,
                    "scope": "im,user,user_basic,user_brief",
                    "domain": base.split("://", 1)[1],
                    "server_endpoint": f"{base}/oauth/",
                    "status": "L",
                    "client_endpoint": f"{base}/rest/",
                    "member_id": "sandbox0000000000000000000000000",
                    "user_id": ADMIN_ID,
                    "refresh_token": refresh,
                }
            ),
        )


def _route(path: str) -> tuple[str, int, str, str] | None:
    """``/rest/<user>/<secret>/<method>`` or ``/rest/<method>`` -> (kind, user, secret, method).

    None for any other shape, notably ``/rest/<secret>/<method>`` without the user id, which the
    portal answers with ERROR_METHOD_NOT_FOUND (b24pysdk PR #3).
    """
    parts = [p for p in path[len("/rest/") :].split("/")]
    if parts and parts[-1] == "":
        parts = parts[:-1]

    def method_name(text: str) -> str:
        return text.lower().removesuffix(".json")

    if len(parts) == 1:
        return ("token", 0, "", method_name(parts[0]))
    if len(parts) == 3 and parts[0].isdigit():
        return ("webhook", int(parts[0]), parts[1], method_name(parts[2]))
    return None
