"""The HTTP side: a threading server; its handler reads a request, asks the portal, writes back.

The handler knows nothing about Bitrix24: it turns bytes into an :class:`Incoming` and a
:class:`Reply` back into bytes — or into a dropped connection, which is itself one of the faults.
It tracks open connections so ``stop()`` can wake keep-alive readers and join every thread.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import urlsplit

MAX_BODY = 8 * 1024 * 1024
"""Bodies above this are refused with 413 before being read (memory stays bounded)."""

LISTEN_BACKLOG = 1024
"""Pending connections the kernel queues before accept() (the stdlib default, 5, made a burst of
100 simultaneous clients see resets and timeouts). Linux caps it at ``net.core.somaxconn``."""

_CHUNK = 64 * 1024  # the size of each piece of a chunked answer
_SPACES = b" " * _CHUNK  # a reply's padding, a piece at a time (never held whole)


@dataclass
class Incoming:
    """One HTTP request as the portal sees it."""

    http_method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    address: str  # "primary" | "moved": which of the sandbox's two addresses was called


@dataclass
class Reply:
    """What to send back; ``drop`` closes the connection without an answer."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    chunked: bool = False  # Transfer-Encoding: chunked (no Content-Length), as nginx often answers
    padding: int = 0  # spaces sent after the body, piece by piece (chunked answers only)


class Portal(Protocol):
    """What answers the requests (``core.sandbox.portal.SandboxPortal``)."""

    def handle(self, req: Incoming) -> Reply: ...


class SandboxServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that remembers its portal and its open connections."""

    daemon_threads = True  # a forgotten stop() must not keep the interpreter alive
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG  # socketserver passes it to listen()

    def __init__(self, address: tuple[str, int], portal: Portal, name: str) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.portal = portal
        self.name = name
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._handlers: list[threading.Thread] = []
        self._closing = False
        self._ending = False
        self._wake_r, self._wake_w = socket.socketpair()
        try:
            super().__init__(address, SandboxHandler)
        except BaseException:
            self._wake_r.close()
            self._wake_w.close()
            raise

    def serve(self) -> None:
        """Accept connections until :meth:`end_serving`; wakes at once instead of polling.

        (``serve_forever`` polls for shutdown every ``poll_interval``; a socketpair makes
        stop() immediate and the idle sandbox free of wake-ups.)
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._ending:
                for key, _ in selector.select():
                    if key.fileobj is self and not self._ending:
                        # socketserver's own one-request step (not in the type stubs)
                        self._handle_request_noblock()  # type: ignore[attr-defined]

    def end_serving(self) -> None:
        """Make :meth:`serve` return (from any thread)."""
        self._ending = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        for sock in (self._wake_r, self._wake_w):
            sock.close()

    def process_request(self, request: Any, client_address: Any) -> None:
        """One daemon thread per connection, remembered so :meth:`join_handlers` can wait for it.

        (ThreadingMixIn only joins non-daemon threads, and daemon ones are wanted here.)
        """
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"b24notify-sandbox-{self.name}-handler",
            daemon=True,
        )
        with self._open_lock:
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        thread.start()

    def join_handlers(self) -> None:
        """Wait for every handler thread (call after :meth:`wake_connections`)."""
        with self._open_lock:
            handlers = list(self._handlers)
        for thread in handlers:
            if thread is not threading.current_thread():  # stop() called from a listener
                thread.join()

    def track(self, sock: socket.socket, *, add: bool) -> None:
        with self._open_lock:
            if add:
                self._open.add(sock)
            else:
                self._open.discard(sock)
            closing = self._closing
        if add and closing:  # accepted just as stop() began: do not wait for a request
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def wake_connections(self) -> None:
        """Shut every open connection down so handlers waiting for a next request return."""
        with self._open_lock:
            self._closing = True
            socks = list(self._open)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection resets from clients that gave up are normal here; stay quiet."""


class SandboxHandler(BaseHTTPRequestHandler):
    """Reads a request, lets the portal answer it, writes (or drops) the answer."""

    protocol_version = "HTTP/1.1"  # keep-alive, as requests.Session expects
    timeout = 300  # a last resort against a silent client; stop() does not rely on it
    disable_nagle_algorithm = True  # headers and body are two writes: avoid the 40 ms ACK stall
    server_version = "b24notify-sandbox"
    sys_version = ""
    server: SandboxServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        """The portal keeps its own (masked) log; nothing goes to stderr."""

    def _serve(self) -> None:
        length_text = self.headers.get("Content-Length", "0") or "0"
        try:
            length = int(length_text)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._write(
                Reply(413, b'{"error":"INVALID_REQUEST","error_description":"Body too large"}')
            )
            self.close_connection = True
            return
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._write(
                Reply(411, b'{"error":"INVALID_REQUEST","error_description":"Length required"}')
            )
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client left mid-body: a real server would not act on it
            self.close_connection = True
            return
        parts = urlsplit(self.path)
        incoming = Incoming(
            http_method=self.command,
            path=parts.path,
            query=parts.query,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            address=self.server.name,
        )
        reply = self.server.portal.handle(incoming)
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            if not reply.chunked:
                self.wfile.write(reply.body)
                return
            view = memoryview(reply.body)
            for start in range(0, len(view), _CHUNK):
                piece = view[start : start + _CHUNK]
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            for start in range(0, reply.padding, _CHUNK):
                spaces = _SPACES[: min(_CHUNK, reply.padding - start)]
                self.wfile.write(b"%x\r\n" % len(spaces) + spaces + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve
