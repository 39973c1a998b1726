"""Files the window needs, found the same way in a checkout or an installed package."""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

__all__ = ["APP_ICON", "path"]

APP_ICON = "icons/b24notify.svg"


def path(name: str) -> Path:
    """The file ``name`` (e.g. ``"icons/b24notify.svg"``) inside this package, as a real path.

    The package is always installed as plain files (setuptools package-data, no zip), so the
    traversable is a filesystem path that Qt can open directly.
    """
    return Path(str(_resources.files(__name__).joinpath(name)))
