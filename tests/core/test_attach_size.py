"""Tests for core.attach_size: PHP's JSON and the attachment the im module builds and counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.attach_size import attach_size, legacy_attach_size, php_json, portal_form

PIC = "https://example.com/p.png"


# --- PHP's json_encode --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "php"),
    [
        ("a/b", '"a\\/b"'),  # JSON_UNESCAPED_SLASHES is not among the module's flags
        ("Жук", '"Жук"'),  # JSON_UNESCAPED_UNICODE
        ("\u2028", '"\\u2028"'),  # ...which still escapes the line terminators
        ('\x1f\n\t"\\', '"\\u001f\\n\\t\\"\\\\"'),
        ("<&'>", '"<&\'>"'),
        ({}, "[]"),  # an empty PHP array
        ({"A": [1, True, None]}, '{"A":[1,true,null]}'),
    ],
)
def test_php_json_as_the_module_writes_it(value: Any, php: str) -> None:
    assert php_json(value) == php


@pytest.mark.parametrize(
    ("value", "php"),
    [
        ("Ж", '"\\u0416"'),
        ("😀", '"\\ud83d\\ude00"'),  # a surrogate pair: 12 bytes
        ("<&'\">", '"\\u003C\\u0026\\u0027\\u0022\\u003E"'),  # JSON_HEX_TAG|AMP|APOS|QUOT
        ("a/b", '"a\\/b"'),
    ],
)
def test_php_json_as_older_versions_wrote_it(value: Any, php: str) -> None:
    assert php_json(value, unicode=False, hex_escapes=True) == php


def test_what_json_cannot_hold_is_refused() -> None:
    with pytest.raises(ValueError):
        php_json(float("nan"))
    with pytest.raises(TypeError):
        php_json({1, 2})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5), children, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_php_json_is_json_and_means_the_same(value: Any) -> None:
    for flags in ({}, {"unicode": False, "hex_escapes": True}):
        assert json.loads(php_json(value, **flags)) == value


@given(st.text())
def test_only_slashes_and_line_terminators_differ_from_pythons_compact_json(text: str) -> None:
    extra = sum(text.count(c) for c in "/") + 5 * sum(text.count(c) for c in "\u2028\u2029")
    assert len(php_json(text)) == len(json.dumps(text, ensure_ascii=False)) + extra


# --- the attachment the module builds -----------------------------------------------------------
def blocks_of(attach: Any) -> list[Any]:
    form = portal_form(attach)
    assert form is not None
    return form["BLOCKS"]


def test_the_wrapper_and_the_item_lists() -> None:
    form = portal_form([{"IMAGE": {"NAME": " chart ", "LINK": PIC, "URL": "x"}}])
    assert form == {
        "ID": 10_000_000_000,  # time() has 10 digits; 11 are counted
        "BLOCKS": [{"IMAGE": [{"NAME": "chart", "LINK": PIC}]}],
        "DESCRIPTION": "",
        "COLOR": "#29619b",  # stands in for the random palette colour (all are #rrggbb)
        "COLOR_TOKEN": "base",
    }


def test_users_gain_an_avatar_type_and_lists_become_blocks() -> None:
    users = [{"USER": [{"NAME": "Ann", "USER_ID": "5"}, {"NAME": "Bot", "BOT_ID": 2}]}]
    assert blocks_of(users) == [
        {"USER": [{"NAME": "Ann", "AVATAR_TYPE": "USER", "USER_ID": 5}]},
        {"USER": [{"NAME": "Bot", "AVATAR_TYPE": "BOT", "BOT_ID": 2}]},
    ]
    links = [{"LINK": [{"LINK": PIC}, {"LINK": "/p", "NAME": "a\nb"}]}]
    assert blocks_of(links) == [
        {"LINK": [{"LINK": PIC}]},
        {"LINK": [{"NAME": "a b", "LINK": "/p"}]},
    ]


def test_grid_items_are_filled_in_and_delimiters_get_a_size() -> None:
    grid = [{"GRID": [{"NAME": "n", "DISPLAY": "COLUMN"}, {"VALUE": "a#BR#b"}, {"NAME": " "}]}]
    assert blocks_of([*grid, {"DELIMITER": {}}]) == [
        {
            "GRID": [
                {"DISPLAY": "ROW", "NAME": "n", "VALUE": "", "COLOR_TOKEN": "base"},
                {"DISPLAY": "BLOCK", "NAME": "", "VALUE": "a[BR]b", "COLOR_TOKEN": "base"},
            ]
        },
        {"DELIMITER": {"SIZE": 200}},
    ]


def test_links_are_checked_case_sensitively_without_trimming() -> None:
    kept = blocks_of([{"FILE": [{"LINK": "HTTPS://x/f"}, {"LINK": " https://x/f"}, {"LINK": PIC}]}])
    assert kept == [{"FILE": [{"LINK": PIC}]}]
    assert portal_form([{"IMAGE": {"LINK": "www.example.com"}}]) is None
    assert attach_size([{"MESSAGE": "  "}]) == 0


def test_a_message_as_description_counts_twice() -> None:
    plain = attach_size([{"MESSAGE": "hello"}])
    described = attach_size([{"MESSAGE": {"TEXT": "hello", "AS_DESCRIPTION": "Y"}}])
    assert described == plain + len("hello")


@pytest.mark.parametrize(
    ("color", "extra"),
    [
        ("#123456", ""),  # in place of the random #rrggbb the constructor always sets
        ("red", ""),  # the random one stays
        ("TRANSPARENT", "x" * (len("transparent") - len("#29619b"))),
        ("CHAT", ""),  # the random one stays
    ],
)
def test_the_colour_of_the_full_form(color: str, extra: str) -> None:
    base = attach_size([{"MESSAGE": "x"}])
    assert attach_size({"COLOR": color, "BLOCKS": [{"MESSAGE": "x"}]}) == base + len(extra)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@given(st.lists(texts.filter(lambda t: t.strip(" \t\n\r\0\x0b")), min_size=1, max_size=5))
def test_older_versions_count_at_least_the_utf8_bytes(messages: list[str]) -> None:
    attach = [{"MESSAGE": m} for m in messages]
    form = portal_form(attach)
    assert form is not None
    assert legacy_attach_size(attach) >= len(php_json(form).encode("utf-8")) >= attach_size(attach)


# --- the client and the sandbox count alike ----------------------------------------------------
# Two implementations written apart (the sandbox must not import the client): where they agree,
# each checks the other.
_blocks = st.lists(
    st.one_of(
        st.builds(lambda t: {"MESSAGE": t}, st.text(min_size=1, max_size=40).filter(str.strip)),
        st.builds(
            lambda n, p: {"IMAGE": {"NAME": n, "LINK": f"https://example.com/{p}.png"}},
            st.text(min_size=1, max_size=20).filter(str.strip),
            st.text("abcжз/_-", min_size=1, max_size=30),
        ),
        st.builds(
            lambda n: {"FILE": {"NAME": n, "LINK": "https://example.com/a/b/c.pdf", "SIZE": 10}},
            st.text(min_size=1, max_size=20).filter(str.strip),
        ),
        st.just({"DELIMITER": {"SIZE": 200, "COLOR": "#c6c6c6"}}),
        st.builds(
            lambda v: {"GRID": [{"NAME": "Статус", "VALUE": v, "DISPLAY": "LINE"}]},
            st.text(min_size=1, max_size=30).filter(str.strip),
        ),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def shared_portal():
    from core.sandbox import SandboxPortal

    portal = SandboxPortal(bucket_size=10_000, drain_rate=10_000.0)
    portal.start()
    yield portal
    portal.stop()


# Newer modules run the whole ATTACH through ``Im\Text::convertSymbolsAfterJsonDecode`` first
# (the sandbox follows them: literal \n, \t, \" and \\ in a text become one character); older
# ones do not, and the client keeps that larger reading (core/attach_size.py's docstring).
_DECODED_SEQUENCES = ("\\n", "\\t", '\\"', "\\\\")


def _texts_hold_decoded_sequences(value: Any) -> bool:
    if isinstance(value, str):
        return any(seq in value for seq in _DECODED_SEQUENCES)
    if isinstance(value, dict):
        return any(_texts_hold_decoded_sequences(v) for v in value.values())
    if isinstance(value, list):
        return any(_texts_hold_decoded_sequences(v) for v in value)
    return False


@given(blocks=_blocks)
def test_the_client_counts_as_the_sandbox_does(shared_portal, blocks: list[Any]) -> None:
    from core.client import Client
    from core.request import Notification

    # Texts the newer modules decode differ on purpose (below); a text of nothing else even
    # leaves them no block at all (ATTACH_ERROR).
    assume(not _texts_hold_decoded_sequences(blocks))
    with Client(shared_portal.webhook_url) as client:
        client.send_personal(Notification(2, "x", attachments=blocks))
    stored = shared_portal.inbox(2)[-1]
    # One more on the client's side: it reserves an 11-digit ID, time() has 10 until 2286.
    assert attach_size(blocks) == stored["attach_size"] + 1


def test_a_text_the_newer_modules_decode_counts_as_the_older_ones_do(shared_portal) -> None:
    # As Hypothesis once found: literal \" and \n, which the newer module turns into " and a
    # new line before it counts; the client keeps the older modules' (larger) count.
    from core.client import Client
    from core.request import Notification

    blocks = [{"MESSAGE": 'a\\"'}, {"IMAGE": {"NAME": "b\\n", "LINK": PIC}}]
    with Client(shared_portal.webhook_url) as client:
        client.send_personal(Notification(2, "x", attachments=blocks))
    stored = shared_portal.inbox(2)[-1]
    # In JSON, a\" is 6 characters and the a" it becomes 4; b\n is 4, the name trimmed to b: 1.
    assert attach_size(blocks) == stored["attach_size"] + 1 + 2 + 3
    kept = [{"MESSAGE": 'a"'}, {"IMAGE": {"NAME": "b", "LINK": PIC}}]  # as the newer one keeps
    assert attach_size(kept) == stored["attach_size"] + 1


# --- the ceiling the validation uses to skip counting small attachments -----------------------
_short = st.text(alphabet=st.sampled_from("a<&'\"/\n\u2028Ж😀#BR"), min_size=1, max_size=8)
_dense_items = st.one_of(
    st.builds(lambda n: {"USER": [{"NAME": n}, {"NAME": n, "NETWORK_ID": "&" + n}]}, _short),
    st.builds(lambda n: {"GRID": [{"DISPLAY": "LINE"}, {"NAME": n}, {"VALUE": n}]}, _short),
    st.just({"DELIMITER": 0}),
    st.just({"DELIMITER": []}),
    st.builds(lambda n: {"LINK": [{"LINK": "/"}, {"LINK": "/", "NAME": n}]}, _short),
    st.builds(lambda t: {"MESSAGE": {"TEXT": t, "AS_DESCRIPTION": "Y"}}, _short),
    st.builds(lambda n: {"IMAGE": [{"LINK": "/", "NAME": n}, {"LINK": "/"}]}, _short),
    st.builds(lambda n: {"FILE": {"LINK": "/", "NAME": n, "SIZE": "9"}}, _short),
    st.builds(lambda n: {"RICH_LINK": {"LINK": "/", "NAME": n, "DESC": n, "HTML": n}}, _short),
)


@given(
    st.one_of(
        st.lists(_dense_items, min_size=1, max_size=8),
        st.builds(
            lambda blocks, d: {"BLOCKS": blocks, "DESCRIPTION": d, "COLOR_TOKEN": "secondary"},
            st.lists(_dense_items, min_size=1, max_size=8),
            _short,
        ),
        _blocks,
    )
)
def test_no_count_exceeds_the_ceiling(attach: Any) -> None:
    from core.attach_size import size_ceiling

    sent = len(json.dumps(attach, ensure_ascii=False).encode("utf-8"))
    assert attach_size(attach) <= legacy_attach_size(attach) <= size_ceiling(sent)


def test_a_large_attachment_is_still_counted_exactly() -> None:
    from core.validate import check_attachments

    text = "<" * 10_500  # 10,500 bytes sent, 63,000 characters in the older versions' count
    problems = check_attachments([{"MESSAGE": text}])
    assert problems == []  # the newest count (10,500 and change) is far under the limit
    from core.validate import attachment_warnings

    assert any("older self-hosted" in w.message for w in attachment_warnings([{"MESSAGE": text}]))


# --- the size checked on the request body's JSON (written once: core.request) ---------------------
def _size_problems(attach: Any, body_bytes: int | None) -> tuple[list[Any], list[Any]]:
    """The size check's (problems, warnings), given the body's length or writing the JSON."""
    from core.validate import _Checker

    checker = _Checker()
    checker.size(attach, body_bytes)
    return checker.problems, checker.warnings


def _body_bytes(attach: Any, message: str = "x") -> int:
    body = {"USER_ID": 1, "MESSAGE": message, "ATTACH": attach, "CLIENT_ID": "b24notify"}
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@given(
    st.one_of(st.lists(_dense_items, min_size=1, max_size=8), _blocks),
    st.sampled_from(["x", "Ж" * 700, "<" * 1500]),
)
def test_the_size_checked_on_the_body_is_the_size_checked_alone(attach: Any, message: str) -> None:
    assert _size_problems(attach, _body_bytes(attach, message)) == _size_problems(attach, None)


@pytest.mark.parametrize(
    "attach",
    [
        [{"MESSAGE": "<" * 10_500}],  # a warning (older versions' count), no problem
        [{"MESSAGE": "x" * 59_850}],  # over the limit less the margin
        [{"MESSAGE": "x" * 59_700}],  # just under it
        [{"MESSAGE": "Ж" * 30_000}, {"MESSAGE": "Ж" * 29_900}],
    ],
)
def test_a_large_attachment_is_counted_exactly_from_the_body_too(attach: Any) -> None:
    from core.validate import check_attachment_size

    problems, warnings = _size_problems(attach, None)
    assert problems or warnings or attach == [{"MESSAGE": "x" * 59_700}]
    assert _size_problems(attach, _body_bytes(attach)) == (problems, warnings)
    assert check_attachment_size(attach, _body_bytes(attach)) == problems
