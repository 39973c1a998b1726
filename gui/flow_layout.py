"""A row of buttons that wraps onto a second line when the pane is too narrow for it.

The attachments' buttons read "Add picture, Add file, Remove, Move up, Move down" in one line; in
Russian the same five are about a hundred pixels wider, and a one-line row made the whole form
wider than its pane (a sideways scroll bar, and the fields' right-hand buttons cut off). In a flow
the row's minimum width is its widest button, and the buttons simply go on the next line.

After Qt's Flow Layout example (https://doc.qt.io/qt-6/qtwidgets-layouts-flowlayout-example.html).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

__all__ = ["FlowLayout"]


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line as needed (height for width).

    ``expandingDirections`` is QLayout's own: overriding it would hand a ``Qt::Orientations``
    value to Python, which builds the ``Qt`` namespace's enum classes before the first paint
    (see :mod:`gui.qt_names`). In a box layout whose other item has a stretch, the row gets no
    spare height anyway.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._height: int | None = None  # what the lines needed at the last width
        self._reported: int | None = None  # the height minimumSize last asked for

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._height = self._place(rect, move=True)
        needed = max(self._one_line(), self._height)  # what minimumSize() would say now
        if self._reported is not None and needed != self._reported:
            self.invalidate()  # another number of lines: the parent lays out again

    def sizeHint(self) -> QSize:
        """All items on one line."""
        width = sum(i.sizeHint().width() for i in self._items) + self._gap * max(
            0, self.count() - 1
        )
        height = max((i.sizeHint().height() for i in self._items), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As wide as the widest item (the rest can go on other lines), as high as the lines
        need at the present width: a parent that asks only for minimum sizes (a form in a
        scroll area, beside a table that takes what is left) still leaves room for them."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        size += QSize(m.left() + m.right(), m.top() + m.bottom())
        if self._height is not None:
            size.setHeight(max(size.height(), self._height))
        self._reported = size.height()
        return size

    def _one_line(self) -> int:
        m = self.contentsMargins()
        tallest = max((i.minimumSize().height() for i in self._items), default=0)
        return tallest + m.top() + m.bottom()

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``move``); returns the height."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
