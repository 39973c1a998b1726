"""The sandbox is an independent oracle: it shares nothing with the client but ``core.secrets``.

If it imported the client's validation or request code, a mistake there would be made on both
sides and every test would still pass (issue 8, "Sandbox details"). It is also stdlib only.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SANDBOX = ROOT / "core" / "sandbox"
ALLOWED_CORE = {"core", "core.secrets", "core.version"}


def imported_names(source: str, package: str) -> set[str]:
    """Every module an ``import`` / ``from ... import`` names, at any depth (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            # "from core import validate" imports core.validate
            names.update(f"{module}.{alias.name}" for alias in node.names if module == "core")
    return names


def forbidden(names: set[str]) -> list[str]:
    """Names that break the rule: core modules other than the shared ones, or non-stdlib ones."""
    bad = []
    for name in sorted(names):
        top = name.split(".", 1)[0]
        if top == "core":
            if name not in ALLOWED_CORE and not name.startswith("core.sandbox"):
                bad.append(name)
        elif top not in sys.stdlib_module_names and top != "__future__":
            bad.append(name)
    return bad


def test_no_sandbox_source_imports_the_client() -> None:
    files = sorted(SANDBOX.glob("*.py"))
    assert len(files) >= 10
    found = {
        f"{path.name}: {name}"
        for path in files
        for name in forbidden(imported_names(path.read_text("utf-8"), "core.sandbox"))
    }
    assert found == set()


_RUNTIME = """
import importlib, pkgutil, sys
import core.sandbox
for info in pkgutil.walk_packages(core.sandbox.__path__, "core.sandbox."):
    importlib.import_module(info.name)
{extra}
print(",".join(sorted(m for m in sys.modules if m == "core" or m.startswith("core."))))
"""


def loaded_core_modules(extra: str = "") -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _RUNTIME.format(extra=extra)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.strip().split(","))


def test_importing_the_whole_sandbox_loads_no_client_module() -> None:
    loaded = loaded_core_modules()
    assert "core.sandbox.portal" in loaded
    assert {m for m in loaded if not m.startswith("core.sandbox")} <= ALLOWED_CORE


def test_the_checks_can_fail() -> None:
    # Both checks see a forbidden import when there is one.
    assert forbidden(imported_names("from core.validate import check_attachments", "x")) == [
        "core.validate"
    ]
    assert forbidden(imported_names("from core import request\nimport requests", "x")) == [
        "core.request",
        "requests",
    ]
    assert forbidden(imported_names("def f():\n    from ..address import parse", "core.sandbox"))
    assert "core.blocks" in loaded_core_modules("import core.blocks")
