"""Who lives on the sandbox portal: seeded people, webhooks, the app and its tokens.

The same names come back on every start (tests and screenshots stay stable); secrets are random
per portal unless one is given.
"""

from __future__ import annotations

import secrets as _secrets
import string
from dataclasses import dataclass, field
from typing import Any

from core.sandbox.people import DEPARTMENTS, Department, generated_ids, generated_person

IM_SCOPES = ("im", "user", "user_basic", "user_brief", "department")
LIMITED_SCOPES = ("user", "user_basic", "user_brief")
PORTAL_SCOPES = (
    "im",
    "user",
    "user_basic",
    "user_brief",
    "department",
    "crm",
    "task",
    "disk",
    "log",
)
ACCESS_TOKEN_LIFETIME = 3600
"""Seconds an access token issued by the OAuth endpoint lives (one hour, as the OAuth docs say)."""

_SEED: tuple[tuple[str, str, str, str, bool, bool], ...] = (
    # NAME, LAST_NAME, WORK_POSITION, PERSONAL_GENDER, ACTIVE, ADMIN
    ("Alexandra", "Petrova", "Portal administrator", "F", True, True),
    ("Boris", "Ivanov", "Backend developer", "M", True, False),
    ("Chen", "Wei", "Product designer", "M", True, False),
    ("Dana", "Smith", "Sales manager", "F", True, False),
    ("Emil", "Novak", "Support engineer", "M", True, False),
    ("Fatima", "Khan", "Accountant", "F", True, False),
    ("Georg", "Müller", "Former logistics lead", "M", False, False),
    ("Hana", "Sato", "QA engineer", "F", True, False),
    ("Иван", "Кузнецов", "Системный администратор", "M", True, False),
)
_DEPARTMENTS = {d.id: d.name for d in DEPARTMENTS}
_USER_DEPARTMENT = {1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 5, 7: 3, 8: 2, 9: 4}

ADMIN_ID = 1
INACTIVE_ID = 7
APP_CLIENT_ID = "local.65f0c0ffee0b24.00000001"
APP_NAME = "Sandbox App"
"""The sandbox app's name: ``im.notify.system.add`` with its token shows it above the text."""


