"""The ``b24notify`` command line: send, delete, check, and the local sandbox portal.

stdout carries the portal's JSON answer (or the dry-run request); stderr carries one plain line
per problem, no traceback (unless ``--traceback`` or ``--debug``: :mod:`core.diagnostics`), worded
by ``core.voice``. Exit codes (:class:`ExitCode`): 0 sent, 2 invalid input (nothing sent), 3 the
portal answered with an error or ``result: false`` (or moved), 4 no usable answer (timeout, dropped
connection, garbage): the outcome is unknown; 5 the portal could not be reached, nothing was sent
(safe to retry); 130 interrupted.

As in httpie's ``core.py``: :func:`program` does the work and lets the core's typed errors rise;
:func:`main` turns every error into its line on stderr and its exit code.

Commands are listed in :data:`COMMANDS`, one line each; a command's parser is built (and its
module imported) only when that command runs, so ``b24notify --help`` and every command start fast.
To add a command, write ``core/cli_<name>.py`` with::

    def add_parser(sub) -> None:            # sub: argparse's subparsers action
        p = sub.add_parser("<name>", help=..., description=..., epilog=...)
        core.cli._add_connection(p)         # --url/--token/... when it talks to a portal
        p.add_argument(...)

    def run(args, out, err) -> ExitCode:    # the parsed arguments; stdout; stderr (secrets masked)

and add one line to :data:`COMMANDS`: ``"<name>": ("core.cli_<name>", N_("one-line help")),``.
Keep the module's own imports of heavy things (requests, sqlite3, core.client...) inside ``run``
if ``add_parser`` does not need them: ``b24notify <name> --help`` then stays fast too.
"""

from __future__ import annotations

import argparse
import os
import sys
from enum import IntEnum

from core.cli_args import Parser, UsageError
from core.constants import (
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_OAUTH_URL,
    ENV_REFRESH_TOKEN,
    ENV_TOKEN,
    ENV_TOKENS_FILE,
    ENV_URL,
    MAX_TIMEOUT,
)
from core.i18n import N_, _
from core.version import __version__

# typing.TYPE_CHECKING without importing typing. What --help does not need is imported where it
# is used (json, pathlib, logging, core.errors...): bench/cli.py measures the whole process.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any, TextIO

    from core.address import Endpoint
    from core.client import Client
    from core.diagnostics import Diagnostics
    from core.errors import B24NotifyError
    from core.profiles import Connection


class ExitCode(IntEnum):
    """What the process tells its caller; the help's "exit codes" paragraph says the same."""

    OK = 0
    INPUT = 2  # invalid input: nothing was sent
    PORTAL = 3  # the portal refused, answered result: false, or moved
    UNKNOWN = 4  # no usable answer: the outcome is unknown (never resent)
    NOT_SENT = 5  # the portal could not be reached: nothing was sent, safe to retry
    INTERRUPTED = 130  # Ctrl+C, as shells count SIGINT (128 + 2)


PROG = "b24notify"
DEFAULT_TIMEOUT = 55.0
# A token pair is a few hundred bytes; anything far larger is not a tokens file.
MAX_TOKENS_FILE = 64 * 1024


# The exit-codes paragraph of the help (its "3 ..." differs for delete).
EXIT_CODES = N_("""\
exit codes: 0 done, 2 invalid input (nothing sent), 3 {three},
            or it moved to another address (see --follow-moves),
            4 no usable answer (timeout, dropped connection, garbage: the outcome is unknown;
              it may exist, b24notify never resends),
            5 could not reach the portal (connection refused, unknown host, connect timeout,
              TLS handshake): nothing was sent, safe to retry,
            130 interrupted.

A portal that answers it has moved to another host or port gets nothing: the new address (secret
masked) goes to stderr, exit 3. With --follow-moves the same request is sent there once.
""")
REFUSED = N_("the portal refused or answered result:false")
DELETED_NOTHING = N_("the portal refused or deleted nothing")


def _exit_codes(three: str = REFUSED) -> str:
    """The exit-codes paragraph in the current language (``three``: a marked constant)."""
    return _(EXIT_CODES).format(three=_(three))


EPILOG = N_("""\
examples:
  # a personal notification through an incoming webhook (secret kept out of the process list)
  export {url_var}='https://your.bitrix24.com/rest/1/abc123secret/'
  b24notify send --user 5 --text 'Build [b]#42[/b] failed'

  b24notify delete --tag nightly          # delete notifications by tag (or --id N, --sub-tag S)
  b24notify check                         # is the webhook valid, whose is it, may it notify?
  b24notify sandbox                       # run a local fake portal to try all of this safely

  b24notify COMMAND --help shows each command's options and more examples.

{exit_codes}""")

