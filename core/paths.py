"""Where b24notify keeps its files (settings, debug log), and how it keeps them private.

The folder is ``$B24NOTIFY_HOME`` when set (tests, portable use), else the per-user configuration
folder that Qt's ``QStandardPaths.GenericConfigLocation`` names, plus ``b24notify``, worked out
here without Qt so that the command line can use it too:

- Linux and other Unix: ``$XDG_CONFIG_HOME`` when it is an absolute path, else ``~/.config``;
- macOS: ``~/Library/Preferences``;
- Windows: the local application data folder (``%LOCALAPPDATA%``).

https://doc.qt.io/qt-6/qstandardpaths.html#StandardLocation-enum lists the same folders.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from core.constants import ENV_HOME

APP_FOLDER = "b24notify"


def _generic_config_dir() -> Path:
    """The per-user configuration folder, as ``QStandardPaths.GenericConfigLocation`` gives it."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return Path(local) if local else Path.home() / "AppData" / "Local"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences"
    xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    return Path.home() / ".config"


def config_dir() -> Path:
    """The configuration folder: ``$B24NOTIFY_HOME`` if set, else the per-user config location."""
    override = os.environ.get(ENV_HOME, "").strip()
    if override:
        return Path(override).expanduser()
    return _generic_config_dir() / APP_FOLDER


def make_private(path: Path, mode: int) -> None:
    """Owner-only permissions (POSIX; on Windows the per-user folder is private already)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # a file we cannot chmod is still ours to read
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)


def private_folder(folder: Path) -> None:
    """Create ``folder`` owner-only (0700); a folder that exists is left as it is."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    make_private(folder, 0o700)


def private_file(path: Path) -> None:
    """Create ``path`` owner-only (0600) if it does not exist; tighten it if it does.

    Writers that create files with the default mode (usually 0644, readable by every local user)
    then keep these permissions. A folder we cannot write to is left for the writer to report.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        make_private(path, 0o600)  # also tightens a file written by an older version
    except OSError:
        return
    else:
        os.close(fd)
        make_private(path, 0o600)
