"""Before Qt starts on Linux: is there a display, and are the X11 libraries Qt's xcb plugin needs
installed? Without them Qt prints "could not load the Qt platform plugin xcb" and aborts the
process; here the user gets one paragraph naming the packages instead, and exit code 6.

Qt-free (it runs before PySide6 is imported). The libraries are those Qt 6.5+ lists for its xcb
platform plugin (https://doc.qt.io/qt-6/linux-requirements.html); PySide6 wheels bundle Qt itself
but not these system libraries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from core.i18n import _

__all__ = ["EXIT_NO_DISPLAY", "XCB_LIBRARIES", "missing_libraries", "problem"]

EXIT_NO_DISPLAY = 6
"""The exit code when the window cannot open (no display, or Qt's X11 libraries missing)."""

# soname -> (Debian/Ubuntu package, Fedora package)
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
}


def _loadable(soname: str) -> bool:
    import ctypes  # only when an X11 display is about to be used: ~2 ms off every other start

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """The sonames of :data:`XCB_LIBRARIES` that cannot be loaded (``loadable`` is injectable)."""
    return [name for name in XCB_LIBRARIES if not loadable(name)]


def problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loadable: Callable[[str], bool] = _loadable,
) -> str:
    """A paragraph saying why the window cannot open here, or ``""`` when nothing is known to stop
    it. Only on Linux and only for Qt's default (xcb) platform: another ``QT_QPA_PLATFORM``
    (wayland, offscreen) is the user's choice and Qt's business."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "").strip()
    if qpa and not qpa.startswith("xcb"):
        return ""
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _(
            "There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set). The command line works without one: see b24notify --help."
        )
    if not env.get("DISPLAY"):
        return ""  # Wayland only: Qt's xcb plugin is not the one that will be used
    missing = missing_libraries(loadable)
    if not missing:
        return ""
    debian = " ".join(XCB_LIBRARIES[name][0] for name in XCB_LIBRARIES)
    fedora = " ".join(dict.fromkeys(XCB_LIBRARIES[name][1] for name in XCB_LIBRARIES))
    return _(
        "The window needs X11 libraries that are not installed ({missing}). On Debian or "
        "Ubuntu: sudo apt install {debian}. On Fedora: sudo dnf install {fedora}. The command "
        "line works without them: see b24notify --help."
    ).format(missing=", ".join(missing), debian=debian, fedora=fedora)
