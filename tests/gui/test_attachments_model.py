"""gui/attachments_model.py: rows of Type/Name/URL, edited with setData, mapped to core blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.blocks import file_block, picture_block
from gui.attachments_model import COLUMNS, FILE, PICTURE, AttachmentsModel

EDIT = Qt.ItemDataRole.EditRole


def _model_with_rows() -> AttachmentsModel:
    model = AttachmentsModel()
    model.add_row(PICTURE, "cat", "https://example.com/cat.png")
    model.add_row(FILE, "report", "https://example.com/report.pdf")
    model.add_row(PICTURE, "", "https://example.com/dog.png")
    return model


def test_passes_qt_model_checks(qtmodeltester) -> None:
    qtmodeltester.check(_model_with_rows(), force_py=True)


def test_columns_and_headers() -> None:
    model = AttachmentsModel()
    assert COLUMNS == ("Type", "Name", "URL / text")
    assert model.columnCount() == 3 and model.rowCount() == 0
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Type", "Name", "URL / text"]


def test_rows_map_to_the_core_blocks() -> None:
    model = _model_with_rows()
    assert model.blocks() == [
        picture_block("cat", "https://example.com/cat.png"),
        file_block("report", "https://example.com/report.pdf"),
        picture_block("", "https://example.com/dog.png"),
    ]
    assert model.blocks()[0] == {"IMAGE": {"NAME": "cat", "LINK": "https://example.com/cat.png"}}


def test_edit_in_place_with_set_data() -> None:
    model = AttachmentsModel()
    row = model.add_row(PICTURE)
    changes: list[int] = []
    model.changed.connect(lambda: changes.append(1))
    assert model.setData(model.index(row, 1), "Screenshot", EDIT)
    assert model.setData(model.index(row, 2), "  https://x.test/s.png ", EDIT)
    assert model.setData(model.index(row, 0), "file", EDIT)
    assert model.rows() == [(FILE, "Screenshot", "https://x.test/s.png")]
    assert model.data(model.index(row, 0)) == FILE
    assert len(changes) == 3
    assert model.flags(model.index(row, 2)) & Qt.ItemFlag.ItemIsEditable


def test_an_unknown_type_is_refused() -> None:
    model = AttachmentsModel()
    model.add_row(FILE, "a", "https://x/a")
    assert not model.setData(model.index(0, 0), "video", EDIT)
    assert not model.setData(model.index(0, 1), "b", Qt.ItemDataRole.DisplayRole)
    assert model.rows() == [(FILE, "a", "https://x/a")]


def test_remove_and_move() -> None:
    model = _model_with_rows()
    names = lambda: [r[1] for r in model.rows()]  # noqa: E731
    assert model.move_row(0, +1) == 1
    assert names() == ["report", "cat", ""]
    assert model.move_row(2, -1) == 1
    assert names() == ["report", "", "cat"]
    assert model.move_row(0, -1) == 0  # already at the top
    assert model.move_row(2, +1) == 2  # already at the bottom
    assert model.remove_row(1)
    assert names() == ["report", "cat"]
    assert not model.remove_row(5)


def test_set_rows_and_problems_mark_rows_without_counting_as_an_edit() -> None:
    model = AttachmentsModel()
    model.set_rows([("Picture", "a", "ftp://x"), ("File", "b", "https://x/b")])
    changes: list[int] = []
    model.changed.connect(lambda: changes.append(1))
    model.set_problems({0: "Row 1: the link must start with http:// or https://"})
    assert changes == []
    assert "http" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole) is None
    model.set_problems({})
    assert model.problems() == {}
