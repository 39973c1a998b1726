"""What the window defers to the first idle turn after its first paint (issue 10), and how."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from gui.attachments_editor import TABLE_MINIMUM_HEIGHT
from gui.flow_layout import FlowLayout
from gui.result_panel import ResultPanel


def test_the_result_panel_arrives_after_the_first_paint_in_its_placeholders_place(
    qtbot, make_window
) -> None:
    w = make_window()
    assert w._result_panel is None and w.findChild(QWidget, "resultPanel") is None
    slot = w.findChild(QWidget, "resultPanelSlot")
    assert slot is not None and w.right_splitter.indexOf(slot) == 0
    slot_minimum = slot.minimumSize()
    with qtbot.waitExposed(w):
        w.show()
    before = (w.splitter.sizes(), w.right_splitter.sizes(), w.size())
    qtbot.waitUntil(lambda: w.findChild(ResultPanel, "resultPanel") is not None)
    assert w.right_splitter.widget(0) is w.result_panel
    assert (w.splitter.sizes(), w.right_splitter.sizes(), w.size()) == before
    assert w.result_panel.minimumSize() == slot_minimum
    qtbot.waitUntil(lambda: w.findChild(QWidget, "resultPanelSlot") is None)  # deleted


def test_asked_for_early_the_panel_is_built_at_once(make_window) -> None:
    w = make_window()  # never shown: no paint will come
    panel = w.result_panel
    assert isinstance(panel, ResultPanel) and w.right_splitter.widget(0) is panel
    assert w.result_panel is panel  # built once


def test_after_first_paint_runs_queued_work_in_order_then_at_once(qtbot, make_window) -> None:
    w = make_window()
    ran: list[str] = []
    w.after_first_paint(lambda: ran.append("a"))
    w.after_first_paint(lambda: ran.append("b"))
    assert ran == []  # nothing before the first paint
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: ran == ["a", "b"])
    w.after_first_paint(lambda: ran.append("c"))
    assert ran == ["a", "b", "c"]  # after that turn: at once


# -- a lean start: the parts of the form the first paint does not show come just after it ------
def _table_and_fields(w) -> tuple[QWidget | None, QWidget | None, QWidget | None]:
    return (
        w.findChild(QWidget, "attachmentsTable"),
        w.findChild(QWidget, "attachmentsTableSlot"),
        w.findChild(QWidget, "systemCheck"),
    )


def test_a_lean_start_builds_the_table_and_the_advanced_fields_after_the_first_paint(
    qtbot, make_window
) -> None:
    w = make_window(lean_start=True)
    editor, advanced = w.compose.message.attachments, w.compose.advanced
    table, slot, system = _table_and_fields(w)
    assert table is None and system is None and slot is not None  # an empty frame holds the place
    assert slot.minimumHeight() > 0
    assert advanced.values()["system"] is False  # the defaults, without the fields
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: editor.table_built() and advanced.body_built())
    table, _slot, system = _table_and_fields(w)
    assert table is editor.table and system is advanced.system_check
    qtbot.waitUntil(lambda: w.findChild(QWidget, "attachmentsTableSlot") is None)  # deleted
    assert w.compose.message.attachments_label.buddy() is table  # Alt+M reaches it
    chain = [x.objectName() for x in w.compose.tab_chain()]
    assert chain[chain.index("tagEdit") + 1 :][:2] == ["attachmentsTable", "addPictureButton"]
    assert "systemCheck" in chain
    # The order Qt keeps, not only the list: from the tag, focus reaches the table first.
    widget, seen = w.compose.message.tag_edit.nextInFocusChain(), []
    while widget.objectName() not in ("attachmentsTable", "addPictureButton") and len(seen) < 50:
        seen.append(widget)
        widget = widget.nextInFocusChain()
    assert widget is table


def test_a_lean_start_builds_what_is_asked_for_before_the_first_paint(make_window) -> None:
    w = make_window(lean_start=True)  # never shown
    advanced = w.compose.advanced
    assert not advanced.body_built()
    advanced.set_expanded(True)  # unfolding needs the fields
    assert advanced.body_built() and w.findChild(QWidget, "systemCheck") is not None
    editor = w.compose.message.attachments
    assert not editor.table_built()
    assert editor.table.objectName() == "attachmentsTable"  # asked for: built there and then
    assert w.findChild(QWidget, "attachmentsTable") is editor.table


def test_a_lean_start_never_hides_restored_rows_or_values_behind_a_slot(make_window) -> None:
    from gui.attachments_model import PICTURE
    from gui.settings import Settings

    first = make_window()
    first.compose.message.model.add_row(PICTURE, "chart", "https://example.com/c.png")
    first.compose.advanced.sub_tag_edit.setText("sub")
    first.close()  # saves the form
    w = make_window(lean_start=True, settings=Settings())
    assert w.compose.message.attachments.table_built()  # rows: the table at once
    assert w.compose.advanced.body_built()
    assert w.compose.advanced.values()["sub_tag"] == "sub"
    slot = w.findChild(QWidget, "attachmentsTableSlot")
    assert slot is None or not slot.isVisibleTo(w)  # gone (or going) as the table took its place


def test_a_lean_start_fills_the_menu_just_after_the_first_paint(qtbot, make_window) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    w = make_window(lean_start=True)
    title = w.menuBar().actions()
    assert [a.text() for a in title] == ["&Notification"]  # on the bar for the paint
    assert title[0].menu() is None and w.findChild(QMenu, "notificationMenu") is None
    assert w.findChild(QAction, "sendAction") is None
    assert w.compose.copy_button.menu() is None
    assert w.compose.message.attachments.more.more_button.menu() is None  # More blocks' too
    w.commands.update(busy=False, valid=False, can_check=False)  # before its actions exist
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: w.findChild(QAction, "sendAction") is not None)
    menu = w.commands.menu
    assert menu.objectName() == "notificationMenu" and menu.menuAction() is title[0]
    assert w.menuBar().actions() == title  # the same entry, now with its menu
    assert w.compose.message.attachments.more.more_button.menu() is not None
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names[:3] == ["sendAction", "cancelAction", "checkAction"]
    assert names[-1] == "quitAction"
    assert {"deleteByTagAction", "deleteBySubTagAction", "historyAction"} <= set(names)
    assert w.compose.copy_button.menu() is not None  # Copy as…'s formats
    assert not w.commands.send.isEnabled()  # the state asked for before the build


def test_an_action_asked_for_early_builds_the_menu_at_once(make_window) -> None:
    w = make_window(lean_start=True)  # never shown
    assert w.commands.send.objectName() == "sendAction"
    assert w.findChild(QWidget, "deleteByTagButton") is not None
    names = [a.objectName() for a in w.commands.menu.actions()]
    assert "deleteByTagAction" in names and "historyAction" in names


def test_the_first_paint_shows_the_attachments_label_with_its_mnemonic(make_window) -> None:
    """A QLabel without a buddy draws its mnemonic's ampersand: the first frame read
    "Attach&ments:" until the table came and took the label as its buddy."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QLabel

    def drawn(label: QLabel) -> QImage:
        label.resize(label.sizeHint())
        image = QImage(label.size(), QImage.Format.Format_ARGB32)
        image.fill(0)
        label.render(image)
        return image

    with_buddy, without = QLabel("Attach&ments:"), QLabel("Attach&ments:")
    with_buddy.setBuddy(QWidget(with_buddy))
    assert drawn(with_buddy) != drawn(without)  # underlined "Attachments:" / "Attach&ments:"

    w = make_window(lean_start=True)  # before its first paint
    label = w.compose.message.attachments_label
    assert not w.compose.message.attachments.table_built()
    assert label.buddy() is w.findChild(QWidget, "attachmentsTableSlot")  # the table's place
    table = w.compose.message.attachments.build_table()
    assert label.buddy() is table  # Alt+M reaches it


