"""Injected faults: the ways a real portal, proxy or network lets a client down.

A fault applies to the next ``count`` REST calls (optionally only calls of one ``method``), in the
order faults were injected. The OAuth server's token endpoint takes only faults injected for the
method ``oauth/token`` (a fault for any call stays with the REST calls). Whether the
notification is *processed* before the fault decides what a client must conclude:

=============== ============================================== =====================
fault           what the client sees                           processed?
=============== ============================================== =====================
latency         the normal answer, ``seconds`` late            yes
503             503 QUERY_LIMIT_EXCEEDED (``code`` may change)  no
429             429 OPERATION_TIME_LIMIT, ``reset_in`` seconds no
html502         a proxy's HTML 502 page                        no (``process`` opt)
invalid_json    200 with a truncated JSON body                 yes (``process`` opt)
empty           200 with an empty body                         yes (``process`` opt)
drop            connection closed after reading the request    yes (``process`` opt)
hang            no answer for ``seconds`` (ends at stop())     yes (``process`` opt)
huge            the answer, padded to ``size`` bytes (chunked  yes
                unless ``chunked`` is false)
redirect        301/302/307/308 to the sandbox's second address no
                (its page padded to ``size`` bytes, chunked,
                when ``size`` is given)
=============== ============================================== =====================

"yes" is the realistic worst case for the client: the portal did the work but the answer was lost,
so the client cannot know and must not send again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

MAX_PENDING = 1000
"""Pending faults are bounded like everything else in the sandbox."""

MAX_COUNT = 1_000_000
"""At most this many calls per injected fault."""

MAX_SECONDS = 3600.0
"""Longest ``latency`` / ``hang`` (an hour: longer only ties up a connection)."""

MAX_RESET_IN = 86_400.0
"""Furthest ``reset_in`` of a 429 (a day; real blocks last minutes)."""

MAX_HUGE = 64 * 1024 * 1024
"""Largest ``huge`` answer (above the client's 16 MiB limit, ``core.client.MAX_ANSWER_BYTES``)."""

FAULTS = (
    "latency",
    "503",
    "429",
    "html502",
    "invalid_json",
    "empty",
    "drop",
    "hang",
    "redirect",
    "huge",
)
_ALIASES = {
    "query_limit": "503",
    "query_limit_exceeded": "503",
    "operation_time_limit": "429",
    "502": "html502",
    "bad_json": "invalid_json",
    "empty_body": "empty",
    "disconnect": "drop",
    "timeout": "hang",
}
_OPTIONS: dict[str, dict[str, Any]] = {
    "latency": {"seconds": 1.0},
    "503": {"code": "QUERY_LIMIT_EXCEEDED"},
    "429": {"reset_in": 1.0},
    "html502": {"process": False},
    "invalid_json": {"process": True},
    "empty": {"process": True, "status": 200},
    "drop": {"process": True},
    "hang": {"seconds": 60.0, "process": True},
    "redirect": {"status": 302, "location": None, "size": 0},
    "huge": {"process": True, "size": 32 * 1024 * 1024, "chunked": True},
}
_DESCRIPTIONS_503 = {
    "QUERY_LIMIT_EXCEEDED": "Too many requests",
    "OVERLOAD_LIMIT": "REST API is blocked due to overload",
}
HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """One injected fault and how many more calls it affects."""

    kind: str
    count: int
    method: str | None = None
    opts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"fault": self.kind, "count": self.count, "method": self.method, **self.opts}

    @property
    def processes(self) -> bool:
        """Whether the call is carried out before the fault hits."""
        return self.kind == "latency" or bool(self.opts.get("process", False))


