"""The form as the core sees it: the request to send, or every problem that stops it.

Qt-free: the compose pane hands over what its fields hold and shows what comes back. The request
is built by ``core.request.build_notification`` (which checks again), and it is exactly the request
the window sends and shows in Copy as.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.address import parse_endpoint
from core.errors import InputError
from core.request import Notification, build_notification
from core.validate import check_notification

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.errors import Problem
    from core.request import PreparedRequest


class Validation:
    """What the core made of the form: its endpoint, notification and request, or its problems.

    A plain class, not a dataclass: ``@dataclass`` costs ~0.8 ms per class at import, and this
    module is on the way to the window's first paint.
    """

    __slots__ = ("endpoint", "notification", "prepared", "problems")

    def __init__(
        self,
        endpoint: Endpoint | None = None,
        notification: Notification | None = None,
        prepared: PreparedRequest | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.notification = notification
        self.prepared = prepared
        self.problems: list[Problem] = problems if problems is not None else []

    @property
    def ok(self) -> bool:
        """True when the request may go out as it is."""
        return self.prepared is not None and not self.problems


def validate_form(
    url: str,
    token: str,
    *,
    user: str,
    text: str,
    tag: str = "",
    attachments: list[Any] | None = None,
    system: bool = False,
    text_out: str = "",
    sub_tag: str = "",
    client_id: str = "",
    color_token: str = "",
) -> Validation:
    """Ask the core what it thinks of the fields; nothing is shown or sent.

    Every problem is collected (the address's and the notification's together), so the form can
    mark all the fields to correct at once. ``system`` sends a system notification; the other
    keywords are the Advanced fields, by the names of ``core.notification.Notification``.
    """
    problems: list[Problem] = []
    endpoint: Endpoint | None = None
    try:
        endpoint = parse_endpoint(url, token)
    except InputError as exc:
        problems += exc.problems
    n = Notification(
        user_id=user,
        text=text,
        tag=tag,
        sub_tag=sub_tag,
        text_out=text_out,
        attachments=attachments or None,
        client_id=client_id,
        color_token=color_token,
    )
    problems += check_notification(n)
    prepared = None
    if endpoint is not None and not problems:
        try:
            prepared = build_notification(endpoint, n, system=system)
        except InputError as exc:
            problems += exc.problems
    return Validation(endpoint, n, prepared, problems)