@pytest.mark.parametrize("lean", [False, True])
def test_the_row_buttons_still_lay_out_once_the_table_has_taken_its_place(
    qtbot, make_window, lean
) -> None:
    """The table used to come in by replaceWidget, in place of the frame that kept its place
    (then deleted): once Python had wrapped the form's widgets (here by walking the focus
    chain, as code that inspects a window does), the row buttons' layout (gui/flow_layout.py)
    lost its items — "Internal C++ object (QWidgetItem) already deleted" at its next layout,
    or a crash. Every window had it: the table was put in the frame's place at once."""
    for _round in range(4):  # the items went in most rounds, not in every one
        w = make_window(lean_start=lean)
        editor = w.compose.message.attachments
        _walk_the_focus_chain(w)
        editor.build_table()
        _walk_the_focus_chain(w)
        qtbot.waitUntil(lambda w=w: w.findChild(QWidget, "attachmentsTableSlot") is None)
        buttons = editor.findChild(FlowLayout)
        assert buttons is not None
        assert buttons.itemAt(0).widget() is editor.add_picture_button
        w.resize(500, 500)
        editor.layout().activate()
        assert editor.minimumSizeHint().height() > 0


def _walk_the_focus_chain(w) -> None:
    start = w.compose.connection.url_edit
    widget, steps = start.nextInFocusChain(), 0
    while widget is not start and steps < 1000:
        widget, steps = widget.nextInFocusChain(), steps + 1


