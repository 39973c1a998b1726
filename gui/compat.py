"""A guard against a reference-counting bug in PySide6 6.12.0 on Python 3.10 and 3.11.

PySide6 6.12.0 releases one reference to ``None`` on every call of a wrapped method that returns
nothing (``setEnabled``, ``setText``, ...) and one to ``True``/``False`` on every emission of a
``Signal(bool)``. On Python 3.12+ these objects are immortal, so nothing happens; on 3.10/3.11
their counts drift down until the interpreter aborts ("Fatal Python error: none_dealloc" /
"bool_dealloc") — after a few thousand clicks, or at exit of a test run. PySide6 6.11 is not
affected (measured side by side; ``tests/gui/test_compat.py`` reproduces the abort).

``protect_singletons()`` gives the three objects a very large reference count, which is what
Python 3.12 does for them anyway. It only acts on the affected combination and is idempotent.
The real fix is a PySide6 that does not have the bug; pinning ``PySide6-Essentials!=6.12.0`` for
Python < 3.12 avoids it.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 40  # far more releases than any session can make


def affected(pyside_version: str | None = None, python: tuple[int, int] | None = None) -> bool:
    """Whether this PySide6 / Python pair over-releases None, True and False."""
    if pyside_version is None:
        import PySide6

        pyside_version = PySide6.__version__
    python = python or (sys.version_info.major, sys.version_info.minor)
    return python < (3, 12) and pyside_version.startswith("6.12.")


def protect_singletons() -> bool:
    """Raise the reference counts of None, True and False on affected versions; True if done."""
    if not affected() or sys.implementation.name != "cpython":
        return False
    import ctypes  # only on affected versions: not worth its start-up cost elsewhere

    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        if count.value < _HEADROOM // 2:
            count.value += _HEADROOM
    return True
