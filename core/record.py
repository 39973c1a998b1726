"""Small frozen value classes without ``dataclasses`` (issue 10: the CLI's start-up).

``@dataclass`` imports ``dataclasses``, which imports ``inspect`` (with ``ast``, ``dis``,
``tokenize``): about half of ``python -c pass`` again, on the way of every ``send --dry-run``.
The request path's value types (``Notification``, ``Endpoint``, ``PreparedRequest``, the voice's
``Note`` and ``Message``) derive from :class:`Record` instead: each names its fields, in order,
in ``__slots__ = _fields = (...)`` and sets them in its own ``__init__`` (with :func:`init`).
:class:`Record` gives what ``@dataclass(frozen=True)`` gave them: equality and hashing by the
fields in order, a ``Name(field=value, ...)`` repr, no assignment after ``__init__``, copying
and pickling. :func:`replace` is ``dataclasses.replace`` for them (and hands real dataclasses
to it).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TypeVar

    R = TypeVar("R")

__all__ = ["Record", "init", "replace"]


def init(record: Record, *values: Any) -> None:
    """Set ``record``'s fields (its ``_fields``, in order) to ``values``: for ``__init__``."""
    for name, value in zip(record._fields, values, strict=True):
        object.__setattr__(record, name, value)


class Record:
    """The base of a frozen value class; ``_fields`` (also its ``__slots__``) names its fields,
    in order."""

    __slots__ = ("__weakref__",)  # weak references, as to a dataclass
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values())  # copy and pickle through __init__


def replace(obj: R, /, **changes: Any) -> R:
    """A copy of ``obj`` with some fields changed, like ``dataclasses.replace``."""
    if isinstance(obj, Record):
        values = {name: getattr(obj, name) for name in obj._fields}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"{obj.__class__.__name__} has no field {sorted(unknown)[0]!r}")
        return obj.__class__(**{**values, **changes})  # type: ignore[return-value]
    import dataclasses

    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
