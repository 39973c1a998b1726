"""The "Notification" group: recipient, text, tag and the attachments (gui.attachments_editor).

Each field has its note under it (:class:`gui.field_note.FieldNote`): the core's problems with it,
or a quiet hint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from core.i18n import N_, _
from gui.attachments_editor import AttachmentsEditor
from gui.attachments_model import AttachmentsModel
from gui.connection_box import field_column
from gui.field_note import FieldNote, errors_by_field, field_of, hints_by_field, row_problems

if TYPE_CHECKING:
    from collections.abc import Sequence

    from core.errors import Problem
    from core.voice import Note

TEXT_HINT = N_("BB-codes such as [b]bold[/b] and [url=…]links[/url] work. Ctrl+Enter sends.")
USER_REQUIRED = N_("Required: the recipient's user id, e.g. 1.")
# Problems of fields shown elsewhere under the tag: none now (sub-tag, CLIENT_ID and MESSAGE_OUT
# have their own fields under Advanced, gui.advanced_box).
_UNDER_TAG: dict[str, str] = {}


def _row(*widgets: QWidget) -> QWidget:
    """Widgets side by side, sharing the width."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1)
    return row


def _name_label() -> QLabel:
    label = QLabel()
    label.setObjectName("recipientName")
    label.setAccessibleName(_("Recipient's name"))
    return label


