"""Masking of secrets (webhook secrets, access tokens, client secrets).

A leaked webhook URL gives access to the portal until the webhook is deleted, so everything
b24notify shows, logs or copies uses the masked form unless the user explicitly asks to reveal it.
"""

from __future__ import annotations

from collections.abc import Iterable

ELLIPSIS = "…"

# Below this length, showing 2 + 2 characters would give away too much of the secret.
_MIN_PARTIAL_LENGTH = 8


def mask_secret(secret: str) -> str:
    """Return ``"k3…9q"`` (first two and last two characters); short secrets become just ``"…"``.

    The mask always contains the ellipsis, so a masked value can never be mistaken for (or work
    as) the real secret.
    """
    if len(secret) < _MIN_PARTIAL_LENGTH:
        return ELLIPSIS
    return f"{secret[:2]}{ELLIPSIS}{secret[-2:]}"


# The characters urllib.parse.quote never encodes (its _ALWAYS_SAFE): a secret made of them only
# is its own percent- and form-encoding, so urllib.parse (which imports ipaddress: ~11 M
# instructions on every command line with a webhook URL) is not needed to spell it.
_ALWAYS_SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~"


def _spellings(secret: str) -> set[str]:
    """Every way a secret commonly shows up: raw, percent-encoded (both cases), form-encoded."""
    if secret and not secret.strip(_ALWAYS_SAFE):
        return {secret}  # what quote(secret, safe="") and quote_plus(secret, safe="") give
    from urllib.parse import quote, quote_plus

    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe="")}
    # Percent-encoding may use lower-case hex digits ("%2f" instead of "%2F").
    forms |= {_lower_hex(f) for f in list(forms)}
    return {f for f in forms if f}


def _lower_hex(text: str) -> str:
    if "%" not in text:  # no match, and no regex compiled
        return text
    import re

    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


class Redactor:
    """Replaces every known secret in a text by its mask (raw and URL-encoded occurrences).

    Used for anything that leaves the process or the screen: log lines, error messages, history,
    server answers that echo the request back.
    """

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        pairs: dict[str, str] = {}
        for secret in secrets:
            if not secret:
                continue
            mask = mask_secret(secret)
            for form in _spellings(secret):
                pairs.setdefault(form, mask)
        # Longest first, so that a secret containing another secret is replaced as a whole.
        self._pairs = sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def __repr__(self) -> str:
        return f"Redactor({len(self._pairs)} spellings)"

    def scrub(self, text: str) -> str:
        """Return ``text`` with every secret (in any known spelling) replaced by its mask."""
        if not text:
            return text
        for form, mask in self._pairs:
            if form in text:
                text = text.replace(form, mask)
        return text
