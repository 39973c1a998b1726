"""Where a call goes: a webhook URL, or a portal address plus an access token.

People paste addresses in many spellings (with or without scheme, trailing slash, method name or
``.json``). ``parse_endpoint`` accepts all of them, refuses what cannot work with a plain-language
reason, and never rewrites the host the way OPI does (it strips ``www.`` and forces https).
"""

from __future__ import annotations

from functools import cache

from core.constants import (
    ASCII_LETTERS,
    DIGITS,
    MAX_USER_ID,
    is_ascii_digits,
    is_method_name,
)
from core.problems import InputError, Problem
from core.record import Record, init
from core.secrets import mask_secret

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator
    from typing import Literal

    Kind = Literal["webhook", "token"]
    Scheme = Literal["https", "http"]
else:
    Kind = Scheme = str

WEBHOOK_EXAMPLE = "https://your-portal.bitrix24.com/rest/1/abc123secret/"

_ONLY_HTTP = (
    "only http:// and https:// addresses are accepted (https:// for a cloud portal); "
    f"give the webhook URL, such as {WEBHOOK_EXAMPLE}"
)
_MASK_MARKS = ("…", "***", "%E2%80%A6", "%e2%80%a6")

# The shapes below are string code, each with the pattern it stands for (tests/core/test_address.py
# holds them to it): a module-level re.compile costs on every command line and before the
# window's first paint (issue 10). Patterns "matched at the start" end with ``$``, which allows a
# final newline: ``_dollar`` drops one the same way.
_SCHEME_CHARS = ASCII_LETTERS + DIGITS + "+.-"
_OTHER_SCHEME_CHARS = ASCII_LETTERS + DIGITS + "+-"
_HOST_PUNCTUATION = "_-"
# Bitrix secrets are letters and digits; allow URL-unreserved characters, refuse masks like "*****".
_SECRET_CHARS = ASCII_LETTERS + DIGITS + "._~%-"


