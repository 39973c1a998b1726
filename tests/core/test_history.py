"""core/history.py: one SQLite store, bounded, secret-free, never in a send's way."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from core.address import parse_endpoint
from core.errors import CredentialsError, NotSentError
from core.history import Entry, History, entry_for
from core.request import Notification, build_delete, build_notification
from core.result import Result

TOKEN_EP = parse_endpoint("https://p.bitrix24.com", "s3cretaccesstoken")
HOOK_EP = parse_endpoint("https://p.bitrix24.com/rest/1/w3bhooksecret/")


def _prepared(text: str = "Hi", tag: str = "", endpoint=HOOK_EP):
    return build_notification(endpoint, Notification(user_id=5, text=text, tag=tag))


def _result(nid: int = 42) -> Result:
    return Result("im.notify.personal.add", 200, {"result": nid}, "", 0.25, round_trip=0.2)


def test_a_send_is_recorded_with_everything_but_its_secret(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    prepared = _prepared("leaks s3cretaccesstoken?", tag="nightly", endpoint=TOKEN_EP)
    assert history.record(entry_for(prepared, result=_result(), profile="work", source="cli"))
    (entry,) = history.search()
    assert (entry.profile, entry.recipient, entry.tag, entry.outcome) == (
        "work",
        "5",
        "nightly",
        "sent",
    )
    assert (entry.result_id, entry.http_status, entry.elapsed) == ("42", 200, 0.25)
    assert entry.address == "https://p.bitrix24.com"
    assert entry.outcome_text == "sent: 42"
    raw = (tmp_path / "h.sqlite3").read_bytes()
    assert b"s3cretaccesstoken" not in raw
    assert "s3cretaccesstoken" not in entry.text
    assert stat.S_IMODE((tmp_path / "h.sqlite3").stat().st_mode) == 0o600


def test_errors_are_recorded_with_their_outcome(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    refused = CredentialsError("no", code="invalid_token", http_status=401)
    history.record(entry_for(_prepared("a"), error=refused))
    history.record(entry_for(_prepared("b"), error=NotSentError("unreachable")))
    history.record(entry_for(_prepared("c"), error=KeyboardInterrupt()))
    outcomes = [(e.text, e.outcome, e.error_code) for e in history.search()]
    assert outcomes == [
        ("c", "unknown", "KeyboardInterrupt"),
        ("b", "not_sent", "NotSentError"),
        ("a", "refused", "invalid_token"),
    ]
    assert history.search()[2].http_status == 401


def test_search_newest_first_any_case_and_delete(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    entries = [
        entry_for(_prepared(text), result=_result(i), when=1000.0 + i)
        for i, text in enumerate(["Сборка упала", "deploy ok", "СБОРКА снова"])
    ]
    assert history.record_many(entries)
    found = history.search("сборка")  # Cyrillic, any case
    assert [e.text for e in found] == ["СБОРКА снова", "Сборка упала"]
    assert [e.text for e in history.search(limit=1)] == ["СБОРКА снова"]
    assert history.delete([found[0].id]) == 1
    assert history.count() == 2
    assert history.get(found[1].id).text == "Сборка упала"
    delete = build_delete(HOOK_EP, tag="nightly")
    history.record(
        entry_for(delete, result=Result("im.notify.delete", 200, {"result": True}, "", 0.1))
    )
    assert history.search("nightly")[0].method == "im.notify.delete"


def test_bounded_to_the_newest_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    history = History(tmp_path / "h.sqlite3", limit=3)
    history.record_many([entry_for(_prepared(str(i)), result=_result()) for i in range(5)])
    history.record(entry_for(_prepared("5"), result=_result()))
    assert [e.text for e in history.search()] == ["5", "4", "3"]
    monkeypatch.setenv("B24NOTIFY_HISTORY_LIMIT", "0")
    off = History(tmp_path / "off.sqlite3")
    assert off.record(entry_for(_prepared(), result=_result())) is False
    assert not (tmp_path / "off.sqlite3").exists()


def test_a_locked_database_drops_the_row_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = History(path, busy_timeout=0.05)
    history.record(entry_for(_prepared("first"), result=_result()))
    other = sqlite3.connect(path, isolation_level=None)  # another process's writer
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert history.record(entry_for(_prepared("second"), result=_result())) is False
        assert "locked" in history.problem and "not affected" in history.problem
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [e.text for e in history.search()] == ["first"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions, not root")
def test_a_read_only_folder_drops_the_row_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        history = History(folder / "h.sqlite3")
        assert history.record(entry_for(_prepared(), result=_result())) is False
        assert history.problem
        assert history.search() == []
    finally:
        folder.chmod(0o700)


def test_a_damaged_database_is_set_aside_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    history = History(path)
    assert history.record(entry_for(_prepared("after"), result=_result()))
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert str(aside[0]) in history.notice and "damaged" in history.notice
    assert [e.text for e in history.search()] == ["after"]


def test_entry_params_put_the_request_back() -> None:
    entry = entry_for(_prepared("back", tag="t"), result=_result())
    assert entry.params_dict()["MESSAGE"] == "back"
    assert Entry(time=0, method="m", params="garbage").params_dict() == {}


def test_a_folder_that_cannot_be_made_drops_the_row_and_says_so(tmp_path: Path) -> None:
    # Also when running as root, where a read-only folder is writable all the same.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    history = History(blocker / "sub" / "h.sqlite3")
    assert history.record(entry_for(_prepared(), result=_result())) is False
    assert history.problem and "not affected" in history.problem
    assert history.search() == [] and history.count() == 0


def test_an_answer_cut_to_size_keeps_no_piece_of_an_echoed_secret() -> None:
    """The answer is scrubbed before it is cut: a secret straddling the cut is masked whole,
    not left as its first characters (which no redactor recognises any more)."""
    from core.history import MAX_ANSWER

    secret = HOOK_EP.secret
    for cut in range(1, len(secret)):
        # {"echo": "xxx…<secret>"}: the secret starts ``cut`` characters before the limit.
        filler = "x" * (MAX_ANSWER - len('{"echo": "') - len(secret) + cut)
        raw = {"echo": filler + secret}
        echoed = Result("im.notify.personal.add", 200, raw, "", 0.1)
        answer = entry_for(_prepared(), result=echoed).answer
        assert len(answer) <= MAX_ANSWER
        assert secret[:4] not in answer, cut
