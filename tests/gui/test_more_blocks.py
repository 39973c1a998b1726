"""gui.more_blocks (under the attachments table): every kind of block added from the table or
pasted as JSON, sent to the sandbox portal and read back as the portal stored it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QToolButton

from gui.attachments_editor import AttachmentsEditor
from gui.attachments_model import NAME_COLUMN, URL_COLUMN, AttachmentsModel
from gui.block_rows import DELIMITER, GRID, JSON_KIND, LINK, MESSAGE, USER
from tests.gui._window import RECIPIENT, fill, send_and_wait

TABLE_ROWS = [
    (MESSAGE, "", "Build [b]#42[/b] failed"),
    (LINK, "Pipeline", "https://ci.example/p/42"),
    (USER, "Chen Wei", "/company/personal/user/3/"),
    (GRID, "Branch", "main"),
    (DELIMITER, "", "#c0c0c0"),
]
# As the portal keeps each block (a GRID is a list of items already).
STORED = [
    {"MESSAGE": "Build [b]#42[/b] failed"},
    {"LINK": {"NAME": "Pipeline", "LINK": "https://ci.example/p/42"}},
    {"USER": {"NAME": "Chen Wei", "LINK": "/company/personal/user/3/"}},
    {"GRID": [{"DISPLAY": "LINE", "NAME": "Branch", "VALUE": "main"}]},
    {"DELIMITER": {"SIZE": 200, "COLOR": "#c0c0c0"}},
]


@pytest.fixture
def editor(qtbot) -> AttachmentsEditor:
    widget = AttachmentsEditor(AttachmentsModel())
    qtbot.addWidget(widget)
    return widget


def _type_in(editor: AttachmentsEditor, row: int, name: str, value: str) -> None:
    model = editor.model
    if name:
        model.setData(model.index(row, NAME_COLUMN), name)
    model.setData(model.index(row, URL_COLUMN), value)


def test_the_more_blocks_menu_adds_a_row_of_each_kind(editor: AttachmentsEditor) -> None:
    button = editor.findChild(QToolButton, "addBlockButton")
    menu = editor.findChild(QMenu, "addBlockMenu")
    assert button is not None and button.menu() is menu
    for kind in (MESSAGE, LINK, USER, GRID, DELIMITER):
        menu.findChild(type(menu.actions()[0]), f"add{kind}Action").trigger()
    assert [r[0] for r in editor.model.rows()] == [MESSAGE, LINK, USER, GRID, DELIMITER]
    assert editor.selected_row() == 4


def test_the_name_cell_of_a_kind_that_has_no_name_is_not_editable(editor) -> None:
    from PySide6.QtCore import Qt

    model = editor.model
    model.add_row(MESSAGE, "", "hi")
    model.add_row(USER, "", "")
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, NAME_COLUMN)) & editable
    assert model.flags(model.index(1, NAME_COLUMN)) & editable
    model.setData(model.index(1, 0), "Delimiter")  # the kind changes: so does the cell
    assert not model.flags(model.index(1, NAME_COLUMN)) & editable


def test_paste_json_adds_the_blocks_and_says_how_many(editor: AttachmentsEditor, qtbot) -> None:
    full = {"COLOR_TOKEN": "alert", "COLOR": "#fff", "BLOCKS": STORED[:2]}
    QGuiApplication.clipboard().setText(json.dumps(full))
    with qtbot.waitSignal(editor.fullFormPasted) as pasted:
        editor.findChild(QPushButton, "pasteAttachJsonButton").click()
    assert pasted.args[0] == {"COLOR_TOKEN": "alert", "COLOR": "#fff"}
    assert editor.model.blocks() == STORED[:2]
    note = editor.findChild(QLabel, "pasteAttachJsonMessage")
    assert note.isVisibleTo(editor)
    assert "Added 2 blocks" in note.text() and "COLOR" in note.text()
    editor.model.add_row(MESSAGE, "", "x")  # the next edit: the note goes
    assert not note.isVisibleTo(editor)


def test_pasted_text_without_blocks_adds_nothing_and_says_why(editor: AttachmentsEditor) -> None:
    assert editor.paste_json("not json at all") == 0
    assert editor.model.rowCount() == 0
    note = editor.findChild(QLabel, "pasteAttachJsonMessage")
    assert note.isVisibleTo(editor) and note.text().startswith("Nothing was added")
    assert editor.paste_json("[1, ") == 0 and "not valid JSON" in note.text()


def test_blocks_added_from_the_table_reach_the_portal(qtbot, window, sandbox: Any) -> None:
    fill(window, text="table blocks")
    editor = window.compose.message.attachments
    for kind, name, value in TABLE_ROWS:
        row = editor.add_attachment(kind)
        _type_in(editor, row, name, value)
    assert window.validate().ok, window.validate().problems
    assert send_and_wait(qtbot, window).ok
    (stored,) = sandbox.inbox(RECIPIENT)
    assert stored["attach"] == {"BLOCKS": STORED} and stored["attach_dropped"] == []


def test_blocks_pasted_as_json_reach_the_portal(qtbot, window, sandbox: Any) -> None:
    fill(window, text="pasted blocks")
    pasted = [
        *STORED,
        {"LINK": {"NAME": "x", "LINK": "https://ci.example/", "DESC": "kept as JSON"}},
        {"GRID": [{"DISPLAY": "BLOCK", "NAME": "a", "VALUE": "1"}] * 2},
    ]
    editor = window.compose.message.attachments
    assert editor.paste_json(json.dumps(pasted)) == len(pasted)
    kinds = [row[0] for row in window.compose.message.model.rows()]
    assert kinds == [MESSAGE, LINK, USER, GRID, DELIMITER, JSON_KIND, JSON_KIND]
    assert send_and_wait(qtbot, window).ok
    (stored,) = sandbox.inbox(RECIPIENT)
    assert stored["attach"] == {"BLOCKS": pasted}


def test_a_pasted_block_with_a_problem_is_marked_and_nothing_is_sent(window, sandbox) -> None:
    fill(window, text="bad block")
    editor = window.compose.message.attachments
    assert editor.paste_json('[{"MESSAGE": "ok"}, {"GRID": [{"NAME": "no display"}]}]') == 2
    v = window.revalidate()
    assert not v.ok and not window.compose.send_button.isEnabled()
    assert [p.field for p in v.problems] == ["attachments[1].GRID[0].DISPLAY"]
    assert 1 in window.compose.message.model.problems()
    window.send()
    assert sandbox.requests() == []


def test_the_paste_note_never_squeezes_the_attachments_below_their_minimum(
    qtbot, make_window
) -> None:
    """A word-wrapped note inside the editor made the form lay the editor out at half its minimum
    height: the row buttons were drawn over the table."""
    w = make_window()
    with qtbot.waitExposed(w):
        w.show()
    w.resize(1180, 780)
    editor = w.compose.message.attachments
    assert editor.paste_json('[{"MESSAGE": "a"}, {"DELIMITER": {}}]') == 2
    w.compose.advanced.set_expanded(True)
    note = w.findChild(QLabel, "pasteAttachJsonMessage")
    assert note.isVisible()
    qtbot.waitUntil(lambda: editor.height() >= editor.minimumSizeHint().height(), timeout=5000)
    assert not editor.table.geometry().intersects(editor.remove_button.geometry())
