"""``--debug`` and ``--traceback``: what a user can attach to a bug report, with no secret in it.

With ``--debug`` every log record (b24notify's own, and the HTTP stack's) at DEBUG and above goes
to stderr and to ``b24notify.log`` in the settings folder (:func:`core.paths.config_dir`): created
owner-only (0600), rotated at 1 MiB, three old files kept. Each record passes a :class:`ScrubFilter`
first: the secrets known to this run are masked (:class:`core.secrets.Redactor`), and so is
anything shaped like one (the secret of a webhook address, ``auth=``, ``access_token``,
``refresh_token``, ``client_secret`` values), in the message and in the traceback alike.

``--traceback`` (httpie's option of that name) shows an unexpected error's traceback, scrubbed the
same way, instead of the one-line "unexpected problem"; ``--debug`` logs it at ERROR.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.i18n import _
from core.logs import logger
from core.paths import config_dir, private_file, private_folder
from core.secrets import ELLIPSIS, Redactor, mask_secret
from core.version import __version__

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FILE = "b24notify.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logger("b24notify.diagnostics")

_SECRET_NAMES = r"auth|access_token|refresh_token|client_secret"


@cache
def _shapes() -> tuple[re.Pattern[str], ...]:
    """Anything shaped like a secret, known to this run or not: group 1 stays, group 2 is masked.

    Compiled on first use: every CLI run imports this module, few of them scrub anything.
    """
    return (
        # a webhook's secret: /rest/<user id>/<secret>
        re.compile(r"(/rest/[0-9]+/)([^/?#&\s\"'<>\\]+)"),
        # a query string or form body: auth=..., access_token=...
        re.compile(rf"(?i)(\b(?:{_SECRET_NAMES})=)([^&\s\"'<>\\]+)"),
        # JSON or a Python repr: "auth": "...", 'refresh_token': '...'
        re.compile(rf"(?i)([\"'](?:{_SECRET_NAMES})[\"']\s*:\s*[\"'])([^\"'\\]+)"),
    )


def _mask(match: re.Match[str]) -> str:
    value = match.group(2)
    return match.group(1) + (value if ELLIPSIS in value else mask_secret(value))


def scrub_shapes(text: str) -> str:
    """``text`` with every secret-shaped value masked (see the module's docstring)."""
    for shape in _shapes():
        text = shape.sub(_mask, text)
    return text


def format_traceback(error: BaseException) -> str:
    """The traceback of ``error`` as Python prints it (chained causes included), not scrubbed."""
    import traceback  # only when there is one to show: it is slow to import

    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


class ScrubFilter(logging.Filter):
    """Masks secrets in each record a handler writes: the known ones, then the secret-shaped ones.

    The record's message and traceback are formatted here and replaced by their scrubbed text,
    so no formatter downstream can put the original back.
    """

    def __init__(self, known: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self._known = known
        self._secrets: tuple[str, ...] = ()
        self._learned = Redactor()

    def learn(self, *secrets: str | None) -> None:
        """Mask these secrets too from now on (any thread: the Redactor is swapped whole)."""
        known = tuple(dict.fromkeys((*self._secrets, *(s for s in secrets if s))))
        if known != self._secrets:
            self._secrets, self._learned = known, Redactor(known)

    def scrub(self, text: str) -> str:
        if self._known is not None:
            text = self._known(text)
        return scrub_shapes(self._learned.scrub(text))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep what can be kept
            text = f"{record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + format_traceback(record.exc_info[1]).rstrip("\n")
        elif record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + record.stack_info
        record.msg, record.args = self.scrub(text), None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def learn_secrets(*secrets: str | None) -> None:
    """Tell a running ``--debug`` log about secrets met later (the window's address, say).

    The filters are found on the root logger's handlers, where :meth:`Diagnostics.start` put
    them; without ``--debug`` there are none and this does nothing.
    """
    for handler in logging.getLogger().handlers:
        for flt in handler.filters:
            if isinstance(flt, ScrubFilter):
                flt.learn(*secrets)


def _private_rotating_handler(path: Path) -> RotatingFileHandler:
    """A rotating file handler whose files are created owner-only (0600), also after a rollover."""
    from logging.handlers import RotatingFileHandler  # only with --debug: it imports socket, pickle

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> Any:
            private_file(Path(self.baseFilename))
            return super()._open()

    return PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False
    )


class Diagnostics:
    """This run's diagnostics: off until :meth:`start`; :meth:`close` undoes everything it did."""

    def __init__(self) -> None:
        self.debug = False
        self.traceback = False
        self.log_path: Path | None = None
        self.problem = ""  # why the log file could not be opened, if it could not
        self._handlers: list[logging.Handler] = []
        self._root_level: int | None = None

    def start(
        self,
        stream: TextIO,
        *,
        debug: bool = False,
        show_traceback: bool = False,
        known: Callable[[str], str] | None = None,
        folder: Path | None = None,
    ) -> None:
        """Turn on what was asked: ``--traceback`` output; with ``debug``, logging at DEBUG to
        ``stream`` and to the log file in ``folder`` (default: the settings folder)."""
        self.traceback = self.traceback or show_traceback or debug
        if not debug or self.debug:
            return
        self.debug = True
        scrub = ScrubFilter(known)
        formatter = logging.Formatter(FORMAT)
        to_stream = logging.StreamHandler(stream)
        handlers: list[logging.Handler] = [to_stream]
        path = (folder if folder is not None else config_dir()) / LOG_FILE
        try:
            private_folder(path.parent)
            handlers.append(_private_rotating_handler(path))
            self.log_path = path
        except OSError as exc:
            self.problem = _("could not open the debug log {path}: {error}").format(
                path=path, error=exc.strerror or exc
            )

        root = logging.getLogger()
        self._root_level = root.level
        root.setLevel(logging.DEBUG)
        for handler in handlers:
            handler.setLevel(logging.DEBUG)
            handler.addFilter(scrub)
            handler.setFormatter(formatter)
            root.addHandler(handler)
        self._handlers = handlers
        import platform  # only with --debug

        log.debug(
            "b24notify %s, Python %s on %s; log file: %s",
            __version__,
            platform.python_version(),
            platform.platform(),
            self.log_path or self.problem,
        )

    def unexpected(self, error: BaseException, stream: TextIO) -> bool:
        """Report an unexpected error as asked: with ``--debug`` logged at ERROR (stderr and the
        log file), with ``--traceback`` its traceback on ``stream``, secret-shaped values masked.
        False when neither was asked: the caller says its one line.
        """
        if self.debug:
            log.error("unexpected problem", exc_info=error)
            return True
        if self.traceback:
            stream.write(scrub_shapes(format_traceback(error)))
            return True
        return False

    def close(self) -> None:
        """Remove the handlers (their files closed) and give the root logger its level back."""
        root = logging.getLogger()
        for handler in self._handlers:
            root.removeHandler(handler)
            handler.close()
        self._handlers = []
        if self._root_level is not None:
            root.setLevel(self._root_level)
            self._root_level = None
        self.debug = False

    def __enter__(self) -> Diagnostics:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
