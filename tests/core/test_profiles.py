"""core/profiles.py: named connections, the file without secrets, the secrets in the keyring."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core.errors import InputError
from core.http_env import EnvironmentSession, environment_only
from core.oauth import TokenPair
from core.profiles import (
    Profiles,
    ProfileSecrets,
    ca_session,
    chosen_profile,
    make_profile,
    secret_key,
)
from core.secret_store import SERVICE, MemorySecretStore

HOOK = "https://p.bitrix24.com/rest/7/k3secret9qx/"


def test_the_file_holds_no_secret_and_the_keyring_holds_them(dict_keyring, private_home) -> None:
    profiles = Profiles()
    profile, secrets = make_profile("work", HOOK)
    assert profiles.save(profile, secrets) is True
    text = profiles.path.read_text()
    assert "k3secret9qx" not in text
    assert json.loads(text)["profiles"][0]["address"] == "https://p.bitrix24.com/rest/7/"
    assert profiles.path.parent == private_home
    assert stat.S_IMODE(profiles.path.stat().st_mode) == 0o600
    entry = dict_keyring.passwords[(SERVICE, secret_key("work"))]
    assert json.loads(entry) == {"secret": "k3secret9qx"}
    connection = Profiles().connection("work")  # another instance: the file is read again
    assert connection.endpoint.base_url == HOOK


def test_token_profile_with_refresh_details_and_stored_tokens(dict_keyring) -> None:
    profiles = Profiles()
    profile, secrets = make_profile(
        "app",
        "p.bitrix24.com",
        "acc3ss7oken",
        client_id="local.1",
        client_secret="cl1entsecret",
        refresh_token="r3freshtok",
    )
    profiles.save(profile, secrets)
    text = profiles.path.read_text()
    for secret in ("acc3ss7oken", "cl1entsecret", "r3freshtok"):
        assert secret not in text
    oauth = profiles.connection("app").oauth()
    assert oauth is not None and oauth.refresh_token == "r3freshtok"
    assert profiles.store_tokens("app", TokenPair("n3waccess", "n3wrefresh")) is True
    again = profiles.connection("app")
    assert again.endpoint.token == "n3waccess"
    assert again.secrets.client_secret == "cl1entsecret"
    assert again.secrets.refresh_token == "n3wrefresh"


def test_bad_input_names_every_problem() -> None:
    with pytest.raises(InputError) as caught:
        make_profile("", HOOK, client_id="x")
    fields = {p.field for p in caught.value.problems}
    assert fields == {"profile", "client_id"}
    with pytest.raises(InputError) as caught:
        make_profile("a", "p.bitrix24.com", "tok3nvalue", client_id="x")  # not all three
    assert [p.field for p in caught.value.problems] == ["client_id"]
    with pytest.raises(InputError, match="control"):
        make_profile("a\nb", HOOK)


def test_ca_bundle_must_be_a_readable_file_and_is_used_to_verify(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        make_profile("x", HOOK, ca_bundle=str(tmp_path / "missing.pem"))
    assert caught.value.problems[0].field == "ca_bundle"
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    profile, _secrets = make_profile("x", HOOK, ca_bundle=str(pem))
    assert profile.ca_bundle == str(pem.resolve())
    session = ca_session(profile.ca_bundle)
    try:
        assert session.verify == str(pem.resolve())  # that file, never False
        if environment_only():  # the client's own kind: the environment read once (issue 10)
            assert isinstance(session, EnvironmentSession)
    finally:
        session.close()


def test_unknown_profile_is_input_error_naming_it() -> None:
    with pytest.raises(InputError, match="'nope'") as caught:
        Profiles().connection("nope")
    assert caught.value.problems[0].field == "profile"


def test_rename_moves_the_secrets_and_remove_forgets_them(dict_keyring) -> None:
    profiles = Profiles()
    profiles.save(*make_profile("a", HOOK))
    profiles.save(*make_profile("b", "https://q.bitrix24.com/rest/1/s3cretsecret/"))
    with pytest.raises(InputError, match="already"):
        profiles.rename("a", "b")
    profiles.rename("a", "c")
    assert profiles.names() == ["c", "b"]
    assert profiles.connection("c").endpoint.base_url == HOOK
    assert (SERVICE, secret_key("a")) not in dict_keyring.passwords
    profiles.remove("c")
    assert profiles.names() == ["b"]
    assert (SERVICE, secret_key("c")) not in dict_keyring.passwords
    with pytest.raises(InputError):
        profiles.remove("c")


def test_without_a_keyring_secrets_last_this_run_only_and_never_reach_a_file(
    private_home: Path,
) -> None:
    profiles = Profiles()  # the fail backend is active (tests/conftest.py)
    assert profiles.save(*make_profile("w", HOOK)) is False
    assert "keyring" in profiles.secrets.problem
    assert profiles.connection("w").endpoint.base_url == HOOK  # this run: memory
    for path in private_home.rglob("*"):
        if path.is_file():
            assert "k3secret9qx" not in path.read_text(errors="replace")
    later = Profiles()  # another run: the secret is gone, and the message says why
    with pytest.raises(InputError, match=r"no secret in the keyring.*keyring") as caught:
        later.connection("w")
    assert "k3secret9qx" not in str(caught.value)


def test_entries_with_a_secret_or_garbage_in_the_file_are_not_trusted(private_home) -> None:
    path = private_home / "profiles.json"
    path.write_text(
        json.dumps(
            {
                "profiles": [
                    {"name": "hand", "kind": "webhook", "address": HOOK},  # secret in the file
                    {"name": "bad", "kind": "token", "address": 5},
                    "junk",
                ]
            }
        )
    )
    profiles = Profiles(secrets=MemorySecretStore())
    assert profiles.entries() == []  # a secret in the file is not used, nor is garbage


def test_choosing_a_profile() -> None:
    env = {"B24NOTIFY_PROFILE": "envp"}
    assert chosen_profile("given", {}, env) == "given"
    assert chosen_profile(None, {}, env) == "envp"
    assert chosen_profile(None, {"--url": "u"}, env) == ""  # a typed address beats the variable
    with pytest.raises(InputError, match="not both"):
        chosen_profile("given", {"--url": "u"}, env)


def test_secrets_repr_masks() -> None:
    text = repr(ProfileSecrets("s3cretvalue1", "cl1entsecret", "r3freshtok"))
    assert "s3cretvalue1" not in text and "cl1entsecret" not in text
