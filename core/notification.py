"""What the user wants to send, as given: the one type the validator and the request builder share.

``core.validate`` checks a Notification and ``core.request`` builds the call from it; both import it
from here (``core.request`` re-exports it), so neither needs the other's module to know its shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Notification:
    """What the user wants to send. Values are kept as given; ``build_notification`` checks them."""

    user_id: int | str
    text: str
    tag: str = ""
    sub_tag: str = ""
    text_out: str = ""
    attachments: list[Any] | dict[str, Any] | str | None = None
    client_id: str = ""
    color_token: str = ""  # the attachment's COLOR_TOKEN (primary, secondary, alert or base)