SEND_EPILOG = N_("""\
examples:
  # through an incoming webhook; the URL can also come from ${url_var} (kept out of `ps`)
  b24notify send --url 'https://your.bitrix24.com/rest/1/abc123secret/' --user 5 --text 'Hi'

  # with a tag (a later one with the same tag replaces it: always with an app token, over a
  # webhook only on portals that honour CLIENT_ID there) and a picture + a file
  b24notify send --user 5 --text 'Report ready' --tag nightly \\
      --blocks '[{{"IMAGE": {{"NAME": "chart", "LINK": "https://ci.example/chart.png"}}}},
                 {{"FILE": {{"NAME": "report.pdf", "LINK": "https://ci.example/r.pdf"}}}}]'
  b24notify send --user 5 --text 'Report ready' --blocks blocks.json    # the same, from a file

  # a system notification (no author shown)
  b24notify send --user 5 --text 'Maintenance at 22:00' --system

  # an app's access token instead of a webhook (portal address + token)
  {token_var}=... b24notify send --url your.bitrix24.com --user 5 --text Hi

  # ...refreshed automatically when it expires: b24notify rewrites the file with the new pair
  (umask 077; echo '{{"access_token": "...", "refresh_token": "..."}}' > ~/.b24tokens.json)
  export {client_id_var}=local.abc {client_secret_var}=...
  b24notify send --url your.bitrix24.com --tokens-file ~/.b24tokens.json --user 5 --text Hi

  # show what would be sent (secrets masked), or the same request as curl; nothing is sent
  b24notify send --user 5 --text Hi --dry-run
  b24notify send --user 5 --text Hi --curl

stdout: the portal's JSON answer ("result" is the new notification's id); stderr: problems.
{exit_codes}""")

DELETE_EPILOG = N_("""\
examples:
  b24notify delete --id 1234            # the id "send" printed; only the recipient's webhook or
                                        # token may delete by id (the portal says false otherwise)
  b24notify delete --tag nightly        # every notification sent with --tag nightly
  b24notify delete --sub-tag ci --client-id my-app   # tags belong to the CLIENT_ID they came with

{exit_codes}""")

CHECK_EPILOG = N_("""\
examples:
  b24notify check --url 'https://your.bitrix24.com/rest/1/abc123secret/'
  {token_var}=... b24notify check --url your.bitrix24.com

It prints one line per finding (ok:, warning:, error:) and exits 0 when the webhook or token can
send notifications, 3 when something stands in the way (a portal that moved to another address
too, unless --follow-moves), 4 when the portal gave no usable answer, 5 when it could not be
reached at all (nothing was sent; safe to try again).
""")


def _epilog(template: str, three: str = REFUSED) -> str:
    """An epilog above in the current language, its variable names and exit codes filled in."""
    return _(template).format(
        url_var=ENV_URL,
        token_var=ENV_TOKEN,
        client_id_var=ENV_CLIENT_ID,
        client_secret_var=ENV_CLIENT_SECRET,
        exit_codes=_exit_codes(three),
    )


def _add_connection(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profile",
        "-p",
        metavar="NAME",
        help=_("use a saved profile (b24notify profile --help; default: $B24NOTIFY_PROFILE)"),
    )
    p.add_argument(
        "--url",
        "-u",
        help=_("webhook URL, or the portal address when a token is given (default: ${var})").format(
            var=ENV_URL
        ),
    )
    p.add_argument("--token", help=_("OAuth access token (default: ${var})").format(var=ENV_TOKEN))
    p.add_argument(
        "--tokens-file",
        metavar="FILE",
        help=_(
            "JSON file with access_token/refresh_token (default: ${tokens_file_var}); with "
            "${client_id_var} and ${client_secret_var} set, an expired token is refreshed and the "
            "new pair saved there"
        ).format(
            tokens_file_var=ENV_TOKENS_FILE,
            client_id_var=ENV_CLIENT_ID,
            client_secret_var=ENV_CLIENT_SECRET,
        ),
    )
    p.add_argument(
        "--timeout",
        metavar="SECONDS",
        help=_(
            "how long to wait for the portal's answer (default {default}, at most {most}; the "
            "cloud stops at 60)"
        ).format(default=f"{DEFAULT_TIMEOUT:g}", most=f"{MAX_TIMEOUT:g}"),
    )
    p.add_argument(
        "--follow-moves",
        action="store_true",
        help=_(
            "if the portal answers that it moved to another host or port, send there once "
            "(without it nothing is sent there: exit 3, the new address on stderr)"
        ),
    )


def _add_diagnostics(p: argparse.ArgumentParser, default: Any = False) -> None:
    """``--debug`` and ``--traceback`` (core.diagnostics), before or after the command."""
    p.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help=_(
            "log what happens to stderr and to b24notify.log in the settings folder "
            "(secrets masked), to attach to a bug report"
        ),
    )
    p.add_argument(
        "--traceback",
        action="store_true",
        default=default,
        help=_("on an unexpected error, print its traceback (secrets masked)"),
    )


