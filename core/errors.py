"""Typed errors of b24notify, each with a plain-language message.

Every error has a category (what kind of problem it is), an explanation (what happened) and advice
(what to do). ``str(error)`` is one plain line and never contains a webhook secret or a token.
"""

from __future__ import annotations

# The base classes live in core.problems (a leaf that core.address can import); they are part of
# this module's names, where every other module imports them from.
from core.i18n import N_, _
from core.problems import B24NotifyError, Category, InputError, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
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
        if http_status:
            answered = _("The portal answered HTTP {status} with the address {address}.")
        else:
            answered = _("The portal answered with the address {address}.")
        super().__init__(
            _("The portal answered that it has moved to {address}; nothing was sent there").format(
                address=where
            ),
            code="",
            http_status=http_status,
            result=result,
            explanation=answered.format(status=http_status, address=where)
            + " "
            + _(
                "A renamed portal answers like this, but so could anyone in between; b24notify "
                "does not send the webhook secret or the token to another address on its own."
            ),
            advice=_(
                "If the new address is right, use it instead (on the command line, "
                "--follow-moves sends there)."
            ),
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
_RESEND_WITH_TAG = N_(
    "If you send it again with an app token, give it a TAG so a duplicate replaces the first one."
)
_LATER = N_("Try again later.")

# code -> (category, title, explanation, advice). Codes are matched exactly first, then ignoring
# case: the portal's INVALID_REQUEST (HTTPS required) and the OAuth server's invalid_request differ.
_CODES: dict[str, tuple[Category, str, str, str]] = {
    # im.notify.* own errors
    "USER_ID_EMPTY": (
        _I,
        N_("The recipient is missing"),
        N_("The portal got no usable USER_ID (missing, zero or negative)."),
        N_("Give the recipient's numeric user ID (a positive integer)."),
    ),
    "MESSAGE_EMPTY": (
        _I,
        N_("The notification text is empty"),
        N_("The portal trims the text and found nothing left."),
        N_("Write some text; whitespace alone does not count."),
    ),
    "ATTACH_ERROR": (
        _I,
        N_("The attachment was rejected"),
        N_(
            "No block of the attachment survived the portal's checks (each block "
            "needs one known type "
            "and absolute http(s) or portal-relative links)."
        ),
        N_("Check the blocks: IMAGE and FILE need a LINK; links must start with http(s):// or /."),
    ),
    "ATTACH_OVERSIZE": (
        _I,
        N_("The attachment is too large"),
        N_(
            "The portal counts the attachment it builds as JSON (a link's slashes count twice) and "
            "keeps it only under 60,000 characters; older self-hosted versions counted bytes, so "
            "there non-Latin text counts several times."
        ),
        N_("Remove blocks or shorten texts in the attachment."),
    ),
    "ID_ERROR": (
        _I,
        N_("The notification ID is missing"),
        N_("The portal needs the ID of an existing notification."),
        N_("Give the numeric notification ID returned when it was sent."),
    ),
    "PARAMS_ERROR": (
        _I,
        N_("The request parameters are incomplete"),
        N_("The portal needs exactly one of ID, TAG or SUB_TAG (tags need an app or a CLIENT_ID)."),
        N_("Give an ID, a TAG or a SUB_TAG, and the same CLIENT_ID that was used to send."),
    ),
    # credentials
    "WRONG_AUTH_TYPE": (
        _C,
        N_("This way of signing in is not allowed for this method"),
        N_("The method refuses browser-session authorization; it needs a webhook or an app token."),
        N_("Use an incoming webhook URL or an OAuth access token."),
    ),
    "NO_AUTH_FOUND": (
        _C,
        N_("The portal found no valid credentials"),
        N_("The webhook secret or the access token is missing or wrong."),
        N_("Copy the webhook URL again from the portal (Developer resources > Incoming webhook)."),
    ),
    "INVALID_CREDENTIALS": (
        _C,
        N_("The webhook's user ID or secret is wrong"),
        N_(
            "The portal did not accept the user ID and secret in the webhook URL "
            "(or the user lacks rights)."
        ),
        N_(
            "Copy the full webhook URL again from the portal: "
            "https://portal/rest/<user id>/<secret>/."
        ),
    ),
    "ERROR_METHOD_NOT_FOUND": (
        _C,
        N_("The portal does not know this address"),
        N_(
            "Either the method does not exist there or the webhook URL is malformed: "
            "a URL missing its user ID or secret gives exactly this answer."
        ),
        N_("Check the webhook URL has the form https://portal/rest/<user id>/<secret>/."),
    ),
    "expired_token": (
        _C,
        N_("The access token has expired"),
        N_("OAuth access tokens live one hour."),
        N_("Refresh the token (with client ID, secret and refresh token it is refreshed for you)."),
    ),
    "invalid_token": (
        _C,
        N_("The access token is not valid"),
        N_("The portal does not know this token; the application may have been reinstalled."),
        N_("Get a new access token by authorizing the application again."),
    ),
    "authorization_error": (
        _C,
        N_("The portal could not authorize the user"),
        N_("The credentials were not accepted for this user."),
        N_("Check the webhook or token belongs to an active user."),
    ),
    "invalid_grant": (
        _C,
        N_("The refresh token is no longer valid"),
        N_("The OAuth server refused the refresh token (expired, already used, or revoked)."),
        N_("Authorize the application again to get a new token pair."),
    ),
    "invalid_client": (
        _C,
        N_("The OAuth client ID or secret is wrong"),
        N_(
            "The OAuth server did not accept the application's client ID and "
            "secret, or the app is not "
            "installed on the portal."
        ),
        N_("Check the client ID and client secret of the application."),
    ),
    "invalid_request": (
        _C,
        N_("The OAuth server rejected the refresh request"),
        N_("A parameter of the token refresh was missing or malformed."),
        N_("Check the client ID, client secret and refresh token."),
    ),
    "APPLICATION_NOT_FOUND": (
        _C,
        N_("The application is not installed"),
        N_("The portal has no active application for these credentials."),
        N_("Install or re-activate the application on the portal."),
    ),
    # permissions
    "insufficient_scope": (
        _P,
        N_("The webhook or token lacks the needed permission"),
        N_("The credentials do not include the scope this method needs (notifications need 'im')."),
        N_(
            "Edit the webhook (or app) in the portal and grant the 'im' (chat, "
            "notifications) scope."
        ),
    ),
    "invalid_scope": (
        _P,
        N_("The requested scope is not allowed"),
        N_("The OAuth server refused the scope of this application."),
        N_("Check the scopes configured for the application."),
    ),
    "ACCESS_DENIED": (
        _P,
        N_("Access denied"),
        N_(
            "The portal refused the call (REST may be limited to paid plans, the "
            "method may need an "
            "application context, or a CLIENT_ID is missing for tags)."
        ),
        N_("Read the portal's description below; for tags over a webhook pass the same CLIENT_ID."),
    ),
    "user_access_error": (
        _P,
        N_("The user has no access to the application"),
        N_("The application is limited to certain users."),
        N_("Ask a portal administrator to give this user access to the application."),
    ),
    "PAYMENT_REQUIRED": (
        _P,
        N_("The portal's plan or trial has ended"),
        N_("REST access needs an active paid or trial period."),
        N_("Renew the portal's subscription."),
    ),
    "PORTAL_DELETED": (
        _P,
        N_("The portal was deleted"),
        N_("The portal no longer serves requests."),
        N_("Check the portal address."),
    ),
    "METHOD_CONFIRM_WAITING": (
        _P,
        N_("The method is waiting for an administrator's approval"),
        N_("The portal asks an administrator to confirm this application's use of the method."),
        N_("Ask a portal administrator to approve the request, then try again."),
    ),
    "METHOD_CONFIRM_DENIED": (
        _P,
        N_("An administrator refused the method"),
        N_("The portal's administrator denied this application the use of the method."),
        N_("Ask a portal administrator to allow it."),
    ),
    "INVALID_REQUEST": (
        _P,
        N_("The portal requires HTTPS"),
        N_("Webhook calls must use https://."),
        N_("Use the https:// address of the portal."),
    ),
    # rate limits
    "QUERY_LIMIT_EXCEEDED": (
        _R,
        N_("Too many requests"),
        N_("The portal's request-rate limit was exceeded (about 2 per second on most plans)."),
        N_("Wait a few seconds and try again; send requests one after another, not in parallel."),
    ),
    "OPERATION_TIME_LIMIT": (
        _R,
        N_("The method is paused by the portal's time limit"),
        N_(
            "Calls of this method by this webhook or app used more execution time than the portal "
            "allows in 10 minutes; the portal refuses the method until the oldest minute drops out "
            "(time.operating_reset_at), usually a few minutes. Other methods keep working."
        ),
        N_("Wait until the time given by operating_reset_at, then try again."),
    ),
    "OVERLOAD_LIMIT": (
        _R,
        N_("Bitrix24 has blocked REST calls of this webhook or app"),
        N_(
            "Bitrix24 blocks a webhook or an application by hand when its requests overload the "
            "portal, and the block stays until Bitrix24 support lifts it; the portal's first "
            "administrator gets a message about it (https://helpdesk.bitrix24.com/open/21138454/)."
        ),
        N_(
            "Nothing was created, and trying again will not help: ask a portal administrator to "
            "contact Bitrix24 support."
        ),
    ),
    # server
    "INTERNAL_SERVER_ERROR": (
        _S,
        N_("The portal had an internal error"),
        N_("Something failed on the portal's side."),
        _LATER + " " + _RESEND_WITH_TAG,
    ),
    "ERROR_UNEXPECTED_ANSWER": (
        _S,
        N_("The portal gave an unexpected answer"),
        N_("The portal could not produce a proper answer."),
        _LATER + " " + _RESEND_WITH_TAG,
    ),
    "CONNECTION_ERROR": (
        _S,
        N_("The portal could not reach the OAuth server"),
        N_("The portal failed to check the token with the OAuth server."),
        N_("Try again in a moment."),
    ),
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": (
        _S,
        N_("The manifest is not available"),
        N_("The portal has no such manifest."),
        N_("Check the request."),
    ),
    "ERROR_BATCH_LENGTH_EXCEEDED": (
        _I,
        N_("The batch is too long"),
        N_("A batch may hold at most 50 commands."),
        N_("Split the commands into batches of 50."),
    ),
    "ERROR_BATCH_METHOD_NOT_ALLOWED": (
        _I,
        N_("The method is not allowed inside a batch"),
        N_("File methods and nested batches cannot run inside a batch."),
        N_("Call the method on its own."),
    ),
}

