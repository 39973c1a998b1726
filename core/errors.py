"""Typed errors of b24notify, each with a plain-language message.

Every error has a category (what kind of problem it is), an explanation (what happened) and advice
(what to do). ``str(error)`` is one plain line and never contains a webhook secret or a token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The base classes live in core.problems (a leaf that core.address can import); they are part of
# this module's names, where every other module imports them from.
from core.problems import B24NotifyError, Category, InputError, Problem

if TYPE_CHECKING:
    from core.address import Endpoint
    from core.result import Result

__all__ = [
    "KNOWN_CODES",
    "B24NotifyError",
    "CancelledError",
    "Category",
    "CredentialsError",
    "Explanation",
    "InputError",
    "NotSentError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PortalError",
    "PortalInputError",
    "PortalMovedError",
    "PortalServerError",
    "Problem",
    "RateLimitError",
    "RecipientUnavailableError",
    "explain",
    "portal_error",
]


class PortalError(B24NotifyError):
    """The portal answered with an error (or ``result: false``)."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        description: str = "",
        http_status: int | None = None,
        result: Result | None = None,
        explanation: str = "",
        advice: str = "",
    ) -> None:
        super().__init__(message, explanation=explanation, advice=advice)
        self.code = code
        self.description = description
        self.http_status = http_status
        self.result = result


class PortalInputError(PortalError):
    category = Category.INPUT


class PortalMovedError(PortalError):
    """The portal answered that it moved to another origin (host or port); nothing went there.

    A cloud portal that was renamed answers 301/302 with the new address; so could anybody in
    between. The credentials go to another origin only when the caller allows it
    (``Client(..., follow_moves=True)``, ``--follow-moves``). ``new_address`` is the address the
    portal named without any secret (a ``SavedAddress``) and ``masked_address`` the same with the
    secret masked, as ``str(error)`` shows it. No attribute holds a secret: the full address (the
    credentials included) stays with the client that met the move, as ``Client.moved_to``.
    """

    def __init__(
        self,
        new_endpoint: Endpoint,
        *,
        http_status: int | None = None,
        result: Result | None = None,
    ) -> None:
        where = new_endpoint.masked_base_url
        self.new_address = new_endpoint.saved
        self.masked_address = where
        super().__init__(
            f"The portal answered that it has moved to {where}; nothing was sent there",
            code="",
            http_status=http_status,
            result=result,
            explanation=f"The portal answered{f' HTTP {http_status}' if http_status else ''} "
            f"with the address {where}. A renamed portal answers like this, but so could anyone "
            "in between; b24notify does not send the webhook secret or the token to another "
            "address on its own.",
            advice="If the new address is right, use it instead (on the command line, "
            "--follow-moves sends there).",
        )


class RecipientUnavailableError(PortalInputError):
    """``result: false``: the recipient does not exist, is inactive, or the portal refused it."""


class CredentialsError(PortalError):
    category = Category.CREDENTIALS


class PermissionDeniedError(PortalError):
    category = Category.PERMISSION


class RateLimitError(PortalError):
    category = Category.RATE_LIMIT


class PortalServerError(PortalError):
    category = Category.SERVER


class OutcomeUnknownError(B24NotifyError):
    """No usable answer: the notification may or may not exist. Never resend automatically."""

    category = Category.NETWORK

    def __init__(
        self,
        message: str,
        *,
        reason: str = "",
        result: Result | None = None,
        explanation: str = "",
        advice: str = "",
    ) -> None:
        super().__init__(message, explanation=explanation, advice=advice)
        self.reason = reason
        self.result = result


class NotSentError(B24NotifyError):
    """The request certainly did not reach the portal (connection refused, unknown host)."""

    category = Category.NETWORK


class CancelledError(B24NotifyError):
    """The user cancelled the call."""

    category = Category.NETWORK


class Explanation:
    """What a portal error code means, in words a user can act on (immutable; a plain class, not a
    dataclass, to keep ``dataclasses`` off the CLI's import path)."""

    __slots__ = ("advice", "category", "explanation", "title")
    category: Category
    title: str
    explanation: str
    advice: str

    def __init__(self, category: Category, title: str, explanation: str, advice: str) -> None:
        for name, value in (
            ("category", category),
            ("title", title),
            ("explanation", explanation),
            ("advice", advice),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Explanation cannot be changed (tried to set {name!r})")

    def _values(self) -> tuple[Category, str, str, str]:
        return (self.category, self.title, self.explanation, self.advice)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Explanation)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        c, t, e, a = self._values()
        return f"Explanation(category={c!r}, title={t!r}, explanation={e!r}, advice={a!r})"