def _command(
    sub: Any, name: str, summary: str, description: str, epilog: str
) -> argparse.ArgumentParser:
    """A subcommand that talks to a portal: its help, examples and the connection options."""
    parser = sub.add_parser(name, help=summary, description=description, epilog=epilog)
    _add_connection(parser)
    _add_diagnostics(parser, argparse.SUPPRESS)  # a command's default must not undo the top's
    return parser


# The commands, one line each: name -> (where it is made, its line in the top-level --help).
# "module" is a module exposing add_parser(sub) and run(args, out, err) -> ExitCode (see the
# module's docstring); "module:NAME" is an object of a module that has the two. It is imported
# only when its command runs or shows its own --help.
COMMANDS: dict[str, tuple[str, str]] = {
    "send": ("core.cli:SEND", N_("send a notification")),
    "delete": ("core.cli:DELETE", N_("delete notifications by id, tag or sub-tag")),
    "check": ("core.cli:CHECK", N_("test the connection")),
    "users": ("core.cli_users", N_("find portal users by name (ids for --user)")),
    "profile": (
        "core.cli_profile",
        N_("add, list or remove named connections (secrets in the keyring)"),
    ),
    "history": ("core.cli_history", N_("the sends made so far, newest first")),
    # Parsed by its own options in core.sandbox.cli (see _sandbox), imported only when it runs.
    "sandbox": ("core.sandbox.cli", N_("run a local sandbox portal (b24notify sandbox --help)")),
}


def _load(target: str) -> Any:
    """The module (or ``module:NAME`` object) of a command in :data:`COMMANDS`."""
    module, _sep, name = target.partition(":")
    __import__(module)  # importlib.import_module(module) without importing importlib
    loaded = sys.modules[module]
    return getattr(loaded, name) if name else loaded


def build_parser(command: str | None = None) -> Parser:
    """The top-level parser; with ``command`` (a name in :data:`COMMANDS`), that command's own.

    The other commands are only listed (a name and its one-line help: all that the top-level
    ``--help`` and an unknown command's error need), so no other command's module is imported.
    """
    parser = Parser(
        prog=PROG,
        description=_(
            "Send Bitrix24 personal notifications (im.notify.personal.add) from the "
            "command line. Without a command, the desktop composer opens."
        ),
        epilog=_epilog(EPILOG),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help=_("open the desktop composer connected to a local sandbox portal"),
    )
    _add_diagnostics(parser)
    sub: Any = parser.add_subparsers(dest="command", metavar="COMMAND")  # a cli_args.Commands
    for name, (target, summary) in COMMANDS.items():
        if name != command:
            sub.list_only(name, _(summary))
        elif name != "sandbox":  # its parser is made by _sandbox
            _load(target).add_parser(sub)
    return parser


# --- the built-in commands' parsers ---------------------------------------------------------------
def _add_send(sub: Any) -> None:
    send = _command(
        sub,
        "send",
        _(COMMANDS["send"][1]),
        _("Send a personal (or, with --system, a system) notification."),
        _epilog(SEND_EPILOG),
    )
    send.add_argument(
        "--user", metavar="ID", help=_("recipient's user ID; a list or range (5,7,10-20): each")
    )
    send.add_argument("--text", required=True, help=_("notification text (BB-codes allowed)"))
    send.add_argument(
        "--tag",
        default="",
        help=_(
            "tag: a new notification replaces older ones with it (app tokens; over a webhook only "
            "where the portal honours CLIENT_ID, older portals drop webhook tags)"
        ),
    )
    send.add_argument(
        "--sub-tag", default="", metavar="TAG", help=_("secondary tag (for deleting in bulk)")
    )
    send.add_argument(
        "--text-out",
        "--message-out",
        dest="text_out",
        default="",
        metavar="TEXT",
        help=_("MESSAGE_OUT: text for e-mail and push, which show no attachments"),
    )
    send.add_argument(
        "--blocks",
        metavar="JSON|FILE",
        help=_(
            "attachment: JSON text or the path of a JSON file (a list of blocks, one block, "
            "or the full form with BLOCKS); never downloaded from a URL"
        ),
    )
    send.add_argument(
        "--client-id",
        default="",
        metavar="ID",
        help=_("CLIENT_ID sent with tags over a webhook (default b24notify)"),
    )
    send.add_argument(
        "--color-token",
        default="",
        metavar="TOKEN",
        help=_("the attachment's COLOR_TOKEN: primary, secondary, alert or base (needs --blocks)"),
    )
    send.add_argument(
        "--system",
        action="store_true",
        help=_("send a system notification (im.notify.system.add)"),
    )
    mode = send.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run",
        action="store_true",
        help=_("print the request that would be sent; send nothing"),
    )
    mode.add_argument(
        "--curl", action="store_true", help=_("print the request as a curl command; send nothing")
    )
    send.add_argument(
        "--reveal",
        action="store_true",
        help=_("show secrets in --dry-run/--curl output (masked otherwise)"),
    )
    from core.cli_bulk_options import add_send_options  # --department, --recipients... (issue 13)

    add_send_options(send)


