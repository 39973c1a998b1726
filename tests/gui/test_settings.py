"""gui/settings.py: QSettings INI in B24NOTIFY_HOME, no secrets, typed values."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from gui.settings import (
    ATTACHMENTS,
    COLOUR_SCHEME,
    FILE_NAME,
    LANGUAGE,
    OPTIONS,
    SETTINGS_VERSION,
    VERSION,
    FormState,
    Settings,
    config_dir,
    storable_address,
)

MARK = "Zq9SecretMark"  # looks like a webhook secret or a token: letters and digits
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def test_home_env_overrides_the_folder(b24_home: Path) -> None:
    assert config_dir() == b24_home
    settings = Settings()
    assert settings.path == b24_home / FILE_NAME


def test_default_folder_without_the_env(monkeypatch) -> None:
    monkeypatch.delenv("B24NOTIFY_HOME", raising=False)
    assert config_dir().name == "b24notify"


@pytest.mark.parametrize(
    ("url", "token", "kept"),
    [
        ("https://p.bitrix24.com/rest/1/k3abcdef9q/", "", "https://p.bitrix24.com/rest/1/"),
        ("https://p/rest/1/k3abcdef9q/im.notify.json", "", "https://p/rest/1/"),
        ("HTTPS://P.Bitrix24.com/rest/7/k3abcdef9q", "", "https://p.bitrix24.com/rest/7/"),
        ("https://p.example/rest/1/", "", "https://p.example/rest/1/"),  # as saved
        ("http://127.0.0.1:8080/x/rest/3/", "", "http://127.0.0.1:8080/x/rest/3/"),
        ("  https://p.bitrix24.com  ", "tok", "https://p.bitrix24.com"),
        ("p.bitrix24.com", "", "https://p.bitrix24.com"),  # the token is elsewhere
        ("https://p.example/crm/?auth=" + MARK, "tok", "https://p.example"),
        ("https://p.example/box/rest/", "tok", "https://p.example/box/rest/"),
        ("https://p.example/rest/1/" + MARK + "/", "tok", "https://p.example/rest/1/"),
        ("https://p.example/REST/1/" + MARK + "/", "", "https://p.example"),
        ("p.bitrix24.com/rest/" + MARK, "", "https://p.bitrix24.com"),
        (MARK, "", ""),
        (MARK, MARK, ""),
        ("https:\\\\p.example\\rest\\1\\" + MARK + "\\", "", ""),
        ("https://p.example/rest/1/" + MARK + "/ and more", "", ""),
        ("https://u:" + MARK + "@p.example/rest/1/abc/", "", ""),
        ("https://p.example/rest/x/" + MARK + "/", "", ""),
        ("javascript:" + MARK, "", ""),
        ("", MARK, ""),
    ],
)
def test_storable_address_is_parsed_and_without_its_secret(url, token, kept) -> None:
    assert storable_address(url, token) == kept


_SCHEMES = ["", "https://", "http://", "HTTPS://", "https:\\\\", "//", "https:/", "ftp://", "x:"]
_USERINFO = ["", "u:{m}@", "{m}@"]
_HOSTS = ["p.example", "p.example:8080", "127.0.0.1:1", "localhost", "[::1]", "p.example:{m}"]
_SEPARATORS = ["/", "\\", "//", "%2F"]
_REST = ["rest", "REST", "Rest", "", "api", "rest/rest"]
_USERS = ["1", "x", "", "0", "\uff11", "1_0"]
_SECRETS = ["{m}", "ab{m}cd", "{m}.json", "{m} ", "{m}\n", "{m}%00"]
_TAILS = ["", "/", "/im.notify.json", "?auth={m}", "#{m}", " x", "/x/y", "\\"]
_TOKENS = ["", "tok", "{m}", "a b", "{m}\x00"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_SCHEMES),
    st.sampled_from(_USERINFO),
    st.sampled_from(_HOSTS),
    st.sampled_from(_SEPARATORS),
    st.sampled_from(_REST),
    st.sampled_from(_USERS),
    st.sampled_from(_SECRETS),
    st.sampled_from(_TAILS),
    st.sampled_from(_TOKENS),
    st.booleans(),
)
def test_no_address_box_spelling_keeps_a_secret(
    scheme, userinfo, host, sep, rest, user, secret, tail, token, bare
) -> None:
    """Whatever is typed around a secret, the kept address never contains it."""
    assume(not (bare and "." in secret))  # "<mark>.json" alone is a host name, not a secret
    parts = [rest, user, secret]
    url = secret + tail if bare else scheme + userinfo + host + sep + sep.join(parts) + tail
    url, token = url.format(m=MARK), token.format(m=MARK)
    kept = storable_address(url, token)
    assert MARK.lower() not in kept.lower()
    assert kept == "" or kept.startswith(("https://", "http://"))
    assert storable_address(kept) == kept  # what is kept reads back as itself


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


@POSIX
def test_the_file_and_a_new_folder_are_owner_only(b24_home: Path) -> None:
    assert not b24_home.exists()
    s = Settings()
    s.save_form(FormState(address="https://p.example/rest/1/", text="private words"))
    s.sync()
    assert stat.S_IMODE(b24_home.stat().st_mode) == 0o700
    assert stat.S_IMODE((b24_home / FILE_NAME).stat().st_mode) == 0o600
    s.set_splitter_sizes([1, 2])  # a second save (QSaveFile replaces the file) stays private
    s.sync()
    assert stat.S_IMODE((b24_home / FILE_NAME).stat().st_mode) == 0o600


@POSIX
def test_an_older_world_readable_file_becomes_owner_only(b24_home: Path) -> None:
    b24_home.mkdir(mode=0o755)
    path = b24_home / FILE_NAME
    path.write_text("[form]\nuser=3\n", encoding="utf-8")
    path.chmod(0o644)
    s = Settings()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert s.load_form().user == "3"
    assert stat.S_IMODE(b24_home.stat().st_mode) == 0o755  # a folder we did not make is left


def test_a_secret_an_older_version_saved_is_dropped_on_load_and_save(b24_home: Path) -> None:
    b24_home.mkdir()
    path = b24_home / FILE_NAME
    path.write_text(f"[connection]\naddress=https://p.example/REST/1/{MARK}/\n", encoding="utf-8")
    s = Settings()
    state = s.load_form()
    assert MARK not in state.address
    s.save_form(state)
    s.sync()
    assert MARK.encode() not in path.read_bytes()


# What version 1 (the code before typed options) wrote, byte for byte: users' files look like it.
OLD_INI = r"""[General]
version=1

