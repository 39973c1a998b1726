"""gui.delete_by_tag: delete by tag or sub-tag from the window, asked first, on the sandbox."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QToolButton

from core.notification import Notification
from core.request import build_notification
from tests.gui._window import RECIPIENT, fill, raw_answer


def _sent(sandbox, text: str, *, tag: str = "", sub_tag: str = "") -> None:
    from core.client import Client

    n = Notification(RECIPIENT, text, tag=tag, sub_tag=sub_tag)
    with Client(sandbox.webhook_url) as client:
        client.send(build_notification(sandbox.webhook_url, n))


def _dialog(qtbot, w) -> QInputDialog:
    qtbot.waitUntil(lambda: w.tag_deleter.dialog is not None and w.tag_deleter.dialog.isVisible())
    dialog = w.tag_deleter.dialog
    assert dialog.objectName() == "deleteByTagDialog"
    return dialog


def _messages(sandbox) -> list[str]:
    return sorted(n["message"] for n in sandbox.inbox(RECIPIENT))


def test_the_button_deletes_the_forms_tag_after_asking(window, qtbot, sandbox) -> None:
    _sent(sandbox, "old build", tag="nightly")
    _sent(sandbox, "other", tag="weekly")
    button = window.findChild(QToolButton, "deleteByTagButton")
    assert not button.isEnabled()  # no tag in the form yet
    fill(window, text="x", tag="nightly")
    assert button.isEnabled()
    with qtbot.waitExposed(window):
        window.show()
    button.click()
    dialog = _dialog(qtbot, window)
    assert dialog.textValue() == "nightly"
    assert sandbox.requests()[-1]["rest_method"] != "im.notify.delete"  # nothing before yes
    with qtbot.waitSignal(window.sendFinished, timeout=15000) as blocker:
        dialog.accept()
    assert blocker.args[0].ok
    assert _messages(sandbox) == ["other"]
    delete = sandbox.requests()[-1]
    assert delete["rest_method"] == "im.notify.delete"
    assert delete["params"] == {"TAG": "nightly", "CLIENT_ID": "b24notify"}
    assert '"result": true' in raw_answer(window)
    assert window.statusBar().currentMessage() == "Done."


def test_cancelling_the_question_deletes_nothing(window, qtbot, sandbox) -> None:
    _sent(sandbox, "keep me", tag="nightly")
    fill(window, text="x", tag="nightly")
    with qtbot.waitExposed(window):
        window.show()
    before = len(sandbox.requests())
    window.findChild(QToolButton, "deleteByTagButton").click()
    _dialog(qtbot, window).reject()
    qtbot.waitUntil(lambda: window.tag_deleter.dialog is None)
    assert len(sandbox.requests()) == before and _messages(sandbox) == ["keep me"]


def test_delete_by_sub_tag_from_the_menu(window, qtbot, sandbox) -> None:
    _sent(sandbox, "ci one", sub_tag="ci")
    _sent(sandbox, "ci two", tag="t2", sub_tag="ci")
    _sent(sandbox, "not ci", sub_tag="cd")
    fill(window, text="x")
    with qtbot.waitExposed(window):
        window.show()
    window.findChild(QAction, "deleteBySubTagAction").trigger()
    dialog = _dialog(qtbot, window)
    assert dialog.textValue() == ""  # no sub-tag in the form: typed in the question
    dialog.setTextValue("ci")
    with qtbot.waitSignal(window.sendFinished, timeout=15000):
        dialog.accept()
    assert _messages(sandbox) == ["not ci"]
    assert sandbox.requests()[-1]["params"] == {"SUB_TAG": "ci", "CLIENT_ID": "b24notify"}


def test_an_empty_answer_or_no_connection_deletes_nothing(make_window, window, qtbot, sandbox):
    fill(window, text="x")
    with qtbot.waitExposed(window):
        window.show()
    before = len(sandbox.requests())
    window.findChild(QAction, "deleteByTagAction").trigger()
    dialog = _dialog(qtbot, window)
    dialog.setTextValue("  ")
    dialog.accept()
    assert "Nothing was deleted" in window.statusBar().currentMessage()
    assert len(sandbox.requests()) == before
    bare = make_window()
    assert not bare.findChild(QAction, "deleteByTagAction").isEnabled()
    bare.tag_deleter.ask("tag")
    assert bare.tag_deleter.dialog is None


def test_a_client_id_in_the_form_goes_with_the_delete(window, qtbot, sandbox) -> None:
    from core.client import Client

    with Client(sandbox.webhook_url) as client:
        n = Notification(RECIPIENT, "mine", tag="nightly", client_id="my-app")
        client.send(build_notification(sandbox.webhook_url, n))
    window.compose.advanced.client_id_edit.setText("my-app")  # the Advanced section's field
    fill(window, text="x", tag="nightly")
    with qtbot.waitExposed(window):
        window.show()
    window.findChild(QToolButton, "deleteByTagButton").click()
    with qtbot.waitSignal(window.sendFinished, timeout=15000):
        _dialog(qtbot, window).accept()
    assert sandbox.requests()[-1]["params"] == {"TAG": "nightly", "CLIENT_ID": "my-app"}
    assert _messages(sandbox) == []


def test_delete_by_sub_tag_offers_the_forms_sub_tag(make_window, qtbot, sandbox) -> None:
    """The question starts with the Advanced section's SUB_TAG (it used to look for a sub-tag
    field on the notification box, which has none, and always started empty)."""
    _sent(sandbox, "ci one", sub_tag="ci")
    _sent(sandbox, "not ci", sub_tag="cd")
    w = make_window(lean_start=True)
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    w.compose.advanced.set_values({"sub_tag": "ci"})
    fill(w, text="x")
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: w.findChild(QAction, "deleteBySubTagAction") is not None)
    w.findChild(QAction, "deleteBySubTagAction").trigger()
    dialog = _dialog(qtbot, w)
    assert dialog.textValue() == "ci"
    with qtbot.waitSignal(w.sendFinished, timeout=15000):
        dialog.accept()
    assert _messages(sandbox) == ["not ci"]
