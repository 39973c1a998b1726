"""The notification group box: the attachments table reads well."""

from __future__ import annotations

from gui.attachments_model import KINDS
from gui.message_box import MessageBox


def test_the_type_column_shows_every_type_in_full(qtbot) -> None:
    box = MessageBox()
    qtbot.addWidget(box)
    box.show()
    metrics = box.attachments.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(kind) for kind in KINDS)
    # Before, the column was as wide as its header and "Picture" was drawn as "P…e".
    assert box.attachments.table.columnWidth(0) > widest