class MessageBox(QGroupBox):
    """What the notification says and to whom; emits :attr:`changed` on every edit."""

    changed = Signal()
    sendRequested = Signal()  # Ctrl+Enter in the text, or in a table cell (once it is committed)
    FIELDS = ("user", "text", "tag", "attachments")  # the core's names, in the form's order

    def __init__(self, parent: QWidget | None = None, *, defer_table: bool = False) -> None:
        """``defer_table``: the attachments table comes after the first paint (a real start;
        see :mod:`gui.attachments_editor`), and so does the text's size policy
        (:meth:`settle_text_height`)."""
        super().__init__(_("Notification"), parent)
        self.setObjectName("messageBox")

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setPlaceholderText(_("e.g. 1, or 1-60, 75 for many"))
        self.user_edit.setAccessibleName(_("Recipient user id"))
        self.user_edit.setToolTip(_("The id of the Bitrix24 user who receives the notification"))
        self.user_note = FieldNote("userMessage", self.user_edit)
        user_row = self._user_row()  # the field, and the recipients editor's button beside it

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("textEdit")
        self.text_edit.setAccessibleName(_("Notification text"))
        self.text_edit.setPlaceholderText(_("What the recipient should read"))
        self.text_edit.setTabChangesFocus(True)  # Tab moves on; the tab order follows the form
        self.text_edit.setMinimumHeight(90)
        self.text_edit.setMaximumHeight(160)  # about nine lines: the whole form fits 1180x780
        if not defer_table:
            self.settle_text_height()
        self.text_note = FieldNote("textMessage", self.text_edit)
        self.text_edit.installEventFilter(self)  # Ctrl+Enter sends

        self._tag_field()

        self.model = AttachmentsModel(self)
        self.attachments = AttachmentsEditor(self.model, defer_table=defer_table)
        self.attachments.sendRequested.connect(self.sendRequested)
        self.attachments_note = FieldNote("attachmentsMessage", lambda: self.attachments.table)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_label = self._label(_("&Recipient user id:"), self.user_edit)
        self.text_label = self._label(_("Te&xt:"), self.text_edit)
        self.tag_label = self._label(_("Ta&g:"), self.tag_edit)
        # Its buddy is the table's place until the table comes (after the first paint).
        self.attachments_label = self._label(_("Attach&ments:"), self.attachments.field())
        self.attachments.when_table_built(self.attachments_label.setBuddy)
        form.addRow(self.user_label, field_column(user_row, self.user_note))
        form.addRow(self.text_label, field_column(self.text_edit, self.text_note))
        form.addRow(self.tag_label, field_column(_row(self.tag_edit), self.tag_note))
        notes = (self.attachments.paste_note, self.attachments_note)  # what a paste did, problems
        form.addRow(self.attachments_label, field_column(self.attachments, *notes))

        for sig in (
            self.user_edit.textChanged,
            self.text_edit.textChanged,
            self.tag_edit.textChanged,
            self.model.changed,
        ):
            sig.connect(self.changed)

    def _tag_field(self) -> None:
        """The tag field and its note (the window puts Delete by tag… beside it)."""
        self.tag_edit = QLineEdit()
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setAccessibleName(_("Tag"))
        self.tag_edit.setPlaceholderText(
            _("optional: a later one with this tag replaces it (app tokens; see the tooltip)")
        )
        self.tag_edit.setToolTip(
            _(
                "With an app token, a later notification with the same tag replaces the earlier "
                "one. Over a webhook only portals that honour CLIENT_ID for webhooks keep tags; "
                "older portals drop them silently."
            )
        )
        self.tag_note = FieldNote("tagMessage", self.tag_edit)

    def settle_text_height(self) -> None:
        """The text's size policy: Preferred, not Expanding, so spare height goes to the
        attachments table, not to the text's note under it.

        A real start sets it just after the first paint, before the form's notes appear: until
        a note shows, the text (at its maximum height, its size hint) cannot take spare height
        anyway, so the first paint is laid out the same; and ``QSizePolicy`` is one of the
        dearest Qt classes to set up (~6 ms: PySide6 builds it and its enums on first use).
        """
        from PySide6.QtWidgets import QSizePolicy

        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def _user_row(self) -> QWidget:
        """The recipient field and, beside it, the button that opens the recipients editor
        (many ids, a department, a CSV file; the window builds the editor when first asked)."""
        self.recipients_button = QToolButton()
        self.recipients_button.setObjectName("recipientsButton")
        self.recipients_button.setText(_("Many…"))
        self.recipients_button.setAccessibleName(_("Edit the recipients"))
        self.recipients_button.setToolTip(
            _("Many recipients: ids and ranges, a department, or a CSV file")
        )
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.user_edit, 1)
        box.addWidget(_name_label(), 1)  # the name: gui.recipient_lookup
        box.addWidget(self.recipients_button)
        return row

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @property
    def recipient_name(self) -> QLabel:
        """The recipient's name beside the id (:mod:`gui.recipient_lookup` fills it in)."""
        label = self.findChild(QLabel, "recipientName")
        assert label is not None
        return label

    def add_beside_tag(self, widget: QWidget) -> None:
        """Put ``widget`` (the window's Delete by tag… button) to the right of the tag field."""
        row = self.tag_edit.parentWidget()
        layout = row.layout() if row is not None else None
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(widget)

    # -- problems -------------------------------------------------------------------------------
    def show_problems(
        self, problems: Sequence[Problem], notes: Sequence[Note] = (), user_hint: str = ""
    ) -> list[Problem]:
        """Show the core's problems under their fields and mark the attachment rows they name; an
        empty required field gets a quiet "Required" hint instead. ``notes`` (``core.voice``)
        become quiet hints under the tag and the attachments; ``user_hint`` under the recipient
        ("60 recipients"). Returns the other fields' problems.
        """
        errors = errors_by_field(problems, _UNDER_TAG)
        hints = hints_by_field(notes)
        self.model.set_problems(row_problems(problems))
        self.user_note.show_note(
            errors.get("user"), empty=not self.user(), empty_hint=_(USER_REQUIRED), hint=user_hint
        )
        self.text_note.show_note(
            errors.get("text"),
            empty=not self.text().strip(),
            empty_hint=_("Required. {hint}").format(hint=_(TEXT_HINT)),
            hint=_(TEXT_HINT),
        )
        self.tag_note.show_note(errors.get("tag"), hint=hints.get("tag", ""))
        self.attachments_note.show_note(
            errors.get("attachments"), hint=hints.get("attachments", "")
        )
        taken = {*self.FIELDS, *_UNDER_TAG}
        return [p for p in problems if field_of(p.field) not in taken]

    def focus_problem(self, problems: Sequence[Problem]) -> bool:
        """Put the cursor in the first field here that has a problem; False if none has."""
        fields = {field_of(p.field) for p in problems}
        widgets = (self.user_edit, self.text_edit, self.tag_edit, self.attachments.table)
        for name, widget in zip(self.FIELDS, widgets, strict=True):
            if name in fields:
                widget.setFocus()
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text box sends instead of adding a line; plain Enter still adds one."""
        if watched is self.text_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # the window's Send shortcut does not fire as well
                if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self.sendRequested.emit()  # held down: one send, not one per key repeat
                return True
        return super().eventFilter(watched, event)

    # -- values ---------------------------------------------------------------------------------
    def set_user(self, text: str) -> None:
        self.user_edit.setText(text)

    def set_text(self, text: str) -> None:
        self.text_edit.setPlainText(text)

    def set_tag(self, text: str) -> None:
        self.tag_edit.setText(text)

    def user(self) -> str:
        return self.user_edit.text().strip()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def tag(self) -> str:
        return self.tag_edit.text().strip()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.user_edit,
            self.recipients_button,
            self.text_edit,
            self.tag_edit,
            *self.attachments.tab_chain(),
        ]
