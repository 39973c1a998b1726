"""Helpers shared by the window's bulk-send tests."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from gui.bulk_rows import compact_ids

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal
    from gui.main_window import MainWindow


def active_ids(portal: SandboxPortal, count: int) -> list[int]:
    """``count`` active generated people (ids from 10 on)."""
    ids = [u["id"] for u in portal.users() if u["active"] and u["id"] >= 10][:count]
    assert len(ids) == count
    return ids


def notified(portal: SandboxPortal) -> Counter[int]:
    """How many notifications each user has in the sandbox."""
    return Counter(n["user_id"] for n in portal.notifications())


def batch_commands(portal: SandboxPortal) -> list[list[str] | None]:
    """The command keys of each ``batch`` that sent notifications, in order (None for a batch
    whose logged parameters the sandbox cut short: it bounds its log)."""
    found: list[list[str] | None] = []
    for entry in portal.requests():
        if entry["rest_method"] != "batch" or "im.notify" not in str(entry.get("params")):
            continue
        params = entry.get("params")
        cmd = params.get("cmd") if isinstance(params, dict) else None
        found.append(list(cmd) if isinstance(cmd, dict) else None)
    return found


def fill_many(w: MainWindow, ids: list[int], text: str = "Hello team") -> None:
    w.compose.message.user_edit.setText(compact_ids(ids))
    w.compose.message.text_edit.setPlainText(text)


def send_many_and_wait(qtbot, w: MainWindow, timeout: int = 30000):
    """Press Send on a multi-recipient form; the outcome of the run (gui.tasks.Outcome)."""
    v = w.validate()
    assert v.ok and v.many, v.problems
    with qtbot.waitSignal(w.bulk.finished, timeout=timeout) as blocker:
        qtbot.mouseClick(w.compose.send_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def statuses(w: MainWindow) -> dict[int, str]:
    assert w.bulk.panel is not None
    return {row.user_id: row.status for row in w.bulk.panel.model.rows}
