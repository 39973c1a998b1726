"""Profiles: named connections shared by the command line and the window.

A profile is a name plus a connection (a webhook, or a portal and an access token), optionally with
OAuth refresh details (client id; the client secret and refresh token are secrets) and a CA bundle
file for an on-premise portal with its own certificate authority (``verify=`` that file; there is
no "do not verify").

The profiles file (``profiles.json`` in the settings folder, :func:`core.paths.config_dir`,
owner-only) holds no secret: a webhook is kept as ``https://portal/rest/1/``, a portal as
``https://portal``. The secrets of a profile (webhook secret or access token, client secret,
refresh token) are one keyring entry, ``profile <name>``, in the store of
:mod:`core.secret_store` (the system keyring; without one, memory for this run only).

The file is read again on every call, so a profile made by ``b24notify profile add`` appears in an
open window the next time it looks, and the other way round. Writes replace the file atomically.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.address import Endpoint, Kind, parse_endpoint, parse_saved_address
from core.errors import InputError, Problem
from core.i18n import _
from core.paths import config_dir, make_private, private_folder
from core.secrets import mask_secret

if TYPE_CHECKING:
    import requests

    from core.oauth import OAuthCredentials, TokenPair
    from core.secret_store import SecretStore

FILE_NAME = "profiles.json"
VERSION = 1
MAX_NAME = 64
MAX_FILE = 1024 * 1024  # a profiles file is a few KiB; anything far larger is not one
KEY_PREFIX = "profile "  # keyring entries: "profile <name>"


@dataclass(frozen=True)
class Profile:
    """What the profiles file keeps of a connection: never a secret.

    ``address`` is ``Endpoint.address_without_secret``; ``oauth_url`` is the OAuth server for
    refreshes ("" for the default); ``ca_bundle`` the path of a PEM file ("" for the system's).
    """

    name: str
    kind: Kind
    address: str
    client_id: str = ""
    oauth_url: str = ""
    ca_bundle: str = ""

    @property
    def masked_address(self) -> str:
        """The address as people see it in a list: no secret (there is none to mask)."""
        if self.kind == "webhook":
            return f"{self.address}…"
        return f"{self.address} (token)"

    def to_json(self) -> dict[str, str]:
        data = {"name": self.name, "kind": self.kind, "address": self.address}
        for key in ("client_id", "oauth_url", "ca_bundle"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True, repr=False)
class ProfileSecrets:
    """A profile's secrets: the webhook secret or the access token, and the refresh details."""

    secret: str = ""  # the webhook secret (webhook) or the access token (token)
    client_secret: str = ""
    refresh_token: str = ""

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(s for s in (self.secret, self.client_secret, self.refresh_token) if s)

    def to_text(self) -> str:
        data = {
            "secret": self.secret,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
        }
        return json.dumps({k: v for k, v in data.items() if v})

    @classmethod
    def from_text(cls, text: str) -> ProfileSecrets:
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        values = {k: data.get(k) for k in ("secret", "client_secret", "refresh_token")}
        return cls(**{k: v for k, v in values.items() if isinstance(v, str)})

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={mask_secret(getattr(self, k))!r}" for k in ("secret",))
        return f"ProfileSecrets({shown}, …)"


@dataclass(frozen=True, repr=False)
class Connection:
    """A profile ready to use: its endpoint (with its secret), the refresh details, the CA file."""

    profile: Profile
    endpoint: Endpoint
    secrets: ProfileSecrets

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def ca_bundle(self) -> str:
        return self.profile.ca_bundle

    def oauth(self) -> OAuthCredentials | None:
        """The refresh details, when the profile has all three (token profiles only)."""
        s = self.secrets
        if self.endpoint.kind != "token" or not (
            self.profile.client_id and s.client_secret and s.refresh_token
        ):
            return None
        from core.oauth import DEFAULT_OAUTH_URL, OAuthCredentials

        return OAuthCredentials(
            self.profile.client_id,
            s.client_secret,
            s.refresh_token,
            self.profile.oauth_url or DEFAULT_OAUTH_URL,
        )

    def __repr__(self) -> str:
        return f"Connection({self.profile.name!r}, {self.endpoint!r})"


# --- checks -------------------------------------------------------------------------------------
def check_name(name: Any) -> str:
    """The profile name, trimmed; ``InputError`` (field ``profile``) when it cannot be one."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise InputError([Problem("profile", _("a profile needs a name."))])
    if len(text) > MAX_NAME:
        message = _("a profile name is at most {n} characters.").format(n=MAX_NAME)
        raise InputError([Problem("profile", message)])
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InputError([Problem("profile", _("a profile name cannot hold control characters."))])
    return text


def check_ca_bundle(path: str) -> str:
    """The CA bundle's absolute path; ``InputError`` when it is not a readable file.

    Never an empty "do not verify": without a file, the system's certificate authorities apply.
    """
    text = path.strip() if isinstance(path, str) else ""
    if not text:
        return ""
    full = Path(text).expanduser()
    if not full.is_file() or not os.access(full, os.R_OK):
        message = _("{path} is not a readable file of certificates (PEM).").format(path=full)
        raise InputError([Problem("ca_bundle", message)])
    return str(full.resolve())


def make_profile(
    name: str,
    url: str,
    token: str = "",
    *,
    client_id: str = "",
    client_secret: str = "",
    refresh_token: str = "",
    oauth_url: str = "",
    ca_bundle: str = "",
) -> tuple[Profile, ProfileSecrets]:
    """A profile and its secrets from what a user typed; every problem in one ``InputError``."""
    problems: list[Problem] = []
    endpoint: Endpoint | None = None
    for check in (lambda: check_name(name), lambda: parse_endpoint(url, token)):
        try:
            value = check()
            endpoint = value if isinstance(value, Endpoint) else endpoint
        except InputError as error:
            problems += error.problems
    try:
        bundle = check_ca_bundle(ca_bundle)
    except InputError as error:
        problems += error.problems
    refresh = (client_id, client_secret, refresh_token)
    if any(refresh) and endpoint is not None and endpoint.kind != "token":
        message = _("refresh details go with an access token, not with a webhook.")
        problems.append(Problem("client_id", message))
    elif any(refresh) and not all(refresh):
        message = _("a refresh needs all three: client id, client secret and refresh token.")
        problems.append(Problem("client_id", message))
    if problems or endpoint is None:
        raise InputError(problems)
    profile = Profile(
        name.strip(),
        endpoint.kind,
        endpoint.address_without_secret,
        client_id.strip(),
        oauth_url.strip(),
        bundle,
    )
    secret = endpoint.secret if endpoint.kind == "webhook" else endpoint.token
    return profile, ProfileSecrets(secret, client_secret.strip(), refresh_token.strip())


def ca_session(ca_bundle: str) -> requests.Session:
    """A session that verifies TLS with ``ca_bundle`` (and never retries on its own), for
    ``core.client.Client(session=...)``; the caller closes it. The client's own kind of session
    (:func:`core.http_env.environment_session`: the environment's proxies read once, not on
    every call)."""
    from requests.adapters import HTTPAdapter

    from core.http_env import environment_session

    path = check_ca_bundle(ca_bundle)
    session = environment_session()
    session.verify = path or True
    adapter = HTTPAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def chosen_profile(given: str | None, typed: dict[str, Any], environ: dict[str, str]) -> str:
    """The profile a command uses: ``given`` (``--profile``), else ``$B24NOTIFY_PROFILE`` unless
    an address or token was typed (``typed``: option -> value); "" for none. A profile together
    with a typed address or token is a mistake (``InputError``)."""
    from core.constants import ENV_PROFILE

    name = (given or "").strip()
    options = [option for option, value in typed.items() if value]
    if name and options:
        message = _("give --profile or {options}, not both.").format(options=" / ".join(options))
        raise InputError([Problem("profile", message)])
    if name or options:
        return name
    return environ.get(ENV_PROFILE, "").strip()


def unknown_profile(name: str) -> InputError:
    return InputError(
        [Problem("profile", _("there is no profile named {name!r}.").format(name=name))]
    )


# --- the store ----------------------------------------------------------------------------------
class Profiles:
    """The profiles file and the keyring entries of its profiles.

    ``folder``: the settings folder (default :func:`core.paths.config_dir`); ``secrets``: where
    secrets go (default: the system keyring, memory for this run without one). Safe from any
    thread; the file is read again on each call.
    """

    def __init__(self, folder: Path | None = None, secrets: SecretStore | None = None) -> None:
        self._folder = folder
        if secrets is None:
            from core.secret_store import KeyringSecretStore

            secrets = KeyringSecretStore()
        self.secrets = secrets

    @property
    def path(self) -> Path:
        return (self._folder or config_dir()) / FILE_NAME

    # -- the file -------------------------------------------------------------------------------
    def _read(self) -> list[Profile]:
        path = self.path
        try:
            with open(path, "rb") as fh:
                data = json.loads(fh.read(MAX_FILE + 1)[:MAX_FILE] or b"{}")
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            message = _("the profiles file {path} cannot be read ({error}).").format(
                path=path, error=type(exc).__name__
            )
            raise InputError([Problem("profile", message)]) from None
        found: list[Profile] = []
        for item in data.get("profiles", []) if isinstance(data, dict) else []:
            profile = _from_json(item)
            if profile is not None and all(p.name != profile.name for p in found):
                found.append(profile)
        return found

    def _write(self, profiles: list[Profile]) -> None:
        path = self.path
        private_folder(path.parent)
        data = {"version": VERSION, "profiles": [p.to_json() for p in profiles]}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, path)
        make_private(path, 0o600)

    # -- reading --------------------------------------------------------------------------------
    def entries(self) -> list[Profile]:
        """Every profile, in the file's order (the order they were added)."""
        return self._read()

    def names(self) -> list[str]:
        return [p.name for p in self._read()]

    def get(self, name: str) -> Profile:
        """The profile called ``name``; ``InputError`` naming it when there is none."""
        for profile in self._read():
            if profile.name == name.strip():
                return profile
        raise unknown_profile(name)

    def secrets_of(self, name: str) -> ProfileSecrets:
        """The profile's secrets from the keyring (empty when it holds none)."""
        return ProfileSecrets.from_text(self.secrets.get(secret_key(name)))

    def connection(self, name: str) -> Connection:
        """The profile ready to use; ``InputError`` when it is unknown or its secret is missing."""
        profile = self.get(name)
        secrets = self.secrets_of(profile.name)
        saved = parse_saved_address(profile.address)
        if saved is None or not secrets.secret:
            what = _("secret") if profile.kind == "webhook" else _("access token")
            message = _("the profile {name!r} has no {what} in the keyring.").format(
                name=profile.name, what=what
            )
            problem = self.secrets.problem
            if problem:
                message += " " + problem
            else:
                message += " " + _("Add it again with b24notify profile add.")
            raise InputError([Problem("profile", message)])
        return Connection(profile, saved.with_secret(secrets.secret), secrets)

    # -- writing --------------------------------------------------------------------------------
    def save(self, profile: Profile, secrets: ProfileSecrets | None = None) -> bool:
        """Add ``profile`` (or replace the one of that name) and keep its secrets.

        The secrets go to the keyring only. True when they will outlive this run (False without a
        usable keyring: :attr:`secrets` ``.problem`` says why). ``secrets=None`` keeps the
        profile's current secrets.
        """
        profile = replace(profile, name=check_name(profile.name))
        profiles = [p for p in self._read() if p.name != profile.name]
        profiles.append(profile)
        kept = True
        if secrets is not None:
            kept = self.secrets.set(secret_key(profile.name), secrets.to_text())
        self._write(profiles)
        return kept

    def remove(self, name: str) -> None:
        """Forget the profile and its keyring entry; ``InputError`` when there is none."""
        profile = self.get(name)
        self._write([p for p in self._read() if p.name != profile.name])
        self.secrets.delete(secret_key(profile.name))

    def rename(self, old: str, new: str) -> Profile:
        """Give a profile another name (its secrets move with it)."""
        profile = self.get(old)
        name = check_name(new)
        if name == profile.name:
            return profile
        if name in self.names():
            message = _("there is already a profile named {name!r}.").format(name=name)
            raise InputError([Problem("profile", message)])
        secrets = self.secrets.get(secret_key(profile.name))
        renamed = replace(profile, name=name)
        profiles = [renamed if p.name == profile.name else p for p in self._read()]
        if secrets:
            self.secrets.set(secret_key(name), secrets)
        self._write(profiles)
        self.secrets.delete(secret_key(profile.name))
        return renamed

    def store_tokens(self, name: str, pair: TokenPair) -> bool:
        """Keep a refreshed token pair in the profile's keyring entry (the old refresh token
        stops working once used). True when it will outlive this run."""
        current = self.secrets_of(name)
        fresh = replace(
            current,
            secret=pair.access_token or current.secret,
            refresh_token=pair.refresh_token or current.refresh_token,
        )
        return self.secrets.set(secret_key(name), fresh.to_text())


def secret_key(name: str) -> str:
    """The keyring entry of a profile's secrets: ``profile <name>``."""
    return KEY_PREFIX + name.strip()


def _from_json(item: Any) -> Profile | None:
    """A profile from the file, or None for an entry this version cannot use."""
    if not isinstance(item, dict):
        return None
    values = {k: item.get(k, "") for k in ("name", "kind", "address", "client_id", "oauth_url")}
    values["ca_bundle"] = item.get("ca_bundle", "")
    if not all(isinstance(v, str) for v in values.values()):
        return None
    saved = parse_saved_address(values["address"])
    if saved is None or saved.kind != values["kind"] or not values["name"].strip():
        return None
    values["address"] = saved.address_without_secret  # whatever else was there never comes back
    return Profile(**values)
