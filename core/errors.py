"""Typed errors of b24notify, each with a plain-language message.

Every error has a category (what kind of problem it is), an explanation (what happened) and advice
(what to do). ``str(error)`` is one plain line and never contains a webhook secret or a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.result import Result


class Category(str, Enum):
    """What kind of problem an error is; the GUI and the CLI group their wording by it."""

    INPUT = "input"
    CREDENTIALS = "credentials"
    PERMISSION = "permission"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    NETWORK = "network"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, named by its field (``user``, ``text``, ``attachments[1].IMAGE.LINK``)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class B24NotifyError(Exception):
    """The base of every error b24notify raises on purpose."""

    category: Category = Category.SERVER

    def __init__(self, message: str, *, explanation: str = "", advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.explanation = explanation or message
        self.advice = advice

    def __str__(self) -> str:
        return self.message


class InputError(B24NotifyError):
    """The input is not valid; nothing was sent."""

    category = Category.INPUT

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], *, advice: str = "") -> None:
        self.problems = list(problems)
        text = "; ".join(str(p) for p in self.problems) or "invalid input"
        super().__init__(
            f"Nothing was sent: {text}",
            explanation=text,
            advice=advice or "Correct the fields named above and try again.",
        )


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


@dataclass(frozen=True)
class Explanation:
    category: Category
    title: str
    explanation: str
    advice: str
