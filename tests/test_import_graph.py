"""The import graph: no circles, the core never imports the window, the sandbox stays independent.

Every ``import`` statement counts, wherever it stands (module level, inside a function, under
``TYPE_CHECKING``): a lazy import is still a dependency, and a circle through one still means two
modules that cannot be understood (or tested) one without the other. The graph is read with
``ast`` from the source files, so nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "gui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (``core.errors.Problem`` -> ``core.errors``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (packages' ``__init__`` not implied)."""
    known = _modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            for target in targets:
                module = _resolve(target, known)
                if module is not None and module != name:
                    graph[name].add(module)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_import_circles() -> None:
    # The packages' __init__ modules count too: nothing in core or gui imports them back.
    assert cycles(import_graph()) == []


def test_the_core_never_imports_the_window() -> None:
    graph = import_graph()
    offenders = {m: sorted(d for d in deps if d.startswith("gui")) for m, deps in graph.items()}
    assert {m: d for m, d in offenders.items() if m.startswith("core") and d} == {}


def test_the_core_never_imports_qt() -> None:
    """Read from the source, so a Qt import inside a function that no test calls counts too."""
    offenders = {}
    for name, path in _modules().items():
        if not name.startswith("core"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            qt = [n for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
            if qt:
                offenders.setdefault(name, []).extend(qt)
    assert offenders == {}


def test_the_sandbox_imports_nothing_of_the_client_side() -> None:
    allowed = ("core.sandbox", "core.secrets", "core.version")
    graph = import_graph()
    wrong = {
        m: sorted(d for d in deps if not d.startswith(allowed))
        for m, deps in graph.items()
        if m.startswith("core.sandbox")
    }
    assert {m: d for m, d in wrong.items() if d} == {}


def test_the_graph_counts_lazy_and_type_checking_imports() -> None:
    # The reader must see what these tests guard: an import inside a function (Client.check
    # imports core.check when called) and one under TYPE_CHECKING (core.errors names Result).
    graph = import_graph()
    assert "core.check" in graph["core.client"]
    assert "core.result" in graph["core.errors"]
    assert "core.sandbox.server" in graph["core.sandbox.portal"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
