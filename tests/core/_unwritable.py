"""Attachments that JSON cannot write (a set, NaN, a lone surrogate, a cycle): shared by the
validator's and the request builder's tests, which must refuse them with the same problem."""

from __future__ import annotations

from typing import Any

PIC = "https://example.com/p.png"


def unwritable_attachments() -> list[Any]:
    """Four ATTACH values json.dumps refuses (a fresh cyclic one on each call)."""
    cyclic: list[Any] = [{"MESSAGE": "x"}]
    cyclic.append(cyclic)
    return [
        [{"MESSAGE": "x"}, {"FILE": {"LINK": PIC, "SIZE": {1, 2}}}],
        [{"IMAGE": {"LINK": PIC, "WIDTH": float("nan")}}],
        [{"MESSAGE": "broken \ud800"}],
        cyclic,
    ]