_I, _C, _P, _R, _S = (
    Category.INPUT,
    Category.CREDENTIALS,
    Category.PERMISSION,
    Category.RATE_LIMIT,
    Category.SERVER,
)

# Only app tokens are sure to keep a TAG (over a webhook the portal may drop it): see explain().
_RESEND_WITH_TAG = (
    "If you send it again with an app token, give it a TAG so a duplicate replaces the first one."
)

# code -> (category, title, explanation, advice). Codes are matched exactly first, then ignoring
# case: the portal's INVALID_REQUEST (HTTPS required) and the OAuth server's invalid_request differ.
_CODES: dict[str, tuple[Category, str, str, str]] = {
    # im.notify.* own errors
    "USER_ID_EMPTY": (
        _I,
        "The recipient is missing",
        "The portal got no usable USER_ID (missing, zero or negative).",
        "Give the recipient's numeric user ID (a positive integer).",
    ),
    "MESSAGE_EMPTY": (
        _I,
        "The notification text is empty",
        "The portal trims the text and found nothing left.",
        "Write some text; whitespace alone does not count.",
    ),
    "ATTACH_ERROR": (
        _I,
        "The attachment was rejected",
        "No block of the attachment survived the portal's checks (each block needs one known type "
        "and absolute http(s) or portal-relative links).",
        "Check the blocks: IMAGE and FILE need a LINK; links must start with http(s):// or /.",
    ),
    "ATTACH_OVERSIZE": (
        _I,
        "The attachment is too large",
        "The portal counts the attachment it builds as JSON (a link's slashes count twice) and "
        "keeps it only under 60,000 characters; older self-hosted versions counted bytes, so "
        "there non-Latin text counts several times.",
        "Remove blocks or shorten texts in the attachment.",
    ),
    "ID_ERROR": (
        _I,
        "The notification ID is missing",
        "The portal needs the ID of an existing notification.",
        "Give the numeric notification ID returned when it was sent.",
    ),
    "PARAMS_ERROR": (
        _I,
        "The request parameters are incomplete",
        "The portal needs exactly one of ID, TAG or SUB_TAG (tags need an app or a CLIENT_ID).",
        "Give an ID, a TAG or a SUB_TAG, and the same CLIENT_ID that was used to send.",
    ),
    # credentials
    "WRONG_AUTH_TYPE": (
        _C,
        "This way of signing in is not allowed for this method",
        "The method refuses browser-session authorization; it needs a webhook or an app token.",
        "Use an incoming webhook URL or an OAuth access token.",
    ),
    "NO_AUTH_FOUND": (
        _C,
        "The portal found no valid credentials",
        "The webhook secret or the access token is missing or wrong.",
        "Copy the webhook URL again from the portal (Developer resources > Incoming webhook).",
    ),
    "INVALID_CREDENTIALS": (
        _C,
        "The webhook's user ID or secret is wrong",
        "The portal did not accept the user ID and secret in the webhook URL "
        "(or the user lacks rights).",
        "Copy the full webhook URL again from the portal: https://portal/rest/<user id>/<secret>/.",
    ),
    "ERROR_METHOD_NOT_FOUND": (
        _C,
        "The portal does not know this address",
        "Either the method does not exist there or the webhook URL is malformed: "
        "a URL missing its user ID or secret gives exactly this answer.",
        "Check the webhook URL has the form https://portal/rest/<user id>/<secret>/.",
    ),
    "expired_token": (
        _C,
        "The access token has expired",
        "OAuth access tokens live one hour.",
        "Refresh the token (with client ID, secret and refresh token it is refreshed for you).",
    ),
    "invalid_token": (
        _C,
        "The access token is not valid",
        "The portal does not know this token; the application may have been reinstalled.",
        "Get a new access token by authorizing the application again.",
    ),
    "authorization_error": (
        _C,
        "The portal could not authorize the user",
        "The credentials were not accepted for this user.",
        "Check the webhook or token belongs to an active user.",
    ),
    "invalid_grant": (
        _C,
        "The refresh token is no longer valid",
        "The OAuth server refused the refresh token (expired, already used, or revoked).",
        "Authorize the application again to get a new token pair.",
    ),
    "invalid_client": (
        _C,
        "The OAuth client ID or secret is wrong",
        "The OAuth server did not accept the application's client ID and secret, or the app is not "
        "installed on the portal.",
        "Check the client ID and client secret of the application.",
    ),
    "invalid_request": (
        _C,
        "The OAuth server rejected the refresh request",
        "A parameter of the token refresh was missing or malformed.",
        "Check the client ID, client secret and refresh token.",
    ),
    "APPLICATION_NOT_FOUND": (
        _C,
        "The application is not installed",
        "The portal has no active application for these credentials.",
        "Install or re-activate the application on the portal.",
    ),
    # permissions
    "insufficient_scope": (
        _P,
        "The webhook or token lacks the needed permission",
        "The credentials do not include the scope this method needs (notifications need 'im').",
        "Edit the webhook (or app) in the portal and grant the 'im' (chat, notifications) scope.",
    ),
    "invalid_scope": (
        _P,
        "The requested scope is not allowed",
        "The OAuth server refused the scope of this application.",
        "Check the scopes configured for the application.",
    ),
    "ACCESS_DENIED": (
        _P,
        "Access denied",
        "The portal refused the call (REST may be limited to paid plans, the method may need an "
        "application context, or a CLIENT_ID is missing for tags).",
        "Read the portal's description below; for tags over a webhook pass the same CLIENT_ID.",
    ),
    "user_access_error": (
        _P,
        "The user has no access to the application",
        "The application is limited to certain users.",
        "Ask a portal administrator to give this user access to the application.",
    ),
    "PAYMENT_REQUIRED": (
        _P,
        "The portal's plan or trial has ended",
        "REST access needs an active paid or trial period.",
        "Renew the portal's subscription.",
    ),
    "PORTAL_DELETED": (
        _P,
        "The portal was deleted",
        "The portal no longer serves requests.",
        "Check the portal address.",
    ),
    "METHOD_CONFIRM_WAITING": (
        _P,
        "The method is waiting for an administrator's approval",
        "The portal asks an administrator to confirm this application's use of the method.",
        "Ask a portal administrator to approve the request, then try again.",
    ),
    "METHOD_CONFIRM_DENIED": (
        _P,
        "An administrator refused the method",
        "The portal's administrator denied this application the use of the method.",
        "Ask a portal administrator to allow it.",
    ),
    "INVALID_REQUEST": (
        _P,
        "The portal requires HTTPS",
        "Webhook calls must use https://.",
        "Use the https:// address of the portal.",
    ),
    # rate limits
    "QUERY_LIMIT_EXCEEDED": (
        _R,
        "Too many requests",
        "The portal's request-rate limit was exceeded (about 2 per second on most plans).",
        "Wait a few seconds and try again; send requests one after another, not in parallel.",
    ),
    "OPERATION_TIME_LIMIT": (
        _R,
        "The method is paused by the portal's time limit",
        "Calls of this method by this webhook or app used more execution time than the portal "
        "allows in 10 minutes; the portal refuses the method until the oldest minute drops out "
        "(time.operating_reset_at), usually a few minutes. Other methods keep working.",
        "Wait until the time given by operating_reset_at, then try again.",
    ),
    "OVERLOAD_LIMIT": (
        _R,
        "Bitrix24 has blocked REST calls of this webhook or app",
        "Bitrix24 blocks a webhook or an application by hand when its requests overload the "
        "portal, and the block stays until Bitrix24 support lifts it; the portal's first "
        "administrator gets a message about it (https://helpdesk.bitrix24.com/open/21138454/).",
        "Nothing was created, and trying again will not help: ask a portal administrator to "
        "contact Bitrix24 support.",
    ),
    # server
    "INTERNAL_SERVER_ERROR": (
        _S,
        "The portal had an internal error",
        "Something failed on the portal's side.",
        "Try again later. " + _RESEND_WITH_TAG,
    ),
    "ERROR_UNEXPECTED_ANSWER": (
        _S,
        "The portal gave an unexpected answer",
        "The portal could not produce a proper answer.",
        "Try again later. " + _RESEND_WITH_TAG,
    ),
    "CONNECTION_ERROR": (
        _S,
        "The portal could not reach the OAuth server",
        "The portal failed to check the token with the OAuth server.",
        "Try again in a moment.",
    ),
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": (
        _S,
        "The manifest is not available",
        "The portal has no such manifest.",
        "Check the request.",
    ),
    "ERROR_BATCH_LENGTH_EXCEEDED": (
        _I,
        "The batch is too long",
        "A batch may hold at most 50 commands.",
        "Split the commands into batches of 50.",
    ),
    "ERROR_BATCH_METHOD_NOT_ALLOWED": (
        _I,
        "The method is not allowed inside a batch",
        "File methods and nested batches cannot run inside a batch.",
        "Call the method on its own.",
    ),
}

