"""The core is a library: importing all of it must not load Qt.

The light part, which the window needs at start-up, must not even load requests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_IMPORT_ALL_OF_CORE = """
import importlib, pkgutil, sys
import core
names = ["core"] + [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
for name in names:
    importlib.import_module(name)
print(len(names))
banned = {"PySide6", "shiboken6", "gui"}
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in banned)))
"""


def _run(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def test_importing_every_core_module_never_loads_qt() -> None:
    count, qt_modules = _run(_IMPORT_ALL_OF_CORE)
    assert int(count) >= 3
    assert qt_modules == ""


def test_the_light_core_does_not_import_requests() -> None:
    # What the window needs for its first paint must not pull in the HTTP stack.
    code = (
        "import sys, importlib\n"
        "for n in ('core', 'core.errors', 'core.version'):\n"
        "    importlib.import_module(n)\n"
        "light = ('core.address', 'core.blocks', 'core.validate', 'core.request', 'core.result')\n"
        "for n in light:\n"
        "    try:\n"
        "        importlib.import_module(n)\n"
        "    except ModuleNotFoundError as e:\n"
        "        if e.name != n: raise\n"
        "print('requests' in sys.modules)\n"
    )
    assert _run(code) == ["False"]


def test_the_layering_check_can_fail() -> None:
    # The subprocess check sees Qt when Qt is imported: guards against a check that cannot fail.
    _count, qt_modules = _run(
        "import sys, PySide6.QtCore\nprint(1)\nprint('PySide6' in sys.modules)"
    )
    assert qt_modules == "True"
