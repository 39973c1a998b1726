"""Which branches of the answer tree are open, kept from one answer to the next.

Branches are remembered by their key path (``("result", 0)``), so the next answer opens the same
places. The first answer opens its top level (``result``, ``time``); Expand all opens everything
of this and later answers (up to :data:`EXPAND_ALL_LIMIT` values: past it, only the top level),
except the branches closed since; Collapse all closes everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTreeView

    from gui.json_model import JsonModel

EXPAND_ALL_LIMIT = 20_000  # values in an answer beyond which "Expand all" on a new one is skipped

Path = tuple[str | int, ...]


def _count_values(value: Any, limit: int) -> int:
    """How many JSON values an answer holds, counted up to ``limit`` (a guard for expandAll)."""
    count, stack = 0, [value]
    while stack and count < limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


class TreeFold:
    """Follows the user's folding of ``tree`` and puts it back on the next answer."""

    def __init__(self, tree: QTreeView) -> None:
        self._tree = tree
        self._expanded: set[Path] = set()
        self._collapsed: set[Path] = set()
        self._expand_all_mode = False
        self._touched = False  # the user has folded or unfolded something
        self._restoring = False  # our own expand/collapse calls are not the user's
        tree.expanded.connect(self._on_expanded)
        tree.collapsed.connect(self._on_collapsed)

    def _model(self) -> JsonModel | None:
        return self._tree.model()  # type: ignore[return-value]

    def expand_all(self) -> None:
        """Open every branch (this and later answers)."""
        self._expand_all_mode = True
        self._touched = True
        self._collapsed.clear()
        if self._model() is not None:
            self._quietly(self._tree.expandAll)

    def collapse_all(self) -> None:
        """Close every branch (this and later answers)."""
        self._expand_all_mode = False
        self._touched = True
        self._expanded.clear()
        self._collapsed.clear()
        self._quietly(self._tree.collapseAll)

    def restore(self, value: Any) -> None:
        """A new answer (``value``) is in the tree: open what was open."""
        model = self._model()
        if model is not None:
            self._quietly(lambda: self._restore(model, value))

    def _restore(self, model: JsonModel, value: Any) -> None:
        tree = self._tree
        if self._expand_all_mode:
            if _count_values(value, EXPAND_ALL_LIMIT) < EXPAND_ALL_LIMIT:
                tree.expandAll()
            else:  # too big to open everything: open the top level only
                tree.expandToDepth(0)
            self._apply(model, self._collapsed, tree.collapse)
        elif not self._touched:
            # First look: open the top level (result, time) so the answer reads at a glance.
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                if model.hasChildren(index):
                    tree.expand(index)
                    self._expanded.add(model.key_path(index))
        else:
            self._apply(model, self._expanded, tree.expand)

    @staticmethod
    def _apply(model: JsonModel, paths: set[Path], fold: Any) -> None:
        for path in sorted(paths, key=len):
            index = model.index_for_path(path)
            if index.isValid():
                fold(index)

    def _quietly(self, fn: Any) -> None:
        self._restoring = True
        try:
            fn()
        finally:
            self._restoring = False

    def _on_expanded(self, index: QModelIndex) -> None:
        model = self._model()
        if self._restoring or model is None:
            return
        self._touched = True
        path = model.key_path(index)
        self._expanded.add(path)
        self._collapsed.discard(path)

    def _on_collapsed(self, index: QModelIndex) -> None:
        model = self._model()
        if self._restoring or model is None:
            return
        self._touched = True
        path = model.key_path(index)
        self._expanded.discard(path)
        self._collapsed.add(path)
