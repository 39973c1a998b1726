"""The error table: every documented code maps by code (not status) to a category and advice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import core
from core.errors import (
    KNOWN_CODES,
    B24NotifyError,
    Category,
    CredentialsError,
    Explanation,
    InputError,
    PermissionDeniedError,
    PortalInputError,
    PortalServerError,
    Problem,
    RateLimitError,
    explain,
    portal_error,
)

DOCUMENTED = {
    "USER_ID_EMPTY": Category.INPUT,
    "MESSAGE_EMPTY": Category.INPUT,
    "ATTACH_ERROR": Category.INPUT,
    "ATTACH_OVERSIZE": Category.INPUT,
    "PARAMS_ERROR": Category.INPUT,
    "WRONG_AUTH_TYPE": Category.CREDENTIALS,
    "NO_AUTH_FOUND": Category.CREDENTIALS,
    "INVALID_CREDENTIALS": Category.CREDENTIALS,
    "ERROR_METHOD_NOT_FOUND": Category.CREDENTIALS,
    "expired_token": Category.CREDENTIALS,
    "invalid_token": Category.CREDENTIALS,
    "invalid_grant": Category.CREDENTIALS,
    "insufficient_scope": Category.PERMISSION,
    "ACCESS_DENIED": Category.PERMISSION,
    "user_access_error": Category.PERMISSION,
    "PAYMENT_REQUIRED": Category.PERMISSION,
    "PORTAL_DELETED": Category.PERMISSION,
    "METHOD_CONFIRM_WAITING": Category.PERMISSION,
    "METHOD_CONFIRM_DENIED": Category.PERMISSION,
    "INVALID_REQUEST": Category.PERMISSION,
    "QUERY_LIMIT_EXCEEDED": Category.RATE_LIMIT,
    "OPERATION_TIME_LIMIT": Category.RATE_LIMIT,
    "OVERLOAD_LIMIT": Category.RATE_LIMIT,
    "INTERNAL_SERVER_ERROR": Category.SERVER,
    "ERROR_UNEXPECTED_ANSWER": Category.SERVER,
    "ERROR_BATCH_LENGTH_EXCEEDED": Category.INPUT,
    "ERROR_BATCH_METHOD_NOT_ALLOWED": Category.INPUT,
}


@pytest.mark.parametrize(("code", "category"), sorted(DOCUMENTED.items()))
def test_every_documented_code_has_its_category_and_words(code: str, category: Category) -> None:
    info = explain(code)
    assert info.category is category
    assert info.title and info.explanation and info.advice
    assert code in KNOWN_CODES


@pytest.mark.parametrize("status", [None, 200, 400, 401, 403, 404, 429, 500, 503])
def test_the_code_wins_over_the_status(status: int | None) -> None:
    # The documented and observed statuses differ (insufficient_scope: 403 vs 401), so dispatch
    # must not depend on them.
    assert explain("insufficient_scope", http_status=status).category is Category.PERMISSION
    assert explain("QUERY_LIMIT_EXCEEDED", http_status=status).category is Category.RATE_LIMIT


@pytest.mark.parametrize(
    ("status", "category"),
    [
        (400, Category.INPUT),
        (401, Category.CREDENTIALS),
        (403, Category.PERMISSION),
        (404, Category.CREDENTIALS),
        (429, Category.RATE_LIMIT),
        (500, Category.SERVER),
        (502, Category.SERVER),
        (None, Category.SERVER),
    ],
)
def test_unknown_codes_fall_back_by_status(status: int | None, category: Category) -> None:
    assert explain("SOMETHING_NEW", http_status=status).category is category


def test_case_tells_the_portal_and_the_oauth_server_apart() -> None:
    assert "HTTPS" in explain("INVALID_REQUEST").title
    assert "OAuth" in explain("invalid_request").title
    # A code nobody spelled this way still finds its entry.
    assert explain("Expired_Token").category is Category.CREDENTIALS


def test_prefix_families_are_known() -> None:
    assert explain("ERROR_BATCH_SOMETHING").category is Category.INPUT
    assert explain("METHOD_CONFIRM_LATER").category is Category.PERMISSION


def test_the_portal_description_is_kept_in_the_explanation() -> None:
    info = explain("ACCESS_DENIED", "Access denied! Client ID not specified", 400)
    assert "Client ID not specified" in info.explanation


@given(st.text(), st.text(), st.one_of(st.none(), st.integers(min_value=0, max_value=999)))
def test_explain_is_total(code: str, description: str, status: int | None) -> None:
    info = explain(code, description, status)
    assert isinstance(info, Explanation)
    assert isinstance(info.category, Category)
    assert info.title and info.advice


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("USER_ID_EMPTY", PortalInputError),
        ("INVALID_CREDENTIALS", CredentialsError),
        ("insufficient_scope", PermissionDeniedError),
        ("OPERATION_TIME_LIMIT", RateLimitError),
        ("INTERNAL_SERVER_ERROR", PortalServerError),
    ],
)
def test_portal_error_picks_the_class_by_category(code: str, cls: type) -> None:
    err = portal_error(code, "desc", 400)
    assert type(err) is cls
    assert err.code == code and err.description == "desc" and err.http_status == 400
    assert code in str(err) and "HTTP 400" in str(err)
    assert "\n" not in str(err)
    assert err.advice


def test_one_line_joins_message_and_advice_as_sentences() -> None:
    assert B24NotifyError("No answer; the outcome is unknown", advice="Look first.").one_line() == (
        "No answer; the outcome is unknown. Look first."
    )
    assert B24NotifyError("Done.", advice="").one_line() == "Done."
    assert (
        B24NotifyError("Two\nlines", advice=" Then  this. ").one_line() == "Two lines. Then this."
    )
    err = portal_error("QUERY_LIMIT_EXCEEDED", "", 503, note="gave up after 3 attempts")
    assert (
        str(err) == "Too many requests (QUERY_LIMIT_EXCEEDED, HTTP 503, gave up after 3 attempts)"
    )
    assert str(portal_error("", "", None)) == "The portal reported an error"


def test_input_error_lists_every_problem() -> None:
    err = InputError([Problem("user", "must be a positive integer"), Problem("text", "is empty")])
    assert isinstance(err, B24NotifyError)
    assert err.category is Category.INPUT
    assert "user: must be a positive integer" in str(err)
    assert "text: is empty" in str(err)


def test_portal_moved_error_names_the_new_address_masked() -> None:
    from core.address import parse_endpoint

    secret = "s3cretWebhookValue"
    current = parse_endpoint(f"https://old.example/rest/1/{secret}/")
    err = core.PortalMovedError(current.with_location("https://new.example/"), http_status=301)
    assert isinstance(err, core.PortalError) and isinstance(err, core.B24NotifyError)
    assert str(err) == (
        "The portal answered that it has moved to https://new.example/rest/1/s3…ue/; "
        "nothing was sent there"
    )
    assert err.http_status == 301 and err.result is None
    assert err.new_address.address_without_secret == "https://new.example/rest/1/"
    assert secret not in repr(vars(err)) and secret not in repr(err.new_address)
    moved = err.new_address  # a slotted value (core.record): its fields and properties, by name
    assert not [n for n in dir(moved) if not n.startswith("_") and secret in str(getattr(moved, n))]
    assert "--follow-moves" in err.advice and "HTTP 301" in err.explanation
    for text in (str(err), repr(err), err.explanation, err.advice, err.one_line(), repr(err.args)):
        assert secret not in text
