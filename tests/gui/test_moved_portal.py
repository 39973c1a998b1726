"""gui.moved_portal: what the window says and puts in the address box when a portal has moved."""

from __future__ import annotations

from core.address import parse_endpoint
from core.errors import CredentialsError, PortalMovedError
from gui.moved_portal import address_field_text, declined_message, moved_error
from gui.tasks import Outcome

SECRET = "Zq9movedSecret"


def _moved(url: str) -> PortalMovedError:
    return PortalMovedError(parse_endpoint(url), http_status=301)


def test_the_move_is_found_in_an_error_or_in_a_checks_result() -> None:
    moved = _moved(f"https://new.example/rest/1/{SECRET}/")

    class Report:
        error = moved

    assert moved_error(Outcome(error=moved)) is moved
    assert moved_error(Outcome(result=Report())) is moved
    assert moved_error(Outcome(error=CredentialsError("no"))) is None
    assert moved_error(Outcome(result=object())) is None
    assert moved_error(None) is None


def test_the_address_box_gets_the_webhook_with_its_secret_or_the_portal() -> None:
    webhook = parse_endpoint(f"https://new.example/rest/1/{SECRET}/")
    assert address_field_text(webhook) == f"https://new.example/rest/1/{SECRET}/"
    token = parse_endpoint("https://new.example", "tok")
    assert address_field_text(token) == "https://new.example"


def test_declining_says_where_without_the_secret() -> None:
    text = declined_message(_moved(f"https://new.example/rest/1/{SECRET}/"))
    assert "https://new.example/rest/1/" in text
    assert SECRET not in text
    assert text.startswith("Nothing was sent")
