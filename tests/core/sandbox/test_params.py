"""Parameter decoding: PHP brackets, lists, upper-casing, intval.

As the REST docs describe it (https://github.com/bitrix-tools/b24-rest-docs,
``settings/how-to-call-rest-api/data-encoding.md``) and ``core/sandbox/NOTES.md`` says.
"""

from __future__ import annotations

import pytest

from core.sandbox.params import (
    MAX_NESTING,
    PHP_INT_MAX,
    BodyError,
    load_json,
    parse_body,
    parse_query,
    php_arrays,
    to_int,
    upper_keys,
)


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
    [
        ("5", 5),
        ("5abc", 5),
        ("abc", 0),
        ("", 0),
        (None, 0),
        (7.9, 7),
        (True, 1),
        (" -12x", -12),
        ("１２", 0),  # fullwidth digits are not digits to PHP
        ("٣", 0),
        ("9" * 5000, PHP_INT_MAX),  # saturates, as intval does (int() would refuse 5,000 digits)
        ("-" + "9" * 30, -PHP_INT_MAX - 1),
        (float("inf"), 0),
        (float("nan"), 0),
        (1e300, 0),
        (2**80, PHP_INT_MAX),
    ],
)
def test_to_int_is_php_intval(value: object, expected: int) -> None:
    assert to_int(value) == expected


# --- hostile input (issue 7 item 11): refused as unreadable, never a crash ------------------------
@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1),
        "NaN",
        '{"x": Infinity}',
        '{"x": -Infinity}',
        '{"x": 1e400}',
        '{"x": ' + "9" * 5000 + "}",
        '{"x": "\\ud800"}',
        '{"\\udfff": 1}',
    ],
    ids=[
        "100k-list",
        "100k-object",
        "65-deep",
        "nan",
        "infinity",
        "-infinity",
        "overflow",
        "5000-digits",
        "lone-surrogate",
        "surrogate-key",
    ],
)
def test_hostile_json_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        load_json(text)
    with pytest.raises(BodyError):
        parse_body(text.encode(), "application/json")


def test_json_up_to_the_nesting_limit_is_read() -> None:
    deep = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert load_json(deep) is not None
    assert load_json('{"x": 1e300, "y": "\\ud83d\\ude00"}') == {"x": 1e300, "y": "\U0001f600"}


def test_form_names_nested_too_deep_drop_the_variable_as_php_does() -> None:
    deep = "ATTACH" + "[a]" * (MAX_NESTING + 1) + "=1"
    ok = "ATTACH" + "[a]" * MAX_NESTING + "=2"
    assert parse_query(f"USER_ID=2&{deep}") == {"USER_ID": "2"}
    parsed = parse_query(ok)
    depth, node = 0, parsed["ATTACH"]
    while isinstance(node, dict):
        node, depth = node["a"], depth + 1
    assert (depth, node) == (MAX_NESTING, "2")
    huge = "x" + "[]" * 100_000 + "=1"  # 100,000 levels: dropped without recursing
    assert parse_query(huge + "&y=1") == {"y": "1"}
