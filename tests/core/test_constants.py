"""core.constants' text shapes are string code standing for regular expressions (no compiling on
every command line): each must accept exactly what its pattern accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.constants import (
    id_text,
    is_ascii_digits,
    is_hex_colour,
    is_link_start,
    is_method_name,
)

# Characters where string code and patterns part ways if either is careless: ASCII and non-ASCII
# digits ("٣" Arabic-Indic, "５" fullwidth, "²"), letters with odd case rules ("ſ", "İ", "K" the
# Kelvin sign), whitespace of several kinds, the final newline "$" allows, signs and separators.
TRICKY = "09az AZ_-+.#/:\t\n\r\x0b\x0c\x85\u2028\u00a0\u3000٣５²ſİKéßfFgG%~@?"
texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=12)

EDGES = [
    "", " ", "\n", "\t", "5", "5\n", "5\n\n", "\n5", " 5 ", "\t-5\t", "-", "--5", "+5", "5.0",
    "1_000", "٣", "５", "²", "0", "-0", "007", "9" * 30, "a", "a.b", "a.", ".a", "a..b", "a_b.c_",
    "A9.z_", "_a", "a.b\n", "#fff", "#FFF", "#fff\n", "#fff\n\n", "#ffff", "#ffffff", "#fffffg",
    "#ＦＦＦ", "fff", "#", "/", "//x", "http://", "https://x", "HTTP://x", "ftp://x", " /x",
]  # fmt: skip


@pytest.mark.parametrize("text", EDGES)
def test_the_edges(text: str) -> None:
    _same_as_the_patterns(text)


@given(texts)
def test_any_text(text: str) -> None:
    _same_as_the_patterns(text)


@given(st.text(max_size=8))
@example("٣٣")
@example("５")
def test_any_unicode(text: str) -> None:
    _same_as_the_patterns(text)


def _same_as_the_patterns(text: str) -> None:
    assert is_ascii_digits(text) == bool(re.match(r"^[0-9]+$", text)), text
    method = re.match(r"^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$", text)
    assert is_method_name(text) == bool(method), text
    match = re.fullmatch(r"[ \t]*(-?)([0-9]+)[ \t]*", text)
    assert id_text(text) == (match.groups() if match else None), text
    colour = re.match(r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$", text)
    assert is_hex_colour(text) == bool(colour), text
    assert bool(colour) == bool(re.match(r"^#[a-fA-F0-9]{3}(?:[a-fA-F0-9]{3})?$", text))
    assert is_link_start(text) == bool(re.match(r"^(?:/|https?://)", text)), text


def test_ids_in_other_scripts_are_not_ids() -> None:
    assert id_text("٣") is None and id_text("５") is None and id_text("²") is None
    assert id_text(" 12\t") == ("", "12") and id_text("-7") == ("-", "7")
    assert not is_ascii_digits("٣") and not is_ascii_digits("")
    assert is_ascii_digits("12\n")  # as ^[0-9]+$ does (the callers' text has no newline)
