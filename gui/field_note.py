"""The small message under a form field: what is wrong with it, or a quiet hint.

The note also becomes the field's accessible description, so a screen reader announces the same
words a sighted user reads next to the field.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from core.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from core.errors import Problem
    from core.voice import Note

HINT_STYLE = "color: palette(placeholder-text);"
# Compiled on first use (re keeps it): that is after the first paint, not at import (issue 10).
_ROW = r"^attachments\[(\d+)\]"


def field_of(path: str) -> str:
    """The form field a problem or a note names: ``attachments[2].IMAGE.URL`` -> ``attachments``."""
    return path.split(".")[0].split("[")[0]


def sentence(message: str) -> str:
    """A problem's message (lower case first, like the CLI prints it) as a sentence of its own."""
    message = message.strip()
    return message[:1].upper() + message[1:] if message else message


def errors_by_field(
    problems: Iterable[Problem], aliases: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """The core's problems as error texts per form field; a problem about one attachment row
    starts with "Row N:". ``aliases`` shows a field's problems under another field's note."""
    errors: dict[str, list[str]] = {}
    for p in problems:
        name = field_of(p.field)
        text = sentence(p.message)
        match = re.match(_ROW, p.field)
        if match:
            text = _("Row {row}: {text}").format(row=int(match.group(1)) + 1, text=text)
        errors.setdefault((aliases or {}).get(name, name), []).append(text)
    return errors


def row_problems(problems: Iterable[Problem]) -> dict[int, str]:
    """The first problem of each attachment row (row -> message), for the table to mark."""
    rows: dict[int, str] = {}
    for p in problems:
        match = re.match(_ROW, p.field)
        if match:
            rows.setdefault(int(match.group(1)), sentence(p.message))
    return rows


def hints_by_field(notes: Iterable[Note]) -> dict[str, str]:
    """The core's notes (``core.voice``) as hint texts per form field: ``tag``, ``attachments``.

    A note about one attachment row starts with "Row N:"; sub-tag and CLIENT_ID notes go with the
    tag, as their problems do.
    """
    hints: dict[str, list[str]] = {}
    for note in notes:
        name = note.field.split(".")[0].split("[")[0]
        key = "tag" if name in ("tag", "sub_tag", "client_id") else name
        match = re.match(_ROW, note.field)
        if match:
            text = _("Row {row}: {text}").format(row=int(match.group(1)) + 1, text=note.message)
        else:
            text = note.sentence()
        hints.setdefault(key, []).append(text)
    return {key: "\n".join(dict.fromkeys(texts)) for key, texts in hints.items()}


def error_style(widget: QWidget) -> str:
    """The style sheet for an error message on ``widget``: dark red on a light window, a light
    red on a dark one (the dark red is barely readable on a dark background)."""
    from gui.status_header import tone_color  # errors come after the first paint

    return f"color: {tone_color('error', widget.palette()).name()};"


class FieldNote(QLabel):
    """A word-wrapped label under one input; empty and hidden when there is nothing to say."""

    def __init__(
        self,
        object_name: str,
        field: QWidget | Callable[[], QWidget],
        parent: QWidget | None = None,
    ) -> None:
        """``field``: the input the note is about (it takes the note as its accessible
        description), or a function that gives it (an input built after the first paint)."""
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self._field = field
        self.level = ""
        self._small = False  # its smaller font: set with its first words (see _set)
        self.hide()

    def show_error(self, text: str) -> None:
        self._set(text, "error")

    def show_hint(self, text: str) -> None:
        self._set(text, "hint")

    def clear_note(self) -> None:
        self._set("", "")

    def show_note(
        self,
        errors: list[str] | None = None,
        *,
        empty: bool = False,
        empty_hint: str = "",
        hint: str = "",
    ) -> None:
        """The field's errors (each once), or a quiet hint: ``empty_hint`` instead of the errors
        while the field is ``empty`` (a required field not yet filled in is not a mistake), or
        ``hint`` when nothing is wrong."""
        if errors and empty:
            self.show_hint(empty_hint)
        elif errors:
            self.show_error("\n".join(dict.fromkeys(errors)))
        elif hint:
            self.show_hint(hint)
        else:
            self.clear_note()

    def _set(self, text: str, level: str) -> None:
        if text == self.text() and level == self.level:
            return
        self.level = level
        if text and not self._small:
            # Hidden until it has something to say, so the font waits until then: the first
            # QFont touched makes PySide6 build QFont's enums, not needed for the first paint.
            self._small = True
            font = self.font()
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
            self.setFont(font)
        self.setText(text)
        self._restyle()
        if not text:
            self.setAccessibleName("")
        elif level == "error":
            self.setAccessibleName(_("Problem: {text}").format(text=text))
        else:
            self.setAccessibleName(_("Hint: {text}").format(text=text))
        field = self._field if isinstance(self._field, QWidget) else self._field()
        field.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def _restyle(self) -> None:
        style = error_style(self) if self.level == "error" else HINT_STYLE if self.level else ""
        if style != self.styleSheet():
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a palette change (light <-> dark) with the error colour."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)
