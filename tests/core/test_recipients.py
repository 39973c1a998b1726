"""Recipients: ids, ranges and lists as typed or pasted; CSV files; departments on the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.client import Client
from core.errors import InputError
from core.recipients import (
    MAX_RANGE,
    MAX_RECIPIENTS,
    Recipient,
    department_members,
    looks_like_many,
    parse_csv,
    parse_ids,
    read_csv,
)
from core.sandbox import SandboxPortal


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("5", [5]),
        ("1,5,10-12", [1, 5, 10, 11, 12]),
        ("5, 7; 9", [5, 7, 9]),
        ("5\n7\r\n9\t11", [5, 7, 9, 11]),
        ("3 - 5", [3, 4, 5]),
        ("3\u20135", [3, 4, 5]),  # an en dash, as pasted from a document
        ("5,5,3,5", [5, 3]),
        (" ,;5;; ,", [5]),
        ("007", [7]),
    ],
)
def test_ids_ranges_and_lists(text: str, ids: list[int]) -> None:
    assert parse_ids(text) == ids


def test_a_list_of_pieces_and_an_int() -> None:
    assert parse_ids(["1-3", 2, "9"]) == [1, 2, 3, 9]
    assert parse_ids(4) == [4]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "enter user ids"),
        ("abc", "abc: the user id must be a whole number"),
        ("5,x7", "x7:"),
        ("\u0665", "whole number"),  # an Arabic-Indic five: ASCII digits only
        ("0", "positive"),
        ("20-10", "runs backwards"),
        ("1-", "1-:"),
        ("1-2-3", "1-2-3:"),
    ],
)
def test_bad_pieces_are_named(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_ids(text)
    assert words in str(caught.value)
    assert all(p.field == "user" for p in caught.value.problems)


def test_every_bad_piece_is_listed_at_once() -> None:
    with pytest.raises(InputError) as caught:
        parse_ids("a, 5, b, 9-1")
    assert len(caught.value.problems) == 3


def test_a_range_is_bounded() -> None:
    assert len(parse_ids(f"1-{MAX_RANGE}")) == MAX_RANGE
    with pytest.raises(InputError, match="at most 10,000 ids; this one holds 10,001"):
        parse_ids(f"1-{MAX_RANGE + 1}")


def test_the_whole_list_is_bounded() -> None:
    pieces = ",".join(f"{a}-{a + MAX_RANGE - 1}" for a in range(1, MAX_RECIPIENTS + 2, MAX_RANGE))
    with pytest.raises(InputError, match="at most 100,000 recipients"):
        parse_ids(pieces)


@given(st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=40))
def test_any_ids_with_any_separators_come_back_in_order_once(ids: list[int]) -> None:
    separators = [", ", ";", "\n", " \t", ","]
    text = "".join(f"{i}{separators[n % len(separators)]}" for n, i in enumerate(ids))
    assert parse_ids(text) == list(dict.fromkeys(ids))


@given(st.text(max_size=30))
def test_any_text_is_ids_or_an_input_error(text: str) -> None:
    try:
        ids = parse_ids(text)
    except InputError:
        return
    assert ids and all(isinstance(i, int) and i > 0 for i in ids)


def test_many_or_one() -> None:
    assert not looks_like_many("5")
    assert not looks_like_many(" 5 ")
    assert looks_like_many("5,6")
    assert looks_like_many("1-3")
    assert looks_like_many("5 6")


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_with_a_bom_semicolons_and_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffName;id;City\nBoris;2;Berlin\n\n;3;Москва\n".encode())
    assert read_csv(path) == [
        Recipient(2, {"NAME": "Boris", "CITY": "Berlin"}),
        Recipient(3, {"NAME": "", "CITY": "Москва"}),
    ]


def test_csv_with_commas_quotes_and_a_multiline_field() -> None:
    text = 'ID,NOTE\n5,"a, b"\n6,"two\nlines"\n5,"a, b"\n'
    assert parse_csv(text) == [Recipient(5, {"NOTE": "a, b"}), Recipient(6, {"NOTE": "two\nlines"})]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "is empty"),
        ("NAME,CITY\nBoris,Berlin\n", "line 1: no ID column"),
        ("ID,ID\n1,2\n", "the column ID appears twice"),
        ("ID,CITY\n2,Berlin\nx,Paris\n", "line 3: the user id must be a whole number"),
        ("ID,CITY\n2,Berlin,extra\n", "line 2: 3 fields, but the first line names 2 columns"),
        ("ID,CITY\n2,Berlin\n\n2,Paris\n", "line 4: user 2 is also on line 2 with other values"),
        ("ID\n\n\n", "names no recipients"),
    ],
)
def test_csv_problems_name_the_line(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_csv(text, name="people.csv")
    assert words in str(caught.value)
    assert caught.value.problems[0].field == "recipients"


@pytest.mark.parametrize(
    "text",
    ['ID,NAME\n5,"Ann\n6,Bob\n7,Cy\n', 'ID;NAME\n5;"Ann" Lee\n6;Bob\n'],
)
def test_a_broken_quote_is_an_error_not_a_field_that_swallows_recipients(text: str) -> None:
    # an unclosed quote read leniently made "Ann\n6,Bob\n7,Cy" user 5's NAME: 6 and 7 skipped
    with pytest.raises(InputError) as caught:
        parse_csv(text, name="people.csv")
    assert "people.csv, line" in str(caught.value)


def test_csv_file_is_read_through_the_bounded_reader(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_csv(tmp_path)
    (tmp_path / "latin.csv").write_bytes(b"ID;NAME\n2;M\xfcller\n")
    with pytest.raises(InputError, match="not UTF-8"):
        read_csv(tmp_path / "latin.csv")


# --- departments --------------------------------------------------------------------------------


def test_department_members_active_only_with_or_without_subdepartments(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        development = department_members(client, 2)
        with_below = department_members(client, "2", subdepartments=True)
    people = {u["id"]: u for u in sandbox.users()}
    assert development == [2, 3, 8]
    assert all(people[i]["active"] for i in with_below)
    assert set(development) < set(with_below) or development == with_below


@pytest.fixture
def crowded() -> Iterator[SandboxPortal]:
    """A sandbox with 600 generated people."""
    portal = SandboxPortal(users=600).start()
    try:
        yield portal
    finally:
        portal.stop()


def test_department_members_page_through_many_people(crowded: SandboxPortal) -> None:
    portal = crowded
    calls: list[str] = []
    with Client(portal.webhook_url) as client:
        ids = department_members(client, 1, subdepartments=True, before=lambda: calls.append("x"))
    active = [u["id"] for u in portal.users() if u["active"]]
    assert ids == active  # everyone is below Management, inactive people left out
    assert len(ids) > 100
    # department.get, the first user.get page, then the other pages in one batch
    assert [r["rest_method"] for r in portal.requests()] == ["department.get", "user.get", "batch"]
    assert len(calls) == 3


def test_an_unknown_or_empty_department_is_an_input_error(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        with pytest.raises(InputError, match="no department 99"):
            department_members(client, 99)
        with pytest.raises(InputError, match="Helpdesk has no active people"):
            department_members(client, 10)
        with pytest.raises(InputError, match="department id"):
            department_members(client, "two")
