"""The result panel's header: what happened to the last call, in words and in colour.

It shows a :class:`core.voice.Message` — the words are the core's, the same the CLI prints: a
status line (its headline bold in the outcome's tone colour, "What to do:" in bold), a coloured
stripe beside it like a callout, and the details under it (HTTP status, timings, the portal's
``time`` block). The window's colours for the tones come from here (:func:`tone_color`: the
``core.constants.TONE_COLOURS`` pair that suits a light or dark palette).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.constants import TONE_COLOURS
from core.i18n import _
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

    from core.voice import Message

__all__ = ["StatusHeader", "StatusLabel", "tone_color"]


def tone_color(tone: str, palette: QPalette) -> QColor:
    """The status colour for a tone (ok, error, warning, neutral) suiting the palette."""
    from PySide6.QtGui import QPalette  # not before the first status: see _apply_tone

    if tone not in TONE_COLOURS:
        return palette.color(QPalette.ColorRole.WindowText)
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(TONE_COLOURS[tone][1 if dark else 0])


def _escape(text: str) -> str:
    """HTML-escape for the status label (the ``html`` module is not worth its start-up cost)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StatusLabel(QLabel):
    """The status line: first line bold in the outcome's colour, the rest in the text colour.

    It renders rich text, but ``text()`` returns the plain words shown (no markup), so tests and
    tools read what the user reads. The text is selectable with the mouse and the keyboard.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plain = ""
        self._colour = QColor()
        self.setWordWrap(True)
        set_enum_property(self, "textFormat", "RichText")
        set_enum_property(
            self, "textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def text(self) -> str:  # type: ignore[override]
        """The status as plain text, one line per statement."""
        return self._plain

    def headline_colour(self) -> QColor:
        """The colour of the first line (the outcome's tone)."""
        return QColor(self._colour)

    def show_status(self, text: str, colour: QColor) -> None:
        self._plain = text
        self._colour = colour  # not QColor(colour): that overload check builds Qt's enums
        self.setAccessibleDescription(text)
        if not text:
            super().setText("")
            return
        head, *rest = text.split("\n")
        parts = [f'<span style="color:{colour.name()}; font-weight:600">{_escape(head)}</span>']
        from core.voice import ADVICE_LABEL  # a status is shown after the first paint

        for line in rest:
            label = _(ADVICE_LABEL)
            if line.startswith(label):
                advice = _escape(line[len(label) :])
                parts.append(f"<b>{label}</b>{advice}")
            else:
                parts.append(_escape(line))
        super().setText("<br>".join(parts))


class StatusHeader(QWidget):
    """The status line (``statusLabel``), its stripe (``statusStripe``) and the details line
    (``detailsLabel``); :attr:`tone` is the last status's tone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusHeader")
        self.tone = "neutral"
        self._status_text = ""

        self.statusLabel = StatusLabel(self)
        self.statusLabel.setObjectName("statusLabel")
        self.statusLabel.setAccessibleName(_("Result status"))

        self.detailsLabel = QLabel(self)
        self.detailsLabel.setObjectName("detailsLabel")
        self.detailsLabel.setAccessibleName(_("Result details"))
        self.detailsLabel.setWordWrap(True)
        set_enum_property(self.detailsLabel, "textFormat", "PlainText")
        set_enum_property(self.detailsLabel, "textInteractionFlags", "TextSelectableByMouse")
        self.detailsLabel.hide()

        # A coloured bar left of the status, like a callout: the outcome is visible at a glance.
        self.statusStripe = QFrame(self)
        self.statusStripe.setObjectName("statusStripe")
        self.statusStripe.setFixedWidth(4)
        self.statusStripe.setAutoFillBackground(True)
        self.statusStripe.hide()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(8)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.statusLabel)
        column.addWidget(self.detailsLabel)
        row.addWidget(self.statusStripe)
        row.addLayout(column, 1)

    def show_message(self, message: Message) -> None:
        """What the core says about an outcome: its lines, its tone, and its details."""
        self.show_status(message.text(), message.tone, message.details)

    def show_status(
        self, text: str, tone: str = "neutral", details: list[str] | None = None
    ) -> None:
        """Status lines (the first is the headline) in the colour of ``tone``, and the facts of
        the exchange a line each (the details line is hidden when there are none)."""
        self.tone = tone
        self._status_text = text
        self._apply_tone()
        self.detailsLabel.setText("\n".join(details or []))
        self.detailsLabel.setVisible(bool(details))

    def clear(self) -> None:
        self.show_status("")

    def _apply_tone(self) -> None:
        if not self._status_text:
            # Nothing to colour: no palette lookup (PySide6 would build QPalette's classes
            # before the window's first paint for an empty line).
            self.statusLabel.show_status("", QColor())
            self.statusStripe.hide()
            return
        from PySide6.QtGui import QPalette

        colour = tone_color(self.tone, self.palette())
        self.statusLabel.show_status(self._status_text, colour)
        palette = self.statusStripe.palette()
        palette.setColor(QPalette.ColorRole.Window, colour)
        self.statusStripe.setPalette(palette)
        self.statusStripe.setVisible(self.tone != "neutral")

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the status line when the palette changes (light <-> dark)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_tone()
        super().changeEvent(event)
