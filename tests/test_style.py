"""Small parts: no window module over 400 lines, no class over 300, no function over 60.

The window grows with every feature (profiles, history, recipient lookup, a live preview,
translations); these limits keep each part small enough to read in one go. A declarative table
(a long literal: a list of options, of columns, of words) may be longer if it is named in
``ALLOWED`` below with its reason — code may not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUI = sorted((ROOT / "gui").glob("*.py"))
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60
# "module.py:Qualified.name" -> why it may be longer (declarative tables only).
ALLOWED: dict[str, str] = {}


def _definitions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.AST]]:
    found: list[tuple[str, ast.AST]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{prefix}{node.name}"
            found.append((name, node))
            found += _definitions(node, f"{name}.")
    return found


def _length(node: ast.AST) -> int:
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return node.end_lineno - start + 1  # type: ignore[attr-defined]


def _too_long(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{path.name}: {lines} lines (at most {MAX_MODULE_LINES})")
    for name, node in _definitions(ast.parse(text)):
        limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
        length = _length(node)
        key = f"{path.name}:{name}"
        if length > limit and key not in ALLOWED:
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            found.append(f"{key}: {kind} of {length} lines (at most {limit})")
    return found


@pytest.mark.parametrize("path", GUI, ids=[p.name for p in GUI])
def test_window_modules_classes_and_functions_are_small(path: Path) -> None:
    assert _too_long(path) == []


def test_the_limits_catch_what_they_are_for(tmp_path: Path) -> None:
    # The check itself can fail: a long module, class and function are each named.
    body = "\n".join(f"    x{i} = {i}" for i in range(61))
    source = f"class Big:\n    def long(self):\n{body.replace('    ', '        ')}\n"
    source += "\n".join(f"# {i}" for i in range(400))
    module = tmp_path / "big.py"
    module.write_text(source, encoding="utf-8")
    found = _too_long(module)
    assert any(line.startswith("big.py: ") for line in found)
    assert any(line.startswith("big.py:Big.long: function") for line in found)
    wide = tmp_path / "wide.py"
    wide.write_text(
        "class Wide:\n" + "\n".join(f"    def f{i}(self):\n        pass" for i in range(160)),
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in _too_long(wide)] == ["Wide"]


def test_every_allowed_entry_still_exists_and_says_why() -> None:
    names = {f"{p.name}:{n}" for p in GUI for n, _ in _definitions(ast.parse(p.read_text()))}
    for key, reason in ALLOWED.items():
        assert key in names, f"{key} is allowed but gone: remove it from ALLOWED"
        assert reason.strip(), key