def _add_delete(sub: Any) -> None:
    delete = _command(
        sub,
        "delete",
        _(COMMANDS["delete"][1]),
        _("Delete notifications (im.notify.delete)."),
        _epilog(DELETE_EPILOG, DELETED_NOTHING),
    )
    which = delete.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", metavar="N", help=_("the notification ID (digits)"))
    which.add_argument("--tag", help=_("every notification with this tag"))
    which.add_argument("--sub-tag", metavar="TAG", help=_("every notification with this sub-tag"))
    delete.add_argument(
        "--client-id",
        default="",
        metavar="ID",
        help=_("the CLIENT_ID used when sending (default b24notify)"),
    )


def _add_check(sub: Any) -> None:
    _command(
        sub,
        "check",
        _(COMMANDS["check"][1]),
        _("Check the webhook or token: is it valid, whose is it, may it notify?"),
        _epilog(CHECK_EPILOG),
    )


# --- helpers ------------------------------------------------------------------------------------
class _Scrubbed:
    """stderr with every secret the command line carries masked, whatever the message.

    The messages are written not to contain secrets in the first place; this is the second lock.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._secrets: list[str] = []
        self._redactor: Any = None  # a core.secrets.Redactor once there is a secret to mask

    def learn(self, *secrets: str | None) -> None:
        # Very short "secrets" are typing mistakes; masking them would garble every message.
        new = [s for s in secrets if s and len(s) >= 6 and s not in self._secrets]
        if new:
            from core.secrets import Redactor

            self._secrets += new
            self._redactor = Redactor(self._secrets)

    def scrub(self, text: str) -> str:
        return text if self._redactor is None else self._redactor.scrub(text)

    def write(self, text: str) -> int:
        return self.stream.write(self.scrub(text))

    def flush(self) -> None:
        self.stream.flush()


def _learn_secrets(err: TextIO, args: argparse.Namespace) -> None:
    """Tell the scrubbing stderr every secret given on the command line or in the environment."""
    learn = getattr(err, "learn", None)
    if learn is None:
        return
    url = getattr(args, "url", None) or os.environ.get(ENV_URL, "")
    token = getattr(args, "token", None) or os.environ.get(ENV_TOKEN, "")
    env = (ENV_CLIENT_SECRET, ENV_REFRESH_TOKEN)
    learn(*webhook_secrets(url), token.strip(), *(os.environ.get(name, "") for name in env))


# The characters the (?i) pattern below takes for each letter of "rest" (U+017F, the long s,
# matches "s" ignoring case: re's case fixes).
_REST = ("rR", "eE", "sS\u017f", "tT")


def webhook_secrets(url: str) -> list[str]:
    """What ``re.findall(r"(?i)/rest/[0-9]+/([^/?#\\s]+)", url)`` finds: every secret-looking part
    after ``/rest/<digits>/``, in any case (the parser takes only ``rest``; masking takes more).
    String code: the pattern cost ~0.7 M instructions to compile on every command line with a
    URL (issue 10); tests/core/test_cli_args.py compares the two."""
    found: list[str] = []
    start = 0
    while (at := url.find("/", start)) >= 0:
        start = at + 1
        word = url[at + 1 : at + 5]
        if len(word) < 4 or not all(c in chars for c, chars in zip(word, _REST, strict=True)):
            continue
        if url[at + 5 : at + 6] != "/":
            continue
        digits = at + 6
        end = digits
        while end < len(url) and url[end] in "0123456789":
            end += 1
        if end == digits or url[end : end + 1] != "/":
            continue
        first = end = end + 1
        while end < len(url) and url[end] not in "/?#" and not url[end].isspace():
            end += 1
        if end > first:
            found.append(url[first:end])
            start = end
    return found


def _print_json(data: Any, out: TextIO) -> None:
    from core.json_text import dumps  # json.dumps(indent=2, ensure_ascii=False), json if needed

    out.write(dumps(data) + "\n")


def _say(err: TextIO, message: str) -> None:
    err.write(f"{PROG}: {' '.join(str(message).split())}\n")


def _tokens_path(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "tokens_file", None) or os.environ.get(ENV_TOKENS_FILE, "")
    if not value:
        return None
    from pathlib import Path

    return Path(value).expanduser()


def _read_tokens(path: Path | None) -> dict[str, Any]:
    """The stored token pair, or ``{}`` when there is no file yet."""
    if path is None or not os.path.lexists(path):
        return {}
    import json

    from core.files import read_text_file
    from core.problems import InputError, Problem

    text = read_text_file(path, max_bytes=MAX_TOKENS_FILE, field="tokens_file", what="tokens file")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(
            [
                Problem(
                    "tokens_file",
                    _("{path} is not a readable JSON file of tokens.").format(path=path),
                )
            ]
        ) from None
    if not isinstance(data, dict):
        message = _("{path} must hold a JSON object.").format(path=path)
        raise InputError([Problem("tokens_file", message)])
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _write_tokens(path: Path, pair: Any) -> None:
    """Replace the tokens file atomically, readable by its owner only."""
    data = {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires": pair.expires,
        "client_endpoint": pair.client_endpoint,
    }
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


def profile_name(args: argparse.Namespace) -> str:
    """The profile a command uses (``core.profiles.chosen_profile``; "" for none)."""
    from core.constants import ENV_PROFILE

    if not (getattr(args, "profile", None) or "").strip() and not os.environ.get(ENV_PROFILE):
        return ""  # no profile named: core.profiles (json, pathlib, its dataclasses) not loaded
    from core.profiles import chosen_profile

    typed = {"--url": getattr(args, "url", None), "--token": getattr(args, "token", None)}
    return chosen_profile(getattr(args, "profile", None), typed, dict(os.environ))


def _profile(args: argparse.Namespace) -> Connection | None:
    """The profile's connection (read once per command), or None without a profile."""
    if "profile_connection" not in vars(args):
        name = profile_name(args)
        args.profile_connection = None
        if name:
            from core.profiles import Profiles

            args.profile_connection = Profiles().connection(name)
    connection: Connection | None = args.profile_connection
    return connection


