"""Set Qt enum properties by their C++ names, without building PySide6's ``Qt`` enum classes.

PySide6 turns each C++ enum into a Python ``enum`` class when it is first touched, and the ``Qt``
namespace builds *all* of its enums at once: the first ``Qt.AlignmentFlag`` (or any value of
any ``Qt::`` enum crossing from C++ to Python) costs about a hundred enum classes — roughly 28 ms,
a third of what the window adds to a bare window's start-up. The window's first paint needs a few
such values (a vertical splitter, a centred label, rich text), so it sets them the way Qt Designer
and QML do: through the meta-object system, by name. Later code (key handling, context menus)
imports ``Qt`` where it is used; by then the window is on screen.

Keep modules that the window imports before its first paint free of ``from PySide6.QtCore import
Qt`` at module level; ``tests/gui/test_main_window.py`` checks it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_enum_property(obj: QObject, name: str, value: str) -> None:
    """``obj.<name> = value`` where ``value`` is the C++ key(s), e.g. ``"AlignCenter"`` or
    ``"TextSelectableByMouse|TextSelectableByKeyboard"``; raises ``ValueError`` if Qt refuses."""
    if not obj.setProperty(name, value):
        raise ValueError(f"{type(obj).__name__}.{name} cannot be set to {value!r}")