def random_code(length: int = 16) -> str:
    """A webhook-style code: lowercase letters and digits."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(_secrets.choice(alphabet) for _ in range(length))


def random_token() -> str:
    """An access/refresh token shaped like Bitrix ones (hex)."""
    return _secrets.token_hex(35)


@dataclass(frozen=True)
class User:
    """One person on the portal."""

    id: int
    name: str
    last_name: str
    position: str
    gender: str
    active: bool
    admin: bool
    department: int

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.name.lower()}.{self.last_name.lower()}@sandbox.example"

    def as_rest(self) -> dict[str, Any]:
        """The ``user.get`` shape: IDs as strings, as the portal sends them."""
        return {
            "ID": str(self.id),
            "ACTIVE": self.active,
            "NAME": self.name,
            "LAST_NAME": self.last_name,
            "SECOND_NAME": "",
            "EMAIL": self.email,
            "WORK_POSITION": self.position,
            "PERSONAL_GENDER": self.gender,
            "PERSONAL_PHOTO": "",
            "UF_DEPARTMENT": [self.department],
            "IS_ONLINE": "N",
            "USER_TYPE": "employee",
            "TIME_ZONE": "",
        }

    def as_im(self) -> dict[str, Any]:
        """The ``im.search.user.list`` shape (lower-case keys, int id)."""
        return {
            "id": self.id,
            "active": self.active,
            "name": self.full_name,
            "first_name": self.name,
            "last_name": self.last_name,
            "work_position": self.position,
            "color": "#df532d",
            "avatar": "",
            "gender": self.gender,
            "birthday": "",
            "extranet": False,
            "network": False,
            "bot": False,
            "connector": False,
            "external_auth_id": "default",
            "status": "online",
            "idle": False,
            "last_activity_date": False,
            "desktop_last_date": False,
            "mobile_last_date": False,
            "departments": [self.department],
            "absent": False,
        }

    def as_dict(self) -> dict[str, Any]:
        """For Python inspection (``SandboxPortal.users()``)."""
        return {
            "id": self.id,
            "name": self.full_name,
            "first_name": self.name,
            "last_name": self.last_name,
            "position": self.position,
            "active": self.active,
            "admin": self.admin,
            "department": _DEPARTMENTS[self.department],
        }

    def searchable(self) -> str:
        return " ".join(
            (self.name, self.last_name, self.position, _DEPARTMENTS[self.department])
        ).casefold()


@dataclass(frozen=True)
class Credential:
    """Who a call acts as: a webhook or a token, with its scopes and (for apps) its client id."""

    kind: str  # "webhook" | "token"
    user_id: int
    scopes: tuple[str, ...]
    client_id: str = ""


@dataclass
class Directory:
    """Users, webhooks and tokens. Mutable parts (tokens) change only under the portal lock."""

    secret: str
    limited_secret: str = field(default_factory=random_code)
    app_token: str = field(default_factory=random_token)
    expired_token: str = field(default_factory=random_token)
    refresh_token: str = field(default_factory=random_token)
    client_secret: str = field(default_factory=lambda: _secrets.token_urlsafe(30))
    client_id: str = APP_CLIENT_ID
    app_name: str = APP_NAME
    users: dict[int, User] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    extra_users: int = 0  # generated people after the seeded ones (``--users N``)
    # secret -> credential: the admin's two seeded webhooks, then any from add_webhook()
    webhooks: dict[str, Credential] = field(default_factory=dict)
    # token -> (credential, expires_at or None)
    tokens: dict[str, tuple[Credential, float | None]] = field(default_factory=dict)
    refresh_tokens: set[str] = field(default_factory=set)
    _initial_refresh: str = ""

    def __post_init__(self) -> None:
        for i, (name, last, pos, gender, active, admin) in enumerate(_SEED, start=1):
            self.users[i] = User(i, name, last, pos, gender, active, admin, _USER_DEPARTMENT[i])
        for user_id in generated_ids(max(self.users), self.extra_users):
            name, last, pos, gender, active, dept = generated_person(user_id)
            self.users[user_id] = User(user_id, name, last, pos, gender, active, False, dept)
        self.departments = {d.id: d for d in DEPARTMENTS}
        self.webhooks[self.secret] = Credential("webhook", ADMIN_ID, IM_SCOPES)
        self.webhooks[self.limited_secret] = Credential("webhook", ADMIN_ID, LIMITED_SCOPES)
        self._initial_refresh = self.refresh_token
        self.reset_tokens()

    def add_webhook(self, user_id: int, scopes: tuple[str, ...], secret: str = "") -> str:
        """Register another incoming webhook of ``user_id``; returns its secret."""
        if user_id not in self.users:
            raise ValueError(f"user {user_id} does not exist on the sandbox portal")
        if not scopes or not all(isinstance(s, str) and s for s in scopes):
            raise ValueError("scopes must be a non-empty list of scope names, such as ('im',)")
        secret = secret or random_code()
        if not (secret.isascii() and secret.isalnum()) or secret in self.webhooks:  # see is_secret
            raise ValueError("a webhook secret must be new and made of letters and digits")
        self.webhooks[secret] = Credential("webhook", user_id, tuple(scopes))
        return secret

    def app_credential(self) -> Credential:
        return Credential("token", ADMIN_ID, IM_SCOPES, self.client_id)

    def reset_tokens(self) -> None:
        """Back to the seeded tokens: the app token, the expired one and the first refresh token."""
        self.tokens = {
            self.app_token: (self.app_credential(), None),
            self.expired_token: (self.app_credential(), 0.0),
        }
        self.refresh_token = self._initial_refresh
        self.refresh_tokens = {self.refresh_token}

    def issue(self, now: float) -> tuple[str, str]:
        """A fresh access token (one hour) and refresh token; the used refresh token is spent."""
        access, refresh = random_token(), random_token()
        self.tokens[access] = (self.app_credential(), now + ACCESS_TOKEN_LIFETIME)
        if len(self.tokens) > 200:  # bounded: drop the oldest issued tokens, keep the seeded ones
            for old in list(self.tokens)[2:-100]:
                del self.tokens[old]
        self.refresh_tokens = {refresh}
        self.refresh_token = refresh
        return access, refresh

    def all_secrets(self) -> list[str]:
        """Every secret the portal knows, for scrubbing free text."""
        return [
            *self.webhooks,
            self.client_secret,
            *self.tokens,
            *self.refresh_tokens,
            self._initial_refresh,
        ]
