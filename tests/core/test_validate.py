"""Tests for core.validate: the portal's documented rules, every problem named, all at once."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.address import parse_endpoint
from core.attach_size import ATTACH_LIMIT, ATTACH_MARGIN, attach_size, php_json, portal_form
from core.blocks import (
    GRID_DISPLAYS,
    KNOWN_BLOCK_TYPES,
    attachment,
    delimiter_block,
    file_block,
    grid_block,
    grid_item,
    link_block,
    message_block,
    picture_block,
    user_block,
)
from core.errors import InputError
from core.request import Notification, PreparedRequest, build_notification
from core.validate import (
    attachment_warnings,
    check_attachments,
    check_notification,
    check_text,
    check_user_id,
    is_valid_link,
    parse_id,
    parse_seconds,
    parse_timeout,
    parse_user_id,
    require_valid,
)
from tests.core._unwritable import unwritable_attachments

if TYPE_CHECKING:
    from core.sandbox import SandboxPortal

PIC = "https://example.com/p.png"


def fields(problems: list[Any]) -> list[str]:
    return [p.field for p in problems]


# --- user and text ----------------------------------------------------------------------------
@pytest.mark.parametrize("value", [1, 5, "5", " 42 ", "\t7\t", "007", 2**40, str(2**63 - 1)])
def test_valid_user_ids(value: object) -> None:
    assert check_user_id(value) == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "enter"),
        ("", "enter"),
        ("  ", "enter"),
        (0, "positive"),
        (-3, "positive"),
        ("-3", "positive"),
        ("0", "positive"),
        (True, "whole number"),
        (False, "whole number"),
        (1.0, "whole number"),
        ("1.5", "whole number"),
        ("abc", "whole number"),
        ("١٢", "whole number"),  # Arabic-Indic digits: int() takes them, the portal would not
        ("٣", "whole number"),
        ("１０００", "whole number"),  # fullwidth digits
        ("१२", "whole number"),  # Devanagari digits
        ("1_000", "whole number"),  # int() takes underscores
        ("+7", "whole number"),
        ("5.0", "whole number"),
        ("1e3", "whole number"),
        ("0x10", "whole number"),
        ("1 000", "whole number"),
        ("5\n", "whole number"),
        ("\u30005", "whole number"),  # an ideographic space is no ASCII space
        ("5\x00", "whole number"),
        ("²", "whole number"),  # superscript two: str.isdigit() says yes
        ("9" * 5000, "too large"),
        (str(2**63), "too large"),
        (2**63, "too large"),
        ([1], "whole number"),
    ],
)
def test_invalid_user_ids(value: object, words: str) -> None:
    [problem] = check_user_id(value)
    assert problem.field == "user"
    assert words in problem.message


def test_parse_user_id() -> None:
    assert parse_user_id(" 12 ") == 12
    assert parse_user_id(7) == 7
    with pytest.raises(InputError):
        parse_user_id("x")


@pytest.mark.parametrize("value", ["１０００", "٣", "1_000", "+5", "5.0", " -4 ", "", None, 1.0])
def test_parse_id_names_its_field_and_refuses_what_int_would_take(value: object) -> None:
    with pytest.raises(InputError) as info:
        parse_id(value, "id", "notification id")
    [problem] = info.value.problems
    assert problem.field == "id" and "notification id" in problem.message
    assert parse_id(" 1000 ", "id", "notification id") == 1000


@pytest.mark.parametrize(
    ("value", "pair"),
    [
        (30, (5.0, 30.0)),
        (0.5, (0.5, 0.5)),
        (600, (5.0, 600.0)),
        ((1, 2.5), (1.0, 2.5)),
        ((600.0, 600), (600.0, 600.0)),
    ],
)
def test_good_timeouts(value: object, pair: tuple[float, float]) -> None:
    assert parse_timeout(value) == pair


@pytest.mark.parametrize(
    "value",
    [
        0, -1, 0.0, -0.0, 600.0001, 601, 1e10, 1e12, float("inf"), float("-inf"), float("nan"),
        10**400, True, False, None, "5", b"5", [5, 5], (5,), (1, 2, 3), (5, None), (5, "5"),
        (0, 5), (5, float("inf")), (float("nan"), 5), (True, 5), {5: 5}, object(),
    ],
)  # fmt: skip
def test_bad_timeouts_name_the_field(value: object) -> None:
    with pytest.raises(InputError) as info:
        parse_timeout(value)
    [problem] = info.value.problems
    assert problem.field == "timeout" and "600" in problem.message


@pytest.mark.parametrize(
    ("text", "seconds"), [("55", 55.0), (" 0.5 ", 0.5), (".5", 0.5), ("600", 600.0), ("7.", 7.0)]
)
def test_seconds_from_text(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["0", "-1", "1e10", "1e309", "inf", "Infinity", "nan", "NaN", "601", "1_0", "５", "٣",
     "+5", "5s", "", " ", "0x10", "1e1", "600.5", None],
)  # fmt: skip
def test_bad_seconds_from_text(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_seconds(text, "timeout")
    assert info.value.problems[0].field == "timeout"


def test_text_must_be_non_empty_after_trimming() -> None:
    assert check_text("Hello") == []
    assert check_text("  Hello  ") == []
    for bad in ("", "   ", "\n\t", None, 5):
        [problem] = check_text(bad)
        assert problem.field == "text"


# --- links ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "link", ["https://x.example/a", "http://127.0.0.1:8/a?b=c", "/crm/deal/1/", "//cdn.example/x"]
)
def test_valid_links(link: str) -> None:
    assert is_valid_link(link)


@pytest.mark.parametrize(
    "link",
    ["", "example.com/a", "ftp://x/y", "HTTPS://x", "https://", "https:///x", "javascript:x()",
     "https://x/a b", None, 5],
)  # fmt: skip
def test_invalid_links(link: object) -> None:
    assert not is_valid_link(link)


def test_a_link_refuses_exactly_what_backslash_s_finds() -> None:
    """is_valid_link tests each character with str.isspace() where it searched for regex \\s."""
    import re

    space = re.compile(r"\s")
    spaces = [chr(c) for c in range(0x110000) if space.fullmatch(chr(c))]
    assert [chr(c) for c in range(0x110000) if chr(c).isspace()] == spaces
    assert len(spaces) > 20 and "\u3000" in spaces and "\x1c" in spaces and "\u200b" not in spaces
    for char in [*spaces, "\u200b", "\u00ad", "a", "٣"]:
        assert is_valid_link(f"https://x.example/{char}") == (char not in spaces), hex(ord(char))


# --- blocks -----------------------------------------------------------------------------------
def test_every_builder_block_validates() -> None:
    blocks = [
        picture_block("P", PIC, preview=PIC, width=10, height=10),
        file_block("F", "/disk/file.pdf", size=10),
        message_block("Hi"),
        link_block("https://x.example", "X"),
        user_block("Ann", avatar=PIC, link="/company/personal/user/1/"),
        grid_block([grid_item("A", "B"), grid_item("C", "D")]),
        delimiter_block(),
    ]
    assert check_attachments(blocks) == []
    assert attachment_warnings(blocks) == []
    assert check_attachments(attachment(blocks, color_token="primary", color="#29619b")) == []


def test_every_problem_is_named_and_reported_at_once() -> None:
    attach = [
        {"IMAGE": {"NAME": "no link"}},
        {"FILE": {"LINK": "file.pdf"}},
        {"IMAGE": [{"LINK": PIC}, {"LINK": "ftp://x/y"}, "x"]},
        {"LINK": {"LINK": "https://ok.example", "PREVIEW": "preview.png", "WIDTH": -1}},
        {"USER": {"AVATAR": "a.png"}},
        {"GRID": [{"NAME": "a", "VALUE": "b"}, {"DISPLAY": "GRID", "NAME": "a"}]},
        {"GRID": {"DISPLAY": "LINE"}},
        {"DELIMITER": {"SIZE": 0, "COLOR": "red"}},
        {"MESSAGE": "   "},
        {"image": {"LINK": PIC}},
        {"VIDEO": {}},
        {"IMAGE": {"LINK": PIC}, "FILE": {"LINK": PIC}},
        {},
        "text",
    ]
    assert fields(check_attachments(attach)) == [
        "attachments[0].IMAGE.LINK",
        "attachments[1].FILE.LINK",
        "attachments[2].IMAGE[1].LINK",
        "attachments[2].IMAGE[2]",
        "attachments[3].LINK.PREVIEW",
        "attachments[3].LINK.WIDTH",
        "attachments[4].USER.NAME",
        "attachments[4].USER.AVATAR",
        "attachments[5].GRID[0].DISPLAY",
        "attachments[5].GRID[1].DISPLAY",
        "attachments[6].GRID",
        "attachments[7].DELIMITER.SIZE",
        "attachments[7].DELIMITER.COLOR",
        "attachments[8].MESSAGE",
        "attachments[9].image",
        "attachments[10].VIDEO",
        "attachments[11]",
        "attachments[12]",
        "attachments[13]",
    ]
    problems = check_attachments(attach)
    assert "did you mean IMAGE" in problems[14].message
    assert "IMAGE, FILE" in problems[16].message


def test_image_and_file_accept_an_object_or_an_array() -> None:
    assert check_attachments([{"IMAGE": [{"LINK": PIC}, {"LINK": "/x.png", "NAME": "x"}]}]) == []
    assert check_attachments([{"FILE": [{"LINK": PIC, "SIZE": "12"}]}]) == []
    assert fields(check_attachments([{"IMAGE": []}])) == ["attachments[0].IMAGE"]
    assert fields(check_attachments([{"IMAGE": "x"}])) == ["attachments[0].IMAGE"]
    assert fields(check_attachments([{"DELIMITER": [{"SIZE": 1}]}])) == ["attachments[0].DELIMITER"]


def test_links_to_portal_users_need_a_name_not_a_url() -> None:
    assert check_attachments([{"LINK": {"NAME": "Ann", "USER_ID": 1}}]) == []
    assert fields(check_attachments([{"LINK": {"USER_ID": 1}}])) == ["attachments[0].LINK.NAME"]
    assert check_attachments([{"RICH_LINK": {"LINK": PIC, "EXTRA_IMAGE": PIC}}]) == []


def test_message_block_object_form() -> None:
    assert check_attachments([{"MESSAGE": {"TEXT": "x", "AS_DESCRIPTION": "Y"}}]) == []
    assert fields(check_attachments([{"MESSAGE": {"TEXT": ""}}])) == ["attachments[0].MESSAGE.TEXT"]
    assert fields(check_attachments([{"MESSAGE": 5}])) == ["attachments[0].MESSAGE"]


def test_grid_items() -> None:
    ok = [{"GRID": [{"DISPLAY": d, "NAME": "n", "VALUE": "v"}]} for d in GRID_DISPLAYS]
    assert check_attachments(ok) == []
    bad = [{"GRID": [{"DISPLAY": "LINE", "COLOR": "#12", "COLOR_TOKEN": "red", "LINK": "x"}]}]
    assert fields(check_attachments(bad)) == [
        "attachments[0].GRID[0].COLOR",
        "attachments[0].GRID[0].COLOR_TOKEN",
        "attachments[0].GRID[0].LINK",
    ]
    assert fields(check_attachments([{"GRID": []}])) == ["attachments[0].GRID"]


def test_full_form_fields() -> None:
    full = {"COLOR_TOKEN": "pink", "COLOR": "29619b", "ID": "x", "BLOCKS": [{"MESSAGE": "a"}]}
    assert fields(check_attachments(full)) == [
        "attachments.COLOR_TOKEN",
        "attachments.COLOR",
        "attachments.ID",
    ]
    assert fields(check_attachments({"BLOCKS": "x"})) == ["attachments.BLOCKS"]
    assert fields(check_attachments({"BLOCKS": []})) == ["attachments"]
    assert fields(check_attachments({"BLOCKS": [{"FILE": {}}]})) == ["attachments[0].FILE.LINK"]
    for token in ("primary", "secondary", "alert", "base"):
        assert check_attachments({"COLOR_TOKEN": token, "BLOCKS": [{"MESSAGE": "a"}]}) == []
    for color in ("#abc", "#A1B2C3"):
        assert check_attachments({"COLOR": color, "BLOCKS": [{"MESSAGE": "a"}]}) == []


def test_an_empty_list_is_a_problem_but_nothing_is_not() -> None:
    assert fields(check_attachments([])) == ["attachments"]
    assert check_attachments(None) == []
    assert check_attachments("") == []


def test_load_errors_become_problems() -> None:
    assert fields(check_attachments("https://example.com/x.json")) == ["attachments"]
    assert fields(check_attachments("[oops")) == ["attachments"]
    assert fields(check_attachments('[{"MESSAGE": ""}]')) == ["attachments[0].MESSAGE"]


def test_warnings_do_not_block() -> None:
    attach = [
        {
            "GRID": [
                grid_item("a", "b", "LINE"),
                grid_item("c", "d", "ROW"),
                grid_item("", "", "ROW"),
            ]
        },
        {"IMAGE": {"LINK": PIC, "WIDTH": 10, "URL": "x"}},
    ]
    assert check_attachments(attach) == []
    assert fields(attachment_warnings(attach)) == [
        "attachments[0].GRID[2]",
        "attachments[0].GRID",
        "attachments[1].IMAGE",
        "attachments[1].IMAGE.URL",
    ]


# --- size: counted as the portal counts it (core.attach_size) ----------------------------------
WRAPPER = (
    '{"ID":10000000000,"BLOCKS":[{"MESSAGE":"%s"}],"DESCRIPTION":"","COLOR":"#29619b",'
    '"COLOR_TOKEN":"base"}'
)
EDGE = ATTACH_LIMIT - ATTACH_MARGIN  # the first size b24notify refuses


def test_size_counts_characters_of_the_attachment_the_portal_builds() -> None:
    # The module wraps the blocks ({"ID": time(), "BLOCKS": [...], "DESCRIPTION": "", "COLOR":
    # a random #rrggbb, "COLOR_TOKEN": "base"}) and counts
    # characters: a Cyrillic letter is one, like a Latin one.
    assert attach_size([{"MESSAGE": "a"}]) == len(WRAPPER % "a")
    assert attach_size([{"MESSAGE": "я"}]) == attach_size([{"MESSAGE": "a"}])
    assert attach_size([{"MESSAGE": "a/b"}]) == len(WRAPPER % "a\\/b")  # PHP writes \/


def _message_of_size(total: int, char: str = "a") -> list[dict[str, str]]:
    overhead = attach_size([{"MESSAGE": "x"}]) - 1
    attach = [{"MESSAGE": char * (total - overhead)}]
    assert attach_size(attach) == total
    return attach


@pytest.mark.parametrize("char", ["a", "ж"])
def test_the_limit_is_60000_characters_less_a_small_reserve(char: str) -> None:
    assert check_attachments(_message_of_size(EDGE - 1, char)) == []
    [problem] = check_attachments(_message_of_size(EDGE, char))
    assert problem.field == "attachments"
    assert "60,000" in problem.message and f"{ATTACH_MARGIN}" in problem.message
    assert f"{EDGE:,} characters" in problem.message


def test_35000_cyrillic_letters_pass_with_a_warning_for_older_portals() -> None:
    # 70,000 bytes of UTF-8: the old byte count refused them, the portal keeps them.
    attach = [{"MESSAGE": "ж" * 35_000}]
    assert len(json.dumps(attach, ensure_ascii=False).encode()) > ATTACH_LIMIT
    assert check_attachments(attach) == []
    [warning] = attachment_warnings(attach)
    assert warning.field == "attachments"
    assert "older self-hosted" in warning.message and "ATTACH_OVERSIZE" in warning.message


def test_no_warning_when_older_portals_fit_too() -> None:
    assert attachment_warnings([{"MESSAGE": "ж" * 5_000}]) == []
    assert attachment_warnings(_message_of_size(EDGE - 1)) == []


def _images(count: int, link: str) -> list[dict[str, Any]]:
    return [picture_block("c", link) for _ in range(count)]


def test_slash_heavy_links_count_twice_and_each_block_gains_a_list() -> None:
    # 830 pictures: 58,931 bytes as sent, 68,975 characters as the portal counts them.
    attach = _images(830, "https://ci.example/a/b/c/d/e/f/g/h.png")
    assert len(json.dumps(attach, ensure_ascii=False, separators=(",", ":")).encode()) == 58_931
    assert attach_size(attach) == 68_975
    assert fields(check_attachments(attach)) == ["attachments"]


def test_slash_heavy_edges() -> None:
    link = "https://ci.example/" + "a/" * 20 + "p.png"
    one = attach_size(_images(1, link))
    step = attach_size(_images(2, link)) - one  # each picture adds the same
    count = 1 + -(-(EDGE - one) // step)  # the fewest pictures that reach the edge
    assert attach_size(_images(count - 1, link)) < EDGE <= attach_size(_images(count, link))
    assert check_attachments(_images(count - 1, link)) == []
    assert fields(check_attachments(_images(count, link))) == ["attachments"]


def test_the_full_forms_wrapper_is_counted() -> None:
    blocks = [message_block("hi")]
    # A given colour takes the place of the random one (both #rrggbb); a description adds.
    assert attach_size(attachment(blocks, color="#123456")) == attach_size(blocks)
    described = {"BLOCKS": blocks, "DESCRIPTION": "about"}
    assert attach_size(described) == attach_size(blocks) + len("about")


# --- the whole notification -------------------------------------------------------------------
def test_check_notification_reports_everything_at_once() -> None:
    n = Notification(user_id="x", text=" ", tag=5, attachments=[{"IMAGE": {}}])  # type: ignore[arg-type]
    assert fields(check_notification(n)) == ["user", "text", "tag", "attachments[0].IMAGE.LINK"]
    with pytest.raises(InputError) as info:
        require_valid(n)
    assert len(info.value.problems) == 4
    assert str(info.value).startswith("Nothing was sent:")


def test_a_valid_notification() -> None:
    n = Notification(1, "Hi", tag="t", attachments=json.dumps([picture_block("P", PIC)]))
    assert check_notification(n) == []
    require_valid(n)


# --- properties -------------------------------------------------------------------------------
texts = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())
names = st.text(max_size=30)
urls = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}://{host}/{path}",
        st.sampled_from(["http", "https"]),
        st.from_regex(r"[a-z0-9]{1,10}(\.[a-z]{2,5}){1,2}", fullmatch=True),
        st.from_regex(r"[A-Za-z0-9._~/-]{0,20}", fullmatch=True),
    ),
    st.from_regex(r"/[A-Za-z0-9._~/-]{0,20}", fullmatch=True),
)
sizes = st.one_of(st.none(), st.integers(1, 5000))
colors = st.one_of(st.none(), st.from_regex(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", fullmatch=True))

blocks = st.one_of(
    st.builds(picture_block, names, urls, preview=st.one_of(st.none(), urls), width=sizes),
    st.builds(file_block, names, urls, size=st.one_of(st.none(), st.integers(0, 10**9))),
    st.builds(message_block, texts),
    st.builds(link_block, urls, st.one_of(st.none(), names), st.one_of(st.none(), names)),
    st.builds(user_block, texts, st.one_of(st.none(), urls), st.one_of(st.none(), urls)),
    st.builds(
        grid_block,
        st.lists(
            st.builds(grid_item, texts, texts, st.sampled_from(GRID_DISPLAYS), color=colors),
            min_size=1,
            max_size=4,
        ),
    ),
    st.builds(delimiter_block, st.integers(1, 1000), colors),
)


@given(st.lists(blocks, min_size=1, max_size=8))
def test_blocks_built_by_the_builders_always_validate(attach: list[dict[str, Any]]) -> None:
    assert check_attachments(attach) == []
    assert check_attachments(json.dumps(attach)) == []


@given(
    st.lists(blocks, min_size=1, max_size=5),
    st.one_of(st.none(), st.sampled_from(["primary", "secondary", "alert", "base"])),
    colors,
)
def test_full_forms_built_by_the_builder_validate(
    attach: list[dict[str, Any]], token: str | None, color: str | None
) -> None:
    assert check_attachments(attachment(attach, color_token=token, color=color)) == []


@given(st.lists(blocks, min_size=1, max_size=8))
def test_every_block_the_validator_accepts_is_counted(attach: list[dict[str, Any]]) -> None:
    # The count is of what the portal keeps: had it dropped a valid block, the count would be low.
    assert check_attachments(attach) == []
    form = portal_form(attach)
    assert form is not None and len(form["BLOCKS"]) == len(attach)
    assert attach_size(attach) == len(php_json(form)) > len(php_json(attach))


# --- cross-check with the sandbox portal (real HTTP on loopback) ------------------------------
@pytest.fixture(scope="module")
def portal() -> Iterator[SandboxPortal]:
    # Module-scoped (hypothesis reuses it across examples); a large bucket: no rate limiting here.
    from core.sandbox import SandboxPortal

    with SandboxPortal(bucket_size=100_000, drain_rate=1000.0) as p:
        yield p


def post(request: PreparedRequest) -> dict[str, Any]:
    """Send a prepared request with the stdlib (no requests): what the portal answers, parsed."""
    req = urllib.request.Request(
        request.url, data=request.body_bytes(), headers=request.headers(), method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as e:
        return json.loads(e.read())


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(blocks, min_size=1, max_size=5))
def test_the_portal_keeps_every_block_the_validator_accepts(
    portal: SandboxPortal, attach: list[dict[str, Any]]
) -> None:
    answer = post(build_notification(portal.webhook_url, Notification(3, "x", attachments=attach)))
    assert isinstance(answer.get("result"), int), answer
    record = portal.inbox(3)[-1]
    assert record["id"] == answer["result"]
    assert record["attach_dropped"] == []
    assert len(record["attach"]["BLOCKS"]) == len(attach)


@pytest.mark.parametrize(
    "block",
    [
        {"IMAGE": {"NAME": "no link"}},
        {"IMAGE": {"LINK": "picture.png"}},
        {"FILE": {"LINK": "ftp://x/y"}},
        {"LINK": {"LINK": "www.example.com"}},
        {"USER": {"AVATAR": PIC}},
        {"MESSAGE": "  "},
        {"VIDEO": {"LINK": PIC}},
        {"GRID": {"DISPLAY": "LINE", "NAME": "a"}},
        "text",
    ],
)
def test_the_portal_drops_what_the_validator_refuses(portal: SandboxPortal, block: Any) -> None:
    # The validator stops these before sending; sent anyway, the portal silently drops them.
    assert check_attachments([block]) != []
    n = Notification(4, "x", attachments=[block, message_block("kept")])
    with pytest.raises(InputError):
        build_notification(portal.webhook_url, n)
    unchecked = PreparedRequest(
        parse_endpoint(portal.webhook_url),
        "im.notify.personal.add",
        {"USER_ID": 4, "MESSAGE": "x", "ATTACH": [block, message_block("kept")]},
    )
    answer = post(unchecked)
    assert isinstance(answer.get("result"), int), answer
    record = portal.inbox(4)[-1]
    assert record["attach"]["BLOCKS"] == [message_block("kept")]
    assert record["attach_dropped"] != []


def test_the_portal_agrees_on_both_sides_of_the_limit(portal: SandboxPortal) -> None:
    # The largest attachment b24notify lets through is kept; one the validator refuses by more than
    # the wrapper is refused by the portal too.
    below = _message_of_size(EDGE - 1)
    answer = post(build_notification(portal.webhook_url, Notification(4, "x", attachments=below)))
    assert isinstance(answer.get("result"), int), answer
    attach = _message_of_size(ATTACH_LIMIT + 100)
    assert fields(check_attachments(attach)) == ["attachments"]
    unchecked = PreparedRequest(
        parse_endpoint(portal.webhook_url),
        "im.notify.personal.add",
        {"USER_ID": 4, "MESSAGE": "x", "ATTACH": attach},
    )
    assert post(unchecked).get("error") == "ATTACH_OVERSIZE"


# --- robustness -------------------------------------------------------------------------------
def test_values_that_cannot_be_json_are_problems_not_crashes() -> None:
    for attach in unwritable_attachments():
        problems = check_attachments(attach)
        assert "attachments" in fields(problems)
        assert "cannot be written as JSON" in problems[-1].message


def test_broken_unicode_in_text_fields() -> None:
    n = Notification(1, "hi \udc00", tag="t\ud800", text_out="\udfff")
    assert fields(check_notification(n)) == ["text", "text_out", "tag"]
    assert "broken characters" in check_notification(n)[0].message


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["https://x.example/", "/p", "LINE", "#fff", "primary"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [*KNOWN_BLOCK_TYPES, "LINK", "NAME", "DISPLAY", "BLOCKS", "COLOR", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(json_values)
def test_the_validator_never_crashes_on_any_json(value: Any) -> None:
    # Whatever JSON a user pastes, the answer is a list of named problems, never an exception.
    for given_value in (value, json.dumps(value)):
        problems = check_attachments(given_value)
        assert all(p.field.startswith("attachments") for p in problems)
        attachment_warnings(given_value)


@pytest.mark.parametrize("blank", ["\x00", " \x00\x0b ", "\x00\t"])
def test_a_message_that_php_trim_empties_is_refused(blank: str) -> None:
    # Found by the counting property: PHP's trim() drops NUL, str.strip() does not, so the
    # portal would silently drop a block the validator had accepted.
    assert [p.message for p in check_attachments([{"MESSAGE": blank}])] == ["the text is empty."]
    assert check_attachments([{"MESSAGE": {"TEXT": blank}}])


# --- COLOR_TOKEN ---------------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["primary", "secondary", "alert", "base"])
def test_each_documented_colour_token_is_accepted_with_blocks(token: str) -> None:
    n = Notification(1, "x", attachments=[{"MESSAGE": "a"}], color_token=token)
    assert check_notification(n) == []
    attach = build_notification("https://p.example/rest/1/s/", n).params["ATTACH"]
    assert attach == {"COLOR_TOKEN": token, "BLOCKS": [{"MESSAGE": "a"}]}


@pytest.mark.parametrize("token", ["pink", "Primary", " base", 5, "#29619b"])
def test_an_unknown_colour_token_is_refused(token: Any) -> None:
    n = Notification(1, "x", attachments=[{"MESSAGE": "a"}], color_token=token)
    (problem,) = check_notification(n)
    assert problem.field == "color_token" and "primary, secondary, alert, base" in problem.message
    with pytest.raises(InputError):
        build_notification("https://p.example/rest/1/s/", n)


def test_a_colour_token_without_blocks_or_at_odds_with_the_full_form_is_refused() -> None:
    (alone,) = check_notification(Notification(1, "x", color_token="alert"))
    assert alone.field == "color_token" and "add blocks" in alone.message
    full = {"COLOR_TOKEN": "base", "BLOCKS": [{"MESSAGE": "a"}]}
    (clash,) = check_notification(Notification(1, "x", attachments=full, color_token="alert"))
    assert clash.field == "color_token" and "base" in clash.message
    assert check_notification(Notification(1, "x", attachments=full, color_token="base")) == []
