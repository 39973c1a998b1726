"""One voice: the warnings and explanations the core has, worded once for the CLI and the window.

The shells ask here what to tell the user about a request before it goes out
(:func:`notes_for_notification`, :func:`notes_before_sending`), about an answer
(:func:`notes_after`), about a wait between attempts (:func:`retry_note`) and about a delete
that removed nothing (:func:`delete_refusal`). The CLI prints each note as a ``note:`` line on
stderr; the window shows it under the field it names, or in the result panel. Nothing here stops
a send: problems that do are :class:`core.errors.Problem` from ``core.validate``.

What the notes say comes from the ``im`` module's source and the REST docs
(``docs/portal-notes.md``):

- tags: ``im.notify.*.add`` keeps TAG/SUB_TAG only when the REST server has an application client
  id, which webhook authorisation does not give; newer docs add a ``CLIENT_ID`` parameter for
  webhooks, which b24notify sends. So over a webhook a tag may be dropped silently.
- delete by id: ``CIMNotify::DeleteWithCheck`` deletes only a notification whose recipient is the
  caller; anyone else gets ``false``. Delete by tag answers ``true`` whether or not anything had
  the tag (``CIMNotify::DeleteByTag``).
- attachments are not carried to e-mail or push (``attachments/index.md`` of the REST docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.blocks import load_attachments
from core.errors import InputError
from core.request import DELETE_METHOD, PERSONAL_METHOD, SYSTEM_METHOD
from core.validate import attachment_warnings

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.request import Notification, PreparedRequest
    from core.result import Result

TAG_OVER_WEBHOOK = (
    "over a webhook only portals that honour CLIENT_ID for webhooks keep a tag; older portals "
    "drop it silently, so a later notification with this tag may not replace this one and "
    "deleting by tag may find nothing. With an app token tags always work."
)
DELETE_TAG_OVER_WEBHOOK = (
    "tags sent over a webhook were kept only by portals that honour CLIENT_ID for webhooks; "
    "older portals dropped them when sending, so there may be nothing to delete by tag."
)
DELETE_BY_TAG_IS_ALWAYS_TRUE = (
    "the portal answers true to a delete by tag or sub-tag whether or not any notification had "
    "it; look at the recipient's notifications to be sure."
)
NOT_IN_EMAIL_OR_PUSH = (
    "attachments are shown in Bitrix24 only: e-mail and push notifications carry the text "
    "without them (MESSAGE_OUT, when given, is what those channels show)."
)


@dataclass(frozen=True)
class Note:
    """One thing worth telling, named by the input it concerns.

    ``field`` is a parameter name as in ``core.errors.Problem`` (``tag``, ``attachments``,
    ``attachments[2].IMAGE.URL``) or ``result`` for what an answer means. ``message`` is a plain
    sentence starting in lower case, like a Problem's.
    """

    field: str
    message: str

    def sentence(self) -> str:
        """The message as a sentence on its own (capital first letter)."""
        return self.message[:1].upper() + self.message[1:]


def _send_notes(webhook: bool, tagged: bool, attach: Any, text_out: str) -> list[Note]:
    notes: list[Note] = []
    if webhook and tagged:
        notes.append(Note("tag", TAG_OVER_WEBHOOK))
    if attach is not None:
        notes += [Note(p.field, p.message) for p in attachment_warnings(attach)]
        if not text_out:
            notes.append(Note("attachments", NOT_IN_EMAIL_OR_PUSH))
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
        return [Note("tag", DELETE_TAG_OVER_WEBHOOK)]
    return []


def notes_after(result: Result, prepared: PreparedRequest | None = None) -> list[Note]:
    """What an answer means beyond its value (the id of nothing; a delete that proves little)."""
    notes: list[Note] = []
    if result.method in (PERSONAL_METHOD, SYSTEM_METHOD) and result.id_looks_like_a_timestamp:
        notes.append(
            Note(
                "result",
                f"the id {result.notification_id} is the portal's current time, not a "
                "notification id: the recipient may have turned these notifications off, so "
                "nothing may have been stored (and there is nothing to delete by this id).",
            )
        )
    by_tag = prepared is not None and ("TAG" in prepared.params or "SUB_TAG" in prepared.params)
    if result.method == DELETE_METHOD and result.value is True and by_tag:
        notes.append(Note("result", DELETE_BY_TAG_IS_ALWAYS_TRUE))
    return notes


def retry_note(code: str, seconds: float, attempt: int) -> str:
    """Why nothing seems to happen: the portal refused, and b24notify waits and tries again."""
    wait = f"{seconds:.0f}" if seconds >= 1 else f"{seconds:.1f}"
    if code == "OPERATION_TIME_LIMIT":
        return (
            f"the portal paused this method for its time limit ({code}) until a few seconds "
            f"from now; waiting {wait} s, then trying again (attempt {attempt})."
        )
    return f"the portal answered {code}; trying again in {wait} s (attempt {attempt})."


def delete_refusal(by_id: bool) -> tuple[str, str]:
    """(explanation, advice) for ``result: false`` from ``im.notify.delete``."""
    if by_id:
        return (
            "The portal deletes a notification by id only for its recipient — the user whose "
            "webhook or token makes the call. It answers false to anyone else, and when no "
            "notification has that id (any more).",
            "Only the recipient can delete a notification by id: use the webhook or token of the "
            "user who received it. An application deletes what it sent by tag or sub-tag, with "
            "the CLIENT_ID it sent them with.",
        )
    return (
        "The portal deleted nothing for that tag and CLIENT_ID.",
        "Check the tag; tags need the same CLIENT_ID that was used to send.",
    )
