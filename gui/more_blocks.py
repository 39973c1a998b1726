"""Under the attachments table: "More blocks" (a message, a link, a user, a grid cell, a delimiter)
and "Paste JSON", which adds the blocks of JSON from the clipboard.

Pasted JSON is read by the core (:func:`gui.block_rows.blocks_from_json`, through
``core.blocks``); each block becomes a row (:func:`gui.block_rows.row_of_block`: a simple row when
it gives the block back exactly, else a JSON row). Text that holds no blocks adds nothing and says
why under the buttons; the blocks' own problems are the form's, marked on their rows like any
other row's.

On a real start the drop-down menu itself comes just after the first paint (``defer_menu``;
:meth:`MoreBlocks.build_menu`): ``QMenu`` is one of the dearest Qt classes to set up (~0.8 MiB the
first time), the button looks the same without it (same size; its arrow comes with the menu), and
nothing can be clicked before the first paint anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from core.i18n import _, ngettext
from core.problems import InputError
from gui.block_rows import (
    DELIMITER,
    GRID,
    LABELS,
    LINK,
    MESSAGE,
    USER,
    blocks_from_json,
    row_of_block,
)
from gui.field_note import HINT_STYLE, error_style, sentence
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

MENU_KINDS = (MESSAGE, LINK, USER, GRID, DELIMITER)


class MoreBlocks(QWidget):
    """The "More blocks" menu, the "Paste JSON" button and the note that says what a paste did."""

    addRequested = Signal(str)  # a kind from the menu: the table adds an empty row of it
    pasted = Signal(object, object)  # rows [(kind, name, value)], the full form's other keys

    def __init__(self, parent: QWidget | None = None, *, defer_menu: bool = False) -> None:
        super().__init__(parent)
        self._menu: QMenu | None = None
        self.more_button = QToolButton()
        self.more_button.setObjectName("addBlockButton")
        self.more_button.setText(_("More blocks"))
        self.more_button.setAccessibleName(_("Add another kind of block"))
        self.more_button.setToolTip(_("Add a message, link, user, grid or delimiter block"))
        set_enum_property(self.more_button, "popupMode", "InstantPopup")
        if not defer_menu:
            self.build_menu()
        self.paste_button = QPushButton(_("Paste &JSON"))
        self.paste_button.setObjectName("pasteAttachJsonButton")
        self.paste_button.setAccessibleName(_("Paste blocks as JSON"))
        self.paste_button.setToolTip(
            _(
                "Add the blocks of the JSON in the clipboard: a list of blocks, one block, or "
                "the full form with BLOCKS (its COLOR_TOKEN goes to Advanced)"
            )
        )
        self.paste_button.clicked.connect(lambda: self.paste_json())
        self.note = QLabel(self)  # the form lays it out under the table (see below)
        self.note.setObjectName("pasteAttachJsonMessage")
        self.note.setWordWrap(True)
        self.note.hide()
        # The note is laid out by the form, beside the table's own note (gui/message_box.py): a
        # word-wrapped label inside the editor made its layout ignore the table's minimum height.
        buttons = QHBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)

    @property
    def menu(self) -> QMenu:
        """The drop-down menu (``addBlockMenu``), built on first use when deferred."""
        return self._menu if self._menu is not None else self.build_menu()

    def build_menu(self) -> QMenu:
        """The "More blocks" menu, one entry per kind (once; returns it)."""
        if self._menu is not None:
            return self._menu
        from PySide6.QtWidgets import QMenu  # see the module's docstring

        menu = self._menu = QMenu(self.more_button)
        menu.setObjectName("addBlockMenu")
        for kind in MENU_KINDS:
            action = menu.addAction(_(LABELS[kind]))
            action.setObjectName(f"add{kind}Action")
            action.triggered.connect(lambda _checked=False, k=kind: self.addRequested.emit(k))
        self.more_button.setMenu(menu)
        return menu

    def tab_chain(self) -> list[QWidget]:
        return [self.more_button, self.paste_button]

    def paste_json(self, text: str | None = None) -> int:
        """Add the blocks of JSON ``text`` (the clipboard's by default); how many were added."""
        if text is None:
            from PySide6.QtGui import QGuiApplication

            text = QGuiApplication.clipboard().text()
        try:
            blocks, meta = blocks_from_json(text)
        except InputError as error:
            message = " ".join(sentence(p.message) for p in error.problems)
            self._say(_("Nothing was added: {reason}").format(reason=message), error=True)
            return 0
        self.pasted.emit([row_of_block(b) for b in blocks], meta)
        said = ngettext("Added {n} block.", "Added {n} blocks.", len(blocks)).format(n=len(blocks))
        left_out = [key for key in meta if key != "COLOR_TOKEN"]
        if left_out:
            said += " " + _("Not kept from the full form: {keys}.").format(keys=", ".join(left_out))
        self._say(said, error=False)
        return len(blocks)

    def _say(self, text: str, *, error: bool) -> None:
        self.note.setStyleSheet(error_style(self.note) if error else HINT_STYLE)
        self.note.setText(text)
        self.note.setAccessibleDescription(text)
        self.note.show()

    def clear_note(self) -> None:
        self.note.hide()
        self.note.clear()
