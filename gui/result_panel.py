"""The result panel: what happened to the last call, in words, and the portal's answer as is.

A status line says the outcome (sent with its id, or the error's category, explanation and what to
do), a details line gives the HTTP status, round-trip time, attempts, a redirect and the portal's
``time`` block, and the JSON answer is shown as a collapsible tree (with Expand all / Collapse all;
the fold state survives the next answer), pretty-printed, and raw — exactly the body received.

The tree model module is imported on the first answer only, so the panel costs nothing at start-up.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.errors import (
    B24NotifyError,
    CancelledError,
    Category,
    InputError,
    NotSentError,
    OutcomeUnknownError,
)
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

    from core.check import CheckReport
    from core.result import Result
    from gui.json_model import JsonModel

__all__ = ["CATEGORY_WORDS", "ResultPanel", "tone_color"]

CATEGORY_WORDS: dict[Category, str] = {
    Category.INPUT: "Input problem",
    Category.CREDENTIALS: "Credentials problem",
    Category.PERMISSION: "Permission problem",
    Category.RATE_LIMIT: "Rate limit reached",
    Category.SERVER: "Portal server problem",
    Category.NETWORK: "Network problem",
}

SEND_METHODS = ("im.notify.personal.add", "im.notify.system.add", "im.notify")
DELETE_METHOD = "im.notify.delete"
EXPAND_ALL_LIMIT = (
    20_000  # values in an answer beyond which "Expand all" on a new answer is skipped
)

# (light background, dark background): readable on both, never pure red/green on black.
_TONES = {
    "ok": ("#1e7b34", "#7ee08f"),
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5300", "#ffc66d"),
}

_FINDING_MARKS = {"ok": "✓", "warning": "!", "error": "✗"}


def tone_color(tone: str, palette: QPalette) -> QColor:
    """The status colour for a tone (ok, error, warning, neutral) suiting the palette."""
    from PySide6.QtGui import QPalette  # not before the first status: see _apply_tone

    if tone not in _TONES:
        return palette.color(QPalette.ColorRole.WindowText)
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(_TONES[tone][1 if dark else 0])


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


class StatusLabel(QLabel):
    """The status line: first line bold in the outcome's colour, the rest in the text colour.

    It renders rich text, but ``text()`` returns the plain words shown (no markup), so tests and
    tools read what the user reads. The text is selectable with the mouse and the keyboard.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plain = ""
        self._colour = QColor()
        self.setWordWrap(True)
        set_enum_property(self, "textFormat", "RichText")
        set_enum_property(
            self, "textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def text(self) -> str:  # type: ignore[override]
        """The status as plain text, one line per statement."""
        return self._plain

    def headline_colour(self) -> QColor:
        """The colour of the first line (the outcome's tone)."""
        return QColor(self._colour)

    def show_status(self, text: str, colour: QColor) -> None:
        self._plain = text
        self._colour = colour  # not QColor(colour): that overload check builds Qt's enums
        self.setAccessibleDescription(text)
        if not text:
            super().setText("")
            return
        head, *rest = text.split("\n")
        parts = [f'<span style="color:{colour.name()}; font-weight:600">{_escape(head)}</span>']
        for line in rest:
            if line.startswith(_ADVICE):
                parts.append(f"<b>{_ADVICE}</b>{_escape(line[len(_ADVICE) :])}")
            else:
                parts.append(_escape(line))
        super().setText("<br>".join(parts))


_ADVICE = "What to do:"
_NO_ANSWER = "The portal's answer appears here, exactly as received."


def _escape(text: str) -> str:
    """HTML-escape for the status label (the ``html`` module is not worth its start-up cost)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ResultPanel(QWidget):
    """Shows the outcome of the last send, delete or check. See the module docstring."""

    copied = Signal(str)  # the raw answer was copied to the clipboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "empty"  # empty | pending | result | error | check | cancelled
        self.tone = "neutral"
        self._model: JsonModel | None = None
        self._tree_value: Any = None
        self._pretty_dirty = False
        self._expanded: set[tuple[str | int, ...]] = set()
        self._collapsed: set[tuple[str | int, ...]] = set()
        self._expand_all_mode = False
        self._fold_touched = False
        self._restoring = False
        self._mono_set = False
        self.raw_text = ""  # the last answer's body exactly as received

        self.statusLabel = StatusLabel(self)
        self.statusLabel.setObjectName("statusLabel")
        self.statusLabel.setAccessibleName("Result status")

        self.detailsLabel = QLabel(self)
        self.detailsLabel.setObjectName("detailsLabel")
        self.detailsLabel.setAccessibleName("Result details")
        self.detailsLabel.setWordWrap(True)
        set_enum_property(self.detailsLabel, "textFormat", "PlainText")
        set_enum_property(self.detailsLabel, "textInteractionFlags", "TextSelectableByMouse")
        self.detailsLabel.hide()

        # A coloured bar left of the status, like a callout: the outcome is visible at a glance.
        self.statusStripe = QFrame(self)
        self.statusStripe.setObjectName("statusStripe")
        self.statusStripe.setFixedWidth(4)
        self.statusStripe.setAutoFillBackground(True)
        self.statusStripe.hide()
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 2, 0, 2)
        status_row.setSpacing(8)
        status_text = QVBoxLayout()
        status_text.setContentsMargins(0, 0, 0, 0)
        status_text.setSpacing(2)
        status_text.addWidget(self.statusLabel)
        status_text.addWidget(self.detailsLabel)
        status_row.addWidget(self.statusStripe)
        status_row.addLayout(status_text, 1)

        self.busyBar = QProgressBar(self)
        self.busyBar.setObjectName("busyBar")
        self.busyBar.setAccessibleName("Waiting for the portal")
        self.busyBar.setRange(0, 0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setMaximumHeight(6)
        self.busyBar.hide()

        self.resultTree = QTreeView(self)
        self.resultTree.setObjectName("resultTree")
        self.resultTree.setAccessibleName("Answer as a tree")
        self.resultTree.setUniformRowHeights(True)
        self.resultTree.setAlternatingRowColors(True)
        self.resultTree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.resultTree.expanded.connect(self._on_expanded)
        self.resultTree.collapsed.connect(self._on_collapsed)

        # No mnemonics here: the form beside this panel already uses most letters. No parent
        # argument: QPushButton(text, parent) is resolved against (QIcon, text), which builds
        # QIcon's enum classes; the layouts below adopt the buttons.

        self.expandAllButton = QPushButton("Expand all")
        self.expandAllButton.setObjectName("expandAllButton")
        self.expandAllButton.clicked.connect(self.expand_all)
        self.collapseAllButton = QPushButton("Collapse all")
        self.collapseAllButton.setObjectName("collapseAllButton")
        self.collapseAllButton.clicked.connect(self.collapse_all)

        tree_page = QWidget(self)
        tree_layout = QVBoxLayout(tree_page)
        tree_layout.setContentsMargins(0, 4, 0, 0)
        tree_buttons = QHBoxLayout()
        tree_buttons.addWidget(self.expandAllButton)
        tree_buttons.addWidget(self.collapseAllButton)
        tree_buttons.addStretch(1)
        tree_layout.addLayout(tree_buttons)
        tree_layout.addWidget(self.resultTree)

        self.resultPretty = QPlainTextEdit(self)
        self.resultPretty.setObjectName("resultPretty")
        self.resultPretty.setAccessibleName("Answer, pretty-printed")
        self.resultPretty.setReadOnly(True)

        self.resultRaw = QPlainTextEdit(self)
        self.resultRaw.setObjectName("resultRaw")
        self.resultRaw.setAccessibleName("Answer as received")
        self.resultRaw.setReadOnly(True)
        self.resultRaw.setPlaceholderText(_NO_ANSWER)

        self.copyButton = QPushButton("Copy answer")
        self.copyButton.setObjectName("copyResultButton")
        self.copyButton.setToolTip("Copy the answer, exactly as received, to the clipboard")
        self.copyButton.clicked.connect(self.copy_raw)
        self.copyButton.setEnabled(False)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("resultTabs")
        self.tabs.setDocumentMode(True)
        self._tree_tab = self.tabs.addTab(tree_page, "Tree")
        self._pretty_tab = self.tabs.addTab(self.resultPretty, "Pretty")
        self._raw_tab = self.tabs.addTab(self.resultRaw, "Raw")
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

        # With no answer at all, a sentence says why instead of three empty views.
        self.emptyLabel = QLabel(self)
        self.emptyLabel.setObjectName("emptyAnswerLabel")
        self.emptyLabel.setWordWrap(True)
        set_enum_property(self.emptyLabel, "alignment", "AlignCenter")
        self.emptyLabel.setEnabled(False)  # drawn in the palette's muted text colour
        self.answerStack = QStackedWidget(self)
        self.answerStack.setObjectName("answerStack")
        self.answerStack.addWidget(self.emptyLabel)
        self.answerStack.addWidget(self.tabs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(status_row)
        layout.addWidget(self.busyBar)
        layout.addWidget(self.answerStack, 1)
        self._set_tree_buttons_enabled(False)
        self.clear()

    # -- public API -------------------------------------------------------------------------
    def clear(self) -> None:
        """Back to the empty state (no answer shown)."""
        self.state = "empty"
        self.busyBar.hide()
        self._set_status("", "neutral")
        self._set_details([])
        self._set_answer(None, "")

    def show_pending(self, message: str = "") -> None:
        """A call is in flight: busy indicator, a neutral status line; the old answer is cleared."""
        self.state = "pending"
        self._set_status(message or "Sending…", "neutral")
        self._set_details([])
        self._set_answer(None, "", raw_placeholder="Waiting for the portal's answer…")
        self.busyBar.show()
        # While the portal thinks, get the tree ready so drawing the answer is quick.
        QTimer.singleShot(0, self._ensure_model)

    def show_result(self, result: Result) -> None:
        """A finished call: the outcome in words, its details and the answer."""
        self.state = "result"
        self.busyBar.hide()
        status, tone = self._result_status(result)
        self._set_status(status, tone)
        self._set_details(self._result_details(result))
        self._set_answer(result.raw, result.text)

    def show_error(self, error: B24NotifyError) -> None:
        """A failed call or refused input: category, explanation, what to do, and any answer."""
        self.state = "error"
        self.busyBar.hide()
        status, tone = self._error_status(error)
        self._set_status(status, tone)
        result = getattr(error, "result", None)
        if result is not None:
            self._set_details(self._result_details(result))
            self._set_answer(result.raw, result.text)
        else:
            self._set_details([])
            if isinstance(error, (InputError, NotSentError)):
                note = "Nothing was sent, so there is no answer to show."
            else:
                note = "No answer arrived from the portal."
            self._set_answer(None, "", raw_placeholder=note)

    def show_check(self, report: CheckReport) -> None:
        """The connection check's findings, one per line; the caller's profile in the tree."""
        self.state = "check"
        self.busyBar.hide()
        levels = {f.level for f in report.findings}
        if report.ok:
            head, tone = "Connection works.", ("warning" if "warning" in levels else "ok")
        else:
            head, tone = "The connection check found a problem.", "error"
        lines = [head] + [
            f"{_FINDING_MARKS.get(f.level, '•')} {f.message}" for f in report.findings
        ]
        self._set_status("\n".join(lines), tone)
        self._set_details([])
        profile = report.profile
        note = (
            "The check makes several calls; the tree shows the profile it read."
            if profile is not None
            else "The check has no answer to show: see the findings above."
        )
        self._set_answer(profile, "", raw_placeholder=note)

    def show_cancelled(self, maybe_sent: bool, message: str = "") -> None:
        """The user cancelled; say whether the notification may exist anyway.

        ``message`` replaces the neutral sentence (a cancelled connection check sent nothing to
        anybody: "nothing was sent" would puzzle).
        """
        self.state = "cancelled"
        self.busyBar.hide()
        if maybe_sent:
            text = (
                "Cancelled after the request had gone out: the notification may or may not have "
                "been created.\nDo not send it again blindly — first look at the recipient's "
                "notifications."
            )
            self._set_status(text, "warning")
        else:
            self._set_status(message or "Cancelled — nothing was sent.", "neutral")
        self._set_details([])
        self._set_answer(None, "")

    def copy_raw(self) -> None:
        """Copy the answer exactly as received (line endings included) to the clipboard."""
        text = self.raw_text
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)

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
        text = self.selected_value_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)

    def copy_selected_path(self) -> None:
        text = self.selected_path_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)

    def expand_all(self) -> None:
        """Open every branch (this and later answers)."""
        self._expand_all_mode = True
        self._fold_touched = True
        self._collapsed.clear()
        if self._model is not None:
            self._restoring = True
            try:
                self.resultTree.expandAll()
            finally:
                self._restoring = False

    def collapse_all(self) -> None:
        """Close every branch (this and later answers)."""
        self._expand_all_mode = False
        self._fold_touched = True
        self._expanded.clear()
        self._collapsed.clear()
        self._restoring = True
        try:
            self.resultTree.collapseAll()
        finally:
            self._restoring = False

    # -- wording ----------------------------------------------------------------------------
    @staticmethod
    def _result_status(result: Result) -> tuple[str, str]:
        method = result.method
        if result.error_code:
            desc = f" — {result.error_description}" if result.error_description else ""
            return f"The portal answered with an error: {result.error_code}{desc}", "error"
        if not result.is_json:
            return (
                "The portal's answer is not JSON, so it cannot be read as a result. "
                "See the raw answer below.",
                "warning",
            )
        value = result.value
        if method in SEND_METHODS:
            kind = "Sent as a system notification" if method == "im.notify.system.add" else "Sent"
            if result.notification_id is not None:
                from core.voice import notes_after  # the first answer only

                head = f"{kind} — notification id {result.notification_id}"
                notes = [note.sentence() for note in notes_after(result)]
                return "\n".join([head, *notes]), ("warning" if notes else "ok")
            if value is False:
                return (
                    "Not sent — the portal answered result: false (the recipient does not exist, "
                    "is inactive, or the portal refused them).",
                    "error",
                )
            return f"The portal answered without a notification id (result: {value!r}).", "warning"
        if method == DELETE_METHOD:
            if value is True:
                return "Deleted — the portal confirmed (result: true).", "ok"
            return "Nothing deleted — the portal answered result: false.", "warning"
        return f"Done — {method} answered.", "ok"

    @staticmethod
    def _error_status(error: B24NotifyError) -> tuple[str, str]:
        advice = f"{_ADVICE} {error.advice}" if error.advice else ""
        explanation = error.explanation if error.explanation != error.message else ""
        if isinstance(error, InputError):
            lines = ["Nothing was sent — the input has a problem:"]
            lines += [f"• {p.field}: {p.message}" for p in error.problems] or [f"• {error}"]
            return "\n".join([*lines, advice] if advice else lines), "error"
        if isinstance(error, OutcomeUnknownError):
            lines = [
                "Outcome unknown — the notification may or may not have been created.",
                str(error),
                explanation,
                "Do not send it again blindly: first look at the recipient's notifications.",
                advice,
            ]
            return "\n".join(x for x in lines if x), "warning"
        if isinstance(error, CancelledError):
            return "\n".join(x for x in (f"Cancelled — {error}", advice) if x), "neutral"
        words = CATEGORY_WORDS.get(error.category, "Problem")
        if isinstance(error, NotSentError):
            head = f"Not sent — {words.lower()}: {error}"
        else:
            head = f"{words}: {error}"
        return "\n".join(x for x in (head, explanation, advice) if x), "error"

    @staticmethod
    def _result_details(result: Result) -> list[str]:
        from gui.format import format_duration, time_block_lines  # first answer only

        first = []
        if result.http_status is not None:
            first.append(f"HTTP {result.http_status}")
        round_trip = getattr(result, "round_trip", None)
        first.append(f"round trip {format_duration(round_trip or result.elapsed)}")
        attempts = result.attempts
        if attempts > 1:
            first.append(f"{attempts} attempts, {format_duration(result.elapsed)} in all")
        else:
            first.append("1 attempt")
        if not result.is_json:
            first.append(f"body: {len(result.text.encode('utf-8', 'replace'))} bytes, not JSON")
        lines = [" · ".join(first)]
        if result.redirected_to is not None:
            target = result.redirected_to
            shown = target.display() if hasattr(target, "display") else str(target)
            lines.append(f"Redirected: the portal now answers at {shown}")
        rows = time_block_lines(result.time)
        if rows:
            lines.append("Portal time: " + " · ".join(f"{k.lower()} {v}" for k, v in rows))
        return lines

    # -- widgets ----------------------------------------------------------------------------
    def _set_status(self, text: str, tone: str) -> None:
        self.tone = tone
        self._status_text = text
        self._apply_tone()

    def _apply_tone(self) -> None:
        if not getattr(self, "_status_text", ""):
            # Nothing to colour: no palette lookup (PySide6 would build QPalette's classes
            # before the window's first paint for an empty line).
            self.statusLabel.show_status("", QColor())
            self.statusStripe.hide()
            return
        from PySide6.QtGui import QPalette

        colour = tone_color(self.tone, self.palette())
        self.statusLabel.show_status(getattr(self, "_status_text", ""), colour)
        palette = self.statusStripe.palette()
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.statusStripe.setPalette(palette)
        self.statusStripe.setVisible(self.tone != "neutral" and bool(self._status_text))

    def _set_details(self, lines: list[str]) -> None:
        self.detailsLabel.setText("\n".join(lines))
        self.detailsLabel.setVisible(bool(lines))

    def _set_answer(self, raw: Any, text: str, *, raw_placeholder: str = "") -> None:
        if text or raw is not None:
            self._use_monospace()
        # The editor shows CRLF as plain line breaks; raw_text keeps the body byte for byte.
        self.raw_text = text
        self.resultRaw.setPlainText(text)
        self.resultRaw.setPlaceholderText(raw_placeholder or _NO_ANSWER)
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
            self.answerStack.setCurrentWidget(self.tabs)
        else:
            self.emptyLabel.setText(raw_placeholder or _NO_ANSWER)
            self.answerStack.setCurrentWidget(self.emptyLabel)
        if self.tabs.currentIndex() == self._pretty_tab:
            self._fill_pretty()

    def _show_tree(self, value: Any) -> None:
        if value is None:
            if self._model is not None:
                self._model.load({})
            self._set_tree_buttons_enabled(False)
            return
        self._ensure_model().load(value)
        self._set_tree_buttons_enabled(True)
        self._restore_fold()

    def _ensure_model(self) -> JsonModel:
        """The tree model, made on first need (a send in flight or the first answer)."""
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

    def _add_tree_actions(self) -> None:
        """Copy value / Copy key path on the tree (context menu, Ctrl+C); made with the model."""
        from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py
        from PySide6.QtGui import QAction, QKeySequence

        self.resultTree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy_value = QAction("Copy value", self.resultTree)
        copy_value.setShortcut(QKeySequence.StandardKey.Copy)
        copy_value.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy_value.triggered.connect(self.copy_selected_value)
        copy_path = QAction("Copy key path", self.resultTree)
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

    def _restore_fold(self) -> None:
        model = self._model
        if model is None:
            return
        self._restoring = True
        try:
            if self._expand_all_mode:
                if _count_values(self._tree_value, EXPAND_ALL_LIMIT) < EXPAND_ALL_LIMIT:
                    self.resultTree.expandAll()
                else:  # too big to open everything: open the top level only
                    self.resultTree.expandToDepth(0)
                for path in sorted(self._collapsed, key=len):
                    index = model.index_for_path(path)
                    if index.isValid():
                        self.resultTree.collapse(index)
                return
            if not self._fold_touched:
                # First look: open the top level (result, time) so the answer reads at a glance.
                for row in range(model.rowCount()):
                    index = model.index(row, 0)
                    if model.hasChildren(index):
                        self.resultTree.expand(index)
                        self._expanded.add(model.key_path(index))
                return
            for path in sorted(self._expanded, key=len):
                index = model.index_for_path(path)
                if index.isValid():
                    self.resultTree.expand(index)
        finally:
            self._restoring = False

    def _on_expanded(self, index: QModelIndex) -> None:
        if self._restoring or self._model is None:
            return
        self._fold_touched = True
        path = self._model.key_path(index)
        self._expanded.add(path)
        self._collapsed.discard(path)

    def _on_collapsed(self, index: QModelIndex) -> None:
        if self._restoring or self._model is None:
            return
        self._fold_touched = True
        path = self._model.key_path(index)
        self._expanded.discard(path)
        self._collapsed.add(path)

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

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the status line when the palette changes (light <-> dark)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_tone()
        super().changeEvent(event)
