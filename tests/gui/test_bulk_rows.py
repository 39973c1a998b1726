"""gui.bulk_rows (Qt-free): the table's rows, their CSV and tab-separated text, names, the
progress line, and the compact list of ids the recipients editor writes back."""

from __future__ import annotations

import csv
import io

import pytest

from core.bulk import Outcome, Progress, Status
from core.recipients import parse_ids
from gui.bulk_rows import Row, as_csv, as_tsv, compact_ids, counts_text, names_of


def rows() -> list[Row]:
    return [
        Row(5, "Ann Lee", Outcome(5, Status.SENT, 42)),
        Row(6, "Bob, Jr.", Outcome(6, Status.REFUSED, code="RESULT_FALSE", reason="inactive")),
        Row(7, "", Outcome(7, Status.UNKNOWN, reason="Unknown — check before sending again")),
        Row(8, "Dee"),
    ]


def test_cells_say_the_outcome_in_words() -> None:
    sent, refused, unknown, waiting = (r.cells() for r in rows())
    assert sent == ["5", "Ann Lee", "Sent", "42", ""]
    assert refused[2:] == ["Refused", "", "inactive (RESULT_FALSE)"]
    assert unknown[2] == "Unknown — check before sending again"
    assert waiting[2] == "Waiting"


def test_csv_reads_back_with_every_column() -> None:
    read = list(csv.DictReader(io.StringIO(as_csv(rows()))))
    assert [r["ID"] for r in read] == ["5", "6", "7", "8"]
    assert [r["OUTCOME"] for r in read] == ["sent", "refused", "unknown", "waiting"]
    assert read[0]["NOTIFICATION_ID"] == "42" and read[1]["CODE"] == "RESULT_FALSE"
    assert read[1]["NAME"] == "Bob, Jr."  # quoted, not split


def test_tsv_has_a_header_and_a_line_per_row() -> None:
    lines = as_tsv(rows()).splitlines()
    assert lines[0].startswith("ID\tName\tOutcome")
    assert len(lines) == 5 and all(line.count("\t") == 4 for line in lines)


def test_names_prefer_the_csv_then_the_portal() -> None:
    portal = {5: {"FULL_NAME": "Ann Lee"}, 6: {"NAME": "Bob", "LAST_NAME": "Ray"}}
    csv_values = {5: {"NAME": "Annie"}}
    assert names_of([5, 6, 7], portal, csv_values) == {5: "Annie", 6: "Bob Ray", 7: ""}


def test_counts_and_time_left() -> None:
    going = Progress(120, 40, 1, 1, 2, 1, 1.0, 25.2)
    assert counts_text(going) == "44 of 120 — 40 sent, 2 failed, 2 unknown — about 25 seconds left"
    slow = Progress(5000, 50, 0, 0, 0, 1, 1.0, 600.0)
    assert counts_text(slow).endswith("about 10 minutes left")
    done = Progress(2, 2, 0, 0, 0, 1, 1.0, 0.0)
    assert counts_text(done) == "2 of 2 — 2 sent, 0 failed, 0 unknown"


@pytest.mark.parametrize(
    ("ids", "text"),
    [
        ([1, 2, 3, 5], "1-3, 5"),
        ([9, 1, 2], "9, 1-2"),
        ([4], "4"),
        ([], ""),
        (list(range(1, 10_003)), "1-10000, 10001-10002"),
    ],
)
def test_compact_ids_read_back_the_same(ids: list[int], text: str) -> None:
    assert compact_ids(ids) == text
    if ids:
        assert parse_ids(text) == ids
