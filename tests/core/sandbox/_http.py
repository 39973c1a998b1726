"""Plain stdlib HTTP for the sandbox conformance tests (never core.client: these tests check the
portal against the documented facts, independently of our own client)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    """Status, headers and body of one answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def result(self) -> Any:
        return self.json["result"]

    @property
    def error(self) -> str | None:
        return self.json.get("error")


def request(
    url: str,
    *,
    method: str = "POST",
    json_body: Any = None,
    form: dict[str, str] | list[tuple[str, str]] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Answer:
    """One request on a fresh connection; redirects are not followed; any status is returned."""
    parts = urlsplit(url)
    hdrs = {"Accept": "application/json", **(headers or {})}
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        hdrs.setdefault("Content-Type", "application/json")
    elif form is not None:
        body = urlencode(form).encode("ascii")
        hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=body, headers=hdrs)
        response = conn.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        conn.close()


def call(base: str, method: str, params: Any = None, **kwargs: Any) -> Answer:
    """POST ``params`` as JSON to ``base + method + '.json'``."""
    return request(
        base + method + ".json", json_body=params if params is not None else {}, **kwargs
    )


class FakeClock:
    """A clock the tests move by hand (the leaky bucket and token expiry read it)."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
