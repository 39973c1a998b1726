"""The contender of ``bench/startup.py``: the window, started the way ``b24notify`` starts it.

pip's console script for ``b24notify`` imports ``re``, ``sys`` and ``gui.launcher.main``, tidies
``sys.argv[0]`` with ``re.sub`` and calls ``main()``, which parses the (empty) command line with
``core.cli`` and calls ``gui.launcher._open_window``; that imports ``gui.app`` and runs
``gui.app.run``: the application, ``gui.app.build`` (the window), ``show``, the event loop. This
script does exactly that; the one difference is that its ``_open_window`` wraps
``gui.app.build`` (after importing ``gui.app`` at the same moment the real one does) to watch
the window it returns for its first paint.
"""

import re
import sys

import gui.launcher

sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])  # as the console script does


def _open_window(sandbox: bool = False) -> int:
    import gui.app

    build = gui.app.build

    def build_and_watch(sandbox: bool = False):
        window, portal = build(sandbox)
        from first_paint import watch  # after the window's own imports, as late as it can be

        watch(window)
        return window, portal

    gui.app.build = build_and_watch
    return gui.app.run(sandbox=sandbox)


gui.launcher._open_window = _open_window
sys.exit(gui.launcher.main([]))
