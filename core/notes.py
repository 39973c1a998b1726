"""What to tell the user about a request before it goes out: the notes of :mod:`core.voice`
that a send needs (``core.voice`` re-exports them; see its docstring for what they say and why).

Apart from ``core.voice`` (its messages for results, errors, checks: ~27 KB of code) so that a
dry run or a send loads only these (issue 10).
"""

from __future__ import annotations

from core.blocks import load_attachments
from core.constants import DELETE_METHOD, PERSONAL_METHOD, SYSTEM_METHOD
from core.i18n import N_, _
from core.problems import InputError
from core.record import Record, init

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from core.address import Endpoint
    from core.request import Notification, PreparedRequest

TAG_OVER_WEBHOOK = N_(
    "over a webhook only portals that honour CLIENT_ID for webhooks keep a tag; older portals "
    "drop it silently, so a later notification with this tag may not replace this one and "
    "deleting by tag may find nothing. With an app token tags always work."
)
DELETE_TAG_OVER_WEBHOOK = N_(
    "tags sent over a webhook were kept only by portals that honour CLIENT_ID for webhooks; "
    "older portals dropped them when sending, so there may be nothing to delete by tag."
)
NOT_IN_EMAIL_OR_PUSH = N_(
    "attachments are shown in Bitrix24 only: e-mail and push notifications carry the text "
    "without them (MESSAGE_OUT, when given, is what those channels show)."
)


class Note(Record):
    """One thing worth telling, named by the input it concerns.

    ``field`` is a parameter name as in ``core.errors.Problem`` (``tag``, ``attachments``,
    ``attachments[2].IMAGE.URL``) or ``result`` for what an answer means. ``message`` is a plain
    sentence starting in lower case, like a Problem's. Frozen (:class:`core.record.Record`).
    """

    __slots__ = _fields = ("field", "message")
    field: str
    message: str

    def __init__(self, field: str, message: str) -> None:
        init(self, field, message)

    def sentence(self) -> str:
        """The message as a sentence on its own (capital first letter)."""
        return self.message[:1].upper() + self.message[1:]


def _send_notes(webhook: bool, tagged: bool, attach: Any, text_out: str) -> list[Note]:
    notes: list[Note] = []
    if webhook and tagged:
        notes.append(Note("tag", _(TAG_OVER_WEBHOOK)))
    if attach is not None:
        from core.validate import attachment_warnings  # an attachment: its checks

        notes += [Note(p.field, p.message) for p in attachment_warnings(attach)]
        if not text_out:
            notes.append(Note("attachments", _(NOT_IN_EMAIL_OR_PUSH)))
    return notes


def notes_for_notification(endpoint: Endpoint | None, n: Notification) -> list[Note]:
    """What to say about a notification as the user fills it in (other fields may be invalid)."""
    try:
        attach = load_attachments(n.attachments)
    except InputError:  # the validator reports it
        attach = None
    webhook = endpoint is not None and endpoint.kind == "webhook"
    return _send_notes(webhook, bool(n.tag or n.sub_tag), attach, n.text_out)


def notes_before_sending(prepared: PreparedRequest) -> list[Note]:
    """What to say about a request that is about to go out (a send or a delete)."""
    params, webhook = prepared.params, prepared.endpoint.kind == "webhook"
    tagged = bool(params.get("TAG") or params.get("SUB_TAG"))
    if prepared.method in (PERSONAL_METHOD, SYSTEM_METHOD):
        return _send_notes(webhook, tagged, params.get("ATTACH"), params.get("MESSAGE_OUT", ""))
    if prepared.method == DELETE_METHOD and webhook and tagged:
        return [Note("tag", _(DELETE_TAG_OVER_WEBHOOK))]
    return []
