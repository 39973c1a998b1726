"""The left of the window: the form, validated by the core as you type, and the buttons under it.

The connection and notification boxes scroll together (never sideways); under them, always in
view, a note for the problems no field shows, the busy label, and Copy as…, Cancel and Send.
Every edit is validated (:mod:`gui.validation`); each box shows its fields' problems and the
core's hints (:mod:`core.voice`), and Send is enabled only when the core would accept the request.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, QSize, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _
from gui.advanced_box import AdvancedBox
from gui.connection_box import ConnectionBox
from gui.field_note import error_style, sentence
from gui.message_box import MessageBox
from gui.qt_names import set_enum_property
from gui.recipient_lookup import RecipientLookup
from gui.settings import FormState, storable_address
from gui.validation import Validation, validate_form


class FormScroll(QScrollArea):
    """The form's scroll area: it scrolls up and down, never sideways.

    Its minimum width is the form's, so the splitter (or a small or restored window) squeezes
    the answer pane instead of cutting off the address field and its notes behind a horizontal
    scroll bar.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is not None:
            need = form.minimumSizeHint().width() + self._bar_width() + 2 * self.frameWidth()
            hint.setWidth(max(hint.width(), need))
        return hint

    def _bar_width(self) -> int:
        """The vertical scroll bar's width, as its holder (``qt_scrollarea_vcontainer``, a plain
        ``QWidget`` to PySide6) gives it: ``verticalScrollBar()`` would have PySide6 build the
        ``QScrollBar`` and ``QAbstractSlider`` classes, with their enums, on the way to the first
        paint (issue 10). Without the holder (another Qt), the bar itself."""
        holder = self.findChild(QWidget, "qt_scrollarea_vcontainer")
        if holder is not None:
            return holder.sizeHint().width()
        return self.verticalScrollBar().sizeHint().width()

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        # One watch, whatever the widgets set (not looked up with findChild: that would bring
        # every child, the scroll bars too, into Python).
        watch = vars(self).get("_watch")
        if watch is None:
            watch = self._watch = _FormLayoutWatch(self)
        widget.installEventFilter(watch)


