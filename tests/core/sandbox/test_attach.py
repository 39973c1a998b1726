"""ATTACH as the portal parses it: forms, silent drops, ATTACH_ERROR, the size limit.

Sources: ``core/sandbox/NOTES.md`` ("ATTACH size", "Links") and the REST docs
(https://github.com/bitrix-tools/b24-rest-docs,
``api-reference/chats/messages/attachments/index.md``).
"""

from __future__ import annotations

import json

import pytest

from core.sandbox import SandboxPortal
from core.sandbox.attach import AttachError, parse_attach
from tests.core.sandbox._http import call

ADD = "im.notify.personal.add"
IMAGE = {"IMAGE": {"NAME": "chart", "LINK": "https://example.com/c.png"}}


def send(portal: SandboxPortal, attach: object) -> object:
    return call(portal.webhook_url, ADD, {"USER_ID": 2, "MESSAGE": "x", "ATTACH": attach})


def compact_bytes(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


@pytest.mark.parametrize(
    "attach",
    [
        [{"MESSAGE": "hi"}, IMAGE],  # short form
        {"COLOR_TOKEN": "primary", "COLOR": "#29619b", "BLOCKS": [{"MESSAGE": "hi"}, IMAGE]},
        json.dumps([{"MESSAGE": "hi"}, IMAGE]),  # JSON string
        json.dumps({"BLOCKS": [{"MESSAGE": "hi"}, IMAGE]}),
    ],
    ids=["array", "object", "json-array", "json-object"],
)
def test_attach_forms_are_accepted(sandbox: SandboxPortal, attach: object) -> None:
    answer = send(sandbox, attach)
    assert answer.status == 200, answer.body
    stored = sandbox.inbox(2)[0]["attach"]
    assert stored["BLOCKS"][0] == {"MESSAGE": "hi"}
    assert stored["BLOCKS"][1]["IMAGE"][0]["LINK"] == "https://example.com/c.png"


def test_full_form_keeps_colour_fields(sandbox: SandboxPortal) -> None:
    send(sandbox, {"COLOR_TOKEN": "alert", "COLOR": "#f00", "BLOCKS": [{"MESSAGE": "m"}]})
    stored = sandbox.inbox(2)[0]["attach"]
    assert (stored["COLOR_TOKEN"], stored["COLOR"]) == ("alert", "#f00")


def test_invalid_blocks_are_dropped_silently(sandbox: SandboxPortal) -> None:
    attach = [
        {"MESSAGE": "kept"},
        {"HTML": "<b>not accepted from REST</b>"},
        {"LINK": {"NAME": "bad", "LINK": "javascript:alert(1)"}},
        {"IMAGE": [{"LINK": "ftp://x/y.png"}, {"LINK": "/upload/ok.png"}]},
        {"USER": {"AVATAR": "https://example.com/a.png"}},
        "not an object",
    ]
    answer = send(sandbox, attach)
    assert answer.status == 200 and isinstance(answer.result, int)
    record = sandbox.inbox(2)[0]
    assert record["attach"]["BLOCKS"] == [
        {"MESSAGE": "kept"},
        {"IMAGE": [{"LINK": "/upload/ok.png"}]},
    ]
    assert len(record["attach_dropped"]) >= 5


def test_invalid_preview_link_is_dropped_but_the_image_stays(sandbox: SandboxPortal) -> None:
    send(sandbox, [{"IMAGE": {"LINK": "https://e.com/a.png", "PREVIEW": "data:xyz"}}])
    (image,) = sandbox.inbox(2)[0]["attach"]["BLOCKS"][0]["IMAGE"]
    assert image == {"LINK": "https://e.com/a.png"}


@pytest.mark.parametrize(
    "attach",
    [
        [{"HTML": "x"}],
        [{"LINK": {"LINK": "mailto:a@b.c"}}],
        [{"FILE": {"NAME": "no link"}}],
        {"MESSAGE": "a single block is not a block list"},
        "{not json",
    ],
)
def test_attach_with_nothing_valid_is_attach_error(sandbox: SandboxPortal, attach: object) -> None:
    answer = send(sandbox, attach)
    assert answer.status == 400
    assert answer.json == {"error": "ATTACH_ERROR", "error_description": "Incorrect attach params"}
    assert sandbox.notifications() == []


@pytest.mark.parametrize("attach", ["", [], {}])
def test_empty_attach_means_no_attach(sandbox: SandboxPortal, attach: object) -> None:
    assert send(sandbox, attach).status == 200
    assert sandbox.inbox(2)[0]["attach"] is None


# --- size, counted as the portal counts it ------------------------------------------------------
# IsAllowSize(): mb_strlen(jsonEncode($attach)) < 60000 for the normalised attachment: the short
# form [{"MESSAGE": t}] becomes this (ID = time(), a random 7-character palette colour), written by
# json_encode(JSON_UNESCAPED_UNICODE): "/" as "\/", non-ASCII as is, counted in characters.
WRAPPED = (
    '{"ID":1700000000,"BLOCKS":[{"MESSAGE":"%s"}],'
    '"DESCRIPTION":"","COLOR":"#29619b","COLOR_TOKEN":"base"}'
)
OVERHEAD = len(WRAPPED % "")


def message(chars: int, char: str = "a") -> list[dict[str, str]]:
    """A one-MESSAGE attachment the portal counts as ``chars`` characters in all."""
    width = len(json.dumps(char, ensure_ascii=False).replace("/", "\\/")) - 2  # "/" counts 2
    assert (chars - OVERHEAD) % width == 0
    return [{"MESSAGE": char * ((chars - OVERHEAD) // width)}]


OVERSIZE = {
    "error": "ATTACH_OVERSIZE",
    "error_description": "You have exceeded the maximum allowable size of attach",
}


@pytest.mark.parametrize("char", ["a", "ж"], ids=["ascii", "cyrillic"])
def test_attach_size_edge_in_characters(sandbox: SandboxPortal, char: str) -> None:
    under = send(sandbox, message(59_999, char))
    assert under.status == 200, under.body[:200]
    assert sandbox.inbox(2)[0]["attach_size"] == 59_999
    over = send(sandbox, message(60_000, char))
    assert (over.status, over.json) == (400, OVERSIZE)


def test_cyrillic_counts_characters_not_bytes(sandbox: SandboxPortal) -> None:
    # 35,000 Cyrillic letters: 70,000 bytes of UTF-8, but 35,000 characters — the portal keeps it.
    assert len(("ж" * 35_000).encode("utf-8")) > 60_000
    assert send(sandbox, [{"MESSAGE": "ж" * 35_000}]).status == 200


def test_slashes_count_twice(sandbox: SandboxPortal) -> None:
    # json_encode writes "/" as "\/": a slash-heavy text reaches the limit at half the length.
    slashes = (60_000 - OVERHEAD) // 2
    text = "/" * slashes + "a" * ((60_000 - OVERHEAD) % 2)
    assert len(text) < 31_000
    assert send(sandbox, [{"MESSAGE": text}]).json == OVERSIZE
    assert send(sandbox, [{"MESSAGE": text[1:]}]).status == 200  # 2 fewer: 59,998


def test_slash_heavy_links_under_60000_bytes_are_refused(sandbox: SandboxPortal) -> None:
    # Compact UTF-8 JSON of the blocks as sent is under 60,000 bytes; the portal's count is not.
    link = "https://example.com/ci/builds/2026/06/01/nightly/artifacts/chart.png"
    blocks = [{"IMAGE": {"LINK": link}} for _ in range(650)]
    assert compact_bytes(blocks) < 60_000
    assert send(sandbox, blocks).json == OVERSIZE
    assert send(sandbox, blocks[:550]).status == 200


def test_keys_the_portal_drops_do_not_count(sandbox: SandboxPortal) -> None:
    # Only NAME, LINK, WIDTH, HEIGHT and PREVIEW of an IMAGE item survive normalisation.
    answer = send(sandbox, [{"IMAGE": {"LINK": "/a.png", "NOTE": "x" * 70_000}}])
    assert answer.status == 200, answer.body[:200]
    assert sandbox.inbox(2)[0]["attach_size"] < 200


def test_the_wrapper_counts(sandbox: SandboxPortal) -> None:
    # Compact blocks of 59,990 bytes pass a naive count; the ID/COLOR/... wrapper takes them over.
    attach = [{"MESSAGE": "a" * (59_990 - len('[{"MESSAGE":""}]'))}]
    assert compact_bytes(attach) == 59_990
    assert send(sandbox, attach).json == OVERSIZE


def test_parse_attach_counts_the_normalised_form() -> None:
    parsed = parse_attach([{"MESSAGE": "a/ж"}], now=1_700_000_000)
    assert parsed is not None
    assert parsed.size == len(WRAPPED % "a\\/ж")
    # PHP escapes U+2028 even with JSON_UNESCAPED_UNICODE: 6 characters, not 1
    parsed = parse_attach([{"MESSAGE": "line\u2028break"}], now=1_700_000_000)
    assert parsed is not None and parsed.size == len(WRAPPED % "line\\u2028break")


def test_attach_errors_come_before_the_recipient_check(sandbox: SandboxPortal) -> None:
    answer = call(
        sandbox.webhook_url,
        ADD,
        {"USER_ID": sandbox.missing_user_id, "MESSAGE": "x", "ATTACH": [{"HTML": "x"}]},
    )
    assert answer.error == "ATTACH_ERROR"


def test_grid_and_link_blocks() -> None:
    parsed = parse_attach(
        [
            {
                "GRID": [
                    {"NAME": "Job", "VALUE": "nightly", "DISPLAY": "COLUMN"},
                    {"DISPLAY": "ROW"},
                ]
            },
            {"LINK": {"NAME": "user", "USER_ID": 5}},
            {"DELIMITER": {"SIZE": "wide", "COLOR": "red"}},
        ]
    )
    assert parsed is not None
    grid, link, delimiter = parsed.attach["BLOCKS"]
    assert grid == {"GRID": [{"NAME": "Job", "VALUE": "nightly", "DISPLAY": "ROW"}]}
    lower = parse_attach([{"GRID": [{"NAME": "a", "VALUE": "b", "DISPLAY": "column"}]}])
    assert lower is not None  # DISPLAY is compared as sent: lower case is not a display mode
    assert lower.attach["BLOCKS"][0]["GRID"][0]["DISPLAY"] == "BLOCK"
    assert link == {"LINK": {"NAME": "user", "USER_ID": 5}}
    assert delimiter == {"DELIMITER": {"SIZE": 200}}


def test_parse_attach_raises_typed_errors() -> None:
    with pytest.raises(AttachError) as info:
        parse_attach([{"UNKNOWN": 1}])
    assert info.value.code == "ATTACH_ERROR"
    assert parse_attach(None) is None


# --- links as the module checks them: preg_match('#^(?:/|https?://)#'), no trim, case-sensitive ---
@pytest.mark.parametrize(
    "bad", ["HTTPS://example.com/a.png", "Http://example.com/a.png", " https://example.com/a.png"]
)
def test_links_are_checked_case_sensitively_and_untrimmed(sandbox: SandboxPortal, bad: str) -> None:
    # The item with the bad link goes; the rest of its block and the other blocks stay.
    attach = [
        {"IMAGE": [{"LINK": bad}, {"LINK": "https://example.com/ok.png"}]},
        {"LINK": {"NAME": "docs", "LINK": bad}},
        {"FILE": {"LINK": "/upload/f.txt", "NAME": "f"}},
        {"IMAGE": {"LINK": "http://example.com/b.png", "PREVIEW": bad}},
    ]
    answer = send(sandbox, attach)
    assert answer.status == 200, answer.body[:200]
    record = sandbox.inbox(2)[0]
    assert record["attach"]["BLOCKS"] == [
        {"IMAGE": [{"LINK": "https://example.com/ok.png"}]},
        {"FILE": [{"LINK": "/upload/f.txt", "NAME": "f"}]},
        {"IMAGE": [{"LINK": "http://example.com/b.png"}]},
    ]
    assert any("PREVIEW dropped" in note for note in record["attach_dropped"])


def test_an_attachment_of_only_bad_links_is_attach_error(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, [{"IMAGE": {"LINK": "HTTPS://example.com/a.png"}}])
    assert (answer.status, answer.error) == (400, "ATTACH_ERROR")
    assert sandbox.notifications() == []


def test_a_user_or_chat_link_needs_no_url(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, [{"LINK": {"NAME": "Boris", "USER_ID": 2, "LINK": "HTTPS://x"}}])
    assert answer.status == 200  # an internal link is kept; its LINK is not checked
    assert sandbox.inbox(2)[0]["attach"]["BLOCKS"][0]["LINK"]["USER_ID"] == 2


def test_an_unknown_colour_token_is_stored_as_the_portals_default(sandbox: SandboxPortal) -> None:
    grid = {"GRID": [{"DISPLAY": "LINE", "NAME": "a", "VALUE": "b", "COLOR_TOKEN": "pink"}]}
    send(sandbox, {"COLOR_TOKEN": "pink", "BLOCKS": [grid]})
    (stored,) = sandbox.inbox(2)
    assert stored["attach"]["COLOR_TOKEN"] == "base"
    assert stored["attach"]["BLOCKS"][0]["GRID"][0]["COLOR_TOKEN"] == "base"
    assert any("COLOR_TOKEN 'pink'" in note for note in stored["attach_dropped"])


@pytest.mark.parametrize("token", ["primary", "secondary", "alert", "base"])
def test_each_colour_token_is_kept(sandbox: SandboxPortal, token: str) -> None:
    send(sandbox, {"COLOR_TOKEN": token, "BLOCKS": [{"DELIMITER": {}}, {"USER": {"NAME": "A"}}]})
    (stored,) = sandbox.inbox(2)
    assert stored["attach"]["COLOR_TOKEN"] == token and stored["attach_dropped"] == []