_PREFIXES: tuple[tuple[str, tuple[Category, str, str, str]], ...] = (
    (
        "ERROR_BATCH_",
        (_I, "The batch was refused", "The portal refused the batch request.", "Check the batch."),
    ),
    (
        "METHOD_CONFIRM_",
        (
            _P,
            "The method needs an administrator's confirmation",
            "The portal asks an administrator to confirm this method.",
            "Ask a portal administrator.",
        ),
    ),
)

_BY_CODE_LOWER = {code.lower(): entry for code, entry in _CODES.items()}


def _by_status(http_status: int | None) -> tuple[Category, str, str, str]:
    """Fallback for codes nobody documented: the HTTP status still says roughly what kind it is."""
    if http_status == 401:
        return (_C, "The credentials were refused", "The portal refused the credentials.",
                "Check the webhook URL or the access token.")  # fmt: skip
    if http_status == 403:
        return (_P, "Access denied", "The portal refused the call.",
                "Check the permissions of the webhook or application.")  # fmt: skip
    if http_status == 404:
        return (_C, "The portal does not know this address", "The method or address was not found.",
                "Check the portal URL and the webhook's user ID and secret.")  # fmt: skip
    if http_status == 429:
        return (_R, "Too many requests", "The portal asks to slow down.",
                "Wait a little and try again.")  # fmt: skip
    if http_status is not None and 400 <= http_status < 500:
        return (_I, "The portal refused the request", "The portal found a problem in the request.",
                "Read the portal's description and correct the request.")  # fmt: skip
    return (_S, "The portal reported an error", "The portal could not carry out the request.",
            "Try again later. " + _RESEND_WITH_TAG)  # fmt: skip


