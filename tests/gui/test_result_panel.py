"""gui.result_panel.ResultPanel: every state says what happened and shows the answer as received."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTreeView

from core.check import CheckReport, Finding
from core.errors import (
    CancelledError,
    InputError,
    NotSentError,
    OutcomeUnknownError,
    Problem,
    portal_error,
)
from core.result import Result
from gui.result_panel import ResultPanel, tone_color

ROOT = Path(__file__).resolve().parents[2]
TIME = {
    "start": 1760000000.0,
    "finish": 1760000000.1,
    "duration": 0.1,
    "processing": 0.04,
    "date_start": "2026-03-02T09:30:00+03:00",
    "date_finish": "2026-03-02T09:30:00+03:00",
    "operating_reset_at": 1760030000,
    "operating": 0,
}


def _result(
    raw: object,
    *,
    method: str = "im.notify.personal.add",
    status: int = 200,
    text: str | None = None,
    attempts: int = 1,
) -> Result:
    body = json.dumps(raw) if text is None else text
    return Result(
        method=method,
        http_status=status,
        raw=raw,
        text=body,
        elapsed=0.25,
        attempts=attempts,
        round_trip=0.12,
    )


@pytest.fixture
def panel(qtbot) -> ResultPanel:
    widget = ResultPanel()
    qtbot.addWidget(widget)
    widget.resize(640, 480)  # not shown: offscreen show() warns, and nothing here needs it
    return widget


def _status(panel: ResultPanel) -> str:
    return panel.findChild(QLabel, "statusLabel").text()


def _raw(panel: ResultPanel) -> str:
    return panel.findChild(QPlainTextEdit, "resultRaw").toPlainText()


def _top_keys(panel: ResultPanel) -> list[str]:
    model = panel.findChild(QTreeView, "resultTree").model()
    if model is None:
        return []
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_the_contract_object_names_exist(panel: ResultPanel) -> None:
    assert panel.findChild(QLabel, "statusLabel") is panel.header.statusLabel
    assert panel.findChild(QTreeView, "resultTree") is panel.answer.resultTree
    assert panel.findChild(QPlainTextEdit, "resultRaw") is panel.answer.resultRaw
    assert panel.answer.resultRaw.isReadOnly()


def test_sent_shows_id_status_timing_time_block_and_the_exact_body(panel: ResultPanel) -> None:
    body = '{"result":61102,"time":' + json.dumps(TIME) + "}"
    panel.show_result(_result(json.loads(body), text=body))
    assert _status(panel) == "Sent — notification id 61102"
    assert panel.tone == "ok"
    details = panel.header.detailsLabel.text()
    assert "HTTP 200" in details and "round trip 120 ms" in details and "1 attempt" in details
    assert "duration 100 ms" in details and "processing 40 ms" in details
    assert "operating resets at" in details
    assert _raw(panel) == body
    assert _top_keys(panel) == ["result", "time"]
    # The time block is opened on first look.
    model = panel.answer.resultTree.model()
    assert panel.answer.resultTree.isExpanded(model.index(1, 0))


def test_retries_and_system_and_delete_wording(panel: ResultPanel) -> None:
    panel.show_result(_result({"result": 5}, method="im.notify.system.add", attempts=3))
    assert _status(panel) == "Sent as a system notification — notification id 5"
    assert "3 attempts, 250 ms in all" in panel.header.detailsLabel.text()
    panel.show_result(_result({"result": True}, method="im.notify.delete"))
    assert _status(panel).startswith("Deleted")
    panel.show_result(_result({"result": False}, method="im.notify.delete"))
    assert _status(panel).startswith("Nothing deleted")
    panel.show_result(_result({"result": {"ID": 1}}, method="profile"))
    assert _status(panel) == "Done — profile answered."


def test_result_false_is_not_called_sent(panel: ResultPanel) -> None:
    panel.show_result(_result({"result": False}))
    assert _status(panel).startswith("Not sent")
    assert "result: false" in _status(panel)
    assert panel.tone == "error"


def test_a_redirect_is_mentioned_without_the_secret(panel: ResultPanel) -> None:
    from core.address import parse_endpoint

    target = parse_endpoint("https://new.example.com/rest/1/abcdefsecret99/")
    result = Result(
        method="im.notify.personal.add",
        http_status=200,
        raw={"result": 3},
        text='{"result":3}',
        elapsed=0.2,
        redirected_to=target,
    )
    panel.show_result(result)
    assert "Redirected" in panel.header.detailsLabel.text()
    assert "new.example.com" in panel.header.detailsLabel.text()
    assert "abcdefsecret99" not in panel.header.detailsLabel.text()


def test_portal_error_shows_category_explanation_advice_and_the_answer(panel: ResultPanel) -> None:
    body = '{"error":"INVALID_CREDENTIALS","error_description":"Invalid request credentials"}'
    result = _result(json.loads(body), status=401, text=body)
    error = portal_error("INVALID_CREDENTIALS", "Invalid request credentials", 401, result)
    panel.show_error(error)
    status = _status(panel)
    assert status.startswith("Credentials problem: ")
    assert "INVALID_CREDENTIALS" in status
    assert error.explanation in status
    assert f"What to do: {error.advice}" in status
    assert panel.tone == "error"
    assert _raw(panel) == body
    assert "HTTP 401" in panel.header.detailsLabel.text()
    assert _top_keys(panel) == ["error", "error_description"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("ACCESS_DENIED", "Permission problem"),
        ("QUERY_LIMIT_EXCEEDED", "Rate limit reached"),
        ("INTERNAL_SERVER_ERROR", "Portal server problem"),
        ("USER_ID_EMPTY", "Input problem"),
    ],
)
def test_each_portal_category_is_named(panel: ResultPanel, code: str, words: str) -> None:
    panel.show_error(portal_error(code, "x", 400))
    assert _status(panel).startswith(words)


def test_input_error_lists_every_problem_and_says_nothing_was_sent(panel: ResultPanel) -> None:
    error = InputError(
        [
            Problem("user", "must be a positive number"),
            Problem("attachments[1].IMAGE.LINK", "must start with https://"),
        ]
    )
    panel.show_error(error)
    lines = _status(panel).splitlines()
    assert lines[0].startswith("Nothing was sent")
    assert "• user: must be a positive number" in lines
    assert "• attachments[1].IMAGE.LINK: must start with https://" in lines
    assert _raw(panel) == "" and _top_keys(panel) == []


def test_outcome_unknown_says_so_plainly_and_shows_the_odd_body(panel: ResultPanel) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    result = Result(
        method="im.notify.personal.add", http_status=502, raw=None, text=html, elapsed=0.3
    )
    error = OutcomeUnknownError(
        "The portal answered HTTP 502 with an HTML page",
        reason="html",
        result=result,
        advice="Look before resending.",
    )
    panel.show_error(error)
    status = _status(panel)
    assert "may or may not have been created" in status
    assert "Do not send it again blindly" in status
    assert panel.tone == "warning"
    assert _raw(panel) == html
    assert panel.answer.tabs.currentIndex() == panel.answer.tabs.indexOf(panel.answer.resultRaw)
    assert not panel.answer.tabs.isTabEnabled(0)
    assert "not JSON" in panel.header.detailsLabel.text()


def test_timeout_without_any_answer(panel: ResultPanel) -> None:
    panel.show_error(
        OutcomeUnknownError("No answer within 55 s; the outcome is unknown", reason="timeout")
    )
    assert "may or may not have been created" in _status(panel)
    assert _raw(panel) == ""


def test_not_sent_and_cancelled_errors(panel: ResultPanel) -> None:
    panel.show_error(NotSentError("Cannot connect to portal.example", advice="Check the address."))
    assert _status(panel).startswith("Not sent — network problem: Cannot connect")
    panel.show_error(CancelledError("stopped between retries"))
    assert _status(panel).startswith("Cancelled")


def test_check_report_lists_findings(panel: ResultPanel) -> None:
    panel.show_error(OutcomeUnknownError("x", result=Result("x", 502, None, "<html>", 0.1)))
    assert panel.answer.tabs.currentWidget() is panel.answer.resultRaw
    report = CheckReport(
        ok=False,
        findings=[
            Finding("ok", "The webhook works (Admin, id 1)."),
            Finding("error", "The webhook lacks the im scope."),
        ],
        profile={"ID": 1, "NAME": "Admin"},
        im_available=False,
    )
    panel.show_check(report)
    lines = _status(panel).splitlines()
    assert lines[0] == "The connection check found a problem."
    assert "✓ The webhook works (Admin, id 1)." in lines
    assert "✗ The webhook lacks the im scope." in lines
    assert panel.tone == "error"
    assert _top_keys(panel) == ["ID", "NAME"]
    # The raw view has nothing here.
    assert panel.answer.tabs.currentWidget() is not panel.answer.resultRaw
    panel.show_check(CheckReport(ok=True, findings=[Finding("ok", "All good.")]))
    assert _status(panel).startswith("Connection works.") and panel.tone == "ok"


def test_pending_and_cancelled_and_clear(panel: ResultPanel) -> None:
    panel.show_pending()
    assert panel.busyBar.isVisibleTo(panel) and _status(panel) == "Sending…"
    panel.show_pending("Checking the connection…")
    assert _status(panel) == "Checking the connection…"
    panel.show_cancelled(maybe_sent=True)
    assert not panel.busyBar.isVisibleTo(panel)
    assert "may or may not have been created" in _status(panel)
    panel.show_cancelled(maybe_sent=False)
    assert _status(panel) == "Cancelled — nothing was sent."
    panel.show_result(_result({"result": 1}))
    panel.clear()
    assert _status(panel) == "" and _raw(panel) == "" and panel.state == "empty"


def test_fold_state_survives_the_next_answer(panel: ResultPanel) -> None:
    answer = {"result": {"a": {"b": 1}}, "time": TIME}
    panel.show_result(_result(answer, method="x"))
    tree, model = panel.answer.resultTree, panel.answer.resultTree.model()
    time_index = model.index_for_path(("time",))
    tree.collapse(time_index)
    tree.expand(model.index_for_path(("result", "a")))
    panel.show_result(_result(answer, method="x"))
    assert not tree.isExpanded(model.index_for_path(("time",)))
    assert tree.isExpanded(model.index_for_path(("result",)))
    assert tree.isExpanded(model.index_for_path(("result", "a")))


def test_expand_all_and_collapse_all(panel: ResultPanel, qtbot) -> None:
    answer = {"result": {"a": {"b": [1, {"c": 2}]}}}
    panel.show_result(_result(answer, method="x"))
    tree, model = panel.answer.resultTree, panel.answer.resultTree.model()
    panel.answer.expandAllButton.click()
    assert tree.isExpanded(model.index_for_path(("result", "a", "b", 1)))
    panel.show_result(_result(answer, method="x"))  # stays expanded for the next answer
    assert tree.isExpanded(model.index_for_path(("result", "a", "b", 1)))
    panel.answer.collapseAllButton.click()
    assert not tree.isExpanded(model.index_for_path(("result",)))
    panel.show_result(_result(answer, method="x"))
    assert not tree.isExpanded(model.index_for_path(("result",)))


def test_pretty_tab_and_copy(panel: ResultPanel, qtbot) -> None:
    panel.show_result(_result({"result": 7, "name": "Привет"}))
    panel.answer.tabs.setCurrentWidget(panel.answer.resultPretty)
    assert panel.answer.resultPretty.toPlainText() == '{\n  "result": 7,\n  "name": "Привет"\n}'
    with qtbot.waitSignal(panel.copied) as blocker:
        panel.answer.copyButton.click()
    assert blocker.args == [_raw(panel)]


def test_copy_still_copies_the_answer_after_expand_all_collapse_all_and_a_new_answer(
    panel: ResultPanel, qtbot
) -> None:
    answer = _result({"result": 7, "time": {"start": 1.5}})
    panel.show_result(answer)
    body = panel.raw_text
    assert body
    for step in (panel.expand_all, panel.collapse_all, lambda: panel.show_result(answer)):
        step()
        assert panel.raw_text == body
        with qtbot.waitSignal(panel.copied) as blocker:
            panel.answer.copyButton.click()
        assert blocker.args == [body]


def test_status_colours_follow_a_dark_palette(panel: ResultPanel) -> None:
    panel.show_result(_result({"result": 1}))
    light = panel.header.statusLabel.headline_colour()
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#111214"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    panel.setPalette(dark)
    colour = panel.header.statusLabel.headline_colour()
    assert colour == tone_color("ok", dark)
    assert colour != light
    assert colour.lightness() > 128  # readable on the dark window
    bar = panel.header.statusStripe.palette().color(QPalette.ColorRole.Window)
    assert bar == colour
    # Neutral text uses the palette's own text colour.
    panel.show_cancelled(maybe_sent=False)
    assert panel.header.statusLabel.headline_colour() == QColor("#e6e6e6")


def test_status_markup_escapes_and_text_stays_plain(panel: ResultPanel) -> None:
    from core.errors import OutcomeUnknownError as Unknown

    panel.show_error(Unknown("<b>odd</b> & more", advice="Use https://portal/rest/<id>/<secret>/"))
    assert "<b>odd</b> & more" in _status(panel)
    assert "What to do: Use https://portal/rest/<id>/<secret>/" in _status(panel)
    rendered = QLabel.text(panel.header.statusLabel)
    assert "&lt;b&gt;odd&lt;/b&gt; &amp; more" in rendered
    assert "<b>What to do:</b>" in rendered


def test_the_tree_model_is_loaded_only_with_the_first_answer() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gui.result_panel import ResultPanel\n"
        "p = ResultPanel(); p.show_pending(); p.show_error(__import__('core.errors').errors"
        ".NotSentError('x'))\n"
        "print('gui.json_model' in sys.modules, 'requests' in sys.modules,"
        " 'gui.format' in sys.modules)\n"
        "from core.result import Result\n"
        "p.show_result(Result('x', 200, {'result': 1}, '{\"result\": 1}', 0.1))\n"
        "print('gui.json_model' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.split() == ["False", "False", "False", "True"]


def test_the_tree_is_made_ready_while_a_send_is_in_flight(panel: ResultPanel, qtbot) -> None:
    assert panel.answer.resultTree.model() is None
    panel.show_pending()
    qtbot.waitUntil(lambda: panel.answer.resultTree.model() is not None, timeout=2000)
    panel.show_result(_result({"result": 9}))
    assert _top_keys(panel) == ["result"]


def test_copy_a_value_and_its_key_path_from_the_tree(panel: ResultPanel, qtbot) -> None:
    panel.show_result(_result({"result": [{"ID": 5, "NAME": "Ann"}], "time": TIME}, method="x"))
    model = panel.answer.resultTree.model()
    panel.answer.resultTree.setCurrentIndex(model.index_for_path(("result", 0, "NAME")))
    assert panel.selected_path_text() == "result[0].NAME"
    with qtbot.waitSignal(panel.copied) as blocker:
        panel.copy_selected_value()
    assert blocker.args == ["Ann"]
    panel.answer.resultTree.setCurrentIndex(model.index_for_path(("result", 0)))
    assert panel.selected_value_text() == '{"ID": 5, "NAME": "Ann"}'
    panel.answer.resultTree.setCurrentIndex(model.index_for_path(("time", "operating")))
    assert panel.selected_value_text() == "0"


def test_the_tab_the_user_picked_comes_back_and_raw_only_for_non_json(panel: ResultPanel) -> None:
    tree_tab, raw_tab = 0, panel.answer.tabs.indexOf(panel.answer.resultRaw)
    panel.show_pending()
    panel.show_result(_result({"result": 1}))
    # Not moved to Raw by the empty pending state.
    assert panel.answer.tabs.currentIndex() == tree_tab
    panel.show_error(OutcomeUnknownError("x", result=Result("x", 502, None, "<html>", 0.1)))
    assert panel.answer.tabs.currentIndex() == raw_tab
    panel.show_result(_result({"result": 2}))
    assert panel.answer.tabs.currentIndex() == tree_tab  # back from the forced raw view
    panel.answer.tabs.tabBarClicked.emit(raw_tab)  # the user picks Raw
    panel.answer.tabs.setCurrentIndex(raw_tab)
    panel.show_pending()
    panel.show_result(_result({"result": 3}))
    assert panel.answer.tabs.currentIndex() == raw_tab


def test_no_answer_shows_a_sentence_instead_of_empty_views(panel: ResultPanel) -> None:
    assert panel.answer.currentWidget() is panel.answer.emptyLabel
    assert "answer appears here" in panel.answer.emptyLabel.text()
    panel.show_error(InputError([Problem("user", "missing")]))
    assert panel.answer.currentWidget() is panel.answer.emptyLabel
    assert panel.answer.emptyLabel.text() == "Nothing was sent, so there is no answer to show."
    panel.show_result(_result({"result": 1}))
    assert panel.answer.currentWidget() is panel.answer.tabs
    panel.show_pending()
    assert panel.answer.emptyLabel.text() == "Waiting for the portal's answer…"
    panel.show_check(CheckReport(ok=False, findings=[Finding("error", "Refused.")]))
    assert panel.answer.currentWidget() is panel.answer.emptyLabel


def test_a_big_answer_is_shown_in_chunks_and_not_expanded_wholesale(panel: ResultPanel) -> None:
    from gui import json_model, tree_fold

    items = [{"ID": i, "NAME": f"user {i}"} for i in range(30_000)]
    body = json.dumps({"result": items})
    panel.expand_all()  # the user had asked for everything open
    panel.show_result(_result(json.loads(body), method="user.get", text=body))
    assert _raw(panel) == body
    model = panel.answer.resultTree.model()
    result = model.index_for_path(("result",))
    # Rows arrive in chunks as the view asks for them, never all 30 000 at once.
    assert json_model.CHUNK <= model.rowCount(result) < len(items)
    assert model.canFetchMore(result)
    # Past the limit, "expand all" is not applied to a new answer (it would load every row).
    assert tree_fold._count_values(items, tree_fold.EXPAND_ALL_LIMIT) >= (
        tree_fold.EXPAND_ALL_LIMIT
    )
    assert panel.answer.resultTree.isExpanded(result)  # the top level is open
    assert not panel.answer.resultTree.isExpanded(model.index_for_path(("result", 0)))


def test_tab_order_follows_the_panel_top_to_bottom(qtbot, panel: ResultPanel) -> None:
    panel.show_result(_result({"result": 5, "time": {"duration": 0.1}}))
    with qtbot.waitExposed(panel):
        panel.show()
    panel.answer.tabs.tabBar().setFocus()
    qtbot.waitUntil(panel.answer.tabs.tabBar().hasFocus)
    seen = []
    for _ in range(4):
        panel.focusNextChild()
        seen.append(QApplication.focusWidget().objectName())
    assert seen == ["copyResultButton", "expandAllButton", "collapseAllButton", "resultTree"]


def test_an_id_that_is_the_portals_clock_is_a_warning_not_a_success(panel: ResultPanel) -> None:
    # The CLI says so on stderr; the window said "Sent — notification id N" in green.
    panel.show_result(_result({"result": 1760000000, "time": TIME}))
    assert panel.tone == "warning"
    text = panel.findChild(QLabel, "statusLabel").text()
    assert text.startswith("Sent — notification id 1760000000")
    assert "the portal's current time" in text and "turned these notifications off" in text
    panel.show_result(_result({"result": 42, "time": TIME}))
    assert panel.tone == "ok"
