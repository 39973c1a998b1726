"""gui/pyside_import_hook.py: PySide6's import hook gets its answers without reading our sources."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

from gui import pyside_import_hook
from gui.pyside_import_hook import IGNORED, USES_PYSIDE, feature_table, our_modules
from tests.gui._real_start import ROOT, child_report


def _hook_module():
    import PySide6  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no source-reading import hook")
    return feature


def test_our_answers_are_the_hooks_own_for_every_module_of_core_and_gui() -> None:
    hook = _hook_module()
    answers = our_modules()
    files = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("core", "gui")
        for p in (ROOT / package).rglob("*.py")
    }
    assert set(answers) == files  # every module, and nothing else
    wrong = {}
    for name, answer in answers.items():
        module = importlib.import_module(name)
        hooks = USES_PYSIDE if hook._mod_uses_pyside(module) else IGNORED
        if hooks != answer:
            wrong[name] = (answer, hooks)
    assert not wrong, f"(ours, the hook's) differ: {wrong}; update GUI_WITHOUT_QT"


def test_no_module_of_ours_selects_a_pyside_feature() -> None:
    # Why a wrong answer could not matter (see the module's docstring): nothing selects a feature.
    for path in [*ROOT.glob("core/**/*.py"), *ROOT.glob("gui/**/*.py")]:
        source = path.read_text(encoding="utf-8")
        assert "from __feature__" not in source and "import __feature__" not in source, path
        assert "set_selection(" not in source, path


def test_answers_already_there_are_kept_and_a_missing_table_is_no_error(monkeypatch) -> None:
    table = feature_table()
    if table is None:
        pytest.skip("this PySide6 has no feature table")
    monkeypatch.setitem(table, "gui.main_window", 7)
    pyside_import_hook.spare_source_scan()
    assert table["gui.main_window"] == 7
    assert table["json"] == IGNORED and table["core.cli"] == IGNORED
    monkeypatch.setattr(pyside_import_hook, "feature_table", lambda: None)
    assert pyside_import_hook.spare_source_scan() == 0


_REAL_START = r"""
import linecache, sys
import gui.launcher
import gui.app

build, seen = gui.app.build, {}

def build_and_report(sandbox=False):
    window, portal = build(sandbox)
    seen["read"] = sorted(linecache.cache)  # what was read while the window's modules loaded
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, window.close)
    return window, portal

def run(sandbox=False):
    gui.app.build = build_and_report
    return gui.app.run(sandbox=sandbox)

gui.launcher._open_window = run
code = gui.launcher.main([])
import json
print(json.dumps({"code": code, "read": seen.get("read")}))
"""


def test_a_real_start_reads_no_source_of_ours_or_of_the_standard_library(tmp_path) -> None:
    # Before: the hook read ~60 modules' sources on the way to the first paint (17-23 ms) and
    # linecache kept them (~2.2 MiB). PySide6 still reads its own __init__ and enum.py itself.
    # A warning's source line would land in linecache too.
    report, _ = child_report(_REAL_START, tmp_path, python_args=("-W", "ignore"))
    assert report["code"] == 0 and report["read"] is not None, report
    ours = [p for p in report["read"] if Path(p).is_relative_to(ROOT) and "site-packages" not in p]
    assert not ours, ours
    stdlib = Path(os.__file__).parent
    pyside_reads_itself = str(stdlib / "enum.py")
    read_stdlib = [
        p
        for p in report["read"]
        if Path(p).is_relative_to(stdlib) and "site-packages" not in p and p != pyside_reads_itself
    ]
    assert not read_stdlib, read_stdlib
