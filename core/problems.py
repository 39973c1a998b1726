"""The base of b24notify's errors and the input's problems: what an address, a block or a form
needs to say that something is wrong.

Everything here is re-exported by ``core.errors``; this module exists apart so that
``core.address`` can raise an ``InputError`` while ``core.errors`` (whose portal errors carry a
``Result`` and a moved portal's ``Endpoint``) imports ``core.address``: a leaf below both, no
circle. The modules that build and check a request (``core.address``, ``core.blocks``,
``core.files``, ``core.validate``, ``core.request``, ``core.voice``) import from here, so that
a dry run or the window's validation does not load the portal errors' catalogue (~2.4 M
instructions, issue 10).
"""

from __future__ import annotations

from enum import Enum

from core.i18n import _


class Category(str, Enum):
    """What kind of problem an error is; the GUI and the CLI group their wording by it."""

    INPUT = "input"
    CREDENTIALS = "credentials"
    PERMISSION = "permission"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    NETWORK = "network"


class Problem:
    """One thing wrong with the input, named by its field (immutable, compared by value).

    Fields look like ``user``, ``text``, ``attachments[1].IMAGE.LINK``. A plain class rather than a
    dataclass: ``dataclasses`` (and the ``inspect`` it pulls in) costs ~10 ms at import, and this
    module is on the way of every CLI command and of the window's first paint.
    """

    __slots__ = ("field", "message")
    field: str
    message: str

    def __init__(self, field: str, message: str) -> None:
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "message", message)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Problem cannot be changed (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Problem cannot be changed (tried to delete {name!r})")

    def __reduce__(self) -> tuple[type[Problem], tuple[str, str]]:
        return (Problem, (self.field, self.message))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Problem)
        return (self.field, self.message) == (other.field, other.message)

    def __hash__(self) -> int:
        return hash((self.field, self.message))

    def __repr__(self) -> str:
        return f"Problem(field={self.field!r}, message={self.message!r})"

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
        text = "; ".join(str(p) for p in self.problems) or _("invalid input")
        super().__init__(
            _("Nothing was sent: {problems}").format(problems=text),
            explanation=text,
            advice=advice or _("Correct the fields named above and try again."),
        )
