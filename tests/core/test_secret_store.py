"""core/secret_store.py: secrets go to the keyring or nowhere, never to a file."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring

from core.secret_store import (
    NO_KEYRING_MESSAGE,
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    token_key,
    webhook_key,
)


def test_keys_name_the_portal_never_the_secret() -> None:
    assert webhook_key("https://p.bitrix24.com/", 7) == "webhook https://p.bitrix24.com/rest/7"
    assert token_key("http://127.0.0.1:8080") == "token http://127.0.0.1:8080"


def test_keyring_round_trip(dict_keyring) -> None:
    store = KeyringSecretStore()
    assert store.persistent and store.problem == ""
    key = webhook_key("https://p", 1)
    assert store.set(key, "k3secret9q") is True
    assert dict_keyring.passwords[(SERVICE, key)] == "k3secret9q"
    assert KeyringSecretStore().get(key) == "k3secret9q"  # a fresh store reads the keyring
    store.delete(key)
    assert (SERVICE, key) not in dict_keyring.passwords
    assert KeyringSecretStore().get(key) == ""


def test_empty_secret_forgets_the_entry(dict_keyring) -> None:
    store = KeyringSecretStore()
    store.set("token https://p", "abc")
    store.set("token https://p", "")
    assert dict_keyring.passwords == {}
    store.set("token https://q", "")  # nothing to delete: no error


def test_without_a_keyring_secrets_live_for_the_session_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    store = KeyringSecretStore()  # the autouse fixture made the fail backend active
    assert not store.persistent
    assert store.problem == NO_KEYRING_MESSAGE
    assert "never written to a file" in store.problem
    assert store.set("token https://p", "topsecret") is False
    assert store.get("token https://p") == "topsecret"  # still usable in this session
    assert KeyringSecretStore().get("token https://p") == ""  # but not persisted anywhere
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all("topsecret" not in p.read_text(errors="ignore") for p in written)


class _BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise RuntimeError("locked: s3cr3t")

    def set_password(self, service, username, password):
        raise RuntimeError(f"locked: {password}")

    def delete_password(self, service, username):
        raise RuntimeError("locked")


def test_a_broken_keyring_is_reported_without_echoing_the_secret() -> None:
    keyring.set_keyring(_BrokenKeyring())
    store = KeyringSecretStore()
    assert store.persistent
    assert store.set("token https://p", "s3cr3t") is False
    assert not store.persistent
    assert "RuntimeError" in store.problem and "s3cr3t" not in store.problem
    assert store.get("token https://p") == "s3cr3t"  # the session copy


def test_memory_store_repr_hides_secrets() -> None:
    store = MemorySecretStore()
    store.set("token https://p", "hidden-value")
    assert "hidden-value" not in repr(store)
    assert store.get("token https://p") == "hidden-value"


def test_a_second_thread_waits_for_the_keyring_verdict_instead_of_guessing(monkeypatch) -> None:
    from keyring.backends import fail

    entered, go = threading.Event(), threading.Event()

    def slow_get_keyring() -> fail.Keyring:  # a keyring that takes its time to answer
        entered.set()
        go.wait(timeout=5)
        return fail.Keyring()

    monkeypatch.setattr(keyring, "get_keyring", slow_get_keyring)
    store = KeyringSecretStore()
    answers: dict[str, str] = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", store.problem))
    first.start()
    assert entered.wait(5)  # the first thread is asking the backend
    second = threading.Thread(target=lambda: answers.setdefault("second", store.problem))
    second.start()
    go.set()
    first.join(5)
    second.join(5)
    assert answers == {"first": NO_KEYRING_MESSAGE, "second": NO_KEYRING_MESSAGE}


def test_a_memory_store_is_safe_from_many_threads() -> None:
    store = MemorySecretStore()
    start = threading.Barrier(8, timeout=5)

    def work(n: int) -> None:
        start.wait()
        for i in range(500):
            store.set(f"token https://p{n}/{i}", f"s{i}")
            store.delete(f"token https://p{n}/{i - 1}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert [store.get(f"token https://p{n}/499") for n in range(8)] == ["s499"] * 8
    assert repr(store) == "MemorySecretStore(8 entries)"
