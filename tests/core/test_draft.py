"""core.draft: what a draft holds (never a secret), written whole or not at all, read bounded."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from core.draft import (
    DRAFT_FILE,
    FIELDS,
    MAX_DRAFT_BYTES,
    clean_form,
    clear_draft,
    decode,
    encode,
    form_key,
    read_draft,
    set_aside,
    write_draft,
)
from core.errors import InputError

SECRET = "k3yS3cr3tV4lue99"
FORM = {
    "address": f"https://portal.example/rest/1/{SECRET}/",
    "user": "3, 5-7",
    "text": "Привет, [b]мир[/b]",
    "tag": "t",
    "attachments": [["Message", "", "a"], ["Picture", "c", "https://e.example/c.png"]],
    "system": True,
    "text_out": "out",
    "sub_tag": "s",
    "client_id": "app",
    "color_token": "alert",
    "oauth_client_id": "local.app1",
    "ca_bundle": "/etc/ssl/portal-ca.pem",
}


def test_a_draft_goes_back_and_forth_without_its_secret(tmp_path: Path) -> None:
    path = tmp_path / DRAFT_FILE
    saved = datetime(2026, 11, 29, 8, 31, 2, tzinfo=timezone.utc)
    write_draft(path, encode(FORM, saved))
    text = path.read_text("utf-8")
    assert SECRET not in text and "мир" in text
    draft = read_draft(path)
    assert draft is not None and draft.saved == saved
    assert draft.form == {**FORM, "address": "https://portal.example/rest/1/"}
    assert set(draft.form) == set(FIELDS)


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        (f"https://portal.example/rest/1/{SECRET}/", "https://portal.example/rest/1/"),
        (f"https://portal.example/rest/1/{SECRET}/profile.json", "https://portal.example/rest/1/"),
        ("https://portal.example/rest/1/", "https://portal.example/rest/1/"),
        ("portal.example", "https://portal.example"),
        (f"https://x:{SECRET}@portal.example/", ""),
        (f"not an address {SECRET}", ""),
        (5, ""),
    ],
)
def test_only_an_address_the_core_reads_back_without_its_secret_is_kept(
    address: object, kept: str
) -> None:
    assert clean_form({"address": address})["address"] == kept
    assert SECRET not in encode({"address": address, "token": SECRET})


def test_unknown_and_mistyped_fields_take_their_defaults() -> None:
    form = clean_form(
        {"user": 3, "system": "yes", "attachments": [["a", "b"], ["a", "b", 1], ["x", "y", "z"]],
         "token": SECRET, "refresh_token": SECRET}
    )  # fmt: skip
    assert form == {**FIELDS, "attachments": [["x", "y", "z"]]}
    assert form_key({"text": "a"}) == form_key({"text": "a", "other": 1})
    assert form_key({"text": "a"}) != form_key({"text": "b"})


def test_the_file_is_owner_only_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "settings" / DRAFT_FILE
    write_draft(path, encode(FORM))
    write_draft(path, encode({**FORM, "text": "second"}))
    assert read_draft(path).form["text"] == "second"  # type: ignore[union-attr]
    assert sorted(os.listdir(path.parent)) == [DRAFT_FILE]
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_failed_write_keeps_the_old_draft_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / DRAFT_FILE
    write_draft(path, encode(FORM))
    with pytest.raises(UnicodeEncodeError):
        write_draft(path, "broken \ud800")
    assert read_draft(path).form["text"] == FORM["text"]  # type: ignore[union-attr]
    assert sorted(os.listdir(tmp_path)) == [DRAFT_FILE]


def test_no_draft_is_none_and_clearing_twice_is_fine(tmp_path: Path) -> None:
    path = tmp_path / DRAFT_FILE
    assert read_draft(path) is None
    write_draft(path, encode(FORM))
    clear_draft(path)
    clear_draft(path)
    assert read_draft(path) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{", "not valid JSON"),
        (b"[1]", "holds no form"),
        (b'{"form": 5}', "holds no form"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_an_unreadable_draft_is_an_input_error_and_can_be_set_aside(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / DRAFT_FILE
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_draft(path)
    assert caught.value.problems[0].field == "draft" and expected in str(caught.value)
    aside = set_aside(path)
    assert not path.exists() and aside.read_bytes() == content


def test_a_draft_that_is_too_large_or_not_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DRAFT_FILE
    path.write_bytes(b" " * (MAX_DRAFT_BYTES + 1))
    with pytest.raises(InputError, match="too large"):
        read_draft(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(InputError, match="folder"):
        read_draft(path)


def test_a_draft_without_a_time_still_reads() -> None:
    draft = decode(json.dumps({"form": {"text": "x"}, "saved": "yesterday"}))
    assert draft.saved is None and draft.form["text"] == "x"
