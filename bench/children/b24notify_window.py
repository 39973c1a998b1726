"""The contender of ``bench/startup.py``: the window, started the way ``b24notify`` starts it.

pip's console script for ``b24notify`` imports ``re``, ``sys`` and ``gui.launcher.main``, tidies
``sys.argv[0]`` with ``re.sub`` and calls ``main()``, which finds that the (empty) command line
opens the window and calls ``gui.launcher._open_window``: Python's garbage collector paused
(``gui.start_gc``), then ``_start``: the display check (``gui.display_check``), ``gui.app.run``:
the application, ``gui.app.build`` (the window), ``show``, the event loop. This script does
exactly that; the one difference is that it wraps ``_start`` to import ``gui.app`` first (the
real one imports it after the display check: the same modules load either way) and wrap
``gui.app.build``, to watch the window it returns for its first paint.
"""

import re
import sys

import gui.launcher

sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])  # as the console script does

start = gui.launcher._start


def start_and_watch(sandbox: bool, gc_held: bool) -> int:
    import gui.app

    build = gui.app.build

    def build_and_watch(sandbox: bool = False):
        window, portal = build(sandbox)
        from first_paint import watch  # after the window's own imports, as late as it can be

        watch(window)
        return window, portal

    gui.app.build = build_and_watch
    return start(sandbox, gc_held)


gui.launcher._start = start_and_watch
sys.exit(gui.launcher.main([]))
