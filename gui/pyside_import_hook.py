"""PySide6's import hook reads the source of every module imported after it; this spares it that.

Once PySide6 is imported, every ``import`` statement in the process passes through its hook
(``shibokensupport.feature.feature_imported``, installed as ``builtins.__import__``). The first time
the hook sees a module name it decides whether that module "uses PySide" — for the ``__feature__``
switches ``snake_case`` and ``true_property`` — by reading the module's whole source with
``inspect.getsource`` and looking for the word ``PySide6`` in it (PYSIDE-2029). It stores the
answer in ``shibokensupport.feature.pyside_feature_dict``: 0 (uses PySide6: the default selection)
or -1 (ignore this module). On the way to the window's first paint that meant ~65 modules — the
standard library's as well as ours, each on its first ``import`` after PySide6 — 17–23 ms of a
start-up that has ~110 ms to spend beyond a bare window, and ``linecache`` kept every source it
read (~2.2 MiB of the process's memory, for good).

:func:`spare_source_scan` writes the same answers into that table before the modules are
imported, so the hook finds them there and reads nothing: -1 for the standard library (no module
of it mentions PySide6), the core (which never imports Qt) and the few gui modules without Qt
(:data:`GUI_WITHOUT_QT`); 0 for the other gui modules. ``tests/gui/test_pyside_import_hook.py``
holds these answers to the hook's own for every module of ``core`` and ``gui``.

Even a wrong answer would change nothing here: libpyside's ``getFeatureSelectId`` treats a name
that is absent or -1 as "keep the last selection", and since no module of b24notify selects a
feature (also tested), that selection is always 0. If a PySide6 release drops the table, this
does nothing and the hook simply reads the sources again.
"""

from __future__ import annotations

import functools
import os
import sys

# The gui modules that do not import PySide6 (the hook answers -1 for them, 0 for the others).
GUI_WITHOUT_QT = frozenset(
    {
        "gui",
        "gui.block_rows",
        "gui.bulk_rows",
        "gui.call_job",
        "gui.form_state",
        "gui.format",
        "gui.launcher",
        "gui.notification_html",
        "gui.secret_store",
        "gui.validation",
        "gui.window_memory",
    }
)
USES_PYSIDE = 0  # the hook's answers
IGNORED = -1


def feature_table() -> dict[str, int] | None:
    """PySide6's table of modules and their feature selections, or None (not loaded, or changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


@functools.cache  # the package folders do not change while the process runs
def our_modules() -> dict[str, int]:
    """Every module of the ``core`` and ``gui`` packages and their sub-packages (the sandbox's),
    with the hook's answer for it.

    Found by listing the package folders (a few directory reads), not by importing them.
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    answers: dict[str, int] = {}
    folders = [("core", os.path.join(root, "core")), ("gui", os.path.join(root, "gui"))]
    while folders:
        package, folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        answers[package] = IGNORED  # the packages' __init__ modules say nothing of PySide6
        for entry in entries:
            stem, dot, ext = entry.name.partition(".")
            if entry.is_dir() and not dot:
                if os.path.exists(os.path.join(entry.path, "__init__.py")):  # a sub-package
                    folders.append((f"{package}.{stem}", entry.path))
            elif ext == "py" and stem != "__init__":
                name = f"{package}.{stem}"
                gui = package == "gui" and name not in GUI_WITHOUT_QT
                answers[name] = USES_PYSIDE if gui else IGNORED
    return answers


def spare_source_scan() -> int:
    """Enter the hook's answers for the standard library and b24notify's modules in advance.

    It imports PySide6 (which installs the hook) if that is not done yet: call it before any
    other import of PySide6 or of the window's modules. Answers already in the table are kept.
    Returns how many names were entered (0 when the table is not there).
    """
    import PySide6  # noqa: F401  (installs the hook and its table)

    table = feature_table()
    if table is None:
        return 0
    before = len(table)
    stdlib = sys.stdlib_module_names
    # Built whole, then merged under the table's own answers: a few dict operations in C rather
    # than a Python loop over ~500 names (this runs on the first paint's way).
    answers = dict.fromkeys(stdlib, IGNORED)
    loaded = [name for name in sys.modules if name.partition(".")[0] in stdlib]
    answers.update(dict.fromkeys(loaded, IGNORED))
    answers.update(our_modules())
    answers.update(table)  # answers already in the table are kept
    table.update(answers)
    return len(table) - before
