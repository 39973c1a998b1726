"""ATTACH as the portal parses it (§3): forms, silent drops, ATTACH_ERROR, the size limit."""

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


def _message_of_size(target: int, char: str = "a") -> list[dict[str, str]]:
    """A one-block attachment whose compact JSON is exactly ``target`` UTF-8 bytes."""
    overhead = compact_bytes([{"MESSAGE": ""}])
    width = len(char.encode("utf-8"))
    assert (target - overhead) % width == 0
    attach = [{"MESSAGE": char * ((target - overhead) // width)}]
    assert compact_bytes(attach) == target
    return attach


def test_attach_just_under_the_limit_is_accepted(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, _message_of_size(59_999))
    assert answer.status == 200, answer.body[:200]


def test_attach_at_the_limit_is_oversize(sandbox: SandboxPortal) -> None:
    answer = send(sandbox, _message_of_size(60_000))
    assert answer.status == 400
    assert answer.json == {
        "error": "ATTACH_OVERSIZE",
        "error_description": "You have exceeded the maximum allowable size of attach",
    }


def test_oversize_counts_utf8_bytes(sandbox: SandboxPortal) -> None:
    # 20,000 Cyrillic letters: 20,000 characters but 40,000+ bytes; 31,000 letters pass 60,000 bytes
    assert send(sandbox, [{"MESSAGE": "ж" * 20_000}]).status == 200
    assert send(sandbox, [{"MESSAGE": "ж" * 31_000}]).error == "ATTACH_OVERSIZE"


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
                    {"NAME": "Job", "VALUE": "nightly", "DISPLAY": "column"},
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
    assert link == {"LINK": {"NAME": "user", "USER_ID": 5}}
    assert delimiter == {"DELIMITER": {"SIZE": 200}}


def test_parse_attach_raises_typed_errors() -> None:
    with pytest.raises(AttachError) as info:
        parse_attach([{"UNKNOWN": 1}])
    assert info.value.code == "ATTACH_ERROR"
    assert parse_attach(None) is None
