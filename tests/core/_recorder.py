"""A second, tiny HTTP server on loopback that records every request it gets.

It stands for "another origin" in the redirect tests: whatever reaches it (path, headers, body) is
kept, so a test can assert that no credential was ever sent there. It answers every POST like a
portal that created notification 777, so a call that was allowed to go there succeeds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorder:
    url: str  # http://127.0.0.1:PORT
    hits: list[dict[str, Any]] = field(default_factory=list)

    def everything(self) -> str:
        """All that arrived, as one text (to search for secrets)."""
        return json.dumps(self.hits)


@contextmanager
def recorder(answer: bytes | None = None) -> Iterator[Recorder]:
    """A recording server; ``answer`` replaces the default body (a created notification)."""
    hits: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            hits.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": body,
                }
            )
            payload = answer if answer is not None else b'{"result": 777, "time": {}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_GET = _record

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Recorder(f"http://127.0.0.1:{server.server_address[1]}", hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
