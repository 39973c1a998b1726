"""gui.block_rows: every kind of row gives the block the REST docs describe, and every block gives
a row that gives it back (a JSON row when no simple row does)."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import InputError
from core.validate import check_attachments
from gui.block_rows import (
    DELIMITER,
    FILE,
    GRID,
    JSON_KIND,
    KINDS,
    LINK,
    MESSAGE,
    PICTURE,
    USER,
    blocks_from_json,
    kind_of,
    row_block,
    row_of_block,
)

ME = "/company/personal/user/3/"
ROWS = [
    ((PICTURE, "chart", "https://ci.example/c.png"), {"IMAGE": {"NAME": "chart", "LINK": "https://ci.example/c.png"}}),
    ((FILE, "log", "https://ci.example/l.txt"), {"FILE": {"NAME": "log", "LINK": "https://ci.example/l.txt"}}),
    ((MESSAGE, "", "Build [b]failed[/b]"), {"MESSAGE": "Build [b]failed[/b]"}),
    ((LINK, "Pipeline", "https://ci.example/p"), {"LINK": {"NAME": "Pipeline", "LINK": "https://ci.example/p"}}),
    ((LINK, "", "https://ci.example/p"), {"LINK": {"LINK": "https://ci.example/p"}}),
    ((USER, "Chen Wei", ME), {"USER": {"NAME": "Chen Wei", "LINK": ME}}),
    ((USER, "Chen Wei", ""), {"USER": {"NAME": "Chen Wei"}}),
    ((GRID, "Branch", "main"), {"GRID": [{"DISPLAY": "LINE", "NAME": "Branch", "VALUE": "main"}]}),
    ((DELIMITER, "", ""), {"DELIMITER": {"SIZE": 200}}),
    ((DELIMITER, "", "#c0c0c0"), {"DELIMITER": {"SIZE": 200, "COLOR": "#c0c0c0"}}),
    ((JSON_KIND, "", '{"MESSAGE":"hi"}'), {"MESSAGE": "hi"}),
]  # fmt: skip


@pytest.mark.parametrize(("row", "block"), ROWS)
def test_each_row_is_a_valid_block_and_comes_back_from_it(row: Any, block: Any) -> None:
    assert row_block(*row) == block
    assert check_attachments([block]) == []
    if row[0] != JSON_KIND:
        assert row_of_block(block) == row


@pytest.mark.parametrize(
    "block",
    [
        {"LINK": {"NAME": "x", "LINK": "https://e.example/", "DESC": "more"}},
        {"GRID": [{"DISPLAY": "BLOCK", "NAME": "a", "VALUE": "b"}]},
        {"GRID": [{"DISPLAY": "LINE", "NAME": "a", "VALUE": "b"}] * 2},
        {"IMAGE": [{"LINK": "https://e.example/a.png"}]},
        {"MESSAGE": "two\nlines"},
        {"USER": {"NAME": " padded ", "AVATAR": "https://e.example/a.png"}},
        {"DELIMITER": {"SIZE": 50}},
        {"RICH_LINK": {"LINK": "https://e.example/"}},
        {"UNKNOWN": 1},
        "not a block",
    ],
)
def test_a_block_no_simple_row_gives_back_is_kept_whole_as_json(block: Any) -> None:
    kind, name, value = row_of_block(block)
    assert (kind, name) == (JSON_KIND, "")
    assert row_block(kind, name, value) == block


def test_kinds_are_read_by_name_or_block_type() -> None:
    assert [kind_of(k) for k in KINDS] == list(KINDS)
    assert kind_of("image") == PICTURE and kind_of(" GRID ") == GRID and kind_of("x") is None


def test_json_that_does_not_parse_is_no_block_and_the_core_says_so() -> None:
    block = row_block(JSON_KIND, "", '{"MESSAGE": ')
    (problem,) = check_attachments([block])
    assert problem.field == "attachments[0]" and "must be an object" in problem.message


def test_pasted_json_gives_its_blocks_and_the_full_forms_other_keys() -> None:
    blocks, meta = blocks_from_json('{"COLOR_TOKEN": "alert", "COLOR": "#fff", "BLOCKS": [1]}')
    assert blocks == [1] and meta == {"COLOR_TOKEN": "alert", "COLOR": "#fff"}
    assert blocks_from_json('{"MESSAGE": "a"}') == ([{"MESSAGE": "a"}], {})
    assert blocks_from_json(' [{"MESSAGE": "a"}, {"DELIMITER": {}}] ')[0][1] == {"DELIMITER": {}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the clipboard is empty"),
        ("   ", "the clipboard is empty"),
        ("hello", "holds no JSON blocks"),
        ("/etc/passwd", "holds no JSON blocks"),  # never opened as a file
        ("[", "is not valid JSON"),
        ("[]", "holds no blocks"),
        ('{"BLOCKS": []}', "holds no blocks"),
        ('{"BLOCKS": 5}', "holds no blocks"),
    ],
)
def test_pasted_text_without_blocks_is_refused(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        blocks_from_json(text)
    assert expected in caught.value.problems[0].message
