"""The window speaks one language at a time: in Russian no English word is left on screen, and in
English no Russian one.

The main window runs with the sandbox (its inbox pane included), sends a real notification so the
result panel shows a real answer, and then every text a user can meet is read: labels, buttons,
group box titles, tab titles, placeholders, tooltips, accessible names, menus and their actions,
table and tree headers, combo box items, the window title and the status bar. What the user or the
portal wrote (the fields' contents, the JSON answer, the sandbox's people) is data, not words of the
window, and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QTreeView,
    QWidget,
)

from core import i18n
from gui import language
from gui.main_window import MainWindow
from tests.gui._window import RECIPIENT, fill, send_and_wait

INACTIVE = 7  # a deactivated sandbox user: the portal refuses to notify them

# Words that stay Latin in the Russian window: names of things, formats, protocols and keys.
ALLOWED_LATIN = {
    "api",
    "bitrix",
    "bitrix24",
    "b24notify",
    "csv",
    "curl",
    "http",
    "https",
    "id",
    "json",
    "oauth",
    "python",
    "url",
    "webhook",
    # keys, as keyboards and shortcuts name them
    "alt",
    "backspace",
    "ctrl",
    "del",
    "delete",
    "enter",
    "esc",
    "return",
    "shift",
    "tab",
    # loanwords Russian interfaces (Bitrix24's too) write in Latin: e-mail, push-уведомления
    "mail",
    "push",
    # the portal's COLOR_TOKEN values, as the API names them
    "alert",
    "base",
    "primary",
    "secondary",
    # JSON's own literals
    "false",
    "null",
    "true",
}
_TAG = re.compile(r"<[^>]+>")
_SYNTAX = re.compile(
    r"https?://\S+"  # URLs
    r"|\S*[A-Za-z0-9]\.[A-Za-z0-9]\S*"  # dotted: im.notify.personal.add, bitrix24.ru, local.65a1
    r"|\{[^{}]*\}"  # placeholders of the bulk send ({name}) and JSON examples
    r"|\[/?[a-zA-Z]+(=[^\]]*)?\]"  # BB-codes: [b], [/url], [color=#f00]
    r"|#[0-9A-Fa-f]{3,6}\b"  # colours
    r"|\b[A-Z][A-Z0-9_]+\b"  # API keys and block names: IMAGE, CLIENT_ID, COLOR_TOKEN, HTTP
    r"|--[a-z][a-z-]*"  # command-line options
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # parameter names: client_id, refresh_token
    r"|\b[a-z_]+: (?:true|false|null)\b"  # a JSON field as the portal sent it: result: false
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]+")


@pytest.fixture
def speak(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``speak(lang)`` installs a language for the core, the window and Qt; English after."""

    locale = QLocale()  # Russian makes itself Qt's default locale; put the suite's back after

    def use(lang: str) -> None:
        monkeypatch.setenv("B24NOTIFY_LANG", lang)
        assert language.install_language(qapp, lang) == lang

    yield use
    monkeypatch.setenv("B24NOTIFY_LANG", "en")
    language.install_language(qapp, "en")
    i18n.install("en")
    QLocale.setDefault(locale)


def _data_words(sandbox) -> list[str]:
    """What the sandbox holds (people, positions, departments): data, in either language."""
    words: list[str] = []
    for user in sandbox.users():
        for key in ("name", "position", "department"):
            if user.get(key):
                words.append(str(user[key]))
    words += [str(d.get("NAME", "")) for d in sandbox.departments()]
    return sorted((w for w in words if w), key=len, reverse=True)


