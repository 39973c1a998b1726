"""The window's bulk send against the sandbox: a list in the recipient field, Send, the progress
and the per-recipient table, refusals and Retry failed, unknown outcomes (never sent again),
cancel, copy and save as CSV, and the personalised versions stepped through."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressBar, QPushButton, QTableView

from core.sandbox import SandboxPortal
from tests.gui._bulk import (
    active_ids,
    batch_commands,
    fill_many,
    notified,
    send_many_and_wait,
    statuses,
)


@pytest.fixture
def crowded() -> Iterator[SandboxPortal]:
    """A sandbox with 150 generated people (ids 10-159, a few inactive)."""
    portal = SandboxPortal(users=150).start()
    try:
        yield portal
    finally:
        portal.stop()


@pytest.fixture
def bulk_window(make_window, crowded: SandboxPortal, qtbot):
    w = make_window()
    w.compose.connection.url_edit.setText(crowded.webhook_url)
    w.show()
    qtbot.waitUntil(lambda: w.bulk._painted)  # the bulk panel comes only after the first paint
    return w


def test_a_list_in_the_recipient_field_shows_the_count(bulk_window) -> None:
    w = bulk_window
    w.compose.message.user_edit.setText("1-60")
    w.compose.message.text_edit.setPlainText("Hi")
    assert w.compose.message.user_note.text() == "60 recipients"
    assert w.validate().many
    w.compose.message.user_edit.setText("5, 7; 9")
    assert w.compose.message.user_note.text() == "3 recipients"
    assert w.compose.send_button.isEnabled()
    w.compose.message.user_edit.setText("3")  # one id: the simple send, no count
    assert w.compose.message.user_note.text() == "" and not w.validate().many
    w.compose.message.user_edit.setText("5, x")
    note = w.compose.message.user_note
    assert note.level == "error" and note.text().lower().startswith("x:")
    assert not w.compose.send_button.isEnabled()


def test_the_bulk_panel_is_built_when_the_form_names_many(bulk_window) -> None:
    w = bulk_window
    assert w.bulk.panel is None  # one recipient: nothing built
    fill_many(w, [5, 6])
    panel = w.bulk.panel
    assert panel is not None and panel.isVisibleTo(w)
    for kind, name in (
        (QProgressBar, "bulkProgress"),
        (QTableView, "bulkResults"),
        (QPushButton, "retryFailedButton"),
        (QPushButton, "previousRecipientButton"),
        (QPushButton, "nextRecipientButton"),
    ):
        assert w.findChild(kind, name) is not None, name
    assert "2 recipients" in panel.summary.text()


def test_120_recipients_each_get_it_exactly_once(qtbot, bulk_window, crowded) -> None:
    w = bulk_window
    people = active_ids(crowded, 120)
    fill_many(w, people)
    outcome = send_many_and_wait(qtbot, w)
    assert outcome.ok, outcome.error
    assert notified(crowded) == {user_id: 1 for user_id in people}
    assert set(statuses(w).values()) == {"sent"}
    panel = w.bulk.panel
    assert panel.progress.value() == panel.progress.maximum() == 120
    assert "120 sent, 0 failed, 0 unknown" in panel.counts.text()
    assert len(batch_commands(crowded)) == 3  # ceil(120 / 50) requests
    row = panel.model.rows[0]
    assert row.name  # named from the portal's user data
    assert row.notification_id() in {str(n["id"]) for n in crowded.notifications()}
    assert not panel.retry_button.isEnabled()  # nobody to retry
    assert not w.busy and w.compose.send_button.isEnabled()


def test_refused_rows_are_explained_and_retry_failed_sends_only_to_them(
    qtbot, bulk_window, crowded
) -> None:
    w = bulk_window
    refused = [crowded.inactive_user_id, crowded.missing_user_id]
    people = [*active_ids(crowded, 60), *refused]
    fill_many(w, people)
    send_many_and_wait(qtbot, w)
    got = statuses(w)
    assert {u for u, s in got.items() if s == "refused"} == set(refused)
    rows = {row.user_id: row for row in w.bulk.panel.model.rows}
    assert all(rows[u].details() for u in refused)  # the reason, in words
    retry = w.bulk.panel.retry_button
    assert retry.isEnabled() and "2" in retry.text()
    before = len(batch_commands(crowded))
    with qtbot.waitSignal(w.bulk.finished, timeout=30000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    again = batch_commands(crowded)[before:]
    assert again == [[f"n{u}" for u in refused]]  # only the refused, once
    assert notified(crowded) == {u: 1 for u in people if u not in refused}
    assert len(w.bulk.panel.model.rows) == len(people)  # the table keeps everyone


@pytest.mark.parametrize("fault", ["drop", "invalid_json"])
def test_an_unknown_outcome_is_never_sent_again(qtbot, bulk_window, crowded, fault) -> None:
    w = bulk_window
    people = [*active_ids(crowded, 120), crowded.inactive_user_id]
    fill_many(w, people)
    crowded.inject("latency", seconds=0, method="batch")  # the user data's batch goes through
    crowded.inject(fault, method="batch")  # the first send batch: carried out, its answer lost
    send_many_and_wait(qtbot, w)
    got = statuses(w)
    unknown = [u for u in people if got[u] == "unknown"]
    assert unknown == people[:50]
    assert "check before sending again" in w.bulk.panel.model.rows[0].outcome_text()
    assert "50 unknown" in w.bulk.panel.counts.text()
    batches = len(batch_commands(crowded))
    with qtbot.waitSignal(w.bulk.finished, timeout=30000):
        qtbot.mouseClick(w.bulk.panel.retry_button, Qt.MouseButton.LeftButton)
    assert len(batch_commands(crowded)) == batches  # one left to retry: the simple way
    last = crowded.requests()[-1]
    assert last["rest_method"] == "im.notify.personal.add"
    assert str(last["params"]["USER_ID"]) == str(crowded.inactive_user_id)
    counts = notified(crowded)
    assert all(counts[u] == 1 for u in people[:120])  # the unknown ones: once, never twice
    assert statuses(w)[people[0]] == "unknown"


def test_cancel_finishes_the_request_in_flight_and_sends_no_more(
    qtbot, bulk_window, crowded
) -> None:
    w = bulk_window
    people = active_ids(crowded, 120)
    fill_many(w, people)
    crowded.inject("latency", seconds=0, method="batch")  # user data
    crowded.inject("latency", seconds=0, method="batch")  # the first 50
    crowded.inject("latency", seconds=600, method="batch")  # the next 50: held until released
    qtbot.mouseClick(w.compose.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.bulk.panel is not None and len(statuses_sent(w)) == 50, timeout=30000)
    qtbot.waitUntil(lambda: crowded.faults() == [], timeout=30000)  # the next 50 are in flight
    assert w.busy and w.compose.cancel_button.isEnabled()
    qtbot.mouseClick(w.compose.cancel_button, Qt.MouseButton.LeftButton)
    assert w.busy  # the request in flight finishes first
    assert "Cancelling" in w.compose.busy_label.text()
    with qtbot.waitSignal(w.bulk.finished, timeout=30000) as blocker:
        crowded._stopping.set()  # let the held request answer (the sandbox's latency wait)
    crowded._stopping.clear()
    report = blocker.args[0].result[1]
    assert report.cancelled
    got = statuses(w)
    assert [u for u in people if got[u] == "sent"] == people[:100]
    assert all(got[u] == "not_sent" for u in people[100:])
    assert len(batch_commands(crowded)) == 2  # nothing after the one in flight
    assert notified(crowded) == {u: 1 for u in people[:100]}
    assert w.bulk.panel.retry_button.isEnabled()  # the 20 not sent may go now
    assert not w.busy


def statuses_sent(w) -> list[int]:
    return [u for u, s in statuses(w).items() if s == "sent"]


def test_copy_and_save_the_outcomes(qtbot, bulk_window, crowded, tmp_path: Path) -> None:
    w = bulk_window
    people = [*active_ids(crowded, 3), crowded.inactive_user_id]
    fill_many(w, people)
    send_many_and_wait(qtbot, w)
    panel = w.bulk.panel
    copied = panel.copy_results()
    assert QApplication.clipboard().text() == copied
    lines = copied.splitlines()
    assert lines[0].split("\t")[:3] == ["ID", "Name", "Outcome"]
    assert [line.split("\t")[0] for line in lines[1:]] == [str(u) for u in people]
    assert lines[-1].split("\t")[2] == "Refused"
    panel.table.selectRow(1)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().splitlines()[1].split("\t")[0] == str(people[1])
    target = tmp_path / "out.csv"
    with qtbot.waitSignal(panel.saved, timeout=10000) as saved:
        panel.save_csv(target)
    assert saved.args == [str(target)]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["ID"] for r in rows] == [str(u) for u in people]
    assert [r["OUTCOME"] for r in rows] == ["sent", "sent", "sent", "refused"]
    ids = {str(n["id"]) for n in crowded.notifications()}
    assert all(r["NOTIFICATION_ID"] in ids for r in rows[:3])
    assert rows[3]["CODE"] == "RESULT_FALSE" and rows[3]["DETAILS"]


def test_preview_steps_through_the_personalised_versions(qtbot, bulk_window, crowded) -> None:
    w = bulk_window
    people = active_ids(crowded, 3)
    names = {u["id"]: u["name"] for u in crowded.users()}
    fill_many(w, people, text="Hello [b]{NAME}[/b], id {ID}")
    panel = w.bulk.panel
    with qtbot.waitSignal(w.bulk.previewed, timeout=10000):
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    preview = panel.preview
    first = names[people[0]].split()[0]
    assert f"Hello {first}, id {people[0]}" in preview.view.toPlainText()
    assert "1 of 3" in preview.label.text()
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.shown_params()["MESSAGE"] == (
        f"Hello [b]{names[people[2]].split()[0]}[/b], id {people[2]}"
    )
    assert "3 of 3" in preview.label.text() and not preview.next_button.isEnabled()
    qtbot.mouseClick(preview.previous_button, Qt.MouseButton.LeftButton)
    assert str(people[1]) in preview.label.text()
    assert crowded.notifications() == []  # a preview sends nothing


def test_a_placeholder_without_a_value_sends_nothing(qtbot, bulk_window, crowded) -> None:
    w = bulk_window
    fill_many(w, active_ids(crowded, 3), text="Hi {NO_SUCH_FIELD}")
    outcome = send_many_and_wait(qtbot, w)
    assert not outcome.ok
    assert "NO_SUCH_FIELD" in w.result_panel.header.statusLabel.text()
    assert crowded.notifications() == []


def test_the_pacing_choice_is_kept(qtbot, bulk_window, make_window) -> None:
    w = bulk_window
    fill_many(w, [5, 6])
    combo = w.bulk.panel.rate_combo
    assert combo.objectName() == "ratePresetCombo" and combo.currentData() == "standard"
    combo.setCurrentIndex(combo.findData("enterprise"))
    w.close()
    again = make_window()
    again.show()
    qtbot.waitUntil(lambda: again.bulk._painted)
    fill_many(again, [5, 6])
    assert again.bulk.panel.rate_combo.currentData() == "enterprise"


def test_copy_as_gives_the_command_for_the_whole_list(qtbot, bulk_window) -> None:
    w = bulk_window
    fill_many(w, [5, 6, 7, 9])
    command = w.copy_request("cli")
    assert "--user '5-7, 9'" in command and QApplication.clipboard().text() == command
    assert w.copy_request("curl") == ""  # a cURL command would reach one person only
    assert "cURL" in w.statusBar().currentMessage()


def test_a_bulk_send_leaves_one_history_row_per_recipient(
    qtbot, bulk_window, crowded: SandboxPortal
) -> None:
    from core.history import History

    ids = active_ids(crowded, 3)
    fill_many(bulk_window, ids, "Hello {NAME}")
    with qtbot.waitSignal(bulk_window.bulk.recorded, timeout=30000) as said:
        outcome = send_many_and_wait(qtbot, bulk_window)
    assert outcome.ok and said.args == [""]  # written, nothing to say
    rows = History().search()
    assert sorted(int(e.recipient) for e in rows) == ids
    assert {(e.outcome, e.source) for e in rows} == {("sent", "window")}
    assert {e.result_id for e in rows} == {str(n["id"]) for n in crowded.notifications()}
    for entry in rows:
        assert crowded.secret not in str(entry.to_json())


def test_a_system_notification_goes_to_every_recipient_as_system(
    qtbot, bulk_window, crowded
) -> None:
    # The Advanced section's choice reaches the bulk path too (it once sent personal ones).
    w = bulk_window
    w.compose.advanced.system_check.setChecked(True)
    people = active_ids(crowded, 3)
    fill_many(w, people)
    outcome = send_many_and_wait(qtbot, w)
    assert outcome.ok, outcome.error
    stored = [n for n in crowded.notifications() if n["user_id"] in people]
    assert len(stored) == 3 and {n["type"] for n in stored} == {"SYSTEM"}
