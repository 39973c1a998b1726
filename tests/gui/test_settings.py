"""gui/settings.py: QSettings INI in B24NOTIFY_HOME, no secrets, typed values."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray

from gui.settings import FILE_NAME, FormState, Settings, config_dir, strip_secret


def test_home_env_overrides_the_folder(b24_home: Path) -> None:
    assert config_dir() == b24_home
    settings = Settings()
    assert settings.path == b24_home / FILE_NAME


def test_default_folder_without_the_env(monkeypatch) -> None:
    monkeypatch.delenv("B24NOTIFY_HOME", raising=False)
    assert config_dir().name == "b24notify"


def test_strip_secret() -> None:
    assert (
        strip_secret("https://p.bitrix24.com/rest/1/k3abcdef9q/")
        == "https://p.bitrix24.com/rest/1/"
    )
    assert strip_secret("https://p/rest/1/k3abcdef9q/im.notify.json") == "https://p/rest/1/"
    assert strip_secret("p.bitrix24.com/rest/k3abcdef9q") == "p.bitrix24.com/rest/"
    assert strip_secret("  https://p.bitrix24.com  ") == "https://p.bitrix24.com"
    assert strip_secret("") == ""


def test_form_round_trip_without_the_secret(b24_home: Path) -> None:
    state = FormState(
        address="https://p.bitrix24.com/rest/1/verysecretkey42/",
        user="7",
        text="Hello\n[b]bold[/b] ünïcode",
        tag="build-42",
        attachments=[("Picture", "cat", "https://x/cat.png"), ("File", "log", "https://x/log.txt")],
    )
    Settings().save_form(state)
    Settings().sync()
    loaded = Settings().load_form()
    assert loaded.address == "https://p.bitrix24.com/rest/1/"
    assert (loaded.user, loaded.text, loaded.tag) == ("7", state.text, "build-42")
    assert loaded.attachments == state.attachments
    assert "verysecretkey42" not in (b24_home / FILE_NAME).read_text(encoding="utf-8")


def test_window_values_round_trip(b24_home: Path) -> None:
    s = Settings()
    assert s.geometry() is None and s.window_state() is None and s.splitter_sizes() == []
    s.set_geometry(QByteArray(b"\x01\x02geo"))
    s.set_window_state(QByteArray(b"state"))
    s.set_splitter_sizes([300, 200])
    s.sync()
    t = Settings()
    assert bytes(t.geometry().data()) == b"\x01\x02geo"
    assert bytes(t.window_state().data()) == b"state"
    assert t.splitter_sizes() == [300, 200]


def test_a_damaged_file_falls_back_to_defaults(b24_home: Path) -> None:
    b24_home.mkdir(parents=True)
    (b24_home / FILE_NAME).write_text(
        "[form]\nattachments=not json\nuser=3\n[window]\nsplitter=a, b\n", encoding="utf-8"
    )
    s = Settings()
    assert s.load_form().attachments == []
    assert s.load_form().user == "3"
    assert s.splitter_sizes() == []


def test_form_state_defaults_equality_and_copied_rows() -> None:
    rows = [("Picture", "cat", "https://x/cat.png")]
    state = FormState(address="https://p/rest/1/", attachments=rows)
    assert FormState() == FormState(address="", user="", text="", tag="", attachments=[])
    assert state == FormState("https://p/rest/1/", attachments=list(rows))
    assert state != FormState(address="https://p/rest/1/")
    rows.append(("File", "log", "https://x/log.txt"))
    assert len(state.attachments) == 1  # the state keeps its own list
    assert "https://p/rest/1/" in repr(state)