def explain(
    code: str, description: str = "", http_status: int | None = None, *, webhook: bool = False
) -> Explanation:
    """Turn a portal error code into a category, a title and plain-language advice.

    Dispatches on the code, not the status (the documented and real statuses differ); unknown
    codes fall back by HTTP status. Never raises: any string (even empty) gets an explanation.
    ``webhook``: the call went over a webhook, where a TAG may be dropped, so the advice does not
    count on one.
    """
    code = str(code or "").strip()
    entry = _CODES.get(code) or _BY_CODE_LOWER.get(code.lower())
    if entry is None:
        upper = code.upper()
        entry = next((e for prefix, e in _PREFIXES if upper.startswith(prefix)), None)
    if entry is None:
        entry = _by_status(http_status)
    category, title, explanation, advice = entry
    if webhook:
        advice = advice.replace(" " + _RESEND_WITH_TAG, "")
    description = " ".join(str(description or "").split())
    if description and description.rstrip(".") not in explanation:
        explanation = f"{explanation} The portal says: {description}"
    return Explanation(category, title, explanation, advice)


KNOWN_CODES: frozenset[str] = frozenset(_CODES)

_CLASS_BY_CATEGORY: dict[Category, type[PortalError]] = {
    Category.INPUT: PortalInputError,
    Category.CREDENTIALS: CredentialsError,
    Category.PERMISSION: PermissionDeniedError,
    Category.RATE_LIMIT: RateLimitError,
    Category.SERVER: PortalServerError,
    Category.NETWORK: PortalServerError,
}


def portal_error(
    code: str,
    description: str = "",
    http_status: int | None = None,
    result: Result | None = None,
    note: str = "",
    *,
    webhook: bool = False,
) -> PortalError:
    """Build the typed error for a portal's ``{"error": code, "error_description": ...}`` answer.

    ``note`` goes into the message's parentheses, e.g. "gave up after 3 attempts"; ``webhook`` as
    for :func:`explain`.
    """
    info = explain(code, description, http_status, webhook=webhook)
    cls = _CLASS_BY_CATEGORY[info.category]
    parts = [p for p in (code, f"HTTP {http_status}" if http_status is not None else "", note) if p]
    label = f" ({', '.join(parts)})" if parts else ""
    return cls(
        f"{info.title}{label}",
        code=code,
        description=description,
        http_status=http_status,
        result=result,
        explanation=info.explanation,
        advice=info.advice,
    )
