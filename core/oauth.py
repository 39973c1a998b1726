"""OAuth 2.0 token refresh for portals reached with an app's access token.

Bitrix24 access tokens live an hour. On ``expired_token`` the client asks the OAuth server for a new
pair once, repeats the call, and hands the pair to a callback so the caller can store it (the old
refresh token stops working). The client secret only ever goes to the OAuth server, never to
the portal.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import requests

from core.bounded_answer import AnswerTooLarge, BoundedReader
from core.errors import CredentialsError, NotSentError, portal_error
from core.i18n import _
from core.logs import logger
from core.secrets import Redactor, mask_secret

if TYPE_CHECKING:
    from collections.abc import Callable

log = logger("b24notify.oauth")

# The Russian docs and b24pysdk >= 1.0 use this host; the English docs use oauth.bitrix.info.
DEFAULT_OAUTH_URL = "https://oauth.bitrix24.tech/oauth/token/"


@dataclass(frozen=True, repr=False)
class OAuthCredentials:
    """What a refresh needs: the app's client id and secret and the current refresh token."""

    client_id: str
    client_secret: str
    refresh_token: str
    server_url: str = DEFAULT_OAUTH_URL

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.client_secret, self.refresh_token) if s)

    def __repr__(self) -> str:
        return (
            f"OAuthCredentials(client_id={self.client_id!r}, "
            f"client_secret={mask_secret(self.client_secret)!r}, "
            f"refresh_token={mask_secret(self.refresh_token)!r}, server_url={self.server_url!r})"
        )


@dataclass(frozen=True, repr=False)
class TokenPair:
    """A fresh access token and the refresh token that replaces the old one (store both)."""

    access_token: str
    refresh_token: str
    expires: float | None = None
    client_endpoint: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"TokenPair(access_token={mask_secret(self.access_token)!r}, "
            f"refresh_token={mask_secret(self.refresh_token)!r}, expires={self.expires!r})"
        )


class TokenRefresher:
    """Refreshes a token pair; a lock makes concurrent refreshes collapse into one."""

    def __init__(
        self,
        credentials: OAuthCredentials,
        session: requests.Session,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        on_tokens: Callable[[TokenPair], None] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._credentials = credentials
        self._session = session
        self._timeout = timeout
        self._on_tokens = on_tokens
        self._headers = dict(headers or {})
        self._lock = threading.Lock()
        self._latest: TokenPair | None = None

    @property
    def credentials(self) -> OAuthCredentials:
        return self._credentials

    @property
    def latest(self) -> TokenPair | None:
        """The last pair this refresher obtained (``None`` before the first refresh)."""
        return self._latest

    def refresh(self, expired_access_token: str, secrets: tuple[str, ...] = ()) -> TokenPair:
        """Get a new pair, unless another thread already replaced ``expired_access_token``."""
        with self._lock:
            latest = self._latest
            if latest is not None and latest.access_token != expired_access_token:
                return latest
            pair = self._request(secrets)
            self._latest = pair
            self._credentials = replace(self._credentials, refresh_token=pair.refresh_token)
        if self._on_tokens is not None:
            try:
                self._on_tokens(pair)
            except Exception:  # storing must not turn a delivered refresh into a failed send
                log.warning("the on_tokens callback failed; the new tokens were not stored")
        return pair

    def _request(self, extra_secrets: tuple[str, ...]) -> TokenPair:
        creds = self._credentials
        redactor = Redactor((*creds.secrets, *extra_secrets))
        params = {
            "grant_type": "refresh_token",
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "refresh_token": creds.refresh_token,
        }
        log.info("refreshing the access token at %s", creds.server_url)
        failure: NotSentError | None = None
        reader = BoundedReader()  # the answer, up to 16 MiB (core.bounded_answer)
        try:
            response = self._session.get(
                creds.server_url,
                params=params,
                headers=self._headers,
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
                hooks={"response": reader},
            )
        except AnswerTooLarge:
            failure = NotSentError(
                _(
                    "The OAuth server's answer is larger than {mib} MiB; the token was not "
                    "refreshed and nothing was sent"
                ).format(mib=f"{reader.limit / 2**20:g}"),
                advice=_("Check the OAuth server address (it ends with /oauth/token/)."),
            )
        except requests.RequestException as exc:
            # The notification itself was refused with expired_token, so nothing was created.
            failure = NotSentError(
                _("Could not reach the OAuth server to refresh the token; nothing was sent"),
                explanation=redactor.scrub(f"{type(exc).__name__}: {exc}"),
                advice=_("Check the OAuth server address and the network, then try again."),
            )
        if failure is not None:
            # Outside the except block: requests' exception (its URL holds the client secret and
            # the refresh token) must not stay reachable as __context__.
            raise failure
        text = reader.body.decode("utf-8", errors="replace")
        try:
            data = json.loads(text) if text.strip() else None
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise NotSentError(
                _(
                    "The OAuth server answered HTTP {status} without JSON; "
                    "the token was not refreshed and nothing was sent"
                ).format(status=response.status_code),
                advice=_("Check the OAuth server address (it ends with /oauth/token/)."),
            )
        if data.get("error"):
            code = str(data["error"])
            err = portal_error(
                code, redactor.scrub(str(data.get("error_description", ""))), response.status_code
            )
            raise CredentialsError(
                _("Could not refresh the access token: {error}").format(error=err),
                code=code,
                description=err.description,
                http_status=response.status_code,
                explanation=err.explanation,
                advice=err.advice,
            )
        access, refresh = data.get("access_token"), data.get("refresh_token")
        if not isinstance(access, str) or not access or not isinstance(refresh, str):
            raise NotSentError(
                _("The OAuth server's answer has no access_token; nothing was sent"),
                advice=_("Check the OAuth server address (it ends with /oauth/token/)."),
            )
        expires = data.get("expires")
        if not isinstance(expires, (int, float)) and isinstance(data.get("expires_in"), int):
            expires = time.time() + data["expires_in"]
        return TokenPair(
            access_token=access,
            refresh_token=refresh,
            expires=float(expires) if isinstance(expires, (int, float)) else None,
            client_endpoint=str(data.get("client_endpoint") or ""),
            raw=data,
        )
