"""The form as it survives a restart: :class:`FormState` (no secret among its fields), and the
portal address the settings file may keep (:func:`storable_address`).

Qt-free; :mod:`gui.settings` reads and writes it, the window's form fills and reads it
(:meth:`gui.compose_pane.ComposePane.form_state`), a draft restores it (:mod:`gui.draft_saver`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.problems import InputError

if TYPE_CHECKING:
    from core.address import Endpoint

__all__ = ["ADVANCED_FIELDS", "FormState", "storable_address"]


def _parsed(text: str, token: str = "") -> Endpoint | None:
    from core.address import parse_endpoint  # with an address to keep (not a first start's)

    try:
        return parse_endpoint(text, token)
    except InputError:
        return None


def storable_address(url: str, token: str = "") -> str:
    """The address the settings file may keep: one the core parsed, stripped of its secret.

    A webhook is kept as ``<portal>/rest/<user>/`` and a portal address (token mode) as the portal
    (with ``/rest/`` when it sits behind a path prefix, so it parses to the same portal again). The
    result is built from the parsed scheme, host, prefix and user id only: whatever else was in the
    box (a secret, a token pasted in the wrong place, a query string) never reaches the file. Text
    the core cannot parse gives "" — nothing is kept rather than something unvetted.
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        return ""
    ep = (_parsed(text, token) if token else None) or _parsed(text)
    if ep is not None:
        return ep.address_without_secret
    from core.address import parse_saved_address

    saved = parse_saved_address(text)  # as saved, or a portal address whose token is elsewhere
    return saved.address_without_secret if saved is not None else ""


class FormState:
    """The form fields that survive a restart (no secret among them).

    A plain class, not a dataclass: ``@dataclass`` costs ~0.8 ms per class at import, and the
    window imports this module before its first paint.
    """

    __slots__ = (
        "address",
        "attachments",
        "ca_bundle",
        "client_id",
        "color_token",
        "oauth_client_id",
        "sub_tag",
        "system",
        "tag",
        "text",
        "text_out",
        "user",
    )

    def __init__(
        self,
        address: str = "",
        user: str = "",
        text: str = "",
        tag: str = "",
        attachments: list[tuple[str, str, str]] | None = None,  # (type, name, url)
        *,
        system: bool = False,  # the Advanced fields (gui.advanced_box), by the core's names
        text_out: str = "",
        sub_tag: str = "",
        client_id: str = "",
        color_token: str = "",
        oauth_client_id: str = "",  # the connection's extras that are not secrets
        ca_bundle: str = "",
    ) -> None:
        self.address = address
        self.user = user
        self.text = text
        self.tag = tag
        self.attachments: list[tuple[str, str, str]] = list(attachments or [])
        self.system = system
        self.text_out = text_out
        self.sub_tag = sub_tag
        self.client_id = client_id
        self.color_token = color_token
        self.oauth_client_id = oauth_client_id
        self.ca_bundle = ca_bundle

    def advanced(self) -> dict[str, Any]:
        """The Advanced fields by the core's names (what ``AdvancedBox.set_values`` takes)."""
        return {name: getattr(self, name) for name in ADVANCED_FIELDS}

    def _values(self) -> tuple[object, ...]:
        basic = (self.address, self.user, self.text, self.tag, self.attachments)
        return (*basic, *self.advanced().values(), self.oauth_client_id, self.ca_bundle)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormState) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:  # the text may be long; the address never holds a secret
        return (
            f"FormState(address={self.address!r}, user={self.user!r}, text={self.text!r}, "
            f"tag={self.tag!r}, attachments={self.attachments!r}, advanced={self.advanced()!r})"
        )


ADVANCED_FIELDS = ("system", "text_out", "sub_tag", "client_id", "color_token")
