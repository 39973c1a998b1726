"""gui.status_header: the core's message in words and colour, the same words the CLI prints."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from core.constants import TONE_COLOURS
from core.errors import InputError, Problem
from core.result import Result
from core.voice import Message, for_error, for_result
from gui.status_header import StatusHeader, tone_color


@pytest.fixture
def header(qtbot) -> StatusHeader:
    widget = StatusHeader()
    qtbot.addWidget(widget)
    return widget


def _sent() -> Result:
    body = '{"result": 42, "time": {"duration": 0.1}}'
    return Result("im.notify.personal.add", 200, {"result": 42}, body, 0.2, round_trip=0.1)


def test_a_message_shows_its_lines_tone_and_details(header: StatusHeader) -> None:
    message = for_result(_sent())
    header.show_message(message)
    assert header.statusLabel.text() == message.text() == "Sent — notification id 42"
    assert header.statusLabel.accessibleDescription() == message.text()
    assert header.tone == "ok"
    assert header.detailsLabel.text() == "\n".join(message.details)
    assert not header.detailsLabel.isHidden() and message.details
    assert not header.statusStripe.isHidden()


def test_a_neutral_status_has_no_stripe_and_no_details(header: StatusHeader) -> None:
    header.show_message(for_result(_sent()))
    header.show_status("Sending…")
    assert header.statusLabel.text() == "Sending…"
    assert header.tone == "neutral"
    assert header.statusStripe.isHidden()
    assert header.detailsLabel.isHidden()
    header.clear()
    assert header.statusLabel.text() == "" and header.statusStripe.isHidden()


def test_the_advice_is_bold_and_text_is_escaped(header: StatusHeader) -> None:
    error = InputError([Problem("text", "has <b>odd</b> & more")], advice="Do <this>.")
    header.show_message(for_error(error))
    plain = header.statusLabel.text()
    assert plain.splitlines()[-1] == "What to do: Do <this>."
    rendered = QLabel.text(header.statusLabel)
    assert "<b>What to do:</b> Do &lt;this&gt;." in rendered
    assert "&lt;b&gt;odd&lt;/b&gt; &amp; more" in rendered


@pytest.mark.parametrize("tone", ["ok", "warning", "error"])
def test_tone_colours_come_from_the_constants_and_follow_a_dark_palette(tone: str) -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    assert tone_color(tone, light) == QColor(TONE_COLOURS[tone][0])
    assert tone_color(tone, dark) == QColor(TONE_COLOURS[tone][1])


def test_the_headline_is_recoloured_when_the_palette_turns_dark(header: StatusHeader) -> None:
    header.show_message(Message("All good.", "ok"))
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    header.setPalette(dark)
    assert header.statusLabel.headline_colour() == QColor(TONE_COLOURS["ok"][1])
    neutral = tone_color("neutral", dark)
    assert neutral == dark.color(QPalette.ColorRole.WindowText)
