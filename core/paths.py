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

import os
import sys

from core.constants import ENV_HOME

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from pathlib import Path

APP_FOLDER = "b24notify"


def _generic_config_folder() -> str:
    """The per-user configuration folder, as ``QStandardPaths.GenericConfigLocation`` gives it."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return local if local else os.path.join(home, "AppData", "Local")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Preferences")
    xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return xdg
    return os.path.join(home, ".config")


def config_folder() -> str:
    """:func:`config_dir` as a string, without ``pathlib`` (the CLI's start reads the language
    from the settings file there: ``pathlib`` and its ``urllib.parse`` are ~15 % of ``--help``)."""
    override = os.environ.get(ENV_HOME, "").strip()
    if override:
        return os.path.expanduser(override)
    return os.path.join(_generic_config_folder(), APP_FOLDER)


def config_dir() -> Path:
    """The configuration folder: ``$B24NOTIFY_HOME`` if set, else the per-user config location."""
    from pathlib import Path

    return Path(config_folder())


def make_private(path: Path, mode: int) -> None:
    """Owner-only permissions (POSIX; on Windows the per-user folder is private already)."""
    if os.name == "nt":
        return
    from contextlib import suppress  # not on the CLI's --help path

    with suppress(OSError):  # a file we cannot chmod is still ours to read
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
