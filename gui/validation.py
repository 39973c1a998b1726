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

    __slots__ = ("endpoint", "notification", "prepared", "problems", "recipients")

    def __init__(
        self,
        endpoint: Endpoint | None = None,
        notification: Notification | None = None,
        prepared: PreparedRequest | None = None,
        problems: list[Problem] | None = None,
        recipients: list[int] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.notification = notification
        self.prepared = prepared
        self.problems: list[Problem] = problems if problems is not None else []
        # Two or more ids (a list or a range in the recipient field): a bulk send. ``prepared``
        # is then the first recipient's request, the check of the whole form.
        self.recipients = recipients

    @property
    def ok(self) -> bool:
        """True when the request may go out as it is."""
        return self.prepared is not None and not self.problems

    @property
    def system(self) -> bool:
        """True when the form asks for a system notification (the Advanced section's choice)."""
        from core.constants import SYSTEM_METHOD

        return self.prepared is not None and self.prepared.method == SYSTEM_METHOD

    @property
    def many(self) -> bool:
        """True when the form names two or more recipients (the send goes the bulk way)."""
        return self.recipients is not None and len(self.recipients) > 1

    def recipients_note(self) -> str:
        """ "60 recipients" under the recipient field of a bulk form; "" otherwise."""
        if not self.many or self.recipients is None:
            return ""
        from core.i18n import ngettext

        n = len(self.recipients)
        return ngettext("{n} recipient", "{n} recipients", n).format(n=f"{n:,}")


def _recipients(user: str, problems: list[Problem]) -> tuple[str | int, list[int] | None]:
    """The recipient field as one id (the simple send) or a list of ids (a bulk send).

    A plain id stays as typed (the core checks it); a list or a range (``1-60``, ``5, 7; 9``) is
    read by :func:`core.recipients.parse_ids` (loaded only then: not on the way to the first
    paint), duplicates removed. Its problems go to ``problems`` under ``user``.
    """
    text = user.strip()
    if text.isdigit() or not text:
        return user, None
    from core.recipients import looks_like_many, parse_ids

    if not looks_like_many(text):
        return user, None
    try:
        ids = parse_ids(text, "user")
    except InputError as exc:
        problems += exc.problems
        return user, None
    if len(ids) == 1:  # "5," or "5-5": one recipient, the simple send
        return ids[0], None
    return ids[0], ids


def _placeholders(n: Notification, problems: list[Problem]) -> None:
    """A bulk form's placeholder syntax (a lone brace, ``{not one}``), found as you type."""
    from core.placeholders import FIELDS, names

    for name in FIELDS:
        try:
            names(getattr(n, name) or "", name)
        except InputError as exc:
            problems += exc.problems


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
    list_problems: list[Problem] = []
    user_id, recipients = _recipients(user, list_problems)
    n = Notification(
        user_id=user_id,
        text=text,
        tag=tag,
        sub_tag=sub_tag,
        text_out=text_out,
        attachments=attachments or None,
        client_id=client_id,
        color_token=color_token,
    )
    checked = check_notification(n)
    if list_problems:  # the list's own problems replace "not a user id"
        checked = list_problems + [p for p in checked if p.field != "user"]
    problems += checked
    if recipients is not None:
        _placeholders(n, problems)
    prepared = None
    if endpoint is not None and not problems:
        try:
            prepared = build_notification(endpoint, n, system=system)
        except InputError as exc:
            problems += exc.problems
    return Validation(endpoint, n, prepared, problems, recipients)
