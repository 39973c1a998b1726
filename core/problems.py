"""The base of b24notify's errors and the input's problems: what an address, a block or a form
needs to say that something is wrong.

Everything here is re-exported by ``core.errors``, which the rest of b24notify imports; this module
exists apart so that ``core.address`` can raise an ``InputError`` while ``core.errors`` (whose
portal errors carry a ``Result`` and a moved portal's ``Endpoint``) imports ``core.address``:
a leaf below both, no circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
    """One thing wrong with the input, named by its field.

    Fields look like ``user``, ``text``, ``attachments[1].IMAGE.LINK``.
    """

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

    def one_line(self) -> str:
        """The message, then the advice: one plain line, as the CLI and the check show it."""
        text = self.message.strip()
        if text and text[-1] not in ".!?":
            text += "."
        if self.advice:
            text = f"{text} {self.advice.strip()}"
        return " ".join(text.split())


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
