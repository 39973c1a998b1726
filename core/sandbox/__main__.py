"""``python -m core.sandbox``: run the sandbox portal in the foreground."""

from __future__ import annotations

import sys

from core.sandbox.cli import main

if __name__ == "__main__":
    sys.exit(main())
