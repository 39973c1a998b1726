"""The sandbox inbox: what each sandbox user received, drawn like a Bitrix24 notification.

The sandbox portal runs in this process, so reading it is a direct Python call under its lock (no
network). ``refresh()`` reads it at once; while the view is visible it also polls once a second, and
that read (which copies the stored notifications) runs on a worker thread, so a sandbox full of
notifications never stalls the event loop. Only the newest ``SHOWN`` notifications of a user are
drawn, and the text browser is redrawn only when what it shows has changed.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.i18n import _, ngettext
from gui.format import is_safe_url
from gui.notification_html import MUTED, notifications_html
from gui.tasks import Outcome, Task, TaskRunner

__all__ = ["InboxView"]

POLL_MS = 1000
SHOWN = 50  # newest notifications drawn per user
_ID_ROLE = Qt.ItemDataRole.UserRole


class _Portal(Protocol):
    def users(self) -> list[dict[str, Any]]: ...
    def inbox(self, user_id: int) -> list[dict[str, Any]]: ...
    def notifications(self) -> list[dict[str, Any]]: ...


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Snapshot:
    """Plain data read from the portal (safe to build on a worker thread)."""

    __slots__ = ("records", "signature", "users")

    def __init__(self, portal: _Portal) -> None:
        self.users = portal.users()
        self.records = portal.notifications()
        self.signature = tuple(_int(r.get("id")) or 0 for r in self.records)


class InboxView(QWidget):
    """A user list on the left, the selected user's notifications (newest first) on the right."""

    def __init__(self, portal: _Portal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._portal = portal
        self._signature: tuple[int, ...] | None = None
        self._user_chose = False
        self._names: dict[int, str] = {}
        self._snapshot: _Snapshot | None = None
        self._shown_html = ""
        self._users_key: tuple[Any, ...] = ()
        self._runner = TaskRunner(self, max_threads=1)
        self._poll_task: Task | None = None
        self._make_widgets()  # in the order Tab visits them
        self._lay_out()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.refresh()

    def _make_widgets(self) -> None:
        self.usersList = QListWidget(self)
        self.usersList.setObjectName("inboxUsers")
        self.usersList.setAccessibleName(_("Sandbox users"))
        self.usersList.currentItemChanged.connect(self._on_user_changed)
        self.usersList.itemClicked.connect(lambda _item: setattr(self, "_user_chose", True))

        self._users_label = QLabel(_("Sandbox &users"), self)
        self._users_label.setBuddy(self.usersList)

        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("inboxTitle")
        self.titleLabel.setWordWrap(True)
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)

        self.messages = QTextBrowser(self)
        self.messages.setObjectName("inboxMessages")
        self.messages.setAccessibleName(_("Notifications received"))
        self.messages.setOpenLinks(False)
        self.messages.anchorClicked.connect(self._open_link)

        # No mnemonic: beside the form's fields and buttons every letter of it is taken.
        self.refreshButton = QPushButton(_("Refresh"), self)
        self.refreshButton.setObjectName("inboxRefreshButton")
        self.refreshButton.setAccessibleName(_("Refresh the inbox"))
        self.refreshButton.clicked.connect(self.refresh)

    def _lay_out(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._users_label)
        left_layout.addWidget(self.usersList, 1)
        left_layout.addWidget(self.refreshButton)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.titleLabel, 1)
        right_layout.addLayout(head)
        right_layout.addWidget(self.messages, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("inboxSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 480])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- public API -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload users and the selected inbox from the sandbox now (a direct call)."""
        self._apply(_Snapshot(self._portal))

    def request_refresh(self) -> None:
        """Reload on a worker thread and redraw when the data is back (what the poll does)."""
        if self._poll_task is not None:
            return  # one read at a time; the next tick catches up
        portal = self._portal
        self._poll_task = self._runner.run(lambda: _Snapshot(portal), self._on_polled)

    def _on_polled(self, outcome: Outcome) -> None:
        self._poll_task = None
        if outcome.ok and outcome.result.signature != self._signature:
            self._apply(outcome.result)

    def _apply(self, snap: _Snapshot) -> None:
        self._snapshot = snap
        self._signature = snap.signature
        counts: dict[int, int] = {}
        for record in snap.records:
            uid = _int(record.get("user_id"))
            if uid is not None:
                counts[uid] = counts.get(uid, 0) + 1
        current = self.current_user_id()
        if not self._user_chose and snap.records:
            # Until someone picks a user, follow the newest notification's recipient.
            newest = max(snap.records, key=lambda r: _int(r.get("id")) or 0)
            current = _int(newest.get("user_id"))
        self._fill_users(snap.users, counts, current)
        self._show_inbox()

    def current_user_id(self) -> int | None:
        item = self.usersList.currentItem()
        return None if item is None else _int(item.data(_ID_ROLE))

    def select_user(self, user_id: int) -> None:
        """Show ``user_id``'s notifications (and stop following the newest recipient)."""
        self._user_chose = True
        for row in range(self.usersList.count()):
            item = self.usersList.item(row)
            if _int(item.data(_ID_ROLE)) == int(user_id):
                self.usersList.setCurrentItem(item)
                return

    # -- internals --------------------------------------------------------------------------
    def _poll(self) -> None:
        self.request_refresh()

    def _fill_users(
        self, users: list[dict[str, Any]], counts: dict[int, int], current: int | None
    ) -> None:
        key = (repr(users), tuple(sorted(counts.items())), current)
        if key == self._users_key and self.usersList.count():
            return  # nothing to redraw in the list
        self._users_key = key
        self._names = {}
        self.usersList.blockSignals(True)
        try:
            self.usersList.clear()
            chosen: QListWidgetItem | None = None
            for user in users:
                uid = _int(user.get("id"))
                if uid is None:
                    continue
                name = str(user.get("name") or _("User {id}").format(id=uid))
                self._names[uid] = name
                label = _("{name}  (id {id})").format(name=name, id=uid)
                if counts.get(uid):
                    label += f" — {counts[uid]}"
                if user.get("active") is False:
                    label = _("{user}  · inactive").format(user=label)
                item = QListWidgetItem(label)
                item.setData(_ID_ROLE, uid)
                tip = ", ".join(str(x) for x in (user.get("position"), user.get("department")) if x)
                if tip:
                    item.setToolTip(tip)
                if counts.get(uid):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.usersList.addItem(item)
                if chosen is None or uid == current:
                    chosen = item
            if chosen is not None:
                self.usersList.setCurrentItem(chosen)
        finally:
            self.usersList.blockSignals(False)

    def _show_inbox(self) -> None:
        uid = self.current_user_id()
        if uid is None or self._snapshot is None:
            self.titleLabel.setText(_("No sandbox users."))
            self._set_html("")
            return
        records = [r for r in self._snapshot.records if _int(r.get("user_id")) == uid]
        name = self._names.get(uid) or _("User {id}").format(id=uid)
        count = len(records)
        title = ngettext(
            "{name} (id {id}) — {n} notification, newest first",
            "{name} (id {id}) — {n} notifications, newest first",
            count,
        )
        self.titleLabel.setText(title.format(name=name, id=uid, n=count))
        newest = sorted(records, key=lambda r: _int(r.get("id")) or 0)[-SHOWN:]
        html = notifications_html(newest, self._names)
        if count > SHOWN:
            shown = ngettext(
                "Showing the newest {shown} of {n} notification.",
                "Showing the newest {shown} of {n} notifications.",
                count,
            ).format(shown=SHOWN, n=count)
            html += f'<p style="color:{MUTED}">{shown}</p>'
        self._set_html(html)

    def _set_html(self, html: str) -> None:
        if html == self._shown_html:
            return  # unchanged: keep the scroll position and skip the layout
        self._shown_html = html
        self.messages.setHtml(html)
        self.messages.verticalScrollBar().setValue(0)  # newest first: the top is what's new

    def _on_user_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is None:
            return
        self._show_inbox()

    def _open_link(self, url: QUrl) -> None:
        text = url.toString()
        if is_safe_url(text) and url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def showEvent(self, event: Any) -> None:
        """Poll while visible; catch up on anything that changed while hidden."""
        super().showEvent(event)
        self._poll()
        self._timer.start()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._timer.stop()
