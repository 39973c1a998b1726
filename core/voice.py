"""One voice: the warnings and explanations the core has, worded once for the CLI and the window.

The shells ask here how to word an outcome: :func:`for_result`, :func:`for_error`,
:func:`for_check` and :func:`for_cancel` give a :class:`Message` (headline, tone, details,
explanation, advice, warnings), which the window shows in its status header and the CLI prints.

They also ask what to tell the user about a request before it goes out
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

from core.constants import DELETE_METHOD, PERSONAL_METHOD, SEND_METHODS, SYSTEM_METHOD, Tone
from core.i18n import N_, _, ngettext
from core.notes import (  # noqa: F401  (the notes before a send: core.notes, named here too)
    DELETE_TAG_OVER_WEBHOOK,
    NOT_IN_EMAIL_OR_PUSH,
    TAG_OVER_WEBHOOK,
    Note,
    notes_before_sending,
    notes_for_notification,
)
from core.problems import Category, InputError
from core.record import Record, init

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from core.check import CheckReport
    from core.errors import B24NotifyError
    from core.request import PreparedRequest
    from core.result import Result

DELETE_BY_TAG_IS_ALWAYS_TRUE = N_(
    "the portal answers true to a delete by tag or sub-tag whether or not any notification had "
    "it; look at the recipient's notifications to be sure."
)


def notes_after(result: Result, prepared: PreparedRequest | None = None) -> list[Note]:
    """What an answer means beyond its value (the id of nothing; a delete that proves little)."""
    notes: list[Note] = []
    if result.method in (PERSONAL_METHOD, SYSTEM_METHOD) and result.id_looks_like_a_timestamp:
        notes.append(
            Note(
                "result",
                _(
                    "the id {id} is the portal's current time, not a notification id: the "
                    "recipient may have turned these notifications off, so nothing may have "
                    "been stored (and there is nothing to delete by this id)."
                ).format(id=result.notification_id),
            )
        )
    by_tag = prepared is not None and ("TAG" in prepared.params or "SUB_TAG" in prepared.params)
    if result.method == DELETE_METHOD and result.value is True and by_tag:
        notes.append(Note("result", _(DELETE_BY_TAG_IS_ALWAYS_TRUE)))
    return notes


def retry_note(code: str, seconds: float, attempt: int) -> str:
    """Why nothing seems to happen: the portal refused, and b24notify waits and tries again."""
    wait = f"{seconds:.0f}" if seconds >= 1 else f"{seconds:.1f}"
    if code == "OPERATION_TIME_LIMIT":
        return _(
            "the portal paused this method for its time limit ({code}) until a few seconds "
            "from now; waiting {wait} s, then trying again (attempt {attempt})."
        ).format(code=code, wait=wait, attempt=attempt)
    return _("the portal answered {code}; trying again in {wait} s (attempt {attempt}).").format(
        code=code, wait=wait, attempt=attempt
    )


def delete_refusal(by_id: bool) -> tuple[str, str]:
    """(explanation, advice) for ``result: false`` from ``im.notify.delete``."""
    if by_id:
        return (
            _(
                "The portal deletes a notification by id only for its recipient — the user whose "
                "webhook or token makes the call. It answers false to anyone else, and when no "
                "notification has that id (any more)."
            ),
            _(
                "Only the recipient can delete a notification by id: use the webhook or token of "
                "the user who received it. An application deletes what it sent by tag or "
                "sub-tag, with the CLIENT_ID it sent them with."
            ),
        )
    return (
        _("The portal deleted nothing for that tag and CLIENT_ID."),
        _("Check the tag; tags need the same CLIENT_ID that was used to send."),
    )


# --- outcomes: one message each ------------------------------------------------------------------
ADVICE_LABEL = N_("What to do:")
NO_ANSWER = N_("The portal's answer appears here, exactly as received.")
NOTHING_SENT_NO_ANSWER = N_("Nothing was sent, so there is no answer to show.")
NO_ANSWER_ARRIVED = N_("No answer arrived from the portal.")
NOT_BLINDLY = N_("Do not send it again blindly: first look at the recipient's notifications.")

CATEGORY_WORDS: dict[Category, str] = {
    Category.INPUT: N_("Input problem"),
    Category.CREDENTIALS: N_("Credentials problem"),
    Category.PERMISSION: N_("Permission problem"),
    Category.RATE_LIMIT: N_("Rate limit reached"),
    Category.SERVER: N_("Portal server problem"),
    Category.NETWORK: N_("Network problem"),
}
FINDING_MARKS: dict[str, str] = {"ok": "✓", "warning": "!", "error": "✗"}


class Message(Record):
    """What to tell about one outcome, in parts a shell lays out its own way.

    ``headline`` is the outcome in one sentence and ``tone`` how it reads (one of
    ``core.constants.TONES``). ``items`` list particulars under it (an input's problems, the
    check's findings, an unknown outcome's own message); ``explanation`` says what happened,
    ``warnings`` what to beware of and ``advice`` what to do. ``details`` are the facts of the
    exchange (HTTP status, timings, the portal's time block). ``answer_note`` is what stands where
    the portal's answer would be when there is none. :meth:`text` joins the status lines the way
    the window shows them; :meth:`one_line` gives the whole in one line, as the CLI prints it
    (``summary`` when set: an error's message, then its advice). Frozen
    (:class:`core.record.Record`).
    """

    __slots__ = _fields = (
        "headline",
        "tone",
        "details",
        "explanation",
        "advice",
        "warnings",
        "items",
        "answer_note",
        "summary",
    )
    headline: str
    tone: Tone
    details: list[str]
    explanation: str
    advice: str
    warnings: list[str]
    items: list[str]
    answer_note: str
    summary: str

    def __init__(
        self,
        headline: str,
        tone: Tone = "neutral",
        details: list[str] | None = None,
        explanation: str = "",
        advice: str = "",
        warnings: list[str] | None = None,
        items: list[str] | None = None,
        answer_note: str = "",
        summary: str = "",
    ) -> None:
        init(
            self,
            headline,
            tone,
            [] if details is None else details,
            explanation,
            advice,
            [] if warnings is None else warnings,
            [] if items is None else items,
            answer_note,
            summary,
        )

    def lines(self) -> list[str]:
        """The status lines: headline, items, explanation, warnings, then "What to do: advice"."""
        advice = f"{_(ADVICE_LABEL)} {self.advice}" if self.advice else ""
        parts = [self.headline, *self.items, self.explanation, *self.warnings, advice]
        return [line for line in parts if line]

    def text(self) -> str:
        """The status as one text, a line per statement (what the window's status header shows)."""
        return "\n".join(self.lines())

    def one_line(self) -> str:
        """Everything in one plain line (what the CLI prints on stderr)."""
        return self.summary or " ".join(self.lines())


def result_details(result: Result) -> list[str]:
    """The facts of an exchange: HTTP status, round trip, attempts, a redirect, the time block."""
    from core.formatting import format_duration, time_block_lines  # datetime: after an answer

    first = []
    if result.http_status is not None:
        first.append(f"HTTP {result.http_status}")
    round_trip = format_duration(result.round_trip or result.elapsed)
    first.append(_("round trip {duration}").format(duration=round_trip))
    if result.attempts > 1:
        first.append(
            ngettext(
                "{n} attempt, {duration} in all",
                "{n} attempts, {duration} in all",
                result.attempts,
            ).format(n=result.attempts, duration=format_duration(result.elapsed))
        )
    else:
        first.append(_("1 attempt"))
    if not result.is_json:
        size = len(result.text.encode("utf-8", "replace"))
        first.append(
            ngettext("body: {n} byte, not JSON", "body: {n} bytes, not JSON", size).format(n=size)
        )
    lines = [" · ".join(first)]
    if result.redirected_to is not None:
        lines.append(
            _("Redirected: the portal now answers at {address}").format(
                address=result.redirected_to.display()
            )
        )
    rows = time_block_lines(result.time)
    if rows:
        lines.append(_("Portal time: ") + " · ".join(f"{k.lower()} {v}" for k, v in rows))
    return lines


def _result_headline(
    result: Result, prepared: PreparedRequest | None
) -> tuple[str, Tone, list[str]]:
    """(headline, tone, warnings) for an answer."""
    method = result.method
    if result.error_code:
        desc = f" — {result.error_description}" if result.error_description else ""
        head = _("The portal answered with an error: {code}").format(code=result.error_code)
        return head + desc, "error", []
    if not result.is_json:
        return (
            _(
                "The portal's answer is not JSON, so it cannot be read as a result. "
                "See the raw answer below."
            ),
            "warning",
            [],
        )
    value = result.value
    if method in SEND_METHODS:
        if result.notification_id is not None:
            notes = [note.sentence() for note in notes_after(result, prepared)]
            if method == SYSTEM_METHOD:
                head = _("Sent as a system notification — notification id {id}")
            else:
                head = _("Sent — notification id {id}")
            head = head.format(id=result.notification_id)
            return head, ("warning" if notes else "ok"), notes
        if value is False:
            return (
                _(
                    "Not sent — the portal answered result: false (the recipient does not exist, "
                    "is inactive, or the portal refused them)."
                ),
                "error",
                [],
            )
        head = _("The portal answered without a notification id (result: {value}).")
        return head.format(value=repr(value)), "warning", []
    if method == DELETE_METHOD:
        if value is True:
            notes = [note.sentence() for note in notes_after(result, prepared)]
            return _("Deleted — the portal confirmed (result: true)."), "ok", notes
        return _("Nothing deleted — the portal answered result: false."), "warning", []
    return _("Done — {method} answered.").format(method=method), "ok", []


def for_result(result: Result, prepared: PreparedRequest | None = None) -> Message:
    """A finished call: the outcome in words (with what the answer means) and its details.

    With the request that was sent, the warnings also say what a delete by tag proves.
    """
    headline, tone, warnings = _result_headline(result, prepared)
    explanation = advice = ""
    if result.method == DELETE_METHOD and result.is_json and result.value is False:
        # Why a delete removes nothing: by id only the recipient may (the sender included gets
        # false); by tag only with the CLIENT_ID it was sent with.
        by_id = prepared is None or "ID" in prepared.params
        explanation, advice = delete_refusal(by_id)
    return Message(
        headline,
        tone,
        result_details(result),
        explanation=explanation,
        advice=advice,
        warnings=warnings,
    )


def for_error(error: B24NotifyError) -> Message:
    """A failed call or refused input: what kind of problem, what happened, what to do."""
    from core.errors import CancelledError, NotSentError, OutcomeUnknownError

    result = getattr(error, "result", None)
    details = result_details(result) if result is not None else []
    if result is not None:
        note = ""
    elif isinstance(error, (InputError, NotSentError)):
        note = _(NOTHING_SENT_NO_ANSWER)
    else:
        note = _(NO_ANSWER_ARRIVED)
    explanation = error.explanation if error.explanation != error.message else ""
    common: dict[str, Any] = {
        "details": details,
        "advice": error.advice,
        "answer_note": note,
        "summary": error.one_line(),
    }
    if isinstance(error, InputError):
        items = [f"• {p.field}: {p.message}" for p in error.problems] or [f"• {error}"]
        head = _("Nothing was sent — the input has a problem:")
        return Message(head, "error", items=items, **common)
    if isinstance(error, OutcomeUnknownError):
        return Message(
            _("Outcome unknown — the notification may or may not have been created."),
            "warning",
            items=[str(error)],
            explanation=explanation,
            warnings=[_(NOT_BLINDLY)],
            **common,
        )
    if isinstance(error, CancelledError):
        return Message(_("Cancelled — {reason}").format(reason=error), "neutral", **common)
    words = _(CATEGORY_WORDS.get(error.category, N_("Problem")))
    if isinstance(error, NotSentError):
        head = _("Not sent — {problem}: {message}").format(problem=words.lower(), message=error)
    else:
        head = f"{words}: {error}"
    return Message(head, "error", explanation=explanation, **common)


def for_check(report: CheckReport) -> Message:
    """The connection check's findings, one line each, marked ✓ ok, ! warning, ✗ error."""
    levels = {f.level for f in report.findings}
    tone: Tone
    if report.ok:
        head, tone = _("Connection works."), ("warning" if "warning" in levels else "ok")
    else:
        head, tone = _("The connection check found a problem."), "error"
    items = [f"{FINDING_MARKS.get(f.level, '•')} {f.message}" for f in report.findings]
    note = (
        _("The check makes several calls; the tree shows the profile it read.")
        if report.profile is not None
        else _("The check has no answer to show: see the findings above.")
    )
    return Message(head, tone, items=items, answer_note=note)


def for_cancel(kind: str, maybe_sent: bool, message: str = "") -> Message:
    """The user cancelled a ``send`` or a ``check``; say whether a notification may exist anyway.

    ``message`` replaces the neutral sentence (the window's "Nothing was sent to the new
    address" after a move the user declined).
    """
    if kind == "send" and maybe_sent:
        return Message(
            _(
                "Cancelled after the request had gone out: the notification may or may not have "
                "been created."
            ),
            "warning",
            warnings=[
                _("Do not send it again blindly — first look at the recipient's notifications.")
            ],
            answer_note=_(NO_ANSWER),
        )
    if not message:
        message = (
            _("Connection check cancelled.")
            if kind == "check"
            else _("Cancelled — nothing was sent.")
        )
    return Message(message, "neutral", answer_note=_(NO_ANSWER))
