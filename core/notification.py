"""What the user wants to send, as given: the one type the validator and the request builder share.

``core.validate`` checks a Notification and ``core.request`` builds the call from it; both import it
from here (``core.request`` re-exports it), so neither needs the other's module to know its shape.
"""

from __future__ import annotations

from core.record import Record, init

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


class Notification(Record):
    """What the user wants to send. Values are kept as given; ``build_notification`` checks them.

    Frozen, compared by value (:class:`core.record.Record`: no ``dataclasses`` on the CLI's path).
    """

    __slots__ = _fields = (
        "user_id",
        "text",
        "tag",
        "sub_tag",
        "text_out",
        "attachments",
        "client_id",
        "color_token",
    )
    user_id: int | str
    text: str
    tag: str
    sub_tag: str
    text_out: str
    attachments: list[Any] | dict[str, Any] | str | None
    client_id: str
    color_token: str  # the attachment's COLOR_TOKEN (primary, secondary, alert or base)

    def __init__(
        self,
        user_id: int | str,
        text: str,
        tag: str = "",
        sub_tag: str = "",
        text_out: str = "",
        attachments: list[Any] | dict[str, Any] | str | None = None,
        client_id: str = "",
        color_token: str = "",
    ) -> None:
        init(self, user_id, text, tag, sub_tag, text_out, attachments, client_id, color_token)
