"""What the window defers to the first idle turn after its first paint (issue 10), and how."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

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

    w = make_window(lean_start=True)
    menu = w.commands.menu
    assert menu.objectName() == "notificationMenu" and menu.title()  # on the bar for the paint
    assert menu.actions() == [] and w.findChild(QAction, "sendAction") is None
    assert w.compose.copy_button.menu() is None
    w.commands.update(busy=False, valid=False, can_check=False)  # before its actions exist
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: w.findChild(QAction, "sendAction") is not None)
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
