"""Concurrency, bounded memory and a clean stop (issue 3: thread-safe, bounded, no threads left)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from core.sandbox import SandboxPortal
from core.sandbox.server import MAX_BODY
from tests.core.sandbox._http import call, request

ADD = "im.notify.personal.add"


def sandbox_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.is_alive() and t is not threading.main_thread()]


def test_concurrent_clients_get_unique_ids(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(bucket_size=10_000)
    workers, per_worker = 8, 15
    ids: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def work(n: int) -> None:
        parts = urlsplit(portal.webhook_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)  # keep-alive
        barrier.wait()
        try:
            for i in range(per_worker):
                body = json.dumps({"USER_ID": 2 + n % 3, "MESSAGE": f"{n}-{i}"})
                conn.request("POST", parts.path + ADD, body, {"Content-Type": "application/json"})
                answer = conn.getresponse()
                data = json.loads(answer.read())
                with lock:
                    if answer.status == 200:
                        ids.append(data["result"])
                    else:
                        failures.append(str(data))
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert failures == []
    assert len(ids) == workers * per_worker
    assert len(set(ids)) == len(ids)
    assert sorted(n["id"] for n in portal.notifications()) == sorted(ids)
    assert len(portal.requests()) == workers * per_worker


def test_memory_is_bounded(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(max_entries=5)
    results = [
        call(portal.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": str(i)}).result for i in range(12)
    ]
    assert [n["id"] for n in portal.notifications()] == results[-5:]
    log = portal.requests()
    assert len(log) == 5
    assert log[-1]["n"] == 12  # numbering continues; the oldest rotated out


def test_huge_parameters_are_truncated_in_the_log(sandbox: SandboxPortal) -> None:
    call(sandbox.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "x" * 50_000})
    logged = sandbox.requests()[-1]["params"]
    assert isinstance(logged, str) and len(logged) < 3_000


def test_body_over_the_limit_is_refused_unread(sandbox: SandboxPortal) -> None:
    parts = urlsplit(sandbox.webhook_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest("POST", parts.path + ADD)
        conn.putheader("Content-Length", str(MAX_BODY + 1))
        conn.endheaders()
        assert conn.getresponse().status == 413
    finally:
        conn.close()


def test_stop_joins_every_thread_even_with_open_keep_alive_connections() -> None:
    before = set(sandbox_threads())
    portal = SandboxPortal().start()
    parts = urlsplit(portal.webhook_url)
    idle = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    idle.request("POST", parts.path + "profile", "{}", {"Content-Type": "application/json"})
    assert idle.getresponse().read()  # the connection stays open; its handler waits for more
    assert len(set(sandbox_threads()) - before) >= 3  # two serve loops and a handler
    portal.stop()
    idle.close()
    assert set(sandbox_threads()) - before == set()
    assert not portal.running


def test_stop_is_idempotent_and_the_port_is_released() -> None:
    portal = SandboxPortal().start()
    port = portal.port
    portal.stop()
    portal.stop()
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
    again = SandboxPortal(port=port).start()  # the same fixed port can be used again
    try:
        assert call(again.webhook_url, "profile").status == 200
    finally:
        again.stop()


def test_context_manager_and_double_start() -> None:
    with SandboxPortal() as portal:
        assert request(portal.url + "/", method="GET").status == 200
        with pytest.raises(RuntimeError):
            portal.start()
    assert not portal.running


def test_restart_after_stop() -> None:
    portal = SandboxPortal()
    portal.start()
    portal.stop()
    portal.start()
    try:
        assert call(portal.webhook_url, "profile").status == 200
    finally:
        portal.stop()


def test_secret_can_be_fixed() -> None:
    with SandboxPortal(secret="fixedsecret0000a") as portal:
        assert portal.webhook_url.endswith("/rest/1/fixedsecret0000a/")
        assert call(portal.webhook_url, "profile").status == 200


def test_a_sandbox_bug_answers_500_instead_of_dropping(
    sandbox: SandboxPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.sandbox import methods

    def broken(*_args: object) -> object:
        raise KeyError("bug")

    monkeypatch.setitem(methods.METHODS, "sandbox.broken", methods.Entry(frozenset(), broken))
    answer = call(sandbox.webhook_url, "sandbox.broken")
    assert answer.status == 500
    assert answer.json == {
        "error": "INTERNAL_SERVER_ERROR",
        "error_description": "Internal server error",
    }
    assert sandbox.requests()[-1]["status"] == 500
    assert call(sandbox.webhook_url, "profile").status == 200


def test_a_failing_request_listener_does_not_break_answers(
    make_portal: Callable[..., SandboxPortal],
) -> None:
    def listener(entry: dict) -> None:
        raise BrokenPipeError

    portal = make_portal(on_request=listener)
    assert call(portal.webhook_url, "profile").status == 200
    assert call(portal.webhook_url, "profile").status == 200


def test_pending_faults_are_bounded(sandbox: SandboxPortal) -> None:
    from core.sandbox.faults import MAX_PENDING

    for _ in range(MAX_PENDING):
        sandbox.inject("latency", seconds=0)
    with pytest.raises(ValueError, match="at most"):
        sandbox.inject("503")
    answer = request(sandbox.url + "/sandbox/faults", json_body={"fault": "503"})
    assert answer.status == 400


def test_garbage_on_the_wire_gets_400_and_the_portal_keeps_working(sandbox: SandboxPortal) -> None:
    import socket

    parts = urlsplit(sandbox.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(b"HELLO THERE\r\n\r\n")
        answer = sock.recv(1024)
    assert b"400" in answer  # BaseHTTPRequestHandler's error page (no status line for HTTP/0.9)
    assert call(sandbox.webhook_url, "profile").status == 200


def test_client_that_disconnects_mid_body_does_not_break_the_portal(sandbox: SandboxPortal) -> None:
    import socket

    parts = urlsplit(sandbox.webhook_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        head = (
            f"POST {parts.path}im.notify.personal.add HTTP/1.1\r\n"
            "Host: x\r\nContent-Length: 1000\r\n\r\n"
        )
        sock.sendall(head.encode() + b"USER_ID=2&MESSAGE=half")
    assert call(sandbox.webhook_url, "profile").status == 200
    assert sandbox.notifications() == []  # a truncated request is not acted on
    assert [e["rest_method"] for e in sandbox.requests()] == ["profile"]


def test_a_burst_of_200_simultaneous_connections_is_all_answered(sandbox: SandboxPortal) -> None:
    # Issue 7 item 9: with the default listen backlog (5) a burst got connection resets.
    clients = 200
    parts = urlsplit(sandbox.url)
    barrier = threading.Barrier(clients)
    statuses: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        try:
            barrier.wait(30)
            with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            with lock:
                statuses.append(data.split(b"\r\n", 1)[0].decode("ascii", "replace"))
        except (OSError, threading.BrokenBarrierError) as exc:
            with lock:
                failures.append(type(exc).__name__)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert statuses == ["HTTP/1.1 200 OK"] * clients
