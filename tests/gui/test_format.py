"""gui.format: BB-code to safe HTML (the Qt-free formatting helpers are tested in core)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.format import bbcode_to_html, is_safe_url

# Durations, local times, sizes and the time block live in core.formatting (gui.format re-exports
# them); tests/core/test_formatting.py tests them.


def test_basic_codes_become_tags() -> None:
    assert bbcode_to_html("[b]bold[/b] [i]it[/i] [u]u[/u] [s]s[/s]") == (
        "<b>bold</b> <i>it</i> <u>u</u> <s>s</s>"
    )


def test_codes_are_case_insensitive_and_nest() -> None:
    assert bbcode_to_html("[B][i]x[/I][/b]") == "<b><i>x</i></b>"


def test_line_breaks_from_br_codes_and_newlines() -> None:
    assert bbcode_to_html("a[br]b#BR#c\nd") == "a<br>b<br>c<br>d"


def test_urls_plain_and_named() -> None:
    assert bbcode_to_html("[url]https://ex.com/a?x=1&y=2[/url]") == (
        '<a href="https://ex.com/a?x=1&amp;y=2">https://ex.com/a?x=1&amp;y=2</a>'
    )
    assert bbcode_to_html("[url=/company/]Team [b]page[/b][/url]") == (
        '<a href="/company/">Team <b>page</b></a>'
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "file:///etc/passwd"]
)
def test_unsafe_links_are_not_clickable(url: str) -> None:
    out = bbcode_to_html(f"[url={url}]click[/url]")
    assert "<a" not in out
    assert out == "click"
    assert not is_safe_url(url)


def test_everything_else_is_escaped() -> None:
    out = bbcode_to_html('<script>alert("x")</script> & [url="><img src=x>]y[/url]')
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


def test_quotes_cannot_break_out_of_href() -> None:
    out = bbcode_to_html('[url=https://ex.com/" onclick="x]y[/url]')
    assert 'onclick="' not in out
    assert out.startswith('<a href="https://ex.com/&quot; onclick=&quot;x">')


def test_unknown_or_unbalanced_codes_stay_visible() -> None:
    assert bbcode_to_html("[b]open [foo]bar[/foo]") == "[b]open [foo]bar[/foo]"


def test_user_and_color_codes() -> None:
    assert bbcode_to_html("[user=5]Ann[/user]") == "<b>Ann</b>"
    assert bbcode_to_html("[color=#f00]red[/color]") == '<span style="color:#f00">red</span>'
    assert bbcode_to_html("[color=red;x:y]t[/color]") == "t"


_ALLOWED = {"b", "i", "u", "s", "code", "a", "span", "br"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


_bb_text = st.lists(
    st.sampled_from(
        [
            "[b]",
            "[/b]",
            "[i]",
            "[/i]",
            "[u]",
            "[/u]",
            "[s]",
            "[/s]",
            "[url]",
            "[/url]",
            "[url=",
            "]",
            "[br]",
            "#BR#",
            "[user=1]",
            "[/user]",
            "[color=#f00]",
            "[/color]",
            "<",
            ">",
            '"',
            "'",
            "&",
            "javascript:",
            "https://e.com/",
            "/p",
            "//x",
            " ",
            "\n",
            "<script>",
            "onclick=",
            "=",
        ]
    )
    | st.text(max_size=4),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_bb_text)
def test_bbcode_output_is_always_safe_markup(text: str) -> None:
    parser = _Tags()
    parser.feed(bbcode_to_html(text))
    for tag, attrs in parser.seen:
        assert tag in _ALLOWED, (text, tag)
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"]
            assert is_safe_url(attrs[0][1] or "")
        elif tag == "span":
            assert len(attrs) == 1 and attrs[0][0] == "style"
            assert re.fullmatch(r"color:#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", attrs[0][1] or "")
        else:
            assert attrs == []


def test_size_is_kept_within_the_portals_range() -> None:
    assert bbcode_to_html("[size=20]big[/size]") == '<span style="font-size:20px">big</span>'
    assert bbcode_to_html("[size=99]x[/size]") == '<span style="font-size:30px">x</span>'
    assert bbcode_to_html("[size=2]x[/size]") == '<span style="font-size:8px">x</span>'


def test_chat_links_and_actions_are_link_coloured_text_never_links() -> None:
    for code in ("[chat=12]room[/chat]", "[send=/help]room[/send]", "[put=/x]room[/put]"):
        out = bbcode_to_html(code)
        assert out == '<span style="color:#2067b0">room</span>', code
    assert "ring" in bbcode_to_html("[call=+123]ring[/call]")
    assert "+123" in bbcode_to_html("[call]+123[/call]") and "[call]" not in bbcode_to_html(
        "[call]+123[/call]"
    )
    assert bbcode_to_html("[context=chat1/2]c[/context]") == (
        '<span style="color:#2067b0">c</span>'
    )


def test_user_mentions_with_and_without_a_name() -> None:
    assert bbcode_to_html("[user=5]Ann[/user]") == "<b>Ann</b>"
    assert bbcode_to_html("[user=5][/user]") == "<b>@user 5</b>"
    assert bbcode_to_html("[user=5] and [user=6]Bob[/user]") == "<b>@user 5</b> and <b>Bob</b>"
    assert bbcode_to_html("[user=all] hi") == "<b>@all</b> hi"


def test_pictures_in_the_text_are_links_and_code_stays_code() -> None:
    out = bbcode_to_html("[img size=small]https://e.com/a.png [/img]")
    assert '<a href="https://e.com/a.png">' in out and "[img" not in out
    assert '<a href="https://e.com/i.png">' in bbcode_to_html("[icon=https://e.com/i.png size=20]")
    assert "<a" not in bbcode_to_html("[img size=small]javascript:alert(1) [/img]")
    assert bbcode_to_html("[code]a[/code]") == "<code>a</code>"
