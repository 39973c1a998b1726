"""Placeholders: syntax, literal braces, filling every field, missing values, the portal's data."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.client import Client
from core.errors import InputError
from core.notification import Notification
from core.placeholders import (
    check_values,
    fetch_user_data,
    fill,
    names,
    notification_names,
    personalise,
    user_values,
)


def test_names_in_order_once_in_upper_case() -> None:
    assert names("Hi {name}, {LAST_NAME} ({Name}) {Город}") == ["NAME", "LAST_NAME", "ГОРОД"]
    assert names("no placeholders") == []


def test_double_braces_are_literal() -> None:
    assert names("{{NAME}} and {{ }}") == []
    assert fill("{{x}} {NAME} }}{{", {"NAME": "Boris"}) == "{x} Boris }{"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a { b", "a lone { at character 3: write {{ for a literal brace"),
        ("a } b", "a lone } at character 3: write }} for a literal brace"),
        ("{1ST}", "{1ST} is not a placeholder"),
        ("{two words}", "{two words} is not a placeholder"),
        ("{}", "{} is not a placeholder"),
    ],
)
def test_syntax_errors_say_how_to_write_braces(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        names(text, "tag")
    assert words in str(caught.value)
    assert caught.value.problems[0].field == "tag"


def test_an_empty_value_is_no_value() -> None:
    with pytest.raises(InputError, match="has no value"):
        fill("Hi {NAME}", {"NAME": "  "})


@given(st.text(alphabet="ab{}", max_size=20))
def test_filling_text_without_placeholders_only_unescapes(text: str) -> None:
    try:
        used = names(text)
    except InputError:
        return
    if not used:
        assert fill(text, {}) == text.replace("{{", "\0").replace("}}", "\1").replace(
            "\0", "{"
        ).replace("\1", "}")


def test_every_field_and_the_attachment_values_are_filled() -> None:
    n = Notification(
        user_id=5,
        text="Hi {NAME}",
        tag="t-{ID}",
        sub_tag="s-{CITY}",
        text_out="Mail for {NAME}",
        attachments=None,
    )
    attach = {"BLOCKS": [{"LINK": {"NAME": "{CITY} office", "LINK": "https://x.test/{ID}"}}]}
    assert notification_names(n, attach) == ["NAME", "ID", "CITY"]
    values = {"NAME": "Boris", "ID": "5", "CITY": "Berlin"}
    filled = personalise(n, values, attach)
    assert (filled.text, filled.tag, filled.sub_tag, filled.text_out) == (
        "Hi Boris",
        "t-5",
        "s-Berlin",
        "Mail for Boris",
    )
    assert filled.attachments == {
        "BLOCKS": [{"LINK": {"NAME": "Berlin office", "LINK": "https://x.test/5"}}]
    }
    assert attach["BLOCKS"][0]["LINK"]["NAME"] == "{CITY} office"  # the template is untouched


def test_missing_values_list_the_recipients() -> None:
    values = {1: {"NAME": "A"}, 2: {"NAME": ""}, 3: {}, 4: {"NAME": "D"}}
    with pytest.raises(InputError) as caught:
        check_values(["NAME"], values, [1, 2, 3, 4])
    (problem,) = caught.value.problems
    assert "{NAME} has no value for user 2, 3" in problem.message


def test_a_name_nobody_has_is_called_unknown() -> None:
    with pytest.raises(InputError, match="has a value for none of the recipients"):
        check_values(["NAEM"], {1: {"NAME": "A"}, 2: {"NAME": "B"}}, [1, 2])


def test_long_lists_are_cut_and_counted() -> None:
    with pytest.raises(InputError, match=r"\(25 in all\)"):
        check_values(["X"], {0: {"X": "y"}}, list(range(26)))


def test_user_values_take_text_fields_and_make_a_full_name() -> None:
    item = {"ID": "5", "NAME": "Emil", "LAST_NAME": "Novak", "ACTIVE": True, "UF_DEPARTMENT": [4]}
    assert user_values(item) == {
        "ID": "5",
        "NAME": "Emil",
        "LAST_NAME": "Novak",
        "FULL_NAME": "Emil Novak",
    }


def test_user_data_comes_through_one_batch(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        data = fetch_user_data(client, [2, 9, 7, sandbox.missing_user_id])
    assert data[2]["FULL_NAME"] == "Boris Ivanov"
    assert data[9]["WORK_POSITION"] == "Системный администратор"
    assert 7 in data  # inactive people have data too (the send then answers false)
    assert sandbox.missing_user_id not in data
    assert [r["rest_method"] for r in sandbox.requests()] == ["batch"]