class _FormLayoutWatch(QObject):
    """The form's layout changed (a box grew wider after the start, a button row wrapped): the
    scroll area's parent layout must ask for its minimum again, or it keeps the old, narrower one.

    A filter of its own on the form alone, not an ``eventFilter`` override on the scroll area:
    the scroll area also filters its scroll bars' and viewport's events, which an override
    would bring into Python one by one (and have PySide6 build ``QScrollBar`` for them before
    the first paint; issue 10)."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self._scroll = scroll

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._scroll.updateGeometry()
        return False


def _button(text: str, name: str, accessible: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(tip)
    return button


class ComposePane(QWidget):
    """The form (``connection``, ``message``) and its buttons; see the module docstring.

    :attr:`validated` gives each new :class:`Validation` after its problems are shown;
    :attr:`sendRequested` is Ctrl+Enter in the text or in a table cell. ``held``: edits do not
    validate until :meth:`revalidate` is first called (the window fills the form at its start
    without validating each field; a real start validates just after its first paint, issue 10,
    and imports the core's checks then).
    """

    validated = Signal(object)
    sendRequested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, held: bool = False, lean: bool = False
    ) -> None:
        """``held``: edits wait for the next :meth:`revalidate`. ``lean`` (a real start): what
        the first paint does not show — the attachments table (an empty frame holds its place)
        and the folded Advanced fields — waits for :meth:`build_deferred`, which the window
        calls just after its first paint; anything that needs them earlier builds them."""
        super().__init__(parent)
        self.setObjectName("composePane")
        self.validation = Validation()
        self._busy_text = ""  # what the busy label says while a call is in flight
        self._held = held  # edits wait for the next revalidate()
        self.connection = ConnectionBox(lean=lean)
        self.message = MessageBox(defer_table=lean)
        self.advanced = AdvancedBox(defer_body=lean)
        self.message.attachments.fullFormPasted.connect(self.advanced.take_full_form)
        self.send_button = _button(
            _("&Send"),
            "sendButton",
            _("Send notification"),
            _("Send the notification (Ctrl+Enter)"),
        )
        self.send_button.setDefault(True)
        self.send_button.installEventFilter(self)  # a double-click on Send is one send
        self.cancel_button = _button(
            _("Cancel"),
            "cancelButton",
            _("Cancel the call in flight"),
            _("Stop waiting for the portal (Esc)"),
        )
        self.copy_button = QToolButton()
        self.copy_button.setObjectName("copyAsButton")
        self.copy_button.setText(_("Cop&y as…"))
        self.copy_button.setAccessibleName(_("Copy the request as a command"))
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setAccessibleName(_("Call in progress"))
        self.form_note = QLabel()
        self.form_note.setObjectName("formMessage")
        self.form_note.setWordWrap(True)
        self.form_note.hide()
        self._lay_out()
        self._set_tab_order()
        # A part built after the first paint takes its place in the tab order.
        self.message.attachments.when_table_built(lambda _table: self._set_tab_order())
        self.advanced.bodyBuilt.connect(self._set_tab_order)
        self.connection.changed.connect(self._edited)
        self.message.changed.connect(self._edited)
        self.advanced.changed.connect(self._edited)
        self.message.sendRequested.connect(self.sendRequested)
        self.lookup = RecipientLookup(
            self.message.user_edit, self.message.recipient_name, lambda: self.validation.endpoint
        )
        self._update_buttons()  # nothing to send, copy or check until the form is valid

    def build_deferred(self) -> None:
        """Build what a ``lean`` pane left for after the first paint (nothing otherwise)."""
        self.message.settle_text_height()  # before any note shows (see there)
        self.message.attachments.build_table()
        self.message.attachments.more.build_menu()
        self.advanced.build_body()
        self.connection.dress()

    def _set_tab_order(self) -> None:
        for first, second in itertools.pairwise(self.tab_chain()):
            QWidget.setTabOrder(first, second)

    def _lay_out(self) -> None:
        form = QWidget()
        form.setObjectName("composeForm")
        column = QVBoxLayout(form)
        column.addWidget(self.connection)
        column.addWidget(self.message, 1)  # spare height goes to the attachments table
        column.addWidget(self.advanced)
        scroll = FormScroll()
        scroll.setObjectName("formScroll")
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (an invisible one): its fields are, and it follows them.
        set_enum_property(scroll, "focusPolicy", "NoFocus")
        # Send and its neighbours stay in view under the scrolling form: in a short window they
        # used to scroll away below the attachments.
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        footer = QVBoxLayout()
        margins = column.contentsMargins()
        footer.setContentsMargins(margins.left(), 0, margins.right(), margins.bottom())
        footer.addWidget(self.form_note)
        footer.addLayout(buttons)
        pane = QVBoxLayout(self)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.addWidget(scroll, 1)
        pane.addLayout(footer)

    def tab_chain(self) -> list[QWidget]:
        """Tab goes through the form top to bottom, then Copy as…, Cancel and Send."""
        return [
            *self.connection.tab_chain(),
            *self.message.tab_chain(),
            *self.advanced.tab_chain(),
            self.copy_button,
            self.cancel_button,
            self.send_button,
        ]

    # -- the fields as saved -------------------------------------------------------------------
    def form_state(self) -> FormState:
        """The fields as the settings file keeps them: the address without its secret."""
        c, m = self.connection, self.message
        extras = c.extras.values()  # the client id and CA bundle; never the secrets beside them
        return FormState(
            address=storable_address(c.url(), c.token()),
            user=m.user(),
            text=m.text(),
            tag=m.tag(),
            attachments=m.model.rows(),
            **self.advanced.values(),
            oauth_client_id=extras["client_id"],
            ca_bundle=extras["ca_bundle"],
        )

    def restore_form(self, state: FormState) -> None:
        """Fill the fields from the settings file (the secret comes from the keyring later)."""
        self.connection.set_url(state.address)
        self.message.set_user(state.user)
        self.message.set_text(state.text)
        self.message.set_tag(state.tag)
        self.message.model.set_rows(state.attachments)
        self.advanced.set_values(state.advanced())
        if state.oauth_client_id or state.ca_bundle:  # from a draft (the settings keep neither)
            self.connection.extras.set_values(
                client_id=state.oauth_client_id, ca_bundle=state.ca_bundle
            )

    # -- validation ---------------------------------------------------------------------------
    def _edited(self) -> None:
        if not self._held:
            self.revalidate()

    def validate(self) -> Validation:
        """Ask the core what it thinks of the form; nothing is shown or sent."""
        c, m = self.connection, self.message
        return validate_form(
            c.url(),
            c.token(),
            user=m.user(),
            text=m.text(),
            tag=m.tag(),
            attachments=m.model.blocks(),
            **self.advanced.values(),
        )

    def revalidate(self) -> Validation:
        """Validate, show each problem next to its field, and say so by :attr:`validated`."""
        from core.voice import notes_for_notification  # with the first validation

        self._held = False
        v = self.validation = self.validate()
        said = notes_for_notification(v.endpoint, v.notification) if v.notification else []
        # Each box shows the problems of its fields; what neither takes goes under the form.
        rest = self.message.show_problems(
            self.connection.show_problems(v.problems), said, v.recipients_note()
        )
        rest = self.advanced.show_problems(rest)
        form_messages = [sentence(p.message) for p in rest]
        if form_messages:
            self.form_note.setStyleSheet(error_style(self.form_note))  # follows light/dark
        self.form_note.setText("\n".join(form_messages))
        self.form_note.setVisible(bool(form_messages))
        self._update_buttons()
        self.validated.emit(v)
        return v

    def focus_first_problem(self) -> None:
        """Put the cursor in the first field to correct."""
        problems = self.validation.problems
        if not self.connection.focus_problem(problems) and not self.message.focus_problem(problems):
            self.advanced.focus_problem(problems)

    def show_busy(self, busy_text: str) -> None:
        """A call is in flight (``busy_text`` says which), or none is (""): Send and the check
        wait, Cancel works."""
        self._busy_text = busy_text
        self._update_buttons()

    def _update_buttons(self) -> None:
        v, busy = self.validation, bool(self._busy_text)
        self.busy_label.setText(self._busy_text)
        self.send_button.setEnabled(not busy and v.ok)
        self.cancel_button.setEnabled(busy)
        self.connection.check_button.setEnabled(not busy and v.endpoint is not None)
        self.copy_button.setEnabled(v.ok)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the second click of a double-click on Send: a fast portal got two
        notifications (the first send had already finished when it came)."""
        if watched is self.send_button and event.type() == QEvent.Type.MouseButtonDblClick:
            return True
        return super().eventFilter(watched, event)
