"""The personalised versions of a bulk send, one recipient at a time (``bulkPreview``).

It shows what one recipient will read — the text, tag and attachment of that recipient's own
request, placeholders filled — drawn by the one notification renderer
(:func:`gui.notification_html.notification_html`), and steps through the others with
``previousRecipientButton`` / ``nextRecipientButton``. The requests are the plan's
(:class:`core.bulk.BulkPlan`), made off the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from core.i18n import _

if TYPE_CHECKING:
    from core.bulk import BulkPlan


class BulkPreview(QWidget):
    """A read-only view of one recipient's version, with previous / next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkPreviewPane")
        self._plan: BulkPlan | None = None
        self._names: dict[int, str] = {}
        self.index = 0
        self.view = QTextBrowser()
        self.view.setObjectName("bulkPreview")
        self.view.setAccessibleName(_("One recipient's version of the notification"))
        self.view.setOpenExternalLinks(False)
        self.view.setOpenLinks(False)
        self.label = QLabel()
        self.label.setObjectName("previewRecipientLabel")
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setObjectName("previousRecipientButton")
        self.previous_button.setAccessibleName(_("Previous recipient's version"))
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setObjectName("nextRecipientButton")
        self.next_button.setAccessibleName(_("Next recipient's version"))
        self.previous_button.clicked.connect(lambda: self.show_index(self.index - 1))
        self.next_button.clicked.connect(lambda: self.show_index(self.index + 1))
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.view, 1)
        self.clear()

    def clear(self, note: str = "") -> None:
        self._plan, self._names, self.index = None, {}, 0
        self.label.setText("")
        self.view.setPlainText(note)
        self._update_buttons()

    def set_plan(self, plan: BulkPlan, names: dict[int, str]) -> None:
        """Show the first recipient's version of ``plan``."""
        self._plan, self._names = plan, dict(names)
        self.show_index(0)

    @property
    def count(self) -> int:
        return len(self._plan.recipients) if self._plan is not None else 0

    def shown_params(self) -> dict[str, object]:
        """The request of the recipient shown (its MESSAGE, TAG, ATTACH…), or {}."""
        if self._plan is None or not self.count:
            return {}
        return dict(self._plan.requests[self.index].params)

    def show_index(self, index: int) -> None:
        from gui.notification_html import notification_html

        if self._plan is None or not self.count:
            return
        self.index = max(0, min(index, self.count - 1))
        user_id = self._plan.recipients[self.index]
        name = self._names.get(user_id, "")
        who = f"{name} ({user_id})" if name else str(user_id)
        self.label.setText(
            _("Recipient {n} of {count}: {who}").format(n=self.index + 1, count=self.count, who=who)
        )
        params = self._plan.requests[self.index].params
        record = {
            "author_id": 0,  # not a system notification: the header names the recipient
            "message": params.get("MESSAGE", ""),
            "tag": params.get("TAG", ""),
            "sub_tag": params.get("SUB_TAG", ""),
            "attach": params.get("ATTACH"),
        }
        self.view.setHtml(notification_html(record, author_name=_("To {who}").format(who=who)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous_button.setEnabled(self.count > 0 and self.index > 0)
        self.next_button.setEnabled(self.index < self.count - 1)
