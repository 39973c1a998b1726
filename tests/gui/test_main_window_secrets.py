"""The window keeps secrets out of its settings file and off the UI thread."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gui.settings import FILE_NAME
from tests.gui._window import fill

MARK = "Zq9SecretMark"  # a secret-looking marker: letters and digits, like a webhook secret

# What people (or a clumsy paste) put in the address box and the token field.
HOSTILE = [
    pytest.param(MARK, "", id="a bare secret"),
    pytest.param(MARK, "tok3n", id="a token pasted in the address box"),
    pytest.param(f"https://p.example/REST/1/{MARK}/", "", id="REST in capitals"),
    pytest.param(f"https:\\\\p.example\\rest\\1\\{MARK}\\", "", id="backslashes"),
    pytest.param(f"https://p.example\\rest\\1\\{MARK}", "", id="backslashes after the host"),
    pytest.param(f"p.example/rest/1/{MARK}/ and more", "", id="a space after the secret"),
    pytest.param(f"https://p.example/?auth={MARK}", "tok3n", id="a token in the query"),
    pytest.param(f"https://p.example/crm/#{MARK}", "tok3n", id="a token in the fragment"),
    pytest.param(f"https://u:{MARK}@p.example/rest/1/abc/", "", id="a password before the host"),
    pytest.param(f"https://p.example/rest/x/{MARK}/", "", id="no user id"),
    pytest.param(f"https://p.example/rest/{MARK}", "", id="no user id, secret last"),
    pytest.param(f"https://p.example/rest/1/{MARK}/", "tok3n", id="a webhook and a token"),
    pytest.param(f"https://p.example/rest/1/{MARK}/a/b", "", id="extra path after the secret"),
    pytest.param(f"https://p.example:{MARK}/rest/1/", "", id="the secret as the port"),
    pytest.param(f"javascript:{MARK}", "", id="another scheme"),
    pytest.param("https://p.example", MARK, id="the token field itself"),
    pytest.param("", MARK, id="only a token"),
]


@pytest.mark.parametrize(("url", "token"), HOSTILE)
def test_a_secret_in_the_address_box_never_reaches_the_settings_file(
    make_window, b24_home: Path, url: str, token: str
) -> None:
    w = make_window()
    w.url_edit.setText(url)
    w.token_edit.setText(token)
    fill(w, text="hello", tag="t")
    w.close()
    data = (b24_home / FILE_NAME).read_bytes()
    assert MARK.encode() not in data
    assert MARK.lower().encode() not in data.lower()
    assert b"hello" in data  # the form itself was saved
    if os.name != "nt":
        assert stat.S_IMODE((b24_home / FILE_NAME).stat().st_mode) == 0o600
        assert stat.S_IMODE(b24_home.stat().st_mode) == 0o700


def test_a_parsed_webhook_is_kept_without_its_secret(make_window, b24_home: Path) -> None:
    w = make_window()
    w.url_edit.setText(f"HTTPS://P.example/rest/5/{MARK}/im.notify.json")
    w.close()
    second = make_window()
    assert second.url_edit.text() == "https://p.example/rest/5/"
    assert MARK.encode() not in (b24_home / FILE_NAME).read_bytes()
