"""gui.inbox_view.InboxView against a real sandbox portal: notifications sent over HTTP show up."""

from __future__ import annotations

import json
import urllib.request

import pytest

from gui.inbox_view import InboxView

ATTACH = [
    {"MESSAGE": "Deploy [b]finished[/b]"},
    {"IMAGE": {"NAME": "graph.png", "LINK": "https://example.com/graph.png"}},
    {"FILE": {"NAME": "log.txt", "LINK": "https://example.com/log.txt", "SIZE": 1536}},
    {"GRID": [{"NAME": "Env", "VALUE": "prod", "DISPLAY": "LINE"}]},
]


def _send(portal, method: str, params: dict) -> dict:
    """A real HTTP call to the sandbox's webhook, as any client would make it."""
    request = urllib.request.Request(
        portal.webhook_url + method,
        data=json.dumps(params).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode("utf-8"))


@pytest.fixture
def view(qtbot, sandbox) -> InboxView:
    widget = InboxView(sandbox)
    qtbot.addWidget(widget)
    return widget


def test_lists_every_sandbox_user_by_name(view: InboxView, sandbox) -> None:
    users = sandbox.users()
    assert view.usersList.count() == len(users)
    labels = [view.usersList.item(r).text() for r in range(view.usersList.count())]
    for user in users:
        assert any(user["name"] in label and f"id {user['id']}" in label for label in labels)
    assert "No notifications yet" in view.messages.toPlainText()


def test_refresh_shows_a_sent_notification_with_its_attachment(view: InboxView, sandbox) -> None:
    recipient = next(u for u in sandbox.users() if u["id"] != 1 and u["active"])
    answer = _send(
        sandbox,
        "im.notify.personal.add",
        {
            "USER_ID": recipient["id"],
            "MESSAGE": "Hello [b]team[/b] <x>",
            "TAG": "deploy-7",
            "CLIENT_ID": "b24notify",
            "ATTACH": ATTACH,
        },
    )
    assert isinstance(answer["result"], int)
    view.refresh()
    assert view.current_user_id() == recipient["id"]  # follows the newest recipient
    text = view.messages.toPlainText()
    assert "Hello team <x>" in text
    assert "tag deploy-7" in text
    assert "graph.png" in text and "log.txt" in text and "1.5 KB" in text
    assert "Deploy finished" in text and "Env" in text and "prod" in text
    admin = next(u for u in sandbox.users() if u["id"] == 1)
    assert admin["name"] in text  # the author, by name
    html = view.messages.toHtml()
    assert 'href="https://example.com/graph.png"' in html
    assert f"{recipient['name']} (id {recipient['id']}) — 1 notification" in view.titleLabel.text()


def test_newest_first_and_per_user(view: InboxView, sandbox) -> None:
    users = [u for u in sandbox.users() if u["active"] and u["id"] != 1][:2]
    _send(sandbox, "im.notify.personal.add", {"USER_ID": users[0]["id"], "MESSAGE": "older"})
    _send(sandbox, "im.notify.personal.add", {"USER_ID": users[0]["id"], "MESSAGE": "newer"})
    _send(sandbox, "im.notify.system.add", {"USER_ID": users[1]["id"], "MESSAGE": "from system"})
    view.refresh()
    view.select_user(users[0]["id"])
    text = view.messages.toPlainText()
    assert text.index("newer") < text.index("older")
    assert "from system" not in text
    view.select_user(users[1]["id"])
    assert "System" in view.messages.toPlainText()
    # Having picked a user, a new notification elsewhere does not switch the view.
    _send(sandbox, "im.notify.personal.add", {"USER_ID": users[0]["id"], "MESSAGE": "third"})
    view.refresh()
    assert view.current_user_id() == users[1]["id"]


def test_background_poll_notices_changes(view: InboxView, sandbox, qtbot) -> None:
    recipient = next(u for u in sandbox.users() if u["id"] != 1 and u["active"])
    _send(sandbox, "im.notify.personal.add", {"USER_ID": recipient["id"], "MESSAGE": "ping"})
    view.request_refresh()  # what the timer does while the view is visible
    qtbot.waitUntil(lambda: "ping" in view.messages.toPlainText(), timeout=5000)
    sandbox.reset()
    view.request_refresh()
    qtbot.waitUntil(lambda: "ping" not in view.messages.toPlainText(), timeout=5000)


def test_only_the_newest_are_drawn(view: InboxView, sandbox, monkeypatch) -> None:
    import gui.inbox_view as module

    monkeypatch.setattr(module, "SHOWN", 2)
    for text in ("one", "two", "three"):
        _send(sandbox, "im.notify.personal.add", {"USER_ID": 3, "MESSAGE": text})
    view.refresh()
    shown = view.messages.toPlainText()
    assert "three" in shown and "two" in shown and "one" not in shown
    assert "Showing the newest 2 of 3 notifications." in shown
    assert "3 notifications" in view.titleLabel.text()


def test_a_notification_sent_with_the_core_client_shows_its_picture_and_file(
    view: InboxView, sandbox
) -> None:
    from core.blocks import file_block, picture_block
    from core.client import Client
    from core.request import Notification

    blocks = [
        picture_block("cat.jpg", "https://example.com/cat.jpg"),
        file_block("notes.txt", "https://example.com/notes.txt", size=4096),
    ]
    with Client(sandbox.webhook_url) as client:
        result = client.send_personal(
            Notification(user_id=4, text="With [i]attachments[/i]", tag="pics", attachments=blocks)
        )
        client.send_system(Notification(user_id=4, text="System says hi"))
    view.refresh()
    assert view.current_user_id() == 4
    text = view.messages.toPlainText()
    assert text.index("System says hi") < text.index("With attachments")  # newest first
    assert f"#{result.notification_id}" in text
    assert "PICTURE cat.jpg" in text and "FILE notes.txt" in text and "4.0 KB" in text
    assert "tag pics" in text
