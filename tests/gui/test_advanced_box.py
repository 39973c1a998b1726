"""gui.advanced_box: system or personal, MESSAGE_OUT, SUB_TAG, CLIENT_ID and COLOR_TOKEN from the
window to the sandbox portal; invalid values stop the send; the values survive a restart."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from core.constants import PERSONAL_METHOD, SYSTEM_METHOD
from gui.advanced_box import DEFAULTS, AdvancedBox
from gui.settings import FormState, Settings
from gui.validation import validate_form
from tests.gui._window import RECIPIENT, fill, send_and_wait

ADVANCED = {
    "system": True,
    "text_out": "Build failed (see the portal)",
    "sub_tag": "ci",
    "client_id": "my-ci",
    "color_token": "alert",
}


@pytest.fixture
def box(qtbot) -> AdvancedBox:
    widget = AdvancedBox()
    qtbot.addWidget(widget)
    return widget


def test_the_fields_are_found_by_name_and_folded_at_first(box: AdvancedBox) -> None:
    assert box.objectName() == "advancedBox"
    for cls, name in (
        (QCheckBox, "systemCheck"),
        (QLineEdit, "messageOutEdit"),
        (QLineEdit, "subTagEdit"),
        (QLineEdit, "notifyClientIdEdit"),
        (QComboBox, "colorTokenCombo"),
    ):
        assert box.findChild(cls, name) is not None, name
    combo = box.findChild(QComboBox, "colorTokenCombo")
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "",
        "primary",
        "secondary",
        "alert",
        "base",
    ]
    assert not box.expanded() and not box.findChild(QWidget, "advancedBody").isVisibleTo(box)
    assert box.values() == DEFAULTS


def test_folded_it_says_what_is_set(box: AdvancedBox, qtbot) -> None:
    with qtbot.waitSignal(box.changed):
        box.set_values(ADVANCED)
    assert box.values() == ADVANCED
    summary = box.findChild(QLabel, "advancedSummary").text()
    for part in ("system", "MESSAGE_OUT", "SUB_TAG ci", "CLIENT_ID my-ci", "COLOR_TOKEN alert"):
        assert part in summary
    box.findChild(QWidget, "advancedToggle").click()
    assert box.expanded() and box.findChild(QLabel, "advancedSummary").text() == ""


def test_validation_builds_the_system_call_with_every_field() -> None:
    attach = [{"MESSAGE": "a"}]
    v = validate_form(
        "https://p.example/rest/1/secret/", "", user="3", text="x", attachments=attach, **ADVANCED
    )
    assert v.ok and v.prepared is not None and v.prepared.method == SYSTEM_METHOD
    assert v.prepared.params["ATTACH"] == {"COLOR_TOKEN": "alert", "BLOCKS": attach}
    assert v.prepared.params["MESSAGE_OUT"] == ADVANCED["text_out"]
    personal = validate_form("https://p.example/rest/1/secret/", "", user="3", text="x")
    assert personal.prepared is not None and personal.prepared.method == PERSONAL_METHOD


def test_advanced_fields_reach_the_portal(qtbot, window, sandbox: Any) -> None:
    fill(window, text="advanced", tag="nightly")
    window.compose.message.model.add_row("Message", "", "details")
    window.compose.advanced.set_values(ADVANCED)
    assert send_and_wait(qtbot, window).ok
    (stored,) = sandbox.inbox(RECIPIENT)
    assert stored["type"] == "SYSTEM" and stored["author_id"] is None
    assert stored["message_out"] == ADVANCED["text_out"]
    assert (stored["tag"], stored["sub_tag"], stored["client_id"]) == ("nightly", "ci", "my-ci")
    assert stored["attach"] == {"COLOR_TOKEN": "alert", "BLOCKS": [{"MESSAGE": "details"}]}
    (logged,) = sandbox.requests()
    assert logged["rest_method"] == SYSTEM_METHOD and logged["params"]["CLIENT_ID"] == "my-ci"


def test_a_personal_notification_is_the_default(qtbot, window, sandbox: Any) -> None:
    fill(window, text="personal")
    assert send_and_wait(qtbot, window).ok
    (stored,) = sandbox.inbox(RECIPIENT)
    assert stored["type"] == "USER" and stored["author_id"] is not None
    assert sandbox.requests()[0]["rest_method"] == PERSONAL_METHOD


@pytest.mark.parametrize(
    ("token", "rows", "expected"),
    [
        ("alert", [], "A colour token colours the attachment"),
        ("pink", [("Message", "", "a")], "Must be one of primary, secondary, alert, base."),
    ],
)
def test_an_invalid_colour_token_is_shown_and_nothing_is_sent(
    window, sandbox: Any, token: str, rows: list[tuple[str, str, str]], expected: str
) -> None:
    fill(window, text="x")
    window.compose.message.model.set_rows(rows)
    window.compose.advanced.set_color_token(token)  # an unknown one as a stale draft could hold
    v = window.revalidate()
    assert [p.field for p in v.problems] == ["color_token"]
    assert not window.compose.send_button.isEnabled()
    box = window.compose.advanced
    note = box.findChild(QLabel, "colorTokenMessage")
    assert box.expanded() and note.isVisibleTo(box) and note.text().startswith(expected)
    window.send()
    assert sandbox.requests() == []


def test_a_pasted_full_form_brings_its_colour_token(window) -> None:
    full = {"COLOR_TOKEN": "secondary", "BLOCKS": [{"MESSAGE": "a"}]}
    assert window.compose.message.attachments.paste_json(json.dumps(full)) == 1
    assert window.compose.advanced.values()["color_token"] == "secondary"


def test_the_advanced_fields_survive_a_restart(make_window, tmp_path) -> None:
    settings = Settings(tmp_path / "b24notify.ini")
    first = make_window(settings=settings)
    first.compose.advanced.set_values(ADVANCED)
    first.close()
    state = Settings(tmp_path / "b24notify.ini").load_form()
    assert state.advanced() == ADVANCED
    second = make_window(settings=Settings(tmp_path / "b24notify.ini"))
    assert second.compose.advanced.values() == ADVANCED
    assert FormState().advanced() == DEFAULTS