def _endpoint(args: argparse.Namespace) -> Endpoint:
    """Where a command goes: the profile (``--profile``/``$B24NOTIFY_PROFILE``), else ``--url``
    and ``--token`` (or their variables). The one place every command resolves its connection."""
    from core.address import parse_endpoint
    from core.problems import InputError, Problem

    connection = _profile(args)
    if connection is not None:
        return connection.endpoint
    url = args.url if args.url is not None else os.environ.get(ENV_URL, "")
    token = args.token if args.token is not None else os.environ.get(ENV_TOKEN, "")
    if not url.strip():
        raise InputError(
            [
                Problem(
                    "url",
                    _("give the webhook URL or the portal address (or set {var}).").format(
                        var=ENV_URL
                    ),
                )
            ]
        )
    if not token.strip() and "/rest/" not in url:
        token = _read_tokens(_tokens_path(args)).get("access_token", "")
    try:
        return parse_endpoint(url, token)
    except InputError as error:
        if args.token is not None or not os.environ.get(ENV_TOKEN):
            raise
        # The user typed no --token: say where the one in the way came from.
        raise InputError(
            [
                Problem(
                    p.field,
                    _("{message} (the token comes from ${var}).").format(
                        message=p.message.rstrip("."), var=ENV_TOKEN
                    ),
                )
                if p.field == "token"
                else p
                for p in error.problems
            ]
        ) from None


def _oauth(args: argparse.Namespace) -> Any:
    """Refresh settings, only with a tokens file for the new pair (the old one stops working)."""
    path = _tokens_path(args)
    cid, secret = os.environ.get(ENV_CLIENT_ID, ""), os.environ.get(ENV_CLIENT_SECRET, "")
    if path is None or not (cid and secret):
        return None
    refresh = _read_tokens(path).get("refresh_token") or os.environ.get(ENV_REFRESH_TOKEN, "")
    if not refresh:
        return None
    from core.oauth import DEFAULT_OAUTH_URL, OAuthCredentials

    return OAuthCredentials(
        cid, secret, refresh, os.environ.get(ENV_OAUTH_URL) or DEFAULT_OAUTH_URL
    )


def _client(args: argparse.Namespace, endpoint: Endpoint, err: TextIO) -> Client:
    from core.client import Client

    profile = _profile(args)
    if profile is not None:
        return _profile_client(args, profile, err)
    oauth = _oauth(args) if endpoint.kind == "token" else None
    path = _tokens_path(args)
    learn = getattr(err, "learn", None)
    if learn is not None:
        learn(*endpoint.secrets, *(oauth.secrets if oauth is not None else ()))

    def on_tokens(pair: Any) -> None:
        if path is None:  # refresh is only configured with a tokens file
            return
        try:
            _write_tokens(path, pair)
        except OSError as exc:
            message = _("warning: could not save the refreshed tokens to {path}: {error}")
            _say(err, message.format(path=path, error=exc.strerror))
            return
        message = _("note: the access token was refreshed; the new pair is saved in {path}.")
        _say(err, message.format(path=path))

    return Client(
        endpoint,
        timeout=args.seconds,  # the read timeout; connecting may take at most 5 s of it
        follow_moves=args.follow_moves,
        oauth=oauth,
        on_tokens=on_tokens if oauth else None,
        on_retry=_on_retry(err),
    )


def _on_retry(err: TextIO) -> Callable[[str, float, int], None]:
    def on_retry(code: str, seconds: float, attempt: int) -> None:
        from core.voice import retry_note

        _say(err, _("note: {what}").format(what=retry_note(code, seconds, attempt)))

    return on_retry