_PREFIXES: tuple[tuple[str, tuple[Category, str, str, str]], ...] = (
    (
        "ERROR_BATCH_",
        (
            _I,
            N_("The batch was refused"),
            N_("The portal refused the batch request."),
            N_("Check the batch."),
        ),
    ),
    (
        "METHOD_CONFIRM_",
        (
            _P,
            N_("The method needs an administrator's confirmation"),
            N_("The portal asks an administrator to confirm this method."),
            N_("Ask a portal administrator."),
        ),
    ),
)

_BY_CODE_LOWER = {code.lower(): entry for code, entry in _CODES.items()}


def _by_status(http_status: int | None) -> tuple[Category, str, str, str]:
    """Fallback for codes nobody documented: the HTTP status still says roughly what kind it is."""
    if http_status == 401:
        return (
            _C,
            N_("The credentials were refused"),
            N_("The portal refused the credentials."),
            N_("Check the webhook URL or the access token."),
        )
    if http_status == 403:
        return (
            _P,
            N_("Access denied"),
            N_("The portal refused the call."),
            N_("Check the permissions of the webhook or application."),
        )
    if http_status == 404:
        return (
            _C,
            N_("The portal does not know this address"),
            N_("The method or address was not found."),
            N_("Check the portal URL and the webhook's user ID and secret."),
        )
    if http_status == 429:
        return (
            _R,
            N_("Too many requests"),
            N_("The portal asks to slow down."),
            N_("Wait a little and try again."),
        )
    if http_status is not None and 400 <= http_status < 500:
        return (
            _I,
            N_("The portal refused the request"),
            N_("The portal found a problem in the request."),
            N_("Read the portal's description and correct the request."),
        )
    return (
        _S,
        N_("The portal reported an error"),
        N_("The portal could not carry out the request."),
        _LATER + " " + _RESEND_WITH_TAG,
    )


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
    category, title, english, advice = entry
    if advice.endswith(" " + _RESEND_WITH_TAG):  # the table's English, translated in two parts
        advice = _(advice[: -len(_RESEND_WITH_TAG) - 1])
        if not webhook:
            advice = f"{advice} {_(_RESEND_WITH_TAG)}"
    else:
        advice = _(advice)
    explanation = _(english)
    description = " ".join(str(description or "").split())
    if description and description.rstrip(".") not in english:
        says = _("The portal says: {description}").format(description=description)
        explanation = f"{explanation} {says}"
    return Explanation(category, _(title), explanation, advice)


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
