"""The ``b24notify`` console entry point.

With a subcommand (``send``, ``delete``, ``check``, ``sandbox``) it is the Qt-free CLI
in :mod:`core.cli`; with none it opens the window. Qt is imported only when the window is
opened, so the CLI starts fast and runs where no display is available.

A bare ``b24notify`` (or ``b24notify --sandbox``) opens the window without importing
:mod:`core.cli` and building its parser: there is nothing to parse, and the window starts
sooner. Anything else (``--help``, ``--debug``, a subcommand, a typo) goes through the CLI.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~3 ms on every start)
if TYPE_CHECKING:
    from typing import NoReturn

# Command lines that only open the window: what the CLI's parser would make of them.
_WINDOW_ONLY: dict[tuple[str, ...], bool] = {(): False, ("--sandbox",): True}


def _open_window(sandbox: bool = False) -> int:
    from gui.start_gc import hold, release

    held = hold()  # the collector waits for the first paint (gui/start_gc.py)
    try:
        return _start(sandbox, held)
    finally:
        release(held)  # whatever happened


def _start(sandbox: bool, gc_held: bool) -> int:
    from gui.display_check import EXIT_NO_DISPLAY, problem

    if problem():  # no display, or Qt's X11 libraries missing: say which, instead of Qt's abort
        from core.i18n import setup_from_settings

        setup_from_settings()
        sys.stderr.write(f"b24notify: {problem()}\n")
        return EXIT_NO_DISPLAY
    from gui.app import run

    return run(sandbox=sandbox, gc_held=gc_held)


def main(argv: list[str] | None = None) -> int:
    args = tuple(sys.argv[1:] if argv is None else argv)
    sandbox = _WINDOW_ONLY.get(args)
    if sandbox is None:
        from core.cli import main as cli_main

        return cli_main(argv, open_window=_open_window)
    try:
        return int(_open_window(sandbox=sandbox))
    except BaseException as exc:  # reported exactly as the CLI reports it (one line, its code)
        from core.cli import main as cli_main

        error = exc  # the except clause's own name is gone once it ends

        def again(sandbox: bool = False) -> NoReturn:
            raise error

        return cli_main(list(args), open_window=again)


if __name__ == "__main__":
    sys.exit(main())