def _profile_client(args: argparse.Namespace, profile: Connection, err: TextIO) -> Client:
    """A client for a profile: its refresh details (refreshed tokens go back to its keyring
    entry) and its CA bundle (TLS verified with that file; never unverified)."""
    from core.client import Client
    from core.profiles import Profiles, ca_session

    oauth = profile.oauth()
    learn = getattr(err, "learn", None)
    if learn is not None:
        learn(*profile.endpoint.secrets, *profile.secrets.all)

    def on_tokens(pair: Any) -> None:
        if learn is not None:
            learn(pair.access_token, pair.refresh_token)
        if Profiles().store_tokens(profile.name, pair):
            text = _("note: the access token was refreshed; profile {name!r} keeps the new pair.")
        else:
            text = _(
                "note: the access token was refreshed; profile {name!r} keeps the new pair for "
                "this run only (no usable keyring)."
            )
        _say(err, text.format(name=profile.name))

    session = ca_session(profile.ca_bundle) if profile.ca_bundle else None
    client = Client(
        profile.endpoint,
        timeout=args.seconds,
        follow_moves=args.follow_moves,
        oauth=oauth,
        on_tokens=on_tokens if oauth else None,
        on_retry=_on_retry(err),
        session=session,
    )
    if session is not None:  # the client does not close a session it was given
        import weakref

        weakref.finalize(client, session.close)
    return client


def _timeout(args: argparse.Namespace) -> float:
    """``--timeout`` in seconds (digits only, 0 < t <= 600), or the default."""
    if getattr(args, "timeout", None) is None:  # a command may have no --timeout
        return DEFAULT_TIMEOUT
    from core.validate import parse_seconds  # not needed for --help or a usage error

    return parse_seconds(args.timeout, "timeout")


def _report_redirect(result: Any, err: TextIO) -> None:
    if getattr(result, "redirected_to", None) is not None:
        _say(
            err,
            _("note: the portal moved to {address}; update your saved URL.").format(
                address=result.redirected_to.display()
            ),
        )


# --- commands -----------------------------------------------------------------------------------
def _notes(notes: Sequence[Any], err: TextIO) -> None:
    """The core's notes (``core.voice``) as ``note:`` lines, each naming the option it is about."""
    for note in notes:
        about = "" if note.field in ("result", "tag") else f"{_option(note.field)}: "
        _say(err, f"note: {about}{note.message}")


