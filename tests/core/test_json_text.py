"""core.json_text writes plain data exactly as ``json.dumps(indent=2, ensure_ascii=False)`` does
(the CLI prints its JSON with it, without importing json), and leaves everything else to json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.json_text import dumps, plain_dumps

# Text with what json escapes (controls, quote, backslash) and what it does not (DEL, U+2028,
# non-ASCII, a lone surrogate, which json passes through when ensure_ascii is off).
text = st.text(alphabet=st.sampled_from('aZ09 "\\/\x00\x01\x1f\x7f\b\f\n\r\t\u2028é☃\ud800ъ'))
plain = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(text, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(plain)
@example({"method": "POST", "url": "https://p/rest/1/ab…yz/im.notify.personal.add", "body": {}})
@example({"a": [], "b": {}, "c": [[], {}], "d": [1, [2, {"e": None}]]})
@example(['\x00\x1f"\\\n\t'])
@example(10**30)
def test_plain_data_is_written_as_json_writes_it(value: Any) -> None:
    assert plain_dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "value", [1.5, float("nan"), {1: "a"}, {"a": {None: 1}}, [b"x"], {"a": {1, 2}}, [object()]]
)
def test_other_values_go_to_json(value: Any) -> None:
    assert plain_dumps(value) is None
    try:
        expected = json.dumps(value, indent=2, ensure_ascii=False)
    except TypeError:
        with pytest.raises(TypeError):
            dumps(value)
    else:
        assert dumps(value) == expected


def test_a_cycle_is_json_s_error() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert plain_dumps(loop) is None
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(loop)


def test_subclasses_go_to_json() -> None:
    from enum import IntEnum

    class Code(IntEnum):
        OK = 0

    assert plain_dumps([Code.OK]) is None
    assert dumps([Code.OK]) == json.dumps([Code.OK], indent=2, ensure_ascii=False)
