"""GUI fixtures: a private configuration folder, an in-memory secret store (the isolated keyring
is in tests/conftest.py, for the command line's profiles too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.compat import protect_singletons
from gui.secret_store import MemorySecretStore
from tests.gui._window import FAST

# PySide6 6.12.0 on Python < 3.12 over-releases None/True/False (see gui/compat.py); without this
# the interpreter aborts at the end of a long GUI test run.
protect_singletons()


@pytest.fixture(autouse=True)
def no_picture_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The live preview downloads pictures; the window tests' pictures point at example.com, so
    they are only named (tests/gui/test_preview_view.py turns downloads on, from 127.0.0.1)."""
    monkeypatch.setattr("gui.preview_view.PreviewView.fetch_pictures", False)


@pytest.fixture
def b24_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary B24NOTIFY_HOME, so settings never land in the user's folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("B24NOTIFY_HOME", str(home))
    return home


@pytest.fixture
def secret_store() -> MemorySecretStore:
    return MemorySecretStore()


@pytest.fixture
def make_window(qtbot, b24_home, secret_store):
    """Build windows with a private settings folder, the memory secret store and fast timeouts."""
    from gui.main_window import MainWindow
    from gui.settings import Settings

    def make(**kwargs) -> MainWindow:
        kwargs.setdefault("secret_store", secret_store)
        kwargs.setdefault("settings", Settings())
        kwargs.setdefault("client_options", FAST)
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window, sandbox):
    """A window connected to the sandbox's webhook, with an empty form otherwise."""
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    return w


# The offscreen platform warns once per shown window with a minimum size; it is not our warning.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
