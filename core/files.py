"""The one way b24notify reads a file the user names: bounded, regular files only, UTF-8 text.

A path can name anything: ``/dev/zero`` (endless), a FIFO (blocks until someone writes), a
folder, a terminal. Each is refused with an ``InputError`` naming the field, before a byte is
read; a regular file is read up to ``max_bytes`` and no further.
"""

from __future__ import annotations

import os
import stat

from core.problems import InputError, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from pathlib import Path

# O_NONBLOCK: opening a FIFO that nobody writes to returns at once instead of waiting (POSIX).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _refuse(field: str, message: str) -> InputError:
    return InputError([Problem(field, message)])


def _check_kind(mode: int, path: Path, field: str, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise _refuse(field, f"{path} is a folder; give the path of a {what}.")
    if not stat.S_ISREG(mode):
        raise _refuse(
            field,
            f"{path} is not a regular file (a device, a pipe or a socket); give a {what}.",
        )


def read_text_file(
    path: str | os.PathLike[str], *, max_bytes: int, field: str, what: str = "file"
) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes`` bytes (a BOM is dropped).

    Raises ``InputError`` naming ``field`` for a missing or unreadable path, a folder, a device,
    a FIFO or a socket, a file larger than ``max_bytes``, or text that is not UTF-8. ``what``
    names the file in the messages ("attachment file", "tokens file").
    """
    from pathlib import Path  # only when a file is read: not on every send's path

    try:
        shown = Path(path)
        before = os.stat(shown)  # follows links; a device is never even opened
    except FileNotFoundError:
        raise _refuse(field, f"cannot read the {what} {path}: there is no such file.") from None
    except (OSError, ValueError, TypeError) as e:  # NUL in the name, too long, no permission
        reason = getattr(e, "strerror", None) or "not a usable file name"
        raise _refuse(field, f"cannot read the {what} {path}: {reason}.") from None
    _check_kind(before.st_mode, shown, field, what)
    try:
        fd = os.open(shown, _OPEN_FLAGS)
    except OSError as e:
        raise _refuse(field, f"cannot read the {what} {shown}: {e.strerror or e}.") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode  # what was opened, should the path have changed
        _check_kind(mode, shown, field, what)
        try:
            data = fh.read(max_bytes + 1)
        except OSError as e:
            raise _refuse(field, f"cannot read the {what} {shown}: {e.strerror or e}.") from None
    if len(data) > max_bytes:
        raise _refuse(field, f"the {what} {shown} is too large (more than {max_bytes:,} bytes).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(field, f"the {what} {shown} is not UTF-8 text.") from None
