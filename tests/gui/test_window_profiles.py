"""The window's profiles (profileCombo) and history (historyView), against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from core.address import parse_endpoint
from core.cli import main
from core.history import History, entry_for
from core.profiles import Profiles, make_profile, secret_key
from core.request import Notification, build_notification
from core.secret_store import SERVICE, KeyringSecretStore
from gui.block_rows import row_block
from gui.window_profiles import attachment_rows
from tests.gui._window import RECIPIENT, fill


def _painted(qtbot, w) -> None:
    """What the first paint starts (the tests do not always paint): read the profiles."""
    with qtbot.waitSignal(w.profiles.bar.loaded, timeout=10000):
        w.profiles.window_painted()


def _send(qtbot, w) -> object:
    with qtbot.waitSignal(w.sendFinished, timeout=15000) as blocker:
        w.send()
    return blocker.args[0]


def _history(qtbot, w):
    view = w.profiles.show_history()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    return view


def test_a_profile_made_by_the_cli_fills_the_window_and_sends(
    qtbot, make_window, sandbox, dict_keyring, b24_home: Path
) -> None:
    assert main(["profile", "add", "sb", "--url", sandbox.webhook_url]) == 0
    w = make_window(secret_store=KeyringSecretStore())
    _painted(qtbot, w)
    bar = w.profiles.bar
    combo = w.findChild(type(bar.combo), "profileCombo")
    assert combo is bar.combo and combo.count() == 2 and "sb" in combo.itemText(1)
    assert parse_endpoint(sandbox.webhook_url).secret not in combo.itemText(1)
    with qtbot.waitSignal(bar.filled, timeout=10000):
        bar.choose("sb")
    assert w.compose.connection.url() == sandbox.webhook_url  # the secret came from the keyring
    fill(w, text="through a profile")
    outcome = _send(qtbot, w)
    assert outcome.ok
    assert sandbox.inbox(RECIPIENT)[0]["message"] == "through a profile"
    (row,) = History().search()
    assert (row.profile, row.source, row.outcome) == ("sb", "window", "sent")


def test_save_rename_delete_from_the_window_shows_in_the_cli(
    qtbot, make_window, sandbox, dict_keyring, capsys
) -> None:
    w = make_window(secret_store=KeyringSecretStore())
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    _painted(qtbot, w)
    bar = w.profiles.bar
    names = iter(["win", "renamed"])
    bar.ask_name = lambda *_a: next(names)
    bar.confirm = lambda _text: True
    with qtbot.waitSignal(bar.loaded, timeout=10000):
        bar.save_as()
    assert bar.current() == "win"
    secret = parse_endpoint(sandbox.webhook_url).secret
    assert secret in dict_keyring.passwords[(SERVICE, secret_key("win"))]
    assert secret not in Profiles().path.read_text()
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.startswith("win ")
    with qtbot.waitSignal(bar.loaded, timeout=10000):
        bar.rename()
    assert bar.current() == "renamed" and Profiles().names() == ["renamed"]
    with qtbot.waitSignal(bar.loaded, timeout=10000):
        bar.delete()
    assert bar.current() == "" and Profiles().names() == []
    assert (SERVICE, secret_key("renamed")) not in dict_keyring.passwords


def test_editing_the_address_leaves_the_profile(qtbot, make_window, sandbox, secret_store) -> None:
    profiles = Profiles(secrets=secret_store)
    profiles.save(*make_profile("sb", sandbox.webhook_url))
    w = make_window()
    _painted(qtbot, w)
    with qtbot.waitSignal(w.profiles.bar.filled, timeout=10000):
        w.profiles.bar.choose("sb")
    w.compose.connection.url_edit.setText(sandbox.limited_webhook_url)
    assert w.profiles.bar.current() == ""
    assert w.profiles.bar.extras()["profile"] == ""


def test_token_profile_fills_the_refresh_fields_and_a_refresh_is_stored_back(
    qtbot, make_window, sandbox, secret_store
) -> None:
    profiles = Profiles(secrets=secret_store)
    profile, secrets = make_profile(
        "app",
        sandbox.url,
        sandbox.expired_token,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        refresh_token=sandbox.refresh_token,
        oauth_url=sandbox.oauth_url,
    )
    profiles.save(profile, secrets)
    w = make_window()
    _painted(qtbot, w)
    with qtbot.waitSignal(w.profiles.bar.filled, timeout=10000):
        w.profiles.bar.choose("app")
    extras = w.compose.connection.extras
    assert not extras.client_id_edit.isHidden()
    assert w.findChild(type(extras.client_secret_edit), "clientSecretEdit").text() == (
        sandbox.client_secret
    )
    fill(w, text="after a refresh")
    assert _send(qtbot, w).ok
    qtbot.waitUntil(lambda: w.compose.connection.token() != sandbox.expired_token)
    stored = profiles.secrets_of("app")
    assert stored.secret == w.compose.connection.token() != sandbox.expired_token
    assert w.profiles.bar.current() == "app"  # the refresh did not leave the profile
    text = json.dumps([e.to_json() for e in History().search()])
    for secret in (stored.secret, stored.refresh_token, sandbox.client_secret):
        assert secret not in text


def test_history_view_lists_filters_opens_and_resends(qtbot, make_window, sandbox) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    for text in ("first build", "deploy done"):
        fill(w, text=text, tag="nightly")
        assert _send(qtbot, w).ok
    view = _history(qtbot, w)
    assert w.findChild(type(view.table), "historyView") is view.table
    assert view.model.rowCount() == 2
    assert view.model.item(0, 3).text() == "deploy done"  # newest first
    assert view.model.item(0, 4).text().startswith("sent: ")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        w.findChild(type(view.search), "historySearch").setText("FIRST")  # filters as you type
    assert view.model.rowCount() == 1
    fill(w, user="", text="")
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens the entry
    assert w.compose.message.text() == "first build"
    assert w.compose.message.user() == str(RECIPIENT)
    with qtbot.waitSignal(w.sendFinished, timeout=15000):
        view.resend_button.click()  # the form, sent again as a new notification
    assert [n["message"] for n in sandbox.inbox(RECIPIENT)][:1] == ["first build"]
    qtbot.waitUntil(lambda: History().count() == 3)


def test_a_resent_entry_is_the_same_notification_advanced_fields_and_every_block(
    qtbot, make_window, sandbox
) -> None:
    # Putting an entry back once kept only text, tag, pictures and files: a re-send then sent a
    # different notification (personal instead of system, no sub-tag, blocks lost).
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w, text="all of it", tag="t1")
    w.compose.message.model.set_rows([("Message", "", "a [b]line[/b]"), ("Delimiter", "", "")])
    w.compose.advanced.set_values(
        {"system": True, "text_out": "mail", "sub_tag": "s1", "color_token": "alert"}
    )
    assert _send(qtbot, w).ok
    first = sandbox.notifications()[-1]
    view = _history(qtbot, w)
    fill(w, text="", tag="")
    w.compose.message.model.set_rows([])
    w.compose.advanced.set_values({})
    view.table.selectRow(0)
    with qtbot.waitSignal(w.sendFinished, timeout=15000):
        view.resend_button.click()
    again = sandbox.notifications()[-1]
    assert again["id"] != first["id"]
    for key in ("type", "message", "message_out", "tag", "sub_tag", "attach"):
        assert again[key] == first[key], key
    assert first["type"] == "SYSTEM" and first["attach"]["COLOR_TOKEN"] == "alert"


def test_delete_by_tag_from_an_entry_goes_through_the_calls(qtbot, make_window, sandbox) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w, text="tagged", tag="t1")
    assert _send(qtbot, w).ok
    view = _history(qtbot, w)
    view.table.selectRow(0)
    assert view.delete_tag_button.isEnabled()
    w.profiles.bar.confirm = lambda _text: True
    with qtbot.waitSignal(w.sendFinished, timeout=15000) as blocker:
        view.delete_tag_button.click()
    assert blocker.args[0].ok
    deletes = [r for r in sandbox.requests() if r["rest_method"] == "im.notify.delete"]
    assert len(deletes) == 1
    qtbot.waitUntil(lambda: History().search()[0].method == "im.notify.delete")


def test_a_history_that_cannot_be_written_never_fails_the_send(
    qtbot, make_window, sandbox, b24_home: Path
) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    fill(w, text="no history")
    (b24_home / "history.sqlite3").mkdir(parents=True)  # a folder where the file should be
    assert _send(qtbot, w).ok
    assert sandbox.inbox(RECIPIENT)[0]["message"] == "no history"
    qtbot.waitUntil(lambda: "not in the history" in w.statusBar().currentMessage())


def test_history_rows_of_other_sources_show_and_forget(qtbot, make_window, sandbox) -> None:
    endpoint = parse_endpoint(sandbox.webhook_url)
    prepared = build_notification(endpoint, Notification(user_id=2, text="from the cli"))
    History().record(entry_for(prepared, error=KeyboardInterrupt(), profile="cli-p"))
    w = make_window()
    view = _history(qtbot, w)
    assert [view.model.item(0, c).text() for c in (1, 2, 4)] == ["cli-p", "2", "unknown"]
    view.table.selectRow(0)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.forget_button.click()
    assert view.model.rowCount() == 0 and History().count() == 0


def test_attachment_rows_from_attach() -> None:
    attach = [
        {"IMAGE": [{"NAME": "chart", "LINK": "https://x/c.png"}]},
        {"FILE": {"NAME": "r.pdf", "LINK": "https://x/r.pdf"}},
        {"DELIMITER": {}},
    ]
    rows = attachment_rows(attach)
    # Every block comes back, exactly (the delimiter was once dropped): a row the simple kinds
    # cannot give back whole is a JSON row.
    assert [row_block(*row) for row in rows] == attach
    assert rows[1] == ("File", "r.pdf", "https://x/r.pdf")
    assert attachment_rows({"BLOCKS": attach[1:2]}) == [("File", "r.pdf", "https://x/r.pdf")]
    assert attachment_rows(None) == []


def test_the_history_dock_comes_back_as_it_was_left(qtbot, make_window) -> None:
    first = make_window()
    first.profiles.window_painted()
    first.show()
    first.profiles.show_history()
    assert first.profiles.toggle.isChecked()
    first.save_settings()
    second = make_window()
    second.show()
    qtbot.waitUntil(lambda: second.profiles.dock is not None)  # made after the first paint
    qtbot.waitUntil(lambda: second.profiles.dock.isVisible())
    assert second.profiles.toggle.isChecked()
    second.profiles.toggle.setChecked(False)
    assert not second.profiles.dock.isVisible()


def test_a_missing_ca_bundle_sends_nothing(qtbot, make_window, sandbox, tmp_path: Path) -> None:
    w = make_window()
    w.compose.connection.url_edit.setText(sandbox.webhook_url)
    w.findChild(type(w.compose.connection.url_edit), "caBundleEdit").setText(
        str(tmp_path / "no-such-ca.pem")
    )
    fill(w, text="never")
    outcome = _send(qtbot, w)
    assert not outcome.ok and "no-such-ca.pem" in str(outcome.error.problems[0].message)
    assert sandbox.requests() == []  # never sent without verifying
    assert History().count() == 0  # nothing went out, nothing to record


def test_copy_as_command_names_the_profile_in_use_and_not_once_edited(
    qtbot, make_window, sandbox, secret_store
) -> None:
    from PySide6.QtGui import QGuiApplication

    Profiles(secrets=secret_store).save(*make_profile("sb", sandbox.webhook_url))
    w = make_window()
    _painted(qtbot, w)
    with qtbot.waitSignal(w.profiles.bar.filled, timeout=10000):
        w.profiles.bar.choose("sb")
    fill(w, text="copied")
    text = w.copy_request("cli")
    assert text == QGuiApplication.clipboard().text()
    assert "--profile sb" in text and "--url" not in text
    assert parse_endpoint(sandbox.webhook_url).secret not in text
    assert "--profile" not in w.copy_request("cli", reveal=True)  # self-contained when revealed
    w.compose.connection.url_edit.setText(sandbox.limited_webhook_url)  # no longer the profile's
    edited = w.copy_request("cli")
    assert "--profile" not in edited and '"$B24NOTIFY_URL"' in edited
