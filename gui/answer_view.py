"""The portal's answer as received: a collapsible tree, pretty-printed JSON, and the raw body.

The tree has Expand all / Collapse all, and its fold state survives the next answer
(:mod:`gui.tree_fold`); a tree row's
value or key path can be copied (context menu, Ctrl+C), and "Copy answer" copies the body exactly
as received. A body that is not JSON is shown raw only; with no answer at all, a sentence says why
instead of three empty views.

The tree model module is imported when a call is first pending (or on the first answer), so the
view costs nothing at start-up.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.i18n import N_, _
from gui.qt_names import set_enum_property
from gui.tree_fold import TreeFold

if TYPE_CHECKING:
    from gui.json_model import JsonModel

__all__ = ["NO_ANSWER", "AnswerView"]

NO_ANSWER = N_("The portal's answer appears here, exactly as received.")


class AnswerView(QStackedWidget):
    """The Tree / Pretty / Raw tabs (``resultTabs``), or the sentence that stands for no answer
    (``emptyAnswerLabel``); it is the ``answerStack`` of those two."""

    copied = Signal(str)  # text put on the clipboard (the raw answer, a value or a key path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerStack")
        self._model: JsonModel | None = None
        self._tree_value: Any = None
        self._pretty_dirty = False
        self._mono_set = False
        self.raw_text = ""  # the last answer's body exactly as received

        tree_page = self._tree_page()
        self._text_views()
        self._tabs(tree_page)
        self.emptyLabel = QLabel(self)
        self.emptyLabel.setObjectName("emptyAnswerLabel")
        self.emptyLabel.setWordWrap(True)
        set_enum_property(self.emptyLabel, "alignment", "AlignCenter")
        self.emptyLabel.setEnabled(False)  # drawn in the palette's muted text colour
        self.addWidget(self.emptyLabel)
        self.addWidget(self.tabs)

    def _tree_page(self) -> QWidget:
        """The tree with Expand all / Collapse all above it."""
        self.resultTree = QTreeView(self)
        self.resultTree.setObjectName("resultTree")
        self.resultTree.setAccessibleName(_("Answer as a tree"))
        self.resultTree.setUniformRowHeights(True)
        self.resultTree.setAlternatingRowColors(True)
        self.resultTree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self._fold = TreeFold(self.resultTree)
        # No mnemonics here: the form beside this panel already uses most letters. No parent
        # argument: QPushButton(text, parent) is resolved against (QIcon, text), which builds
        # QIcon's enum classes; the layouts below adopt the buttons.
        self.expandAllButton = QPushButton(_("Expand all"))
        self.expandAllButton.setObjectName("expandAllButton")
        self.expandAllButton.clicked.connect(self.expand_all)
        self.collapseAllButton = QPushButton(_("Collapse all"))
        self.collapseAllButton.setObjectName("collapseAllButton")
        self.collapseAllButton.clicked.connect(self.collapse_all)
        self._set_tree_buttons_enabled(False)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.expandAllButton)
        buttons.addWidget(self.collapseAllButton)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.resultTree)
        return page

    def _text_views(self) -> None:
        self.resultPretty = QPlainTextEdit(self)
        self.resultPretty.setObjectName("resultPretty")
        self.resultPretty.setAccessibleName(_("Answer, pretty-printed"))
        self.resultPretty.setReadOnly(True)

        self.resultRaw = QPlainTextEdit(self)
        self.resultRaw.setObjectName("resultRaw")
        self.resultRaw.setAccessibleName(_("Answer as received"))
        self.resultRaw.setReadOnly(True)
        self.resultRaw.setPlaceholderText(_(NO_ANSWER))

    def _tabs(self, tree_page: QWidget) -> None:
        self.copyButton = QPushButton(_("Copy answer"))
        self.copyButton.setObjectName("copyResultButton")
        self.copyButton.setToolTip(_("Copy the answer, exactly as received, to the clipboard"))
        self.copyButton.clicked.connect(self.copy_raw)
        self.copyButton.setEnabled(False)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("resultTabs")
        self.tabs.setDocumentMode(True)
        self._tree_tab = self.tabs.addTab(tree_page, _("Tree"))
        self._pretty_tab = self.tabs.addTab(self.resultPretty, _("Pretty"))
        self._raw_tab = self.tabs.addTab(self.resultRaw, _("Raw"))
        self.tabs.setCornerWidget(self.copyButton)  # top right
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabBarClicked.connect(self._on_tab_clicked)
        self._user_tab = self._tree_tab
        # Tab follows what the eye reads: the view tabs, Copy answer beside them, then the tree's
        # buttons above it and the tree (it was tree first, then the buttons, then the tabs).
        for first, second in (
            (self.tabs, self.copyButton),
            (self.copyButton, self.expandAllButton),
            (self.expandAllButton, self.collapseAllButton),
            (self.collapseAllButton, self.resultTree),
            (self.resultTree, self.resultPretty),
            (self.resultPretty, self.resultRaw),
        ):
            QWidget.setTabOrder(first, second)

    # -- showing an answer ------------------------------------------------------------------
    def show_answer(self, raw: Any, text: str, *, placeholder: str = "") -> None:
        """``raw`` is the parsed JSON (or None), ``text`` the body as received; ``placeholder``
        stands where no answer is (``NO_ANSWER`` by default)."""
        if text or raw is not None:
            self._use_monospace()
        # The editor shows CRLF as plain line breaks; raw_text keeps the body byte for byte.
        self.raw_text = text
        self.resultRaw.setPlainText(text)
        self.resultRaw.setPlaceholderText(placeholder or _(NO_ANSWER))
        self.copyButton.setEnabled(bool(text))
        has_tree = isinstance(raw, (dict, list))
        self._tree_value = raw if has_tree else None
        self._show_tree(raw if has_tree else None)
        self._pretty_dirty = True
        self.resultPretty.clear()
        # Tree and Pretty are off only for a body that is not JSON; the raw view is then shown.
        # Otherwise the view the user last picked comes back (Tree until they pick another).
        only_raw = bool(text) and not has_tree
        self.tabs.setTabEnabled(self._tree_tab, not only_raw)
        self.tabs.setTabEnabled(self._pretty_tab, not only_raw)
        self.tabs.setCurrentIndex(self._raw_tab if only_raw else self._user_tab)
        if text or raw is not None:
            self.setCurrentWidget(self.tabs)
        else:
            self.emptyLabel.setText(placeholder or _(NO_ANSWER))
            self.setCurrentWidget(self.emptyLabel)
        if self.tabs.currentIndex() == self._pretty_tab:
            self._fill_pretty()

    def prepare(self) -> JsonModel:
        """The tree model, made on first need (a call in flight or the first answer)."""
        if self._model is None:
            from gui.json_model import JsonModel  # not at start-up: keeps the first paint light

            self._add_tree_actions()
            self._model = JsonModel({}, self)
            self.resultTree.setModel(self._model)
            header = self.resultTree.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, header.ResizeMode.Interactive)
            header.setSectionResizeMode(1, header.ResizeMode.Stretch)
            header.setSectionResizeMode(2, header.ResizeMode.ResizeToContents)
            self.resultTree.setColumnWidth(0, 180)
        return self._model

    # -- copying ----------------------------------------------------------------------------
    def copy_raw(self) -> None:
        """Copy the answer exactly as received (line endings included) to the clipboard."""
        self._copy(self.raw_text)

    def selected_value_text(self) -> str:
        """The selected tree row's value as text: strings as is, anything else as compact JSON."""
        index = self.resultTree.currentIndex()
        if self._model is None or not index.isValid():
            return ""
        from gui.json_model import ValueRole

        value = self._model.data(index.siblingAtColumn(0), ValueRole)
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)

    def selected_path_text(self) -> str:
        """The selected row's key path, e.g. ``time.operating_reset_at`` or ``result[0].ID``."""
        index = self.resultTree.currentIndex()
        if self._model is None or not index.isValid():
            return ""
        text = ""
        for key in self._model.key_path(index):
            text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
        return text

    def copy_selected_value(self) -> None:
        self._copy(self.selected_value_text())

    def copy_selected_path(self) -> None:
        self._copy(self.selected_path_text())

    def _copy(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)

    # -- folding ----------------------------------------------------------------------------
    def expand_all(self) -> None:
        """Open every branch (this and later answers)."""
        self._fold.expand_all()

    def collapse_all(self) -> None:
        """Close every branch (this and later answers)."""
        self._fold.collapse_all()

    def _show_tree(self, value: Any) -> None:
        if value is None:
            if self._model is not None:
                self._model.load({})
            self._set_tree_buttons_enabled(False)
            return
        self.prepare().load(value)
        self._set_tree_buttons_enabled(True)
        self._fold.restore(value)

    # -- widgets ----------------------------------------------------------------------------
    def _add_tree_actions(self) -> None:
        """Copy value / Copy key path on the tree (context menu, Ctrl+C); made with the model."""
        from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py
        from PySide6.QtGui import QAction, QKeySequence

        self.resultTree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy_value = QAction(_("Copy value"), self.resultTree)
        copy_value.setShortcut(QKeySequence.StandardKey.Copy)
        copy_value.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy_value.triggered.connect(self.copy_selected_value)
        copy_path = QAction(_("Copy key path"), self.resultTree)
        copy_path.triggered.connect(self.copy_selected_path)
        self.resultTree.addActions([copy_value, copy_path])

    def _use_monospace(self) -> None:
        """Monospace for the JSON views, looked up on the first answer (font lookup is slow)."""
        if self._mono_set:
            return
        self._mono_set = True
        from PySide6.QtGui import QFontDatabase

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.resultRaw.setFont(mono)
        self.resultPretty.setFont(mono)

    def _set_tree_buttons_enabled(self, enabled: bool) -> None:
        self.expandAllButton.setEnabled(enabled)
        self.collapseAllButton.setEnabled(enabled)

    def _on_tab_clicked(self, index: int) -> None:
        if index >= 0 and self.tabs.isTabEnabled(index):
            self._user_tab = index

    def _on_tab_changed(self, index: int) -> None:
        if index == self._pretty_tab:
            self._fill_pretty()

    def _fill_pretty(self) -> None:
        if not self._pretty_dirty:
            return
        self._pretty_dirty = False
        if self._tree_value is None:
            self.resultPretty.clear()
            return
        self.resultPretty.setPlainText(json.dumps(self._tree_value, indent=2, ensure_ascii=False))