def _dollar(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def _has_scheme(text: str) -> bool:
    """``^([A-Za-z][A-Za-z0-9+.-]*)://``: a scheme and its two slashes."""
    at = text.find("://")
    return at >= 1 and text[0] in ASCII_LETTERS and not text[1:at].strip(_SCHEME_CHARS)


def _other_scheme(text: str) -> str | None:
    """The scheme of "javascript:alert(1)", "data:text/html,...", "file:/etc/passwd", "mailto:x"
    (a scheme without "//"), or None. Not "portal.example:8080/..." or "localhost:8080" (a host
    and its port): ``^([A-Za-z][A-Za-z0-9+-]*):(?![0-9]+(?:[/?#]|$))``, group 1."""
    if not text or text[0] not in ASCII_LETTERS:
        return None
    end = 1
    while end < len(text) and text[end] in _OTHER_SCHEME_CHARS:
        end += 1
    if text[end : end + 1] != ":":
        return None
    rest = text[end + 1 :]
    digits = len(rest) - len(rest.lstrip(DIGITS))
    if digits and (digits == len(rest) or rest[digits] in "/?#" or rest[digits:] == "\n"):
        return None  # a port
    return text[:end]


def _is_host(host: str) -> bool:
    """One DNS label or more (letters in any script, digits, hyphen, underscore), dots between
    them, a final dot allowed: ``^[\\w-]+(?:\\.[\\w-]+)*\\.?$`` (``\\w`` is ``str.isalnum()`` or
    ``_``: both are Py_UNICODE_ISALNUM)."""
    host = _dollar(host)
    if host.endswith("."):
        host = host[:-1]
    return all(
        label and all(c.isalnum() or c in _HOST_PUNCTUATION for c in label)
        for label in host.split(".")
    )


def _is_secret_text(secret: str) -> bool:
    """``^[A-Za-z0-9._~%-]+$``."""
    secret = _dollar(secret)
    return bool(secret) and not secret.strip(_SECRET_CHARS)


@cache
def _ipv6() -> re.Pattern[str]:
    """A bracketed IPv6 host; compiled on first use (few addresses have one)."""
    import re

    return re.compile(r"^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\]$")


def _has_control(text: str) -> bool:
    """True if ``text`` holds a character of Unicode category C: control (NUL, ESC, DEL...),
    format (zero-width space, BOM), surrogate, private use or unassigned."""
    if text.isprintable():  # none of category C (nor Z but the space) among its characters
        return False
    import unicodedata  # the same Unicode database as str's methods

    return any(unicodedata.category(c).startswith("C") for c in text)


def _usable_secret(secret: str) -> bool:
    """URL-safe characters only, and nothing that decodes (``%00``) to a control character."""
    if not _is_secret_text(secret):
        return False
    if "%" in secret:  # urllib.parse.unquote returns text without "%" as it is
        from urllib.parse import unquote

        secret = unquote(secret)
    return not _has_control(secret)


def _problem(message: str, fld: str = "url") -> InputError:
    return InputError([Problem(fld, message)])


class Endpoint(Record):
    """A parsed address: everything needed to build ``<base><method>`` and nothing more.

    ``repr``/``str`` are masked; ``base_url`` and ``method_url`` contain the secret (they are what
    goes on the wire) and must only be handed to the transport. Frozen, compared by value
    (:class:`core.record.Record`).
    """

    __slots__ = _fields = ("kind", "scheme", "host", "user_id", "secret", "token", "prefix")
    kind: Kind
    scheme: Scheme
    host: str
    user_id: int | None
    secret: str
    token: str
    # Path in front of ``/rest/`` (normally empty), so a portal behind a path prefix still works.
    prefix: str

    def __init__(
        self,
        kind: Kind,
        scheme: Scheme,
        host: str,
        user_id: int | None = None,
        secret: str = "",
        token: str = "",
        prefix: str = "",
    ) -> None:
        init(self, kind, scheme, host, user_id, secret, token, prefix)

    # --- URLs ---------------------------------------------------------------------------------
    @property
    def portal_url(self) -> str:
        """``https://portal`` (plus the path prefix, if any); never contains a secret."""
        return f"{self.scheme}://{self.host}{self.prefix}"

    @property
    def base_url(self) -> str:
        """``https://portal/rest/1/<secret>/`` or ``https://portal/rest/`` (token mode). Secret!"""
        if self.kind == "webhook":
            return f"{self.portal_url}/rest/{self.user_id}/{self.secret}/"
        return f"{self.portal_url}/rest/"

    @property
    def masked_base_url(self) -> str:
        """``base_url`` with the webhook secret masked: ``https://portal/rest/1/ab…yz/``."""
        if self.kind == "webhook":
            return f"{self.portal_url}/rest/{self.user_id}/{mask_secret(self.secret)}/"
        return self.base_url

    def method_url(self, method: str) -> str:
        """The URL a method is POSTed to (contains the webhook secret)."""
        return self.base_url + method.strip()

    def masked_method_url(self, method: str) -> str:
        """The URL a method is POSTed to, with the secret masked (for display and logs)."""
        return self.masked_base_url + method.strip()

    # --- without the secret --------------------------------------------------------------------
    @property
    def saved(self) -> SavedAddress:
        """This address without its secret or token: what may be kept in a settings file."""
        return SavedAddress(self.kind, self.scheme, self.host, self.user_id, self.prefix)

    @property
    def address_without_secret(self) -> str:
        """``https://portal/rest/1/`` for a webhook; the portal (``https://portal``) for a token."""
        return self.saved.address_without_secret

    @property
    def keyring_key(self) -> str:
        """The name the secret (or token) is kept under: ``webhook https://portal/rest/1``."""
        return self.saved.keyring_key

    # --- secrets and display ------------------------------------------------------------------
    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret this endpoint carries, for a ``core.secrets.Redactor``."""
        return tuple(s for s in (self.secret, self.token) if s)

    @property
    def masked_token(self) -> str:
        return mask_secret(self.token) if self.token else ""

    def display(self, reveal: bool = False) -> str:
        """One line for people: the masked webhook URL, or the portal plus a masked token."""
        if self.kind == "webhook":
            return self.base_url if reveal else self.masked_base_url
        token = self.token if reveal else self.masked_token
        return f"{self.base_url} (token {token})"

    def __repr__(self) -> str:
        return f"Endpoint({self.display()!r})"

    def __str__(self) -> str:
        return self.display()

    # --- redirects ----------------------------------------------------------------------------
    def with_location(self, location_url: str) -> Endpoint:
        """The endpoint a redirect points to: same credentials, the new scheme/host (and path).

        Portals that moved to a new address answer 301/302 with a ``Location`` such as
        ``https://new-portal/rest/1/<secret>/im.notify.personal.add``. If the Location carries a
        full webhook path, its user id, secret and prefix are taken; otherwise only the origin
        changes.
        Relative Locations are resolved against the current base URL.
        """
        from urllib.parse import urljoin  # a redirect: seldom

        absolute = urljoin(self.base_url, location_url.strip())
        parts = _split(absolute)
        scheme, host = _origin(parts)
        segments = [s for s in parts.path.split("/") if s]
        try:
            rest_at = segments.index("rest")
        except ValueError:
            rest_at = -1
        if rest_at < 0:
            return Endpoint(self.kind, scheme, host, self.user_id, self.secret, self.token, "")
        prefix = _prefix(segments[:rest_at])
        after = segments[rest_at + 1 :]
        if self.kind == "webhook" and len(after) >= 2 and is_ascii_digits(after[0]):
            user_id = int(after[0])
            if 0 < user_id <= MAX_USER_ID and _usable_secret(after[1]):
                return Endpoint("webhook", scheme, host, user_id, after[1], "", prefix)
        return Endpoint(self.kind, scheme, host, self.user_id, self.secret, self.token, prefix)


class SavedAddress(Record):
    """An address as a settings file keeps it: everything of an Endpoint but the secret.

    A webhook reads ``https://portal/rest/1/`` (the secret cut off after the user id); a portal
    for a token reads ``https://portal`` (with ``/rest/`` when it sits behind a path prefix, so it
    parses to the same portal again). ``with_secret`` completes it into an Endpoint.
    """

    __slots__ = _fields = ("kind", "scheme", "host", "user_id", "prefix")
    kind: Kind
    scheme: Scheme
    host: str
    user_id: int | None
    prefix: str

    def __init__(
        self,
        kind: Kind,
        scheme: Scheme,
        host: str,
        user_id: int | None = None,
        prefix: str = "",
    ) -> None:
        init(self, kind, scheme, host, user_id, prefix)

    @property
    def portal_url(self) -> str:
        """``https://portal`` (plus the path prefix, if any)."""
        return f"{self.scheme}://{self.host}{self.prefix}"

    @property
    def address_without_secret(self) -> str:
        if self.kind == "webhook":
            return f"{self.portal_url}/rest/{self.user_id}/"
        return f"{self.portal_url}/rest/" if self.prefix else self.portal_url

    @property
    def keyring_key(self) -> str:
        """``webhook https://portal/rest/1`` or ``token https://portal``; never a secret."""
        if self.kind == "webhook":
            return f"webhook {self.portal_url}/rest/{self.user_id}"
        return f"token {self.portal_url}"

    def with_secret(self, secret: str) -> Endpoint:
        """The Endpoint with its webhook secret (or token) put back; ``InputError`` if unusable."""
        if not isinstance(secret, str) or not secret.strip():
            what = "secret" if self.kind == "webhook" else "token"
            raise _problem(f"the {what} is empty.", "url" if self.kind == "webhook" else "token")
        if self.kind == "webhook":
            if "/" in secret:
                raise _problem(
                    "the webhook secret contains characters a webhook secret cannot have."
                )
            return parse_endpoint(f"{self.address_without_secret}{secret.strip()}/")
        return parse_endpoint(self.address_without_secret, secret)