def _send(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    from core.cli_args import notification_from
    from core.notes import notes_before_sending
    from core.request import build_notification

    endpoint = _endpoint(args)
    notification = notification_from(args, args.user)
    # Checked once, the blocks read once: this request is what --dry-run prints and what is sent.
    prepared = build_notification(endpoint, notification, system=args.system)
    _notes(notes_before_sending(prepared), err)
    if args.dry_run:
        body = prepared.body() if args.reveal else prepared.masked_body()
        url = prepared.url if args.reveal else prepared.masked_url
        _print_json(
            {"method": "POST", "url": url, "headers": prepared.headers(), "body": body}, out
        )
        return ExitCode.OK
    if args.curl:
        out.write(prepared.to_curl(reveal=args.reveal) + "\n")
        return ExitCode.OK
    result = _send_recorded(args, prepared, err)
    _print_json(result.raw, out)
    _report_redirect(result, err)
    from core.voice import notes_after

    _notes(notes_after(result, prepared), err)
    return ExitCode.OK


def _delete(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    from core.request import build_delete
    from core.voice import notes_after, notes_before_sending

    endpoint = _endpoint(args)
    which = {"id": args.id, "tag": args.tag, "sub_tag": args.sub_tag, "client_id": args.client_id}
    prepared = build_delete(endpoint, **which)
    _notes(notes_before_sending(prepared), err)
    result = _send_recorded(args, prepared, err)
    _print_json(result.raw, out)
    _report_redirect(result, err)
    _notes(notes_after(result, prepared), err)
    return ExitCode.OK


def _send_recorded(args: argparse.Namespace, prepared: Any, err: TextIO) -> Any:
    """Send ``prepared`` and record the call in the history, whatever its outcome."""
    from core.cli_history import record

    profile = _profile(args)
    name, extra = (profile.name, profile.secrets.all) if profile is not None else ("", ())
    client = _client(args, prepared.endpoint, err)
    with client:
        try:
            result = client.send(prepared)
        except BaseException as error:  # recorded, then reported by main() as before
            record(prepared, err, profile=name, error=error, secrets=extra)
            raise
    tokens = client.tokens
    pair = (tokens.access_token, tokens.refresh_token) if tokens is not None else ()
    record(prepared, err, profile=name, result=result, secrets=(*extra, *pair))
    return result


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    from core.errors import PortalMovedError
    from core.voice import for_error

    endpoint = _endpoint(args)
    with _client(args, endpoint, err) as client:
        report = client.check()
    for finding in report.findings:  # the report itself, one finding a line, like an answer
        out.write(f"{finding.level}: {finding.message}\n")
    if isinstance(report.error, PortalMovedError):
        _say(err, for_error(report.error).one_line())
    if report.ok:
        return ExitCode.OK
    return exit_code_for(report.error) if report.error is not None else ExitCode.PORTAL


def exit_code_for(error: B24NotifyError) -> ExitCode:
    """2 input, 3 the portal said no, 5 not sent (unreachable), 130 cancelled; the rest 4."""
    from core.errors import CancelledError, InputError, NotSentError, PortalError

    if isinstance(error, InputError):
        return ExitCode.INPUT
    if isinstance(error, PortalError):
        return ExitCode.PORTAL
    if isinstance(error, NotSentError):
        return ExitCode.NOT_SENT
    if isinstance(error, CancelledError):
        return ExitCode.INTERRUPTED
    return ExitCode.UNKNOWN


# Problem fields (named after the library's parameters) as the options a CLI user typed.
_OPTION_OF_FIELD = {
    "user": "--user",
    "text": "--text",
    "text_out": "--text-out",
    "tag": "--tag",
    "sub_tag": "--sub-tag",
    "client_id": "--client-id",
    "color_token": "--color-token",
    "attachments": "--blocks",
    "url": "--url",
    "token": "--token",
    "tokens_file": "--tokens-file",
    "profile": "--profile",
    "ca_bundle": "--ca-bundle",
    "client_secret": "--client-secret",
    "refresh_token": "--refresh-token",
    "limit": "--limit",
    "timeout": "--timeout",
    "id": "--id",
}


def _option(field: str) -> str:
    """``attachments[0].IMAGE.LINK`` -> ``--blocks[0].IMAGE.LINK``; other fields stay as given."""
    head = field.split("[", 1)[0].split(".", 1)[0]
    option = _OPTION_OF_FIELD.get(head)
    return option + field[len(head) :] if option else field


def _report_error(error: B24NotifyError, out: TextIO, err: TextIO) -> None:
    """An input error as one line per problem, named by its option; any other as one line."""
    from core.errors import InputError

    if isinstance(error, InputError):
        for problem in error.problems:
            line = _("nothing was sent: {option}: {problem}")
            _say(err, line.format(option=_option(problem.field), problem=problem.message))
        return
    from core.voice import for_error

    result = getattr(error, "result", None)
    if result is not None and result.raw is not None:
        _print_json(result.raw, out)  # the portal's own answer, as the issue asks
    line = for_error(error).one_line()
    if getattr(error, "code", "") == "expired_token":
        line += " " + _(
            "To refresh automatically, set {client_id_var}, {client_secret_var} and "
            "{tokens_file_var} (a JSON file holding the refresh_token)."
        ).format(
            client_id_var=ENV_CLIENT_ID,
            client_secret_var=ENV_CLIENT_SECRET,
            tokens_file_var=ENV_TOKENS_FILE,
        )
        line += " " + _(
            "Or keep them in a profile: b24notify profile add NAME --url PORTAL --token-env VAR "
            "--client-id ID --client-secret-env VAR --refresh-token-env VAR."
        )
    _say(err, line)


def _sandbox(argv: list[str], offset: int, start: Callable[[argparse.Namespace], None]) -> int:
    """``b24notify sandbox ...``: parsed by the sandbox's own options, imported only now."""
    from core.sandbox import cli as sandbox_cli

    parser = Parser(
        prog=f"{PROG} sandbox",
        description=_("Run a fake Bitrix24 portal on this computer to try b24notify safely."),
        epilog=sandbox_cli.EPILOG,
    )
    sandbox_cli.add_arguments(parser)
    _add_diagnostics(parser, argparse.SUPPRESS)
    parser.offset = offset
    args = parser.parse_args(argv)
    start(args)
    return int(sandbox_cli.run(args))


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand sits (top-level options are all flags without values)."""
    return next((i for i, a in enumerate(argv) if not a.startswith("-")), None)


class _OnDemand:
    """This run's :class:`core.diagnostics.Diagnostics`, made (and logging imported) only when
    ``--debug`` or ``--traceback`` asks for it."""

    def __init__(self) -> None:
        self.made: Diagnostics | None = None

    def make(self) -> Diagnostics:
        if self.made is None:
            from core.diagnostics import Diagnostics

            self.made = Diagnostics()
        return self.made

    def unexpected(self, error: BaseException, stream: TextIO) -> bool:
        return self.made is not None and self.made.unexpected(error, stream)

    def close(self) -> None:
        if self.made is not None:
            self.made.close()


def _start_diagnostics(
    diagnostics: Diagnostics | _OnDemand | None, err: TextIO, *namespaces: argparse.Namespace
) -> None:
    """Turn on ``--debug``/``--traceback`` if any of ``namespaces`` asks; say where the log is."""
    debug = any(getattr(ns, "debug", False) for ns in namespaces)
    show = any(getattr(ns, "traceback", False) for ns in namespaces)
    if diagnostics is None or not (debug or show):
        return
    if isinstance(diagnostics, _OnDemand):
        diagnostics = diagnostics.make()
    diagnostics.start(err, debug=debug, show_traceback=show, known=getattr(err, "scrub", None))
    if diagnostics.debug:
        where = diagnostics.log_path or diagnostics.problem
        _say(err, _("debug log: {where}").format(where=where))


def program(
    argv: list[str],
    *,
    out: TextIO,
    err: TextIO,
    open_window: Callable[..., int] | None = None,
    diagnostics: Diagnostics | _OnDemand | None = None,
) -> int:
    """Do what the command line asks and return the exit code of an outcome that is no error.

    Raises what goes wrong (the core's typed errors, ``UsageError``, argparse's ``SystemExit``
    for ``--help``/``--version``, ``KeyboardInterrupt``): :func:`main` reports them.
    ``diagnostics`` (if given) is turned on by ``--debug``/``--traceback``; the caller closes it.
    """
    at = _command_index(argv)
    parser = build_parser(argv[at] if at is not None else None)
    if at is not None and argv[at] == "sandbox":
        top = parser.parse_args(argv[:at])  # top-level flags such as --version still work

        def start(args: argparse.Namespace) -> None:
            _start_diagnostics(diagnostics, err, top, args)

        return _sandbox(argv[at + 1 :], at + 1, start)
    args = parser.parse_args(argv)
    _start_diagnostics(diagnostics, err, args)
    if args.command is None:
        if open_window is not None:
            return int(open_window(sandbox=args.sandbox))
        parser.print_help(err)
        return ExitCode.INPUT
    command = _load(COMMANDS[args.command][0])
    _learn_secrets(err, args)
    args.seconds = _timeout(args)  # checked first: nothing goes out with a bad timeout
    if args.command == "send":
        from core.cli_bulk_options import wants_bulk  # many recipients (issue 13)

        if wants_bulk(args):
            from core import cli_bulk

            return cli_bulk.run(
                args, out, err, endpoint_of=_endpoint, client_for=_client, profile_of=_profile
            )
    return command.run(args, out, err)


def _core_error() -> type[B24NotifyError]:
    """The core's error class, imported when an error is being matched: only then is it needed."""
    from core.problems import B24NotifyError

    return B24NotifyError


def _freeze_start() -> None:
    """Leave what the start made (the modules, argparse, the interpreter's own objects, all of
    which live until the process ends) out of the cyclic garbage collector's walks: without it
    the collector walks them again at each full collection of a run that lasts ~50 ms, and at
    exit: ~7 M instructions of a dry run's ~98 M (issue 10). ``gc.freeze()``, as pre-forking
    servers use it (https://docs.python.org/3/library/gc.html#gc.freeze); objects made later are
    collected as usual. Only when :func:`main` runs the process's own command line (``argv``
    None: the console script), not for a caller's ``main([...])`` (a test, a program)."""
    import gc

    gc.freeze()


def main(
    argv: Sequence[str] | None = None,
    *,
    open_window: Callable[..., int] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit code (the console script passes it to ``sys.exit``).

    Every error ends here: one line on stderr (secrets masked), no traceback unless
    ``--traceback`` or ``--debug`` asks for it.
    """
    if argv is None:
        _freeze_start()
    from core.i18n import setup_from_settings  # the language: B24NOTIFY_LANG, settings, system

    setup_from_settings()
    out = stdout or sys.stdout
    err: TextIO = _Scrubbed(stderr or sys.stderr)  # type: ignore[assignment]
    diagnostics = _OnDemand()  # --debug, --traceback
    try:
        return program(
            list(sys.argv[1:] if argv is None else argv),
            out=out,
            err=err,
            open_window=open_window,
            diagnostics=diagnostics,
        )
    except UsageError as exc:
        err.write(exc.line() + "\n")
        return ExitCode.INPUT
    except SystemExit as exc:  # --help/--version (0)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else ExitCode.INPUT)
    except KeyboardInterrupt:
        _say(
            err,
            _("interrupted; a request already on its way may or may not have been carried out."),
        )
        return ExitCode.INTERRUPTED
    except _core_error() as error:  # evaluated only for an exception not matched above
        _report_error(error, out, err)
        return exit_code_for(error)
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # the last guard: one line (or --traceback), no secrets
        if not diagnostics.unexpected(error, err):
            message = _("unexpected problem: {error}. Please report it.")
            _say(err, message.format(error=type(error).__name__))
        return ExitCode.UNKNOWN
    finally:
        diagnostics.close()


class _BuiltIn:
    """A command defined in this module: what a command's module exposes (see :data:`COMMANDS`)."""

    def __init__(
        self,
        add_parser: Callable[[Any], None],
        run: Callable[[argparse.Namespace, TextIO, TextIO], ExitCode],
    ) -> None:
        self.add_parser = add_parser
        self.run = run


SEND = _BuiltIn(_add_send, _send)
DELETE = _BuiltIn(_add_delete, _delete)
CHECK = _BuiltIn(_add_check, _check)


if __name__ == "__main__":
    sys.exit(main())
