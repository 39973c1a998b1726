"""Take the README screenshot: the window in sandbox mode, after a real send with attachments.

Run under a real X server or Xvfb (offscreen renders without window decorations and fonts vary):

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python bench/screenshot.py [OUT.png] [SCHEME]

SCHEME is ``light`` (the default) or ``dark``; the language follows ``B24NOTIFY_LANG``
(``B24NOTIFY_LANG=ru`` for the Russian one), and ``QT_SCALE_FACTOR=2`` shows the 200% scale.

Settings go to a throwaway B24NOTIFY_HOME, and the keyring is never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("B24NOTIFY_HOME", tempfile.mkdtemp(prefix="b24notify-shot-"))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtCore import QTimer  # noqa: E402

from gui.app import application, build  # noqa: E402
from gui.attachments_model import FILE, PICTURE  # noqa: E402

WIDTH, HEIGHT = 1240, 820
# What the demo notification says, in the window's language (English otherwise).
DEMO = {
    "en": (
        "Build [b]#1432[/b] of [i]billing-service[/i] passed all checks.\n"
        "Deployed to staging — see the report below.",
        "Coverage chart",
    ),
    "ru": (
        "Сборка [b]#1432[/b] сервиса [i]billing-service[/i] прошла все проверки.\n"
        "Выложена на тестовый стенд — отчёт ниже.",
        "График покрытия",
    ),
}


def main(out: str, scheme: str = "light") -> int:
    from gui import looks
    from gui.language import install_language

    app = application()
    lang = install_language(app)
    text, chart = DEMO.get(lang, DEMO["en"])
    looks.apply_colour_scheme(app, scheme)
    window, portal = build(sandbox=True)
    assert portal is not None
    window.resize(WIDTH, HEIGHT)
    looks.apply_icons(window)
    window.compose.message.text_edit.setPlainText(text)
    window.compose.message.tag_edit.setText("ci-billing-service")
    window.compose.message.model.add_row(PICTURE, chart, "https://ci.example.com/1432/coverage.png")
    window.compose.message.model.add_row(
        FILE, "build-1432.log", "https://ci.example.com/1432/build.log"
    )
    window.show()
    code = {"value": 1}

    def grab() -> None:
        window.result_panel.answer.tabs.setCurrentIndex(0)  # the tree reads best in a picture
        window.grab().save(out)
        code["value"] = 0
        print(f"saved {out}")
        window.close()

    def sent(outcome: object) -> None:
        QTimer.singleShot(700, grab)  # let the inbox view and the tree settle

    window.sendFinished.connect(sent)
    QTimer.singleShot(800, window.send)
    QTimer.singleShot(20_000, window.close)  # never hang
    app.exec()
    portal.stop()
    window.wait_for_background_work(5000)
    return code["value"]


if __name__ == "__main__":
    target = (
        sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "resources/screenshots/main-window.png")
    )
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    sys.exit(main(target, sys.argv[2] if len(sys.argv) > 2 else "light"))
