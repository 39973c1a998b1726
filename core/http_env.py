"""A ``requests.Session`` that reads the environment's proxy settings only when they changed.

With ``trust_env`` on (the default), requests reads the environment on *every* call: the proxy
variables (``urllib.request.getproxies`` and ``proxy_bypass``, which walk all of ``os.environ``
several times, decoding each variable) and ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE``. On a
keep-alive send to the sandbox that is most of the 1.2 M of the 3.4 M instructions a bare
``Session.post`` takes (issue 10, measured with callgrind: ``bench/README.md``), the same answer
every time.

:class:`EnvironmentSession` gives every call the same settings, read by requests' own functions,
but keeps them per origin (scheme and host) until ``os.environ`` changes (its table compared as
a whole, in C, on each call). Where ``urllib`` asks the system rather than the environment for
proxies (macOS, Windows), :func:`environment_session` gives a plain ``requests.Session``: those
settings have nothing cheap to compare.
"""

from __future__ import annotations

import os
import urllib.request
from typing import TYPE_CHECKING, Any

import requests
from requests.sessions import merge_setting
from requests.utils import get_environ_proxies

if TYPE_CHECKING:
    from collections.abc import Mapping


def _environment() -> Mapping[Any, Any] | None:
    """``os.environ``'s own table (bytes on POSIX), compared in C; None where it has none."""
    data = getattr(os.environ, "_data", None)
    return data if isinstance(data, dict) else None


def environment_only() -> bool:
    """True where urllib's proxy settings come from the environment alone (not macOS, Windows)."""
    bypass = getattr(urllib.request, "proxy_bypass_environment", None)  # not in typeshed
    return (
        urllib.request.getproxies is urllib.request.getproxies_environment
        and urllib.request.proxy_bypass is bypass
        and _environment() is not None
    )


class _Read:
    """What ``trust_env`` adds to a call to one origin: the environment's proxies and CA bundle."""

    __slots__ = ("proxies", "verify")

    def __init__(self, url: str) -> None:
        self.proxies: dict[str, str] = get_environ_proxies(url, no_proxy=None)
        self.verify: str | None = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None
        )


class EnvironmentSession(requests.Session):
    """``requests.Session`` that reads the environment's proxies and CA bundle again only when
    ``os.environ`` changed; everything else is requests' own (``.netrc`` is still read per call).

    :meth:`merge_environment_settings` gives what requests' gives, from the settings read last
    for the origin (tests/core/test_http_env.py compares the two). Use it only where
    :func:`environment_only` is true.
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen_env: dict[Any, Any] | None = None
        self._by_origin: dict[str, _Read] = {}

    def _read(self, url: str) -> _Read:
        env = _environment()
        if env != self._seen_env:  # set, changed or removed since: read everything again
            self._seen_env = dict(env) if env is not None else None
            self._by_origin.clear()
        scheme, _, rest = url.partition("://")
        origin = scheme.lower() + "://" + rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        read = self._by_origin.get(origin)
        if read is None:
            read = self._by_origin[origin] = _Read(url)
        return read

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        """requests' ``Session.merge_environment_settings``, the environment read as above."""
        if not self.trust_env or not isinstance(url, str) or (proxies and "no_proxy" in proxies):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        read = self._read(url)
        if proxies is not None:  # into the given dict, as requests does (Session.request's own)
            for key, value in read.proxies.items():
                proxies.setdefault(key, value)
        if verify is True or verify is None:
            verify = read.verify or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }


def environment_session() -> requests.Session:
    """An :class:`EnvironmentSession` where the environment alone holds the proxy settings; a
    plain ``requests.Session`` elsewhere."""
    return EnvironmentSession() if environment_only() else requests.Session()
