"""The sandbox inbox: what each sandbox user received, drawn like a Bitrix24 notification.

The sandbox portal runs in this process, so reading it is a direct Python call under its lock (no
network, never blocking the event loop). The view polls a cheap signature of the store once a
second while it is visible and redraws only when something changed (a send, a delete, a reset).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
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

from gui.format import is_safe_url
from gui.notification_html import notifications_html

__all__ = ["InboxView"]

POLL_MS = 1000
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


class InboxView(QWidget):
    """A user list on the left, the selected user's notifications (newest first) on the right."""

    userSelected = Signal(int)

    def __init__(self, portal: _Portal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._portal = portal
        self._signature: tuple[int, ...] | None = None
        self._user_chose = False
        self._names: dict[int, str] = {}

        self.usersList = QListWidget(self)
        self.usersList.setObjectName("inboxUsers")
        self.usersList.setAccessibleName("Sandbox users")
        self.usersList.currentItemChanged.connect(self._on_user_changed)
        self.usersList.itemClicked.connect(lambda _item: setattr(self, "_user_chose", True))

        users_label = QLabel("Sandbox &users", self)
        users_label.setBuddy(self.usersList)

        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("inboxTitle")
        self.titleLabel.setWordWrap(True)
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)

        self.messages = QTextBrowser(self)
        self.messages.setObjectName("inboxMessages")
        self.messages.setAccessibleName("Notifications received")
        self.messages.setOpenLinks(False)
        self.messages.anchorClicked.connect(self._open_link)

        self.refreshButton = QPushButton("Re&fresh", self)
        self.refreshButton.setObjectName("inboxRefreshButton")
        self.refreshButton.clicked.connect(self.refresh)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(users_label)
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

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.refresh()

    # -- public API -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload users and the selected inbox from the sandbox (a direct, quick call)."""
        records = self._portal.notifications()
        self._signature = self._signature_of(records)
        counts: dict[int, int] = {}
        for record in records:
            uid = _int(record.get("user_id"))
            if uid is not None:
                counts[uid] = counts.get(uid, 0) + 1
        current = self.current_user_id()
        if not self._user_chose and records:
            # Until someone picks a user, follow the newest notification's recipient.
            newest = max(records, key=lambda r: _int(r.get("id")) or 0)
            current = _int(newest.get("user_id"))
        self._fill_users(counts, current)
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
    @staticmethod
    def _signature_of(records: list[dict[str, Any]]) -> tuple[int, ...]:
        return tuple(_int(r.get("id")) or 0 for r in records)

    def _poll(self) -> None:
        if self._signature_of(self._portal.notifications()) != self._signature:
            self.refresh()

    def _fill_users(self, counts: dict[int, int], current: int | None) -> None:
        self._names = {}
        self.usersList.blockSignals(True)
        try:
            self.usersList.clear()
            chosen: QListWidgetItem | None = None
            for user in self._portal.users():
                uid = _int(user.get("id"))
                if uid is None:
                    continue
                name = str(user.get("name") or f"User {uid}")
                self._names[uid] = name
                label = f"{name}  (id {uid})"
                if counts.get(uid):
                    label += f" — {counts[uid]}"
                if user.get("active") is False:
                    label += "  · inactive"
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
        if uid is None:
            self.titleLabel.setText("No sandbox users.")
            self.messages.setHtml("")
            return
        records = self._portal.inbox(uid)
        name = self._names.get(uid, f"User {uid}")
        count = len(records)
        plural = "notification" if count == 1 else "notifications"
        self.titleLabel.setText(f"{name} (id {uid}) — {count} {plural}, newest first")
        self.messages.setHtml(notifications_html(records, self._names))
        self.messages.verticalScrollBar().setValue(0)  # newest first: the top is what's new

    def _on_user_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is None:
            return
        self._show_inbox()
        uid = _int(current.data(_ID_ROLE))
        if uid is not None:
            self.userSelected.emit(uid)

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
