"""gui.notification_html: inbox records and every attachment block rendered readably and safely."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.format import is_safe_url
from gui.notification_html import (
    attachment_blocks,
    attachments_html,
    notification_html,
    notifications_html,
)

BLOCKS = [
    {"MESSAGE": "Build [b]#42[/b] done"},
    {
        "IMAGE": {
            "NAME": "chart.png",
            "LINK": "https://ex.com/chart.png",
            "WIDTH": 640,
            "HEIGHT": 480,
        }
    },
    {"FILE": [{"NAME": "report.pdf", "LINK": "https://ex.com/r.pdf", "SIZE": 2048}]},
    {"LINK": {"NAME": "Open job", "LINK": "https://ci.ex.com/42", "DESC": "nightly [i]run[/i]"}},
    {"USER": {"NAME": "Ann <admin>", "LINK": "/company/personal/user/5/"}},
    {"GRID": [{"NAME": "Status", "VALUE": "[b]green[/b]", "DISPLAY": "LINE"}]},
    {"DELIMITER": {"SIZE": 300, "COLOR": "#c8c8c8"}},
]


def test_every_accepted_attach_shape_normalises() -> None:
    assert attachment_blocks(BLOCKS) == [(None, BLOCKS)]
    assert attachment_blocks(BLOCKS[0]) == [(None, [BLOCKS[0]])]
    full = {"COLOR_TOKEN": "alert", "BLOCKS": BLOCKS[:1]}
    assert attachment_blocks(full) == [("#FF5752", BLOCKS[:1])]
    assert attachment_blocks([full, {"COLOR": "#123456", "BLOCKS": BLOCKS[1]}]) == [
        ("#FF5752", BLOCKS[:1]),
        ("#123456", [BLOCKS[1]]),
    ]
    assert attachment_blocks(json.dumps(BLOCKS)) == [(None, BLOCKS)]
    assert attachment_blocks("not json") == []
    assert attachment_blocks(7) == []


def test_each_block_type_is_drawn() -> None:
    out = attachments_html(BLOCKS)
    assert "Build <b>#42</b> done" in out
    assert "PICTURE" in out and '<a href="https://ex.com/chart.png">chart.png</a>' in out
    assert "640×480" in out
    assert "FILE" in out and '<a href="https://ex.com/r.pdf">report.pdf</a>' in out
    assert "2.0 KB" in out
    assert '<a href="https://ci.ex.com/42">Open job</a>' in out and "nightly <i>run</i>" in out
    assert "Ann &lt;admin&gt;" in out and "<admin>" not in out
    assert "Status" in out and "<b>green</b>" in out
    assert '<table width="300"' in out and 'bgcolor="#c8c8c8"' in out


def test_unknown_blocks_are_shown_as_text_not_markup() -> None:
    out = attachments_html([{"HTML": "<b>x</b>"}])
    assert "HTML" in out and "&lt;b&gt;" in out


def test_notification_card_has_author_time_text_tag_and_attachment() -> None:
    record = {
        "id": 7,
        "user_id": 2,
        "author_id": 1,
        "type": "USER",
        "message": "Hello [u]there[/u] <b>",
        "tag": "deploy",
        "sub_tag": "deploy|1",
        "client_id": "b24notify",
        "attach": BLOCKS[:2],
        "date": "2026-11-27T03:00:00+00:00",
    }
    out = notification_html(record, author_name="Admin Adminov")
    assert "<b>Admin Adminov</b>" in out
    assert "#7" in out
    assert "Hello <u>there</u> &lt;b&gt;" in out
    assert "tag deploy" in out and "sub-tag deploy|1" in out
    assert "chart.png" in out


def test_system_notifications_say_system() -> None:
    out = notification_html({"id": 1, "author_id": None, "type": "SYSTEM", "message": "x"})
    assert "<b>System</b>" in out


def test_list_is_newest_first_with_author_names() -> None:
    records = [
        {"id": 1, "author_id": 1, "type": "USER", "message": "first"},
        {"id": 2, "author_id": 1, "type": "USER", "message": "second"},
    ]
    out = notifications_html(records, {1: "Admin"})
    assert out.index("second") < out.index("first")
    assert "<b>Admin</b>" in out
    assert "No notifications yet" in notifications_html([])


# -- property: any attachment shape renders without error and without live markup from the data ---
_scalar = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
_value = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "MESSAGE",
                    "IMAGE",
                    "FILE",
                    "LINK",
                    "USER",
                    "GRID",
                    "DELIMITER",
                    "NAME",
                    "LINK",
                    "VALUE",
                    "SIZE",
                    "DISPLAY",
                    "COLOR",
                    "BLOCKS",
                    "DESC",
                    "<script>",
                    "X",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(attach=_value, message=st.text(max_size=30))
def test_any_attachment_renders_safely(attach: object, message: str) -> None:
    out = notification_html({"id": 1, "author_id": 1, "message": message, "attach": attach})
    tags: list[tuple[str, list[tuple[str, str | None]]]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, attrs))  # type: ignore[method-assign]
    parser.feed(out)
    allowed = {"div", "b", "i", "u", "s", "code", "a", "span", "br", "table", "tr", "td", "p"}
    for tag, attrs in tags:
        assert tag in allowed, tag
        for name, value in attrs:
            assert not name.startswith("on")
            if tag == "a":
                assert name == "href" and is_safe_url(value or "")


def test_a_picture_function_adds_what_it_draws_under_each_picture() -> None:
    seen: list[str] = []

    def picture(item: dict) -> str:
        seen.append(item["LINK"])
        return "<i>THUMB</i>"

    out = attachments_html(BLOCKS, picture)
    assert seen == ["https://ex.com/chart.png"] and "<i>THUMB</i>" in out
    assert "THUMB" not in attachments_html(BLOCKS)  # the inbox draws no pictures
    card = notification_html({"message": "m", "author_id": 1, "attach": BLOCKS}, picture=picture)
    assert "<i>THUMB</i>" in card
