"""Parameter decoding: PHP brackets, lists, upper-casing, intval (reference §4.2)."""

from __future__ import annotations

import pytest

from core.sandbox.params import BodyError, parse_body, parse_query, php_arrays, to_int, upper_keys


def test_brackets_build_nested_dicts_and_lists() -> None:
    parsed = parse_query(
        "USER_ID=5&ATTACH[BLOCKS][0][MESSAGE]=a%26b&ATTACH[BLOCKS][1][LINK][LINK]=https%3A%2F%2Fe.com"
    )
    assert parsed == {
        "USER_ID": "5",
        "ATTACH": {"BLOCKS": [{"MESSAGE": "a&b"}, {"LINK": {"LINK": "https://e.com"}}]},
    }


def test_empty_brackets_append() -> None:
    assert parse_query("a[]=1&a[]=2&b[x][]=y") == {"a": ["1", "2"], "b": {"x": ["y"]}}


def test_non_sequential_keys_stay_a_dict() -> None:
    assert php_arrays({"0": "a", "2": "b"}) == {"0": "a", "2": "b"}
    assert php_arrays({"1": "a", "0": "b"}) == {"1": "a", "0": "b"}


def test_json_body_and_errors() -> None:
    assert parse_body(b'{"A": [1, 2]}', "application/json; charset=utf-8") == {"A": [1, 2]}
    with pytest.raises(BodyError):
        parse_body(b"{", "application/json")
    with pytest.raises(BodyError):
        parse_body(b"[1]", "application/json")
    assert parse_body(b"", "application/json") == {}


def test_upper_keys_is_top_level_only() -> None:
    assert upper_keys({"user_id": 1, "attach": {"blocks": []}}) == {
        "USER_ID": 1,
        "ATTACH": {"blocks": []},
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5), ("5abc", 5), ("abc", 0), ("", 0), (None, 0), (7.9, 7), (True, 1)],
)
def test_to_int_is_php_intval(value: object, expected: int) -> None:
    assert to_int(value) == expected