def make_fault(fault: str, count: int = 1, **opts: Any) -> Fault:
    """Validate and build a fault; raises ValueError with a plain message."""
    kind = _ALIASES.get(str(fault).lower(), str(fault).lower())
    if kind not in _OPTIONS:
        raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be a whole number from 1 to {MAX_COUNT}")
    method = opts.pop("method", None)
    unknown = set(opts) - set(_OPTIONS[kind])
    if unknown:
        raise ValueError(
            f"fault {kind!r} takes {sorted(_OPTIONS[kind]) or 'no options'}, not {sorted(unknown)}"
        )
    if method is not None and not isinstance(method, str):
        raise ValueError("method must be a method name, like im.notify.personal.add")
    merged = {**_OPTIONS[kind], **opts}
    if kind in ("latency", "hang"):
        merged["seconds"] = _seconds("seconds", merged["seconds"], MAX_SECONDS)
    if kind == "429":
        merged["reset_in"] = _seconds("reset_in", merged["reset_in"], MAX_RESET_IN)
    if "process" in merged and not isinstance(merged["process"], bool):
        raise ValueError("process must be true or false")
    if kind == "redirect":
        if merged["status"] not in (301, 302, 307, 308) or isinstance(merged["status"], bool):
            raise ValueError("redirect status must be 301, 302, 307 or 308")
        location = merged["location"]
        if location is not None and (
            not isinstance(location, str)
            or not location.isprintable()
            or not location.isascii()
            or len(location) > 2000
        ):
            raise ValueError("location must be an address of printable ASCII characters")
        size = merged["size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_HUGE:
            raise ValueError(f"size must be a whole number of bytes from 0 to {MAX_HUGE}")
    if kind == "503" and (
        not isinstance(merged["code"], str) or merged["code"] not in _DESCRIPTIONS_503
    ):
        raise ValueError(f"503 code must be one of {sorted(_DESCRIPTIONS_503)}")
    if kind == "huge":
        size = merged["size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_HUGE:
            raise ValueError(f"size must be a whole number of bytes from 1 to {MAX_HUGE}")
        if not isinstance(merged["chunked"], bool):
            raise ValueError("chunked must be true or false")
        merged["process"] = True  # the call is carried out; only its answer is oversized
    if kind == "empty" and (
        not isinstance(merged["status"], int)
        or isinstance(merged["status"], bool)
        or not 200 <= merged["status"] <= 599
    ):
        raise ValueError("status must be a whole number from 200 to 599")
    return Fault(kind, count, str(method).lower() if method else None, merged)


def _seconds(name: str, value: Any, limit: float) -> float:
    """A number of seconds from 0 to ``limit``; NaN, infinities, text and booleans are refused."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 <= value <= limit
    ):
        raise ValueError(f"{name} must be a number of seconds from 0 to {limit:g}")
    return float(value)


def fault_options() -> str:
    """One line per fault with its options, for ``--help``."""
    return "\n".join(
        f"  {kind:<13} {', '.join(sorted(opts)) or '-'}" for kind, opts in _OPTIONS.items()
    )


def description_503(code: str) -> str:
    return _DESCRIPTIONS_503[code]


class FaultQueue:
    """Pending faults, oldest first. Callers hold the portal lock."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if len(self._faults) >= MAX_PENDING:
            raise ValueError(f"at most {MAX_PENDING} faults may wait at once; clear some first")
        self._faults.append(fault)

    def take(self, method: str) -> Fault | None:
        """The first fault that applies to a call of ``method``, counting it down."""
        for fault in self._faults:
            if fault.method is None or fault.method == method:
                return self._take_one(fault)
        return None

    def take_named(self, method: str) -> Fault | None:
        """The first fault injected for ``method`` itself (not one for any call), counted down."""
        for fault in self._faults:
            if fault.method == method:
                return self._take_one(fault)
        return None

    def _take_one(self, fault: Fault) -> Fault:
        fault.count -= 1
        if fault.count <= 0:
            self._faults.remove(fault)
        return Fault(fault.kind, 1, fault.method, dict(fault.opts))

    def pending(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self._faults]

    def clear(self) -> None:
        self._faults.clear()
