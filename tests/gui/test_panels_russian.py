"""The window's later panels (advanced fields, OAuth extras, history, bulk results and preview,
the live preview) speak Russian when Russian is chosen: no English label, button, tooltip,
placeholder, accessible name or column header is left."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from core import i18n
from gui.tasks import TaskRunner

# Words that are the same in both languages: the portal's field names and values, formats.
SAME = re.compile(
    r"^[&]?(ID|JSON|C&?LIENT_ID:?|CSV|URL|MESSAGE_OUT|SUB_TAG|COLOR_TOKEN"
    r"|primary|secondary|alert|base)?$"
)

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


@pytest.fixture(autouse=True)
def _russian() -> Iterator[None]:
    i18n.install("ru")
    yield
    i18n.install("en")


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) of everything ``root`` shows or tells a screen reader."""
    found: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        name = w.objectName() or type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append((f"{name} text", w.text()))
        if isinstance(w, QLineEdit):
            found.append((f"{name} placeholder", w.placeholderText()))
        if isinstance(w, QComboBox):
            found += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            found += [
                (f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount())
            ]
        found += [(f"{name} tooltip", w.toolTip()), (f"{name} accessible", w.accessibleName())]
    return [(what, text) for what, text in found if text.strip()]


def _english_left(root: QWidget) -> list[tuple[str, str]]:
    left = []
    for what, text in _texts(root):
        if SAME.match(text.strip()) or CYRILLIC.search(text):
            continue
        if LATIN_WORD.search(text):
            left.append((what, text))
    return left


def _advanced() -> QWidget:
    from gui.advanced_box import AdvancedBox

    return AdvancedBox()


def _extras() -> QWidget:
    from gui.connection_extras import ConnectionExtras

    return ConnectionExtras()


def _bulk_panel() -> QWidget:
    from gui.bulk_panel import BulkPanel

    runner = TaskRunner()
    panel = BulkPanel(lambda: runner)
    runner.setParent(panel)
    return panel


def _bulk_preview() -> QWidget:
    from gui.bulk_preview import BulkPreview

    return BulkPreview()


def _preview() -> QWidget:
    from gui.preview_view import PreviewView

    return PreviewView()


@pytest.mark.parametrize(
    "make",
    [_advanced, _extras, _bulk_panel, _bulk_preview, _preview],
    ids=["advanced", "oauth-extras", "bulk-panel", "bulk-preview", "preview"],
)
def test_a_panel_built_in_russian_shows_no_english(qtbot, make: Callable[[], QWidget]) -> None:  # type: ignore[no-untyped-def]
    widget = make()
    qtbot.addWidget(widget)
    assert _english_left(widget) == []


def test_the_history_view_in_russian(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.history_view import HistoryView

    view = HistoryView(path=tmp_path / "history.sqlite3")
    qtbot.addWidget(view)
    assert _english_left(view) == []
    headers = [t for what, t in _texts(view) if what.endswith("header")]
    assert headers[:2] == ["Время", "Профиль"]


def test_the_history_shows_times_the_russian_way(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from core.history import Entry
    from gui.history_view import HistoryView

    when = time.mktime((2026, 11, 26, 14, 5, 7, 0, 0, -1))
    row = HistoryView._row_of(Entry(time=when, method="im.notify.personal.add"))
    assert row[0].text() == "26.11.2026 14:05:07"
