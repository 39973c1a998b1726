"""The library's loggers: ``b24notify.*``, with a ``NullHandler`` on ``b24notify``.

A library logs but never configures logging: the application decides where records go. The
``NullHandler`` keeps Python's last-resort handler from printing b24notify's warnings to stderr
when the application configured nothing. It is added once, when the first module that logs
imports this one (the CLI's ``--help`` imports neither this nor logging).
"""

from __future__ import annotations

import logging

logging.getLogger("b24notify").addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger ``name`` (``b24notify.client``...), its parent's NullHandler in place."""
    return logging.getLogger(name)
