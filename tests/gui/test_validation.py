"""gui.validation: the form's fields as the core sees them (Qt-free)."""

from __future__ import annotations

from core.blocks import picture_block
from core.constants import PERSONAL_METHOD
from gui.validation import Validation, validate_form

URL = "https://p.example/rest/1/abcdef123/"


def test_a_valid_form_gives_the_request_to_send() -> None:
    v = validate_form(URL, "", user="3", text="Hello", tag="t")
    assert v.ok and v.problems == []
    assert v.endpoint is not None and v.endpoint.kind == "webhook"
    assert v.prepared is not None
    assert v.prepared.method == PERSONAL_METHOD
    assert v.prepared.params["USER_ID"] == 3
    assert v.prepared.params["MESSAGE"] == "Hello"
    assert v.prepared.params["TAG"] == "t"


def test_every_problem_is_collected_and_nothing_is_prepared() -> None:
    v = validate_form("not a url at all", "", user="abc", text="")
    fields = {p.field.split(".")[0].split("[")[0] for p in v.problems}
    assert {"url", "user", "text"} <= fields
    assert v.prepared is None and not v.ok
    assert v.notification is not None  # the notes about the text still have something to read


def test_a_bad_attachment_names_its_row() -> None:
    good = picture_block("ok", "https://example.com/a.png")
    bad = picture_block("bad", "javascript:alert(1)")
    v = validate_form(URL, "", user="3", text="Hi", attachments=[good, bad])
    assert not v.ok
    assert any(p.field.startswith("attachments[1]") for p in v.problems)


def test_no_attachments_means_none_not_an_empty_list() -> None:
    v = validate_form(URL, "", user="3", text="Hi", attachments=[])
    assert v.notification is not None and v.notification.attachments is None
    assert "ATTACH" not in v.prepared.params


def test_an_empty_validation_is_not_ok() -> None:
    assert not Validation().ok
    assert Validation().problems == []


def test_a_list_or_a_range_of_recipients_is_a_bulk_form() -> None:
    v = validate_form(URL, "", user="1-60", text="Hi {NAME}")
    assert v.ok and v.many and v.recipients == list(range(1, 61))
    assert v.recipients_note() == "60 recipients"
    assert v.prepared is not None and v.prepared.params["USER_ID"] == 1  # the form's check
    v = validate_form(URL, "", user="5, 7; 9 7", text="Hi")
    assert v.recipients == [5, 7, 9] and v.recipients_note() == "3 recipients"


def test_one_id_stays_the_simple_send() -> None:
    for user in ("5", "5,", "5-5"):
        v = validate_form(URL, "", user=user, text="Hi")
        assert v.ok and not v.many and v.recipients_note() == "", user
        assert v.prepared is not None and v.prepared.params["USER_ID"] == 5


def test_a_bad_piece_of_a_list_is_the_user_field_s_problem() -> None:
    v = validate_form(URL, "", user="5, abc, 9-3", text="Hi")
    assert not v.ok and not v.many
    messages = [p.message for p in v.problems if p.field == "user"]
    assert len(messages) == 2 and messages[0].startswith("abc:") and "backwards" in messages[1]


def test_a_lone_brace_in_a_bulk_form_is_found_as_you_type() -> None:
    v = validate_form(URL, "", user="5, 6", text="Hi {NAME")
    assert not v.ok and any(p.field == "text" and "brace" in p.message for p in v.problems)
    assert validate_form(URL, "", user="5", text="Hi {NAME").ok  # one recipient: text as is
