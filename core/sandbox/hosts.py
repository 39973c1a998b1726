"""Which host to show in the sandbox's addresses.

Listening on a wildcard (``0.0.0.0``, ``::``) means "every interface", which is no address a client
can call. The sandbox shows the machine's address on the network instead: the interface the system
would route outwards through (found with a UDP socket that is connected but never sends), else what
the host name resolves to, else loopback.
"""

from __future__ import annotations

import ipaddress
import socket

WILDCARDS = ("0.0.0.0", "::", "")

_PROBES = {
    socket.AF_INET: ("192.0.2.1", 9),  # TEST-NET-1 (RFC 5737): routed, never answered
    socket.AF_INET6: ("2001:db8::1", 9),  # documentation prefix (RFC 3849)
}


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and ``localhost`` are loopback; anything else is reachable."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def _routed_address(family: socket.AddressFamily) -> str | None:
    """The local address of the interface the default route uses (no packet is sent)."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBES[family])
            address = probe.getsockname()[0]
    except OSError:
        return None
    return address if _usable(address) else None


def _named_address(family: socket.AddressFamily) -> str | None:
    """What this machine's host name resolves to, when that is not loopback."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM)
    except OSError:
        return None
    for info in infos:
        address = str(info[4][0])
        if _usable(address):
            return address
    return None


def is_wildcard(host: str) -> bool:
    """True for every spelling of "all interfaces": ``0.0.0.0``, ``0``, ``000.0.0.0``, ``::``,
    ``::0``, ``0:0:0:0:0:0:0:0``, ``[::]`` and the empty host."""
    text = host.strip().strip("[]")
    if not text:
        return True
    try:
        return ipaddress.ip_address(text).is_unspecified
    except ValueError:
        pass
    try:  # the short IPv4 forms the socket layer accepts ("0", "0.0")
        return socket.inet_aton(text) == bytes(4)
    except (OSError, ValueError):
        return False


def shown_host(bind_host: str) -> str:
    """The host to put in addresses for a server bound to ``bind_host``.

    A wildcard becomes this machine's network address (IPv6 for ``::``), falling back to
    loopback; any other host is shown as given.
    """
    if not is_wildcard(bind_host):
        return bind_host
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    found = _routed_address(family) or _named_address(family)
    if found is None and family == socket.AF_INET6:
        found = _routed_address(socket.AF_INET) or _named_address(socket.AF_INET)
    if found is not None:
        return found
    return "::1" if family == socket.AF_INET6 else "127.0.0.1"
