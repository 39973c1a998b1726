"""gui.connection_box.ConnectionBox: the address and token, their notes, and Check connection."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from core.errors import Problem
from gui.connection_box import URL_REQUIRED, ConnectionBox


@pytest.fixture
def box(qtbot) -> ConnectionBox:
    widget = ConnectionBox()
    qtbot.addWidget(widget)
    return widget


def test_problems_go_under_their_fields_and_the_rest_comes_back(box: ConnectionBox) -> None:
    box.set_url("https://p.example/rest/x/")
    problems = [
        Problem("url", "the user id must be a number."),
        Problem("token", "contains a line break."),
        Problem("user", "must be a number."),
    ]
    rest = box.show_problems(problems)
    assert rest == [problems[2]]
    assert box.url_note.text() == "The user id must be a number."
    assert box.url_note.level == "error" and not box.url_note.isHidden()
    assert box.token_note.text() == "Contains a line break."
    assert box.url_edit.accessibleDescription() == "The user id must be a number."
    box.show_problems([])
    assert box.url_note.isHidden() and box.token_note.isHidden()


def test_an_empty_address_gets_a_quiet_hint_not_an_error(box: ConnectionBox) -> None:
    box.show_problems([Problem("url", "is required.")])
    assert box.url_note.text() == URL_REQUIRED
    assert box.url_note.level == "hint"


def test_the_first_field_with_a_problem_takes_the_cursor(box: ConnectionBox) -> None:
    assert box.focus_problem([Problem("token", "x"), Problem("user", "y")])
    assert box.focusWidget() is box.token_edit
    assert box.focus_problem([Problem("url", "x"), Problem("token", "y")])
    assert box.focusWidget() is box.url_edit
    assert not box.focus_problem([Problem("user", "y")])


def test_every_edit_says_changed_and_pasted_spaces_go_when_leaving(qtbot, box) -> None:
    with qtbot.waitSignal(box.changed):
        box.url_edit.setText("  https://p.example/rest/1/abc/\n")
    assert box.url() == "https://p.example/rest/1/abc/"  # read without them at once
    box.url_edit.editingFinished.emit()
    assert box.url_edit.text() == "https://p.example/rest/1/abc/"
    with qtbot.waitSignal(box.changed):
        box.set_token(" tok ")
    assert box.token() == "tok"


def test_the_token_is_masked_until_shown(box: ConnectionBox) -> None:
    assert box.token_edit.echoMode() == QLineEdit.EchoMode.Password
    box.reveal_button.setChecked(True)
    assert box.token_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert box.reveal_button.accessibleName() == "Hide the token"
    box.reveal_button.setChecked(False)
    assert box.token_edit.echoMode() == QLineEdit.EchoMode.Password


def test_the_keyring_note_shows_only_with_something_to_say(box: ConnectionBox) -> None:
    box.set_keyring_problem("No system keyring here.")
    assert box.keyring_note.text() == "No system keyring here."
    assert not box.keyring_note.isHidden()
    box.set_keyring_problem("")
    assert box.keyring_note.isHidden()


def test_tab_goes_address_token_show_extras_check(box: ConnectionBox) -> None:
    names = [w.objectName() for w in box.tab_chain()]
    assert names == [
        "urlEdit",
        "tokenEdit",
        "revealTokenButton",
        "clientIdEdit",
        "clientSecretEdit",
        "refreshTokenEdit",
        "caBundleEdit",
        "checkButton",
    ]


def test_refresh_details_show_for_a_token_connection_only(qtbot, box: ConnectionBox) -> None:
    extras = box.extras
    box.set_url("https://p.bitrix24.com/rest/1/s3cretsecret/")
    assert extras.client_id_edit.isHidden() and not extras.ca_bundle_edit.isHidden()
    box.set_url("p.bitrix24.com")
    assert not extras.client_id_edit.isHidden()
    extras.set_values(client_id="local.1", client_secret="cs", refresh_token="rt")
    assert extras.values()["client_secret"] == "cs"
    box.set_url("https://p.bitrix24.com/rest/1/s3cretsecret/")
    assert extras.values()["client_id"] == ""  # not sent with a webhook