def _clear_buttons(w) -> list[bool]:
    connection = w.compose.connection
    return [e.isClearButtonEnabled() for e in (connection.url_edit, *connection.extras.edits())]


def test_a_lean_start_paints_without_style_sheets_or_clear_buttons_then_adds_them(
    qtbot, make_window
) -> None:
    """The window's first style sheet starts Qt's style sheet engine, and each clear button
    looks its icon up in the icon theme: neither is needed before the fields have words."""
    from PySide6.QtWidgets import QApplication

    w = make_window(lean_start=True, validate_after_first_paint=True)  # as gui.app.build does
    assert QApplication.instance().styleSheet() == ""
    styled = [c.objectName() for c in w.findChildren(QWidget) if c.styleSheet()]
    assert styled == []
    assert _clear_buttons(w) == [False] * 5
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: _clear_buttons(w) == [True] * 5)


def test_a_window_built_at_once_has_its_clear_buttons(make_window) -> None:
    assert _clear_buttons(make_window()) == [True] * 5


def test_the_quiet_notes_take_their_colour_with_their_first_words(make_window) -> None:
    w = make_window(lean_start=True)
    connection, advanced = w.compose.connection, w.compose.advanced
    connection.set_keyring_problem("No keyring: secrets are kept for this run only.")
    assert "placeholder-text" in connection.keyring_note.styleSheet()
    advanced.build_body()
    advanced.sub_tag_edit.setText("ci")
    assert "SUB_TAG ci" in advanced.summary.text()
    assert "placeholder-text" in advanced.summary.styleSheet()


def _boxes(w) -> dict[str, tuple[int, int, int, int]]:
    """Where each named, visible widget of the form is (window coordinates)."""
    out = {}
    for c in w.compose.findChildren(QWidget):
        if c.objectName() and c.isVisible() and c.objectName() != "profileCombo":
            top_left = c.mapTo(w, c.rect().topLeft())
            out[c.objectName()] = (top_left.x(), top_left.y(), c.width(), c.height())
    return out


@pytest.mark.parametrize("size", [(1600, 1000), (1180, 780)])
def test_a_lean_start_lays_the_form_out_as_a_full_one(qtbot, make_window, size) -> None:
    """The text's size policy (and the table's) come after a lean start's first paint (no
    QSizePolicy before it): the text is as high in the first frame as in a window built at
    once, and the form, once settled, is laid out the same. (The profile list's width follows
    a timer of its own.)"""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QSizePolicy

    lean = make_window(lean_start=True, validate_after_first_paint=True)
    lean.resize(*size)
    painted: dict[str, tuple[int, int, int, int]] = {}

    class AtFirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if not painted and event.type() == QEvent.Type.Paint:
                painted.update(_boxes(lean))
            return False

    watcher = AtFirstPaint(lean)
    lean.installEventFilter(watcher)
    with qtbot.waitExposed(lean):
        lean.show()
    qtbot.waitUntil(lambda: lean.compose.message.attachments.table_built() and bool(painted))
    policy = lean.compose.message.text_edit.sizePolicy().verticalPolicy()
    assert policy == QSizePolicy.Policy.Preferred

    full = make_window(validate_after_first_paint=True)  # what the sandbox and tests build
    full.resize(*size)
    with qtbot.waitExposed(full):
        full.show()
    qtbot.waitUntil(lambda: _boxes(lean) == _boxes(full))  # both validated and settled
    assert painted["textEdit"][3] == _boxes(full)["textEdit"][3]
    assert painted["attachmentsTableSlot"][3] >= TABLE_MINIMUM_HEIGHT