_PLACEHOLDER = "placeholder"  # stands in for the secret the saved address does not hold


def _is_saved_webhook(text: str) -> bool:
    """A webhook address as a settings file keeps it, the secret cut off after the user id:
    ``/rest/[0-9]+/$`` found anywhere."""
    text = _dollar(text)
    if not text.endswith("/"):
        return False
    head, slash, digits = text[:-1].rpartition("/")
    return bool(slash) and head.endswith("/rest") and digits.isascii() and digits.isdigit()


def parse_saved_address(address: str) -> SavedAddress | None:
    """Read back an address without its secret (``Endpoint.address_without_secret``).

    ``https://portal/rest/1/`` is a webhook's, a portal address alone (``your.bitrix24.com``) a
    token's. Anything else gives ``None``: text that does not parse, and a full webhook URL (it
    carries its secret, so nothing needs to be looked up).
    """
    text = address.strip() if isinstance(address, str) else ""
    if not text:
        return None
    try:
        if _is_saved_webhook(text):
            return parse_endpoint(text + _PLACEHOLDER + "/").saved
        return parse_endpoint(text, _PLACEHOLDER).saved
    except InputError:
        return None


# --- parsing ----------------------------------------------------------------------------------
class _Parts:
    """The five parts ``urllib.parse.urlsplit`` gives."""

    __slots__ = ("fragment", "netloc", "path", "query", "scheme")

    def __init__(self, scheme: str, netloc: str, path: str, query: str, fragment: str) -> None:
        self.scheme, self.netloc, self.path = scheme, netloc, path
        self.query, self.fragment = query, fragment

    def __iter__(self) -> Iterator[str]:
        return iter((self.scheme, self.netloc, self.path, self.query, self.fragment))


