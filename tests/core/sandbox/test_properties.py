"""Property tests: decoding and ATTACH parsing never crash and round-trip what PHP clients send."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.sandbox.attach import AttachError, parse_attach
from core.sandbox.params import parse_body, parse_query

names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc", min_size=1, max_size=8)
leaves = st.text(max_size=20)
nested = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(names, inner, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


def http_build_query(data: dict[str, Any]) -> str:
    """PHP's http_build_query: nested keys in brackets, list items by index."""
    pairs: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(f"{prefix}[{index}]", item)
        else:
            pairs.append(f"{quote(prefix, safe='')}={quote(value, safe='')}")

    for key, value in data.items():
        walk(key, value)
    return "&".join(pairs)


@given(st.dictionaries(names, nested, max_size=5))
@settings(max_examples=100, deadline=None)
def test_bracket_encoding_round_trips(data: dict[str, Any]) -> None:
    assert parse_query(http_build_query(data)) == data


@given(st.binary(max_size=200), st.sampled_from(["application/json", "", "text/plain"]))
@example(b"0", "")  # a form body whose only name is "0" stays a dict of parameters
def test_any_body_decodes_or_says_why(body: bytes, content_type: str) -> None:
    try:
        parsed = parse_body(body, content_type)
    except ValueError:
        return
    assert isinstance(parsed, dict)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "MESSAGE",
                    "LINK",
                    "IMAGE",
                    "FILE",
                    "GRID",
                    "USER",
                    "DELIMITER",
                    "RICH_LINK",
                    "BLOCKS",
                    "NAME",
                    "DISPLAY",
                    "VALUE",
                    "PREVIEW",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=15,
)


@given(st.one_of(json_values, json_values.map(json.dumps)))
@settings(max_examples=150, deadline=None)
def test_attach_parsing_never_crashes(raw: Any) -> None:
    try:
        parsed = parse_attach(raw)
    except AttachError as exc:
        assert exc.code in {"ATTACH_ERROR", "ATTACH_OVERSIZE"}
        return
    if parsed is not None:
        assert parsed.attach["BLOCKS"]
        for block in parsed.attach["BLOCKS"]:
            assert len(block) == 1
        json.dumps(parsed.attach)
