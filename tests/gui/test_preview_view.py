"""gui.preview_view: the live preview's card, its thumbnails from a loopback server, the window."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from gui.preview_view import PreviewView, fetch_thumbnail


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2fc6f6"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class Pictures:
    """A loopback web server: /big.png (800×600), /small.png, /huge.png, /text; else 404."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        files = {
            "/big.png": _png(800, 600),
            "/small.png": _png(40, 30),
            "/huge.png": _png(2000, 2000) + b"\0" * 300_000,
            "/text": b"<html>not a picture</html>",
        }
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture(autouse=True)
def picture_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Downloads on (tests/gui/conftest.py turns them off for the other window tests)."""
    monkeypatch.setattr(PreviewView, "fetch_pictures", True)


@pytest.fixture
def pictures() -> Iterator[Pictures]:
    server = Pictures()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def view(qtbot) -> PreviewView:
    v = PreviewView(delay_ms=0, max_bytes=200_000, timeout=10.0)
    qtbot.addWidget(v)
    return v


def _picture(url: str, name: str = "chart") -> dict[str, Any]:
    return {"IMAGE": [{"NAME": name, "LINK": url}]}


def _shown(qtbot, view: PreviewView, text: str, attach: Any = None) -> str:
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.show_form(text, "", attach)
    return view.toPlainText()


def _settle(qtbot, view: PreviewView, url: str) -> None:
    qtbot.waitUntil(lambda: view.picture_state(url) in ("ok", "failed"), timeout=10000)


def test_the_text_is_drawn_with_its_bb_codes(qtbot, view: PreviewView) -> None:
    text = "[b]Build[/b] [i]42[/i] [u]u[/u] [s]old[/s][br][url=https://ci.example/42]job[/url]"
    shown = _shown(qtbot, view, text + " [user=3]Chen[/user] [color=#ff0000]red[/color]")
    assert "Build 42 u old\njob Chen red" in shown
    page = view.toHtml()
    assert "font-weight" in page and "font-style:italic" in page and 'href="https://ci.example/42"'
    assert "#ff0000" in page and "line-through" in page and "underline" in page


def test_each_block_kind_is_drawn(qtbot, view: PreviewView) -> None:
    blocks = [
        {"MESSAGE": "block [b]text[/b]"},
        {"FILE": {"NAME": "report.pdf", "LINK": "https://ex.com/r.pdf", "SIZE": 2048}},
        {"LINK": {"NAME": "Open job", "LINK": "https://ci.ex.com/42", "DESC": "nightly"}},
        {"USER": {"NAME": "Ann", "LINK": "/company/personal/user/5/"}},
        {"GRID": [{"NAME": "Status", "VALUE": "green", "DISPLAY": "LINE"}]},
        {"DELIMITER": {"SIZE": 300, "COLOR": "#c8c8c8"}},
        {"IMAGE": {"NAME": "local", "LINK": "/upload/pic.png"}},  # not fetched: not http(s)
    ]
    shown = _shown(qtbot, view, "Report", blocks)
    for expected in ("block text", "FILE report.pdf", "2.0 KB", "LINK Open job", "nightly"):
        assert expected in shown
    for expected in ("USER Ann", "Status", "green", "PICTURE local"):
        assert expected in shown
    assert 'bgcolor="#c8c8c8"' in view.toHtml()
    assert view.picture_state("/upload/pic.png") == ""


def test_an_empty_form_gets_a_hint(qtbot, view: PreviewView) -> None:
    assert "appears here" in _shown(qtbot, view, "  ")


def test_typing_is_drawn_once_the_typing_pauses(qtbot) -> None:
    view = PreviewView(delay_ms=60_000)  # a pause that never comes: nothing drawn yet
    qtbot.addWidget(view)
    view.show_form("first")
    view.show_form("second")
    assert view.toPlainText() == ""
    view.redraw()
    assert "second" in view.toPlainText() and "first" not in view.toPlainText()


def test_a_picture_becomes_a_thumbnail_fetched_once(qtbot, view, pictures: Pictures) -> None:
    url = f"{pictures.url}/big.png"
    assert "loading the picture" in _shown(qtbot, view, "chart", [_picture(url)])
    _settle(qtbot, view, url)
    assert view.picture_state(url) == "ok"
    assert "loading" not in view.toPlainText()
    assert '<img src="b24preview:thumbnail/1"' in view.toHtml()
    image = view.document().resource(
        int(QTextDocument.ResourceType.ImageResource.value), QUrl("b24preview:thumbnail/1")
    )
    assert isinstance(image, QImage) and (image.width(), image.height()) == (213, 160)
    _shown(qtbot, view, "chart again", [_picture(url)])
    assert pictures.hits == ["/big.png"]  # cached: drawn again without a second download


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.png", "the server answered HTTP 404"),
        ("/huge.png", "larger than"),
        ("/text", "not a picture"),
    ],
)
def test_a_picture_that_cannot_be_had_is_said(qtbot, view, pictures, path, reason) -> None:
    url = pictures.url + path
    _shown(qtbot, view, "chart", [_picture(url)])
    _settle(qtbot, view, url)
    assert view.picture_state(url) == "failed"
    shown = view.toPlainText()
    assert "could not load the picture" in shown and reason in shown
    assert "chart" in shown  # the rest of the card is there all the same


def test_an_unreachable_picture_fails_without_blocking(qtbot, view) -> None:
    url = "http://127.0.0.1:9/nothing.png"
    _shown(qtbot, view, "still drawn", [_picture(url)])
    assert "still drawn" in view.toPlainText()
    _settle(qtbot, view, url)
    assert "could not connect" in view.toPlainText()


def test_with_downloads_off_pictures_are_only_named(qtbot, view, pictures, monkeypatch) -> None:
    monkeypatch.setattr(PreviewView, "fetch_pictures", False)
    url = f"{pictures.url}/big.png"
    shown = _shown(qtbot, view, "chart", [_picture(url)])
    assert "PICTURE chart" in shown and "loading" not in shown
    assert view.picture_state(url) == "" and pictures.hits == []


def test_fetch_thumbnail_keeps_small_pictures_as_they_are(pictures: Pictures) -> None:
    image = fetch_thumbnail(f"{pictures.url}/small.png")
    assert (image.width(), image.height()) == (40, 30)


def test_the_window_builds_the_preview_after_its_first_paint(
    make_window, qtbot, pictures: Pictures
) -> None:
    from gui.attachments_model import PICTURE

    w = make_window()
    assert w.findChild(QTextBrowser, "previewView") is None  # not before the first paint
    with qtbot.waitExposed(w):
        w.show()
    qtbot.waitUntil(lambda: w.findChild(QTextBrowser, "previewView") is not None)
    view = w.findChild(QTextBrowser, "previewView")
    assert view is w.preview_view
    with qtbot.waitSignal(view.rendered, timeout=5000):
        w.compose.message.text_edit.setPlainText("Deploy [b]done[/b]")
    assert "Deploy done" in view.toPlainText()
    url = f"{pictures.url}/big.png"
    with qtbot.waitSignal(view.pictureSettled, timeout=10000):
        w.compose.message.model.add_row(PICTURE, "chart", url)
    assert view.picture_state(url) == "ok" and "PICTURE chart" in view.toPlainText()
