"""The "Advanced" group under the notification: what the API can send beyond user, text and tag.

- a system notification (``im.notify.system.add``: no author shown) instead of a personal one;
- ``MESSAGE_OUT``, the text e-mail and push show (they show no attachments);
- ``SUB_TAG``, a second tag to delete notifications by;
- ``CLIENT_ID``, the namespace of the tags over a webhook (``notifyClientIdEdit``: the OAuth
  client id of a connection is another field);
- ``COLOR_TOKEN``, the attachment's colour scheme (primary, secondary, alert or base).

A collapsible group: a toggle line ("Advanced", ``advancedToggle``) over its fields. It is folded
by default; folded, a line beside its title says which of them are set, so nothing
that changes the request is out of sight. The core checks these values with the rest of the form
(:mod:`gui.validation`) and a field with a problem unfolds the group.

Folded, its fields are not on screen: on a real start (``defer_body``) they are built just after
the first paint (:meth:`AdvancedBox.build_body`), or as soon as anything needs them (unfolding,
a value to show, a problem); until then :meth:`AdvancedBox.values` are the defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _
from gui.connection_box import field_column
from gui.field_note import HINT_STYLE, FieldNote, errors_by_field, field_of
from gui.first_paint import build_for
from gui.qt_names import set_enum_property

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtWidgets import QCheckBox, QComboBox

    from core.errors import Problem

_BODY_FIELDS = frozenset(
    {
        "system_check",
        "message_out_edit",
        "sub_tag_edit",
        "client_id_edit",
        "color_token_combo",
        "notes",
    }
)

# The form's values here, by the core's names (``core.notification.Notification``), and defaults.
DEFAULTS: dict[str, Any] = {
    "system": False,
    "text_out": "",
    "sub_tag": "",
    "client_id": "",
    "color_token": "",
}


def _line(name: str, accessible: str, placeholder: str, tip: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tip)
    return edit


class AdvancedBox(QWidget):
    """System or personal, MESSAGE_OUT, SUB_TAG, CLIENT_ID, COLOR_TOKEN; emits :attr:`changed`."""

    changed = Signal()
    bodyBuilt = Signal()  # the fields exist now (the tab order takes them in)
    FIELDS = ("text_out", "sub_tag", "client_id", "color_token")  # those with a problem note
    # Built with the body (see the module's docstring).
    system_check: QCheckBox
    message_out_edit: QLineEdit
    sub_tag_edit: QLineEdit
    client_id_edit: QLineEdit
    color_token_combo: QComboBox
    notes: dict[str, FieldNote]

    def __init__(self, parent: QWidget | None = None, *, defer_body: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("advancedBox")
        self.toggle = QToolButton()
        self.toggle.setObjectName("advancedToggle")
        self.toggle.setText(_("Advan&ced"))
        self.toggle.setAccessibleName(_("Show the advanced fields"))
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        set_enum_property(self.toggle, "toolButtonStyle", "ToolButtonTextBesideIcon")
        self.summary = QLabel()
        self.summary.setObjectName("advancedSummary")  # coloured with its first words (below)
        self.body = QWidget()
        self.body.setObjectName("advancedBody")
        self._built = False
        self._lay_out()
        self.toggle.toggled.connect(self.set_expanded)
        self.set_expanded(False)
        if not defer_body:
            self.build_body()

    def body_built(self) -> bool:
        return self._built

    def build_body(self) -> None:
        """The fields, in the folded body (once)."""
        if self._built:
            return
        self._built = True
        self._make_fields()
        self._lay_out_body()
        for sig in (
            self.system_check.toggled,
            self.message_out_edit.textChanged,
            self.sub_tag_edit.textChanged,
            self.client_id_edit.textChanged,
            self.color_token_combo.currentIndexChanged,
        ):
            sig.connect(self._on_edit)
        self.bodyBuilt.emit()

    def __getattr__(self, name: str) -> Any:
        """A field asked for before the body is built: build it (see the module's docstring)."""
        return build_for(self, name, _BODY_FIELDS, self.build_body)

    def _make_fields(self) -> None:
        from PySide6.QtWidgets import QCheckBox, QComboBox

        from core.blocks import COLOR_TOKENS

        self.system_check = QCheckBox(_("System notification (no a&uthor shown)"))
        self.system_check.setObjectName("systemCheck")
        self.system_check.setToolTip(
            _("Send with im.notify.system.add instead of im.notify.personal.add")
        )
        self.message_out_edit = _line(
            "messageOutEdit",
            _("Text for e-mail and push"),
            _("optional: e-mail and push show no attachments"),
            _("MESSAGE_OUT: the text e-mail and push notifications show instead"),
        )
        self.sub_tag_edit = _line(
            "subTagEdit",
            _("Sub-tag"),
            _("optional: a second tag to delete by"),
            _("SUB_TAG: notifications can be deleted by it, several at once"),
        )
        self.client_id_edit = _line(
            "notifyClientIdEdit",
            "CLIENT_ID",
            _("optional: b24notify (sent with tags over a webhook)"),
            _("CLIENT_ID: the namespace of the tags; delete by tag with the same one"),
        )
        self.color_token_combo = QComboBox()
        self.color_token_combo.setObjectName("colorTokenCombo")
        self.color_token_combo.setAccessibleName(_("Attachment colour"))
        self.color_token_combo.setToolTip(
            _("COLOR_TOKEN: the attachment's colour scheme (the portal's default is base)")
        )
        self.color_token_combo.addItem(_("(not given)"), "")
        for token in COLOR_TOKENS:
            self.color_token_combo.addItem(token, token)
        self.notes = {
            "text_out": FieldNote("messageOutMessage", self.message_out_edit),
            "sub_tag": FieldNote("subTagMessage", self.sub_tag_edit),
            "client_id": FieldNote("notifyClientIdMessage", self.client_id_edit),
            "color_token": FieldNote("colorTokenMessage", self.color_token_combo),
        }

    def _lay_out_body(self) -> None:
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("", self.system_check)
        rows = (
            # No mnemonics in this folded section: every letter of these labels is taken by a
            # field or button that is always there (profile, connection, form, menu), and Alt+C
            # (the Advanced toggle) then Tab reaches them.
            (_("Text out:"), self.message_out_edit, "text_out"),
            (_("Sub-tag:"), self.sub_tag_edit, "sub_tag"),
            (_("CLIENT_ID:"), self.client_id_edit, "client_id"),
            (_("Colour token:"), self.color_token_combo, "color_token"),
        )
        for text, widget, field in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, field_column(widget, self.notes[field]))

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle)
        header.addWidget(self.summary, 1)
        column = QVBoxLayout(self)
        # No frame or margins of its own: folded, it is one line, and the window's default size
        # still shows the whole form without a scroll bar.
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        column.addWidget(self.body)

    # -- folding --------------------------------------------------------------------------------
    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through toggled
            return
        # By name, not Qt.ArrowType: the first paint builds no Qt enums (gui/qt_names.py).
        set_enum_property(self.toggle, "arrowType", "DownArrow" if expanded else "RightArrow")
        if expanded:
            self.build_body()
        self.body.setVisible(expanded)
        self._update_summary()

    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def _on_edit(self, *_args: object) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        """Folded: which values are set ("system · SUB_TAG · COLOR_TOKEN alert")."""
        v = self.values()
        parts = [_("system notification")] if v["system"] else []
        if v["text_out"]:
            parts.append("MESSAGE_OUT")  # a text: too long for the line
        for key, field in (("SUB_TAG", "sub_tag"), ("CLIENT_ID", "client_id")):
            if v[field]:
                parts.append(f"{key} {v[field]}")
        if v["color_token"]:
            parts.append(f"COLOR_TOKEN {v['color_token']}")
        text = "" if self.expanded() else " · ".join(parts)
        if text and not self.summary.styleSheet():
            # Not before it has words: the first style sheet of the window starts Qt's style
            # sheet engine (~0.2 MiB), which an empty first paint does without.
            self.summary.setStyleSheet(HINT_STYLE)
        self.summary.setText(text)
        self.summary.setToolTip(text)

    # -- problems -------------------------------------------------------------------------------
    def show_problems(self, problems: Sequence[Problem]) -> list[Problem]:
        """Show the problems of the fields here (unfolding the group); return the others."""
        errors = errors_by_field(problems)
        if not self._built and not any(field in errors for field in self.FIELDS):
            return list(problems)  # no field here has a problem, and no note to clear
        for field, note in self.notes.items():
            note.show_note(errors.get(field))
        if any(field in errors for field in self.FIELDS):
            self.set_expanded(True)
        return [p for p in problems if field_of(p.field) not in self.FIELDS]

    def focus_problem(self, problems: Sequence[Problem]) -> bool:
        fields = {field_of(p.field) for p in problems}
        for field in self.FIELDS:
            if field in fields:
                self.set_expanded(True)
                self._widget(field).setFocus()
                return True
        return False

    def _widget(self, field: str) -> QWidget:
        return {
            "text_out": self.message_out_edit,
            "sub_tag": self.sub_tag_edit,
            "client_id": self.client_id_edit,
            "color_token": self.color_token_combo,
        }[field]

    # -- values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The values by the core's names (``system`` is a flag of ``build_notification``)."""
        if not self._built:
            return dict(DEFAULTS)
        return {
            "system": self.system_check.isChecked(),
            "text_out": self.message_out_edit.text(),
            "sub_tag": self.sub_tag_edit.text().strip(),
            "client_id": self.client_id_edit.text().strip(),
            "color_token": str(self.color_token_combo.currentData() or ""),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the fields (missing keys take their defaults)."""
        v = {**DEFAULTS, **values}
        if not self._built and v == DEFAULTS:
            return  # the fields, when built, start at the defaults
        self.system_check.setChecked(bool(v["system"]))
        self.message_out_edit.setText(str(v["text_out"]))
        self.sub_tag_edit.setText(str(v["sub_tag"]))
        self.client_id_edit.setText(str(v["client_id"]))
        self.set_color_token(str(v["color_token"]))

    def set_color_token(self, token: str) -> None:
        """Choose ``token``; one the list does not know is added as it is, and the core then says
        it is not a colour token (a value is never changed silently)."""
        combo = self.color_token_combo
        index = combo.findData(token)
        if index < 0:
            combo.addItem(token, token)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def take_full_form(self, meta: dict[str, Any]) -> None:
        """A pasted full form's COLOR_TOKEN (:class:`gui.more_blocks.MoreBlocks`) comes here."""
        token = meta.get("COLOR_TOKEN")
        if isinstance(token, str) and token:
            self.set_color_token(token)

    def tab_chain(self) -> list[QWidget]:
        if not self._built:
            return [self.toggle]
        return [
            self.toggle,
            self.system_check,
            self.message_out_edit,
            self.sub_tag_edit,
            self.client_id_edit,
            self.color_token_combo,
        ]
