"""A read-only tree model of a JSON value (columns Key, Value, Type) for the result panel.

Children are created only when a branch is opened, and long arrays arrive in chunks through
``canFetchMore``/``fetchMore``, so a big answer costs nothing until someone looks at it. The panel
imports this module on the first answer only: it is not needed for the window's first paint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from core.i18n import N_, _, ngettext

__all__ = ["JsonModel", "json_type"]

CHUNK = 500  # children added per fetchMore
MAX_SHOWN_CHARS = 300  # longer strings are cut in the Value column (the tooltip has the whole text)
COLUMNS = (N_("Key"), N_("Value"), N_("Type"))
ValueRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value: object, array, string, number, boolean or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return type(value).__name__


# The type names as the Type column shows them (json_type's names are JSON's own, in English).
TYPE_WORDS = {
    "null": N_("null"),
    "boolean": N_("boolean"),
    "number": N_("number"),
    "string": N_("string"),
    "object": N_("object"),
    "array": N_("array"),
}


def _display(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        n = len(value)
        return "{" + ngettext("{n} key", "{n} keys", n).format(n=n) + "}"
    if isinstance(value, (list, tuple)):
        n = len(value)
        return "[" + ngettext("{n} item", "{n} items", n).format(n=n) + "]"
    text = str(value)
    if len(text) > MAX_SHOWN_CHARS:
        return text[:MAX_SHOWN_CHARS] + "…"
    return text


class _Node:
    """One value in the tree; its children are made on demand, CHUNK at a time."""

    __slots__ = ("children", "key", "parent", "row", "value")

    def __init__(self, key: str | int | None, value: Any, parent: _Node | None, row: int) -> None:
        self.key = key
        self.value = value
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []

    @property
    def total(self) -> int:
        if isinstance(self.value, (dict, list, tuple)):
            return len(self.value)
        return 0

    def load(self, count: int) -> int:
        """Create up to ``count`` more children; returns how many were added."""
        start = len(self.children)
        stop = min(self.total, start + count)
        if stop <= start:
            return 0
        if isinstance(self.value, dict):
            keys = list(self.value.keys())[start:stop]
            for offset, key in enumerate(keys):
                self.children.append(_Node(key, self.value[key], self, start + offset))
        else:
            for row in range(start, stop):
                self.children.append(_Node(row, self.value[row], self, row))
        return stop - start

    def path(self) -> tuple[str | int, ...]:
        keys: list[str | int] = []
        node: _Node | None = self
        while node is not None and node.parent is not None:
            keys.append(node.key if node.key is not None else "")
            node = node.parent
        return tuple(reversed(keys))


class JsonModel(QAbstractItemModel):
    """A JSON value as a tree. The root value's members are the top-level rows."""

    def __init__(self, value: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, value, None, 0)
        self._root.load(CHUNK)

    # -- loading -----------------------------------------------------------------------------
    def load(self, value: Any) -> None:
        """Replace the whole tree with a new value."""
        self.beginResetModel()
        self._root = _Node(None, value, None, 0)
        self._root.load(CHUNK)
        self.endResetModel()

    def root_value(self) -> Any:
        return self._root.value

    # -- helpers ----------------------------------------------------------------------------
    def _node(self, index: _Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, _Node):
                return node
        return self._root

    def key_path(self, index: _Index) -> tuple[str | int, ...]:
        """The keys from the root to ``index`` (used to keep fold state across answers)."""
        return self._node(index).path() if index.isValid() else ()

    def index_for_path(self, path: tuple[str | int, ...]) -> QModelIndex:
        """The index at a key path, loading branches on the way; invalid when it does not exist."""
        node = self._root
        index = QModelIndex()
        for key in path:
            if not isinstance(node.value, (dict, list, tuple)):
                return QModelIndex()
            if isinstance(node.value, dict):
                if key not in node.value:
                    return QModelIndex()
                row = list(node.value.keys()).index(key)
            else:
                if not isinstance(key, int) or not 0 <= key < len(node.value):
                    return QModelIndex()
                row = key
            while len(node.children) <= row:
                # Announce the rows we add so attached views stay consistent.
                start = len(node.children)
                count = min(max(CHUNK, row + 1 - start), node.total - start)
                self.beginInsertRows(index, start, start + count - 1)
                node.load(count)
                self.endInsertRows()
            node = node.children[row]
            index = self.createIndex(row, 0, node)
        return index

    # -- QAbstractItemModel -----------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if not node.children and node.total:
            node.load(CHUNK)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        up = node.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        if parent.isValid() and not node.children and node.total:
            node.load(CHUNK)
        return len(node.children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        return self._node(parent).total > 0

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return len(node.children) < node.total

    def fetchMore(self, parent: _Index) -> None:
        node = self._node(parent)
        start = len(node.children)
        count = min(CHUNK, node.total - start)
        if count <= 0:
            return
        self.beginInsertRows(parent, start, start + count - 1)
        node.load(count)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return str(node.key) if not isinstance(node.key, int) else f"[{node.key}]"
            if column == 1:
                return _display(node.value)
            name = json_type(node.value)
            return _(TYPE_WORDS[name]) if name in TYPE_WORDS else name
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            if isinstance(node.value, str) and len(node.value) > MAX_SHOWN_CHARS:
                return node.value[:5000]
            return None
        if role == ValueRole:
            return node.value
        if role == PathRole:
            return node.path()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None
