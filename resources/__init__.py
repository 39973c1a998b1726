"""Files the window needs, found the same way in a checkout or an installed package."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["APP_ICON", "path"]

APP_ICON = "icons/b24notify.svg"


def path(name: str) -> Path:
    """The file ``name`` (e.g. ``"icons/b24notify.svg"``) inside this package, as a real path.

    The package is always installed as plain files (setuptools package-data, no zip), so the
    file sits next to this module. Found from ``__file__`` rather than with
    ``importlib.resources``, whose eight modules took ~8 ms to import on the way to the window's
    first paint.
    """
    return Path(os.path.dirname(os.path.abspath(__file__)), *name.split("/"))
