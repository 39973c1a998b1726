"""gui/flow_layout.py: a row of buttons that wraps, and answers that follow its items' changes."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from gui.flow_layout import FlowLayout


def _row(qtbot, texts: list[str]) -> tuple[QWidget, FlowLayout, list[QPushButton]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder)
    flow.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(text) for text in texts]
    for button in buttons:
        flow.addWidget(button)
    return holder, flow, buttons


def _lines(buttons: list[QPushButton]) -> int:
    return len({b.geometry().top() for b in buttons if b.isVisible()})


def test_a_narrow_row_wraps_and_a_wide_one_does_not(qtbot) -> None:
    holder, flow, buttons = _row(qtbot, ["Add picture", "Add file", "Remove", "Move up"])
    one_line = flow.sizeHint().width()
    holder.resize(one_line, flow.heightForWidth(one_line))
    holder.show()
    qtbot.waitUntil(lambda: _lines(buttons) == 1)
    narrow = flow.minimumSize().width()  # the widest button
    assert narrow < one_line
    assert flow.heightForWidth(narrow) > flow.heightForWidth(one_line)
    holder.resize(narrow, flow.heightForWidth(narrow))
    qtbot.waitUntil(lambda: _lines(buttons) == len(buttons))


def test_the_answers_follow_a_button_that_grows_or_hides(qtbot) -> None:
    holder, flow, buttons = _row(qtbot, ["One", "Two", "Three"])
    before = flow.sizeHint().width()
    width = before
    one_line_height = flow.heightForWidth(width)
    buttons[0].setText("A much, much longer label than before")  # Qt invalidates the layout
    assert flow.sizeHint().width() > before
    assert flow.heightForWidth(width) > one_line_height  # the same width needs two lines now
    buttons[0].hide()
    assert flow.heightForWidth(width) == one_line_height  # a hidden button takes no place
    flow.addWidget(QPushButton("Four"))
    assert flow.count() == 4
    taken = flow.takeAt(3)
    assert taken is not None and flow.count() == 3
    assert flow.heightForWidth(width) == one_line_height
    holder.deleteLater()
