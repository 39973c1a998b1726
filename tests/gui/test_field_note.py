"""Field notes and problem rows stay readable on a dark palette (dark red on dark grey is not)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from gui.attachments_model import URL_COLUMN, AttachmentsModel
from gui.field_note import FieldNote

FOREGROUND_ROLE = 9


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e0e0e0"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e0e0e0"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def dark_palette(qapp) -> Iterator[QPalette]:
    previous = QApplication.palette()
    QApplication.setPalette(_dark())
    try:
        yield QApplication.palette()
    finally:
        QApplication.setPalette(previous)


def _style_colour(note: FieldNote) -> QColor:
    match = re.search(r"color:\s*(#[0-9a-fA-F]{6})", note.styleSheet())
    assert match, note.styleSheet()
    return QColor(match[1])


def test_an_error_note_is_light_red_on_a_dark_palette(qtbot, dark_palette) -> None:
    field = QLineEdit()
    note = FieldNote("someMessage", field)
    qtbot.addWidget(field)
    qtbot.addWidget(note)
    note.show_error("The user id must be a whole number, such as 1.")
    colour = _style_colour(note)
    assert colour.lightness() > 150  # readable on #2b2b2b
    assert colour.red() > colour.green()  # still red


def test_an_error_note_follows_a_switch_to_dark(qtbot) -> None:
    field = QLineEdit()
    note = FieldNote("someMessage", field)
    qtbot.addWidget(field)
    qtbot.addWidget(note)
    note.show_error("Wrong.")
    assert _style_colour(note).lightness() < 128  # the default palette is light here
    previous = QApplication.palette()
    QApplication.setPalette(_dark())
    try:
        qtbot.waitUntil(lambda: _style_colour(note).lightness() > 150, timeout=2000)
    finally:
        QApplication.setPalette(previous)


def test_a_problem_row_is_light_red_on_a_dark_palette(qapp, dark_palette) -> None:
    model = AttachmentsModel()
    model.add_row("Picture")
    model.setData(model.index(0, URL_COLUMN), "not a link")
    model.set_problems({0: "Not a link"})
    colour = model.data(model.index(0, URL_COLUMN), FOREGROUND_ROLE)
    assert isinstance(colour, QColor), "the row should be marked as a problem"
    assert colour.lightness() > 150


def test_the_cores_notes_become_hints_per_field() -> None:
    from core.voice import Note
    from gui.field_note import hints_by_field

    hints = hints_by_field(
        [
            Note("sub_tag", "over a webhook tags may be dropped."),
            Note("attachments[1].IMAGE.URL", "unknown field; the portal ignores it."),
            Note("attachments", "attachments are shown in Bitrix24 only."),
            Note("attachments", "attachments are shown in Bitrix24 only."),
        ]
    )
    assert hints == {
        "tag": "Over a webhook tags may be dropped.",
        "attachments": "Row 2: unknown field; the portal ignores it.\n"
        "Attachments are shown in Bitrix24 only.",
    }
