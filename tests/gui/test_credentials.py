"""gui.credentials.Credentials: secrets kept by address, read and written off the UI thread."""

from __future__ import annotations

import pytest

from core.address import parse_endpoint
from gui.credentials import Credentials
from gui.secret_store import SERVICE, MemorySecretStore, token_key, webhook_key

SECRET = "Zq9credSecret1"
WEBHOOK = f"https://p.example/rest/5/{SECRET}/"
SAVED = "https://p.example/rest/5/"


class Found:
    """What ``restore`` filled in, and what the store said about keeping secrets."""

    def __init__(self, credentials: Credentials) -> None:
        self.fields: list[tuple[str, str]] = []
        self.problems: list[str] = []
        credentials.problemChanged.connect(self.problems.append)

    def __call__(self, url: str, token: str) -> None:
        self.fields.append((url, token))


@pytest.fixture
def store() -> MemorySecretStore:
    return MemorySecretStore()


def test_a_webhook_secret_is_kept_under_its_address_and_comes_back(qtbot, store) -> None:
    first = Credentials(store)
    first.remember(WEBHOOK, "")
    assert first.wait_for_done(5000)
    key = parse_endpoint(WEBHOOK).keyring_key
    assert key == "webhook https://p.example/rest/5"
    assert store.get(key) == SECRET

    second = Credentials(store)
    found = Found(second)
    second.restore(SAVED, found)
    qtbot.waitUntil(lambda: found.fields != [], timeout=5000)
    assert found.fields == [(WEBHOOK, "")]
    assert found.problems == [""]  # a memory store keeps secrets: nothing to say


def test_a_token_is_kept_by_portal_and_fills_the_token_field(qtbot, store) -> None:
    first = Credentials(store)
    first.remember("p.example", "tok-123")
    assert first.wait_for_done(5000)
    assert store.get("token https://p.example") == "tok-123"
    second = Credentials(store)
    found = Found(second)
    second.restore("https://p.example", found)
    qtbot.waitUntil(lambda: found.fields != [], timeout=5000)
    assert found.fields == [("https://p.example", "tok-123")]


def test_nothing_is_looked_up_for_a_full_webhook_or_unparsable_text(store) -> None:
    asked: list[str] = []

    class Asked(MemorySecretStore):
        def get(self, key: str) -> str:
            asked.append(key)
            return ""

    credentials = Credentials(Asked())
    for address in (WEBHOOK, "", "not an address"):
        credentials.restore(address, lambda *_: None)
    assert credentials.wait_for_done(5000)
    assert asked == []


def test_a_stored_value_that_cannot_be_a_secret_is_not_filled_in(qtbot, store) -> None:
    store.set("webhook https://p.example/rest/5", "a/b")  # a webhook secret never holds "/"
    credentials = Credentials(store)
    found = Found(credentials)
    credentials.restore(SAVED, found)
    qtbot.waitUntil(lambda: found.problems != [], timeout=5000)
    assert found.fields == []


def test_the_sandbox_keeps_nothing_and_says_nothing(store) -> None:
    credentials = Credentials(store, keep=False)
    found = Found(credentials)
    credentials.remember(WEBHOOK, "")
    credentials.restore(SAVED, found)
    credentials.note_problem()
    assert credentials.wait_for_done(5000)
    assert store.get("webhook https://p.example/rest/5") == ""
    assert found.fields == [] and found.problems == []


def test_the_same_secret_is_written_once(store) -> None:
    writes: list[str] = []

    class Counting(MemorySecretStore):
        def set(self, key: str, secret: str) -> bool:
            writes.append(key)
            return super().set(key, secret)

    credentials = Credentials(Counting())
    for _ in range(3):
        credentials.remember(WEBHOOK, "")
    credentials.remember("https://p.example/rest/5/other/", "")  # another secret: written
    assert credentials.wait_for_done(5000)
    assert writes == ["webhook https://p.example/rest/5"] * 2


def test_a_store_that_cannot_keep_secrets_is_said_once(qtbot) -> None:
    credentials = Credentials(MemorySecretStore(persistent=False, problem="No keyring here."))
    said: list[str] = []
    credentials.problemChanged.connect(said.append)
    credentials.note_problem()
    qtbot.waitUntil(lambda: said != [], timeout=5000)
    credentials.note_problem()
    assert credentials.wait_for_done(5000)
    assert said == ["No keyring here."]


def test_the_system_keyring_waits_for_the_first_paint(qtbot, dict_keyring) -> None:
    dict_keyring.passwords[(SERVICE, "webhook https://p.example/rest/5")] = SECRET
    asked: list[str] = []
    real_get = dict_keyring.get_password

    def get_password(service: str, username: str) -> str | None:
        asked.append(username)
        return real_get(service, username)

    dict_keyring.get_password = get_password  # type: ignore[method-assign]
    credentials = Credentials()  # the system keyring (here: the test's dict backend)
    found = Found(credentials)
    credentials.restore(SAVED, found)
    assert credentials.wait_for_done(5000)
    assert asked == []  # nothing before the window has painted: not even the import
    credentials.window_painted()
    qtbot.waitUntil(lambda: found.fields != [], timeout=5000)
    assert found.fields == [(WEBHOOK, "")]
    assert asked == ["webhook https://p.example/rest/5"]


def test_the_key_helpers_give_the_endpoints_keys() -> None:
    # Users' stored secrets are found whichever way the key is made.
    for url, token in (
        ("https://p.bitrix24.com/rest/7/s3cret/", ""),
        ("http://127.0.0.1:8080/rest/1/abc/", ""),
        ("https://p.example", "tok"),
        ("http://127.0.0.1:8080", "tok"),
    ):
        ep = parse_endpoint(url, token)
        made = webhook_key(ep.portal_url, ep.user_id) if not token else token_key(ep.portal_url)
        assert made == ep.keyring_key
