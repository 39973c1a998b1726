"""The live preview (``previewView``): the notification as the portal will show it, as you type.

The form's text, tag and attachments are drawn by :mod:`gui.notification_html` — the renderer the
sandbox inbox uses — a moment after the last change (a ``QTimer``). Pictures come as thumbnails,
fetched on a worker (:class:`gui.tasks.TaskRunner`, at most :data:`MAX_PICTURE_BYTES`, within
:data:`PICTURE_TIMEOUT` seconds) into a small in-memory cache; until one arrives the preview says
it is loading, and a picture that cannot be had is named with the reason. Nothing here ever waits
for the network on the UI thread, and a picture never holds up the rest of the preview.

The window builds the preview after its first paint (:func:`attach_preview`).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from core.i18n import _
from core.version import __version__
from gui.format import is_safe_url
from gui.notification_html import MUTED, notification_html

if TYPE_CHECKING:
    from collections.abc import Callable

    from gui.message_box import MessageBox
    from gui.result_panel_slot import ResultPanelSlot
    from gui.tasks import Outcome, TaskRunner

DELAY_MS = 250
MAX_PICTURE_BYTES = 8 * 1024 * 1024
PICTURE_TIMEOUT = 10.0
THUMBNAIL = (240, 160)  # the largest width and height of a thumbnail, in pixels
CACHE_SIZE = 32
_SCHEME = "b24preview"  # the names of the thumbnails inside the document


class PictureError(Exception):
    """A picture that cannot be shown, in words (the preview says them under its name)."""


def fetch_thumbnail(url: str, max_bytes: int = MAX_PICTURE_BYTES, timeout: float = 10.0) -> QImage:
    """On a worker: download ``url`` (at most ``max_bytes``) and scale it to a thumbnail.

    Raises :class:`PictureError` with the reason when it cannot: an HTTP error, no answer in
    ``timeout`` seconds, too large, or not a picture.
    """
    import urllib.error
    import urllib.request

    from PySide6.QtCore import Qt  # not at import: see gui/qt_names.py

    request = urllib.request.Request(url, headers={"User-Agent": f"b24notify/{__version__}"})
    too_big = _("larger than {mb:g} MB").format(mb=max_bytes / 1024 / 1024)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise PictureError(too_big)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise PictureError(_("the server answered HTTP {code}").format(code=error.code)) from None
    except TimeoutError:
        raise PictureError(_("no answer in {s:g} seconds").format(s=timeout)) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise PictureError(_("could not connect ({reason})").format(reason=reason)) from None
    if len(data) > max_bytes:
        raise PictureError(too_big)
    image = QImage.fromData(data)
    if image.isNull():
        raise PictureError(_("not a picture"))
    width, height = THUMBNAIL
    if image.width() > width or image.height() > height:
        image = image.scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


class PreviewView(QTextBrowser):
    """The notification card; :meth:`show_form` gives it what to draw (drawn a moment later).

    :attr:`rendered` fires after each drawing; :attr:`pictureSettled` when a picture's fetch ends
    (its URL), after the card is drawn again with it.
    """

    rendered = Signal()
    pictureSettled = Signal(str)
    fetch_pictures = True  # False: pictures are named, never downloaded (the tests' windows)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        delay_ms: int = DELAY_MS,
        max_bytes: int = MAX_PICTURE_BYTES,
        timeout: float = PICTURE_TIMEOUT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewView")
        self.setAccessibleName(_("Preview of the notification"))
        self.setOpenLinks(False)  # links open in the browser, never inside the preview
        self.anchorClicked.connect(self._open_link)
        self._max_bytes, self._timeout = max_bytes, timeout
        self._record: dict[str, Any] = {}
        self._author = ""
        # url -> ("loading", None) | ("ok", resource name) | ("failed", reason); oldest first
        self._pictures: OrderedDict[str, tuple[str, str | None]] = OrderedDict()
        self._runner: TaskRunner | None = None
        self._count = 0  # thumbnails added to the document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.redraw)

    def show_form(self, text: str, tag: str = "", attach: Any = None, author: str = "") -> None:
        """What to draw: the text, tag and ATTACH blocks as they will go out (drawn later)."""
        self._record = {"type": "USER", "author_id": 0, "message": text, "tag": tag}
        if attach:
            self._record["attach"] = attach
        self._author = author or _("You")
        self._timer.start()

    def redraw(self) -> None:
        """Draw the card now."""
        self._timer.stop()
        if not str(self._record.get("message") or "").strip() and not self._record.get("attach"):
            hint = html.escape(_("Type a text: the notification appears here as it will look."))
            self.setHtml(f'<p style="color:{MUTED}">{hint}</p>')
        else:
            self.setHtml(
                notification_html(self._record, author_name=self._author, picture=self._picture)
            )
        self.rendered.emit()

    def picture_state(self, url: str) -> str:
        """``"loading"``, ``"ok"``, ``"failed"``, or ``""`` for a picture not asked for."""
        return self._pictures.get(url, ("", None))[0]

    def wait_for_done(self, msecs: int = 0) -> bool:
        """True when no picture is being fetched (waiting at most ``msecs``; at quit)."""
        return self._runner is None or self._runner.wait_for_done(msecs)

    # -- pictures -----------------------------------------------------------------------------
    def _picture(self, item: dict) -> str:
        url = str(item.get("LINK") or "").strip()
        if not self.fetch_pictures or not url.lower().startswith(("http://", "https://")):
            return ""
        state, value = self._pictures.get(url, ("", None))
        if not state:
            self._fetch(url)
            state = "loading"
        if state == "ok" and value is not None:
            return f'<img src="{html.escape(value, quote=True)}">'
        if state == "failed":
            note = _("could not load the picture: {reason}").format(reason=value)
            return f'<span style="color:{MUTED}">⚠ {html.escape(note)}</span>'
        return f'<span style="color:{MUTED}">{html.escape(_("loading the picture…"))}</span>'

    def _fetch(self, url: str) -> None:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=2)
        self._remember(url, ("loading", None))
        size, timeout = self._max_bytes, self._timeout
        self._runner.run(
            lambda: fetch_thumbnail(url, size, timeout), lambda out: self._fetched(url, out)
        )

    def _fetched(self, url: str, outcome: Outcome) -> None:
        if outcome.ok:
            self._count += 1
            name = f"{_SCHEME}:thumbnail/{self._count}"
            resource = QTextDocument.ResourceType.ImageResource
            self.document().addResource(int(resource.value), QUrl(name), outcome.result)
            self._remember(url, ("ok", name))
        else:
            error = outcome.error
            reason = str(error) if isinstance(error, PictureError) else type(error).__name__
            self._remember(url, ("failed", reason))
        self.redraw()
        self.pictureSettled.emit(url)

    def _remember(self, url: str, state: tuple[str, str | None]) -> None:
        self._pictures[url] = state
        self._pictures.move_to_end(url)
        while len(self._pictures) > CACHE_SIZE:
            self._pictures.popitem(last=False)

    def _open_link(self, url: QUrl) -> None:
        if is_safe_url(url.toString()) and url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def show_message(view: PreviewView, message: MessageBox) -> None:
    """Hand ``view`` the form's text, tag and attachments."""
    view.show_form(message.text(), message.tag(), message.model.blocks())


def attach_preview(
    slot: ResultPanelSlot,
    message: MessageBox,
    add_toggle: Callable[[str, Callable[[bool], object]], object],
) -> PreviewView:
    """Build the preview in ``slot``'s place (its placeholder in the window's right side, named
    ``previewPane`` there), following ``message``; ``add_toggle`` puts its show/hide toggle in
    the window's menu."""
    view = PreviewView()
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 6)
    title = QLabel("<b>{}</b>".format(html.escape(_("Preview"))))
    title.setObjectName("previewTitle")
    layout.addWidget(title)
    layout.addWidget(view, 1)
    slot.replace_with(pane)
    message.changed.connect(lambda: show_message(view, message))
    show_message(view, message)
    view.redraw()  # at once the first time: the form is already filled in
    add_toggle(_("Show the &preview"), pane.setVisible)
    return view
