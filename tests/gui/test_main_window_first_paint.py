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
