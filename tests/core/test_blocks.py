"""Tests for core.blocks: OPI's exact shapes, the other blocks, and loading attachments."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.blocks import (
    BLOCK_TYPES,
    KNOWN_BLOCK_TYPES,
    attachment,
    block_list,
    delimiter_block,
    file_block,
    grid_block,
    grid_item,
    is_full_form,
    link_block,
    load_attachments,
    message_block,
    picture_block,
    user_block,
)
from core.errors import InputError

PIC = "https://openintegrations.dev/test_data/picture.jpg"
DOC = "https://openintegrations.dev/test_data/document.docx"


# --- OPI parity -------------------------------------------------------------------------------
def test_picture_block_is_exactly_opis_shape() -> None:
    # docs/en/results/Bitrix24/GetPictureBlock.log
    assert picture_block("Image", PIC) == {"IMAGE": {"NAME": "Image", "LINK": PIC}}
    assert json.dumps(picture_block("Image", PIC)) == (
        '{"IMAGE": {"NAME": "Image", "LINK": "' + PIC + '"}}'
    )


def test_file_block_is_exactly_opis_shape() -> None:
    assert file_block("Image", DOC) == {"FILE": {"NAME": "Image", "LINK": DOC}}


def test_empty_name_is_left_out_like_opis_add_field() -> None:
    assert picture_block("", PIC) == {"IMAGE": {"LINK": PIC}}
    assert file_block("", DOC) == {"FILE": {"LINK": DOC}}


def test_optional_picture_and_file_fields() -> None:
    assert picture_block("P", PIC, preview=PIC + "?s", width=640, height=480) == {
        "IMAGE": {"NAME": "P", "LINK": PIC, "PREVIEW": PIC + "?s", "WIDTH": 640, "HEIGHT": 480}
    }
    assert file_block("D", DOC, size=1024) == {"FILE": {"NAME": "D", "LINK": DOC, "SIZE": 1024}}
    assert file_block("D", DOC, size=0) == {"FILE": {"NAME": "D", "LINK": DOC, "SIZE": 0}}


# --- the other blocks -------------------------------------------------------------------------
def test_message_link_user_blocks() -> None:
    assert message_block("[b]Hi[/b]") == {"MESSAGE": "[b]Hi[/b]"}
    assert link_block("https://ci.example/42", "Open") == {
        "LINK": {"LINK": "https://ci.example/42", "NAME": "Open"}
    }
    assert link_block("/crm/deal/1/", desc="Deal", preview="/p.png", width=10, height=20) == {
        "LINK": {
            "LINK": "/crm/deal/1/",
            "DESC": "Deal",
            "PREVIEW": "/p.png",
            "WIDTH": 10,
            "HEIGHT": 20,
        }
    }
    assert user_block("Ann", avatar="https://a.example/a.png", user_id=3) == {
        "USER": {"NAME": "Ann", "AVATAR": "https://a.example/a.png", "USER_ID": 3}
    }


def test_grid_and_delimiter_blocks() -> None:
    item = grid_item("Job", "nightly")
    assert item == {"DISPLAY": "LINE", "NAME": "Job", "VALUE": "nightly"}
    assert grid_item("A", "B", "ROW", width=100, color="#fff", color_token="alert") == {
        "DISPLAY": "ROW", "NAME": "A", "VALUE": "B", "WIDTH": 100, "COLOR": "#fff",
        "COLOR_TOKEN": "alert",
    }  # fmt: skip
    assert grid_block([item]) == {"GRID": [item]}
    assert grid_block(iter([item]))["GRID"][0] is not item  # copied, not aliased
    assert delimiter_block() == {"DELIMITER": {"SIZE": 200}}
    assert delimiter_block(50, "#29619b") == {"DELIMITER": {"SIZE": 50, "COLOR": "#29619b"}}


def test_full_form() -> None:
    blocks = [message_block("Hi")]
    assert attachment(blocks) == {"BLOCKS": [{"MESSAGE": "Hi"}]}
    full = attachment(blocks, color_token="primary", color="#29619b")
    assert full == {"COLOR_TOKEN": "primary", "COLOR": "#29619b", "BLOCKS": [{"MESSAGE": "Hi"}]}
    assert is_full_form(full) and not is_full_form(blocks)
    assert block_list(full) == blocks
    assert block_list(blocks) == blocks
    assert block_list({"BLOCKS": "x"}) == []
    assert block_list(None) == []


def test_block_type_lists() -> None:
    assert set(BLOCK_TYPES) == {"MESSAGE", "LINK", "USER", "GRID", "DELIMITER", "IMAGE", "FILE"}
    assert "RICH_LINK" in KNOWN_BLOCK_TYPES and "RICH_LINK" not in BLOCK_TYPES


# --- load_attachments -------------------------------------------------------------------------
BLOCKS = [picture_block("P", PIC), file_block("F", DOC)]


def test_nothing_gives_none() -> None:
    assert load_attachments(None) is None
    assert load_attachments("") is None
    assert load_attachments("  \n ") is None


def test_a_list_is_kept() -> None:
    assert load_attachments(BLOCKS) == BLOCKS
    assert load_attachments([]) == []


def test_one_block_is_wrapped_into_a_list() -> None:
    assert load_attachments(picture_block("P", PIC)) == [picture_block("P", PIC)]
    assert load_attachments('{"MESSAGE": "Hi"}') == [{"MESSAGE": "Hi"}]


def test_the_full_form_is_kept() -> None:
    full = attachment(BLOCKS, color_token="alert")
    assert load_attachments(full) == full
    assert load_attachments(json.dumps(full)) == full


def test_json_text() -> None:
    assert load_attachments(json.dumps(BLOCKS)) == BLOCKS
    assert load_attachments("  " + json.dumps(BLOCKS, indent=2) + "\n") == BLOCKS
    assert load_attachments(json.dumps(BLOCKS).encode()) == BLOCKS


def test_a_json_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "blocks.json"
    path.write_text(json.dumps(BLOCKS, ensure_ascii=False), encoding="utf-8")
    assert load_attachments(str(path)) == BLOCKS
    assert load_attachments(path) == BLOCKS
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps({"MESSAGE": "Привет"}).encode())
    assert load_attachments(str(bom)) == [{"MESSAGE": "Привет"}]


def test_a_file_in_the_home_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "a.json").write_text('[{"MESSAGE": "x"}]', encoding="utf-8")
    assert load_attachments("~/a.json") == [{"MESSAGE": "x"}]


def refusal(value: object) -> str:
    with pytest.raises(InputError) as info:
        load_attachments(value)
    [problem] = info.value.problems
    assert problem.field == "attachments"
    return problem.message


@pytest.mark.parametrize("url", [PIC, "http://example.com/blocks.json", " HTTPS://x/y "])
def test_urls_are_refused_and_never_downloaded(url: str) -> None:
    assert "never downloads" in refusal(url)


def test_bad_json_names_the_position() -> None:
    message = refusal('[{"MESSAGE": "Hi"},]')
    assert "not valid JSON" in message and "line 1" in message


def test_json_that_is_not_a_list_or_object() -> None:
    assert "list of blocks" in refusal('"just text"')
    assert "list of blocks" in refusal("42")
    assert "list of blocks" in refusal("null")


def test_a_missing_file() -> None:
    assert "neither JSON nor the path" in refusal("/no/such/blocks.json")
    assert "neither JSON nor the path" in refusal("hello")


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    assert "is not valid JSON" in refusal(str(bad))
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'["\xe9"]')
    assert "not UTF-8" in refusal(str(latin))
    assert "cannot read" in refusal(tmp_path / "missing.json")
    assert "is a folder" in refusal(str(tmp_path))


def test_other_types_are_refused() -> None:
    assert "not int" in refusal(5)
    assert "not UTF-8" in refusal(b"\xff\xfe")


def test_a_very_long_json_text_is_not_taken_for_a_file_name() -> None:
    blocks = [message_block("x" * 5000)]
    assert load_attachments(json.dumps(blocks)) == blocks


def test_a_served_json_file_is_not_fetched() -> None:
    # A real server on loopback that would serve valid blocks: it must never be asked.
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = json.dumps(BLOCKS).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/blocks.json"
        with urllib.request.urlopen(url, timeout=10) as r:  # the server works...
            assert json.loads(r.read()) == BLOCKS
        hits.clear()
        assert "never downloads" in refusal(url)  # ...but load_attachments does not ask it
        assert hits == []
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@given(name=st.text(max_size=30), url=st.text(min_size=1, max_size=60))
def test_opi_shapes_for_any_name_and_url(name: str, url: str) -> None:
    expected = {"NAME": name, "LINK": url} if name else {"LINK": url}
    assert picture_block(name, url) == {"IMAGE": expected}
    assert file_block(name, url) == {"FILE": expected}
    # Whatever form they travel in, loading gives the same blocks back.
    blocks = [picture_block(name, url), file_block(name, url)]
    assert load_attachments(json.dumps(blocks)) == blocks
    assert load_attachments(json.dumps(blocks, ensure_ascii=False, indent=1)) == blocks
    assert load_attachments(attachment(blocks)) == {"BLOCKS": blocks}


_DEEP_LISTS = "[" * 10_000 + "]" * 10_000
_DEEP_OBJECTS = '{"a":' * 10_000 + "1" + "}" * 10_000
_DEEP_IN_A_BLOCK = '[{"MESSAGE": ' + "[" * 10_000 + "]" * 10_000 + "}]"
_LONG_NUMBER = '[{"DELIMITER": {"SIZE": ' + "9" * 5_000 + "}}]"
_LONG_NEGATIVE = '{"BLOCKS": [], "ID": -' + "1" * 5_000 + "}"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (_DEEP_LISTS, "nested too deeply"),
        (_DEEP_OBJECTS, "nested too deeply"),
        (_DEEP_IN_A_BLOCK, "nested too deeply"),
        (_LONG_NUMBER, "too many digits"),
        (_LONG_NEGATIVE, "too many digits"),
    ],
)
def test_hostile_json_is_invalid_input_as_text_and_from_a_file(
    tmp_path: Path, text: str, words: str
) -> None:
    assert words in refusal(text)
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    assert words in refusal(str(path))
    assert words in refusal(path)
    assert words in refusal(text.encode())


def test_deep_python_objects_are_a_problem_not_a_crash() -> None:
    from core.validate import check_attachments

    deep: list[Any] = []
    inner = deep
    for _ in range(10_000):
        inner.append([])
        inner = inner[0]
    problems = check_attachments([{"MESSAGE": {"TEXT": "x", "EXTRA": deep}}])
    assert any("nested too deeply" in p.message for p in problems)
    problems = check_attachments([{"DELIMITER": {"SIZE": 10**5000}}])
    assert [p.field for p in problems] == ["attachments"]