def split_url(text: str) -> _Parts:
    """``urllib.parse.urlsplit(text)``, worked out here for the usual address: printable ASCII
    without spaces or brackets, where urlsplit's clean-up (C0 controls, tabs, newlines), its IPv6
    check and its NFKC check of the host change nothing; the same steps as Python 3.11's
    urlsplit (tests/core/test_address.py compares the two). Any other text goes to urlsplit
    itself. ``urllib.parse`` imports ``ipaddress``: ~11 M instructions on each dry run, a
    third of what the dry run spends beyond ``python -c pass`` (issue 10)."""
    if not (text.isascii() and text.isprintable()) or " " in text or "[" in text or "]" in text:
        from urllib.parse import urlsplit as split

        return _Parts(*split(text))
    scheme = netloc = query = fragment = ""
    url = text
    colon = url.find(":")
    if colon > 0 and url[0] in ASCII_LETTERS and not url[:colon].strip(_SCHEME_CHARS):
        scheme, url = url[:colon].lower(), url[colon + 1 :]
    if url[:2] == "//":
        end = len(url)
        for delimiter in "/?#":
            at = url.find(delimiter, 2)
            if at >= 0:
                end = min(end, at)
        netloc, url = url[2:end], url[end:]
    if "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    return _Parts(scheme, netloc, url, query, fragment)


def _split(text: str) -> _Parts:
    try:
        return split_url(text)
    except ValueError:  # "Invalid IPv6 URL", odd characters in the host...
        pass
    # Raised here, not in the except block: urllib's text may quote the host part (with a user
    # name and password, if any), so it goes neither into the message nor into __context__.
    raise _problem("this is not a valid web address (the host part is malformed).")