def _texts(w: MainWindow) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of the window a user may meet."""
    yield "windowTitle", w.windowTitle()
    yield "statusBar", w.statusBar().currentMessage()
    for widget in w.findChildren(QWidget):
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        yield f"{where} tooltip", widget.toolTip()
        yield f"{where} accessibleName", widget.accessibleName()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)) or (
            isinstance(widget, QTextEdit) and not isinstance(widget, QTextBrowser)
        ):
            yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{where} tab {i}", widget.tabText(i)
                yield f"{where} tab {i} tooltip", widget.tabToolTip(i)
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            for i in range(widget.count()):
                yield f"{where} item {i}", widget.itemText(i)
        elif isinstance(widget, QMenu):
            yield f"{where} title", widget.title()
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                yield f"{where} row {i}", widget.item(i).text()
        if isinstance(widget, QTextBrowser):
            yield f"{where} text", widget.toPlainText()
        header = (
            widget.horizontalHeader()
            if isinstance(widget, QTableView)
            else widget.header()
            if isinstance(widget, QTreeView)
            else None
        )
        if header is not None and header.model() is not None:
            for column in range(header.count()):
                title = header.model().headerData(
                    column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
                )
                yield f"{where} header {column}", str(title or "")
    for action in w.findChildren(QAction):
        where = f"QAction {action.objectName()!r}"
        yield where, action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield f"{where} tooltip", action.toolTip()
    tree = w.result_panel.answer.resultTree
    model = tree.model()
    for row in range(model.rowCount()):  # the answer's own keys are data; its words are not
        yield f"resultTree row {row} type", str(model.index(row, 2).data() or "")
        if model.hasChildren(model.index(row, 0)):
            yield f"resultTree row {row} summary", str(model.index(row, 1).data() or "")


def _foreign(text: str, lang: str, data: list[str]) -> list[str]:
    """The words of ``text`` that belong to the other language."""
    text = _TAG.sub(" ", text).replace("&nbsp;", " ").replace("&", "")
    for word in data:
        text = text.replace(word, " ")
    if lang == "en":
        return _CYRILLIC.findall(text)
    text = _SYNTAX.sub(" ", text)
    return [
        word
        for word in _LATIN_WORD.findall(text)
        if len(re.sub(r"[0-9]", "", word)) >= 3 and word.lower() not in ALLOWED_LATIN
    ]


def _window_after_a_send(make_window, qtbot, sandbox) -> MainWindow:
    """The window with the sandbox inbox, its optional panes open, after one real send."""
    w = make_window(sandbox=sandbox)
    w.show()
    qtbot.waitUntil(lambda: w.findChild(QWidget, "resultPanel") is not None)
    for action in w.findChildren(QAction):
        if action.isCheckable() and not action.isChecked():
            action.trigger()  # the preview, the history...: built when first shown
    fill(w, user=RECIPIENT, text="42 🔔", tag="b24")
    outcome = send_and_wait(qtbot, w)
    assert outcome.ok, outcome.error
    inbox = w.findChild(QTextBrowser, "inboxMessages")
    qtbot.waitUntil(lambda: "42 🔔" in inbox.toPlainText())
    return w


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_window_shows_no_text_in_the_other_language(
    lang: str, speak, make_window, qtbot, sandbox
) -> None:
    speak(lang)
    w = _window_after_a_send(make_window, qtbot, sandbox)
    data = _data_words(sandbox)
    texts = list(_texts(w))
    fill(w, user=INACTIVE, text="42 🔔")  # the portal refuses: a headline, an explanation, advice
    outcome = send_and_wait(qtbot, w)
    assert not outcome.ok
    texts += [(f"after a refusal: {where}", text) for where, text in _texts(w)]
    left = sorted(
        {
            f"{where}: {text!r} ({', '.join(found)})"
            for where, text in texts
            if text and (found := _foreign(text, lang, data))
        }
    )
    assert not left, f"{len(left)} texts in the other language:\n" + "\n".join(left)


def test_the_russian_window_has_no_duplicate_mnemonics(speak, make_window, sandbox) -> None:
    speak("ru")
    w = make_window(sandbox=sandbox)  # with the inbox view: its mnemonics must not clash either
    buddies = {label.buddy(): label for label in w.findChildren(QLabel) if label.buddy()}
    owners = list(buddies.values()) + w.findChildren(QPushButton)
    letters: dict[str, list[str]] = {}
    for widget in owners:
        if "&" in widget.text():
            letter = widget.text().split("&")[1][0].lower()
            letters.setdefault(letter, []).append(widget.text())
    clashes = {letter: texts for letter, texts in letters.items() if len(texts) > 1}
    assert not clashes, clashes


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_two_items_of_a_menu_share_a_mnemonic(lang: str, speak, make_window, sandbox) -> None:
    speak(lang)
    w = make_window(sandbox=sandbox)
    clashes = {}
    for menu in [w.menuBar(), *w.findChildren(QMenu)]:
        letters: dict[str, list[str]] = {}
        for action in menu.actions():
            text = action.text().replace("&&", "")
            if "&" in text:
                letters.setdefault(text.split("&")[1][0].lower(), []).append(action.text())
        clashes.update({k: v for k, v in letters.items() if len(v) > 1})
    assert not clashes, clashes
