"""The small message under a form field: what is wrong with it, or a quiet hint.

The note also becomes the field's accessible description, so a screen reader announces the same
words a sighted user reads next to the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"


class FieldNote(QLabel):
    """A word-wrapped label under one input; empty and hidden when there is nothing to say."""

    def __init__(self, object_name: str, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self._field = field
        self.level = ""
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.setFont(font)
        self.hide()

    def show_error(self, text: str) -> None:
        self._set(text, "error")

    def show_hint(self, text: str) -> None:
        self._set(text, "hint")

    def clear_note(self) -> None:
        self._set("", "")

    def _set(self, text: str, level: str) -> None:
        if text == self.text() and level == self.level:
            return
        self.level = level
        self.setText(text)
        self.setStyleSheet(ERROR_STYLE if level == "error" else HINT_STYLE if level else "")
        self.setAccessibleName(
            f"{'Problem' if level == 'error' else 'Hint'}: {text}" if text else ""
        )
        self._field.setAccessibleDescription(text)
        self.setVisible(bool(text))