def _origin(parts: _Parts) -> tuple[Scheme, str]:
    """Check and return (scheme, host[:port]) of an absolute URL; the host is lower-cased only."""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _problem(_ONLY_HTTP)
    netloc = parts.netloc
    if "@" in netloc:
        raise _problem("the address must not contain a user name or password before the host.")
    if not netloc:
        raise _problem(f"the address has no portal host; it should look like {WEBHOOK_EXAMPLE}")
    host, port = netloc, ""
    if netloc.startswith("["):
        end = netloc.find("]")
        host, rest = netloc[: end + 1], netloc[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            raise _problem(f"{netloc!r} is not a valid host.")
        port = rest[1:] if rest else ""
        has_port = bool(rest)
        if not _ipv6().match(host):
            raise _problem(f"{host!r} is not a valid IPv6 address.")
    else:
        has_port = ":" in netloc
        if has_port:
            host, port = netloc.rsplit(":", 1)
        if not _is_host(host):
            raise _problem(f"{host!r} is not a valid portal host name.")
    if has_port:
        if not is_ascii_digits(port) or len(port) > 5 or not 0 < int(port) < 65536:
            raise _problem("the port after the host must be a number from 1 to 65535.")
        port = str(int(port))
    host = host.lower()
    return ("https" if scheme == "https" else "http"), (f"{host}:{port}" if port else host)


def _prefix(segments: list[str]) -> str:
    return "".join(f"/{s}" for s in segments)


def _strip_method(segment: str) -> bool:
    """True if a path segment after the credentials is a method name (``profile``, ``x.y.json``)."""
    return is_method_name(segment)


def parse_endpoint(url: str | Endpoint, token: str = "") -> Endpoint:
    """Parse a webhook URL, or a portal address plus a token; raise ``InputError`` if unusable.

    Accepted: ``https://portal/rest/1/secret/`` with or without the trailing slash, a method name or
    ``.json``; the same without a scheme (https is assumed); ``http://`` is kept (intranet portals,
    the local sandbox); ``portal.example`` or ``https://portal.example[/rest/]`` with a token.
    Problems name the field ``url`` or ``token``; messages never contain the secret itself.
    """
    if not isinstance(token, str):
        raise _problem("the token must be text.", "token")
    if isinstance(url, Endpoint):
        if token and token.strip() != url.token:
            raise _problem(
                "give the token either in the endpoint or separately, not both.", "token"
            )
        return url
    if not isinstance(url, str):
        raise _problem("the address must be text.")
    if not isinstance(token, str):
        raise _problem("the token must be text.", "token")
    text = url.strip()
    token = token.strip()
    if token and any(c.isspace() for c in token):
        raise _problem("the token must not contain spaces or line breaks.", "token")
    if _has_control(token):
        raise _problem(
            "the token contains control or invisible characters (such as NUL); paste it again.",
            "token",
        )
    if token and any(mark in token for mark in _MASK_MARKS):
        raise _problem("this token is masked (hidden); paste the real access token.", "token")
    if not text:
        if token:
            raise _problem("a token needs the portal address too (for example your.bitrix24.com).")
        raise _problem(f"enter the webhook URL (it looks like {WEBHOOK_EXAMPLE}).")
    if any(c.isspace() for c in text):
        raise _problem("the address must not contain spaces or line breaks; paste only the URL.")
    if _has_control(text):
        raise _problem(
            "the address contains control or invisible characters (such as NUL); paste it again."
        )

    other = _other_scheme(text)
    if other and not _has_scheme(text):
        if other.lower() not in ("http", "https"):
            raise _problem(_ONLY_HTTP)
        raise _problem(f"write two slashes after {other.lower()}: (like {WEBHOOK_EXAMPLE}).")
    guessed_scheme = not _has_scheme(text)
    if text.startswith("//"):
        text = "https:" + text
    elif guessed_scheme:
        if "://" in text or text.startswith(":"):
            raise _problem("this is not a web address.")
        text = "https://" + text
    parts = _split(text)
    scheme, host = _origin(parts)
    if guessed_scheme and "." not in host and ":" not in host and host != "localhost":
        # "hello" or a stray word: an intranet host without a dot needs its scheme spelled out.
        raise _problem(
            "this does not look like a web address; give the webhook URL "
            f"({WEBHOOK_EXAMPLE}) or the portal, such as your.bitrix24.com."
        )

    segments = [s for s in parts.path.split("/") if s]
    if "rest" in segments:
        rest_at = segments.index("rest")
        prefix, after = _prefix(segments[:rest_at]), segments[rest_at + 1 :]
    else:
        rest_at, prefix, after = -1, _prefix(segments), []

    looks_like_webhook = len(after) >= 2 or (len(after) == 1 and not _strip_method(after[0]))
    if token:
        if looks_like_webhook:
            raise _problem(
                "this is a webhook URL, which already contains its secret: leave the token empty, "
                "or give only the portal address with the token.",
                "token",
            )
        # A pasted portal page (https://portal/company/...) still names the portal.
        return Endpoint("token", scheme, host, None, "", token, prefix if rest_at >= 0 else "")

    if rest_at < 0:
        raise _problem(
            "this is a portal address, not a webhook URL: give the full webhook URL "
            f"(like {WEBHOOK_EXAMPLE}) or an access token."
        )
    if not after:
        raise _problem(
            "the webhook URL is missing its user id and secret; "
            f"it should look like {WEBHOOK_EXAMPLE}"
        )
    if not is_ascii_digits(after[0]):
        if len(after) == 1 and "." in after[0]:
            raise _problem(
                "the webhook URL is missing its user id and secret after /rest/; "
                f"it should look like {WEBHOOK_EXAMPLE}"
            )
        raise _problem(
            "the webhook URL is missing its user id: after /rest/ comes the number of the user who "
            f"created the webhook, then the secret ({WEBHOOK_EXAMPLE})."
        )
    user_id = int(after[0]) if len(after[0]) <= 19 else 0
    if not 0 < user_id <= MAX_USER_ID:
        raise _problem("the user id in the webhook URL must be a positive number.")
    if len(after) < 2:
        raise _problem(
            "the webhook URL is missing its secret after the user id; "
            f"it should look like {WEBHOOK_EXAMPLE}"
        )
    secret = after[1]
    if any(mark in secret for mark in _MASK_MARKS):
        raise _problem(
            "this is a masked address (the secret is hidden); paste the full webhook URL "
            "as the portal shows it."
        )
    if not _usable_secret(secret):
        raise _problem("the webhook secret contains characters a webhook secret cannot have.")
    extra = after[2:]
    if len(extra) > 1 or (extra and not _strip_method(extra[0])):
        raise _problem(
            "the webhook URL has unexpected parts after the secret; "
            f"it should look like {WEBHOOK_EXAMPLE}"
        )
    return Endpoint("webhook", scheme, host, user_id, secret, "", prefix)
