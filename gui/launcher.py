"""The ``b24notify`` console entry point.

With a subcommand (``send``, ``delete``, ``check``, ``sandbox``) it is the Qt-free CLI
in :mod:`core.cli`; with none it opens the window. Qt is imported only when the window is
opened, so the CLI starts fast and runs where no display is available.
"""

from __future__ import annotations

import sys


def _open_window(sandbox: bool = False) -> int:
    from gui.app import run

    return run(sandbox=sandbox)


def main(argv: list[str] | None = None) -> int:
    from core.cli import main as cli_main

    return cli_main(argv, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
