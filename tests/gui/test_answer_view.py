"""gui.answer_view.AnswerView: the answer as a tree, pretty, and raw — exactly as received."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QGuiApplication

from gui.answer_view import NO_ANSWER, AnswerView

BODY = '{"result":{"ID":7,"NAME":"Chen"},"time":{"duration":0.1}}\r\n'


@pytest.fixture
def view(qtbot) -> AnswerView:
    widget = AnswerView()
    qtbot.addWidget(widget)
    return widget


def _keys(view: AnswerView) -> list[str]:
    model = view.resultTree.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_a_json_answer_shows_in_the_tabs_and_raw_is_byte_for_byte(view: AnswerView) -> None:
    view.show_answer(json.loads(BODY), BODY)
    assert view.currentWidget() is view.tabs
    assert _keys(view) == ["result", "time"]
    assert view.raw_text == BODY  # CRLF kept
    assert view.copyButton.isEnabled() and view.expandAllButton.isEnabled()
    assert view.tabs.isTabEnabled(0) and view.tabs.isTabEnabled(1)


def test_a_body_that_is_not_json_is_shown_raw_only(view: AnswerView) -> None:
    view.show_answer(None, "<html>bad gateway</html>")
    assert view.tabs.currentWidget() is view.resultRaw
    assert not view.tabs.isTabEnabled(0) and not view.tabs.isTabEnabled(1)
    assert view.resultRaw.toPlainText() == "<html>bad gateway</html>"
    assert not view.expandAllButton.isEnabled()


def test_no_answer_shows_a_sentence_instead(view: AnswerView) -> None:
    view.show_answer(None, "", placeholder="Nothing was sent, so there is no answer to show.")
    assert view.currentWidget() is view.emptyLabel
    assert view.emptyLabel.text() == "Nothing was sent, so there is no answer to show."
    assert not view.copyButton.isEnabled()
    view.show_answer(None, "")
    assert view.emptyLabel.text() == NO_ANSWER


def test_copy_answer_puts_the_body_on_the_clipboard(qtbot, view: AnswerView) -> None:
    view.show_answer(json.loads(BODY), BODY)
    with qtbot.waitSignal(view.copied) as blocker:
        view.copyButton.click()
    assert blocker.args == [BODY]
    assert QGuiApplication.clipboard().text().replace("\r\n", "\n") == BODY.replace("\r\n", "\n")


def test_a_selected_value_and_its_path_can_be_copied(view: AnswerView) -> None:
    view.show_answer(json.loads(BODY), BODY)
    model = view.resultTree.model()
    view.resultTree.setCurrentIndex(model.index_for_path(("result", "NAME")))
    assert view.selected_value_text() == "Chen"
    assert view.selected_path_text() == "result.NAME"
    view.resultTree.setCurrentIndex(model.index_for_path(("result",)))
    assert json.loads(view.selected_value_text()) == {"ID": 7, "NAME": "Chen"}


def test_the_pretty_view_is_filled_when_it_is_shown(view: AnswerView) -> None:
    view.show_answer(json.loads(BODY), BODY)
    assert view.resultPretty.toPlainText() == ""  # not before it is looked at
    view.tabs.setCurrentWidget(view.resultPretty)
    assert json.loads(view.resultPretty.toPlainText()) == json.loads(BODY)
    assert "\n  " in view.resultPretty.toPlainText()


def test_the_tree_model_is_made_before_the_first_answer(view: AnswerView) -> None:
    assert view.resultTree.model() is None
    model = view.prepare()
    assert view.resultTree.model() is model
    assert view.prepare() is model


def test_folding_survives_the_next_answer(view: AnswerView) -> None:
    view.show_answer(json.loads(BODY), BODY)
    model = view.resultTree.model()
    assert view.resultTree.isExpanded(model.index_for_path(("result",)))  # the first look
    view.resultTree.collapse(model.index_for_path(("result",)))
    view.show_answer(json.loads(BODY), BODY)
    assert not view.resultTree.isExpanded(model.index_for_path(("result",)))
    assert view.resultTree.isExpanded(model.index_for_path(("time",)))