[connection]
address=https://p.example/rest/1/

[form]
attachments="[[\"Picture\", \"cat\", \"https://x/cat.png\"]]"
tag=ci
text="Hello, world\n[b]x[/b] ünï"
user=7

[window]
geometry=@ByteArray(\x1\x2geo)
splitter=300, 200
state=@ByteArray(state)
"""


def _write(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def _stored_version(path: Path) -> str:
    match = re.search(r"^version=(.*)$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def test_a_file_of_version_1_loads_whole_and_is_upgraded(b24_home: Path) -> None:
    path = _write(b24_home, OLD_INI)
    s = Settings()
    assert s.loaded_version == 1
    state = s.load_form()
    assert state == FormState(
        address="https://p.example/rest/1/",
        user="7",
        text="Hello, world\n[b]x[/b] ünï",
        tag="ci",
        attachments=[("Picture", "cat", "https://x/cat.png")],
    )
    assert bytes(s.geometry().data()) == b"\x01\x02geo"
    assert bytes(s.window_state().data()) == b"state"
    assert s.splitter_sizes() == [300, 200]
    assert _stored_version(path) == str(VERSION)  # written at once, not at the next save
    assert Settings().loaded_version == VERSION


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        (f"https://p.example/rest/1/{MARK}/", "https://p.example/rest/1/"),
        (f"https://p.example/REST/1/{MARK}/", "https://p.example"),
        (f"https://p.example/crm/?auth={MARK}", "https://p.example"),
        (MARK, None),
        (f"https://u:{MARK}@p.example/rest/1/abc/", None),
    ],
)
def test_upgrading_drops_a_stored_secret_from_the_file(
    b24_home: Path, stored: str, kept: str | None
) -> None:
    path = _write(b24_home, f"[General]\nversion=1\n\n[connection]\naddress={stored}\n")
    Settings()  # loading alone: no save
    text = path.read_text(encoding="utf-8")
    assert MARK not in text
    if kept is None:
        assert "address" not in text
    else:
        assert f"address={kept}" in text


def test_a_file_without_a_version_is_read_as_version_1(b24_home: Path) -> None:
    path = _write(b24_home, f"[connection]\naddress=https://p.example/rest/1/{MARK}/\n")
    assert Settings().loaded_version == 1
    assert MARK not in path.read_text(encoding="utf-8")
    assert _stored_version(path) == str(VERSION)


def test_an_unreadable_version_is_upgraded_from_the_start(b24_home: Path) -> None:
    path = _write(b24_home, f"[General]\nversion=new\n[connection]\naddress={MARK}\n")
    assert Settings().loaded_version == 1
    assert MARK not in path.read_text(encoding="utf-8")


def test_a_newer_version_is_read_as_it_is_and_never_downgraded(b24_home: Path) -> None:
    newer = VERSION + 7
    path = _write(
        b24_home,
        f"[General]\nversion={newer}\n\n[form]\nuser=9\nfuture=kept\n",
    )
    s = Settings()
    assert s.loaded_version == newer and s.load_form().user == "9"
    s.save_form(FormState(user="10"))
    s.sync()
    text = path.read_text(encoding="utf-8")
    assert _stored_version(path) == str(newer) and "future=kept" in text and "user=10" in text


def test_a_new_file_records_the_current_version(b24_home: Path) -> None:
    s = Settings()
    s.sync()
    assert s.loaded_version == VERSION and _stored_version(b24_home / FILE_NAME) == str(VERSION)


def test_opening_a_new_file_writes_nothing_until_a_value_is_set(b24_home: Path, qapp) -> None:
    # QSettings would write (with two fdatasync calls) on the event loop's first turn: before
    # the window's first paint on a first start (issue 10). The version goes with the first value.
    path = b24_home / FILE_NAME
    s = Settings()
    qapp.processEvents()
    assert path.read_bytes() == b""
    s.set_value(LANGUAGE, "ru")
    qapp.processEvents()  # QSettings' own deferred write, as the window relies on
    assert _stored_version(path) == str(VERSION)
    assert Settings().loaded_version == VERSION and Settings().value(LANGUAGE) == "ru"


def test_every_value_written_is_a_declared_option(b24_home: Path) -> None:
    s = Settings()
    s.save_form(FormState("https://p.example/rest/1/", "5", "t", "g", [("File", "f", "u")]))
    s.set_geometry(QByteArray(b"g"))
    s.set_window_state(QByteArray(b"s"))
    s.set_splitter_sizes([1, 2])
    s.set_value(LANGUAGE, "ru")
    s.set_value(COLOUR_SCHEME, "dark")
    s.set_rate_preset("enterprise")
    s.sync()
    written = set(QSettings(str(b24_home / FILE_NAME), QSettings.Format.IniFormat).allKeys())
    assert written == {option.key for option in OPTIONS}


def test_missing_or_unreadable_values_give_each_option_its_default(b24_home: Path) -> None:
    _write(
        b24_home,
        "[General]\nversion=2\n[form]\nattachments={}\n[window]\n"
        "splitter=1, x\ngeometry=plain text\n",
    )
    s = Settings()
    for option in OPTIONS:
        if option is not SETTINGS_VERSION:
            assert s.value(option) == option.default, option
    assert s.value(ATTACHMENTS) is not ATTACHMENTS.default  # a list of its own, not the default


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders of Linux")
@pytest.mark.parametrize("xdg", [None, "absolute", "relative/path"])
def test_the_default_folder_is_where_qt_puts_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.delenv("B24NOTIFY_HOME", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg") if xdg == "absolute" else xdg)
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    assert config_dir() == Path(qt) / "b24notify"


def test_language_and_scheme_are_choices_the_cli_reads_too(b24_home: Path) -> None:
    from core.i18n import settings_language

    s = Settings()
    s.set_value(LANGUAGE, "ru")
    s.set_value(COLOUR_SCHEME, "purple")
    s.sync()
    assert Settings().value(LANGUAGE) == "ru"
    assert settings_language(str(b24_home / FILE_NAME)) == "ru"  # read without Qt
    assert Settings().value(COLOUR_SCHEME) == "system"  # not a choice: the default


def test_the_rate_preset_is_one_of_the_presets(b24_home: Path) -> None:
    s = Settings()
    assert s.rate_preset() == "standard"
    s.set_rate_preset("enterprise")
    s.sync()
    assert Settings().rate_preset() == "enterprise"
    _write(b24_home, "[General]\nversion=2\n[bulk]\nrate_preset=turbo\n")
    assert Settings().rate_preset() == "standard"  # not a preset: the default
    _write(b24_home, "[General]\nversion=2\n[bulk]\nrate_preset= Enterprise \n")
    assert Settings().rate_preset() == "enterprise"
