"""``b24notify users QUERY``: find recipients by name (id, name, position, active).

The search is the core's :func:`core.users.search_users` (``user.search``, then
``im.search.user.list`` for a webhook with only the ``im`` scope). No match is no error (exit 0);
the other exit codes are the ones every command uses (``core.cli.ExitCode``).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from core.i18n import N_, _

if TYPE_CHECKING:
    from core.cli import ExitCode
    from core.users import UserInfo

EPILOG = N_("""\
examples:
  b24notify users ivan                  # id, name, position and whether the account is active
  b24notify users 'dana smith' --json   # the same as JSON, for scripts
  b24notify send --user "$(b24notify users 'dana smith' --json | jq '.[0].id')" --text Hi

No match prints nothing and exits 0. Other exit codes as for send (b24notify --help).
""")


def add_parser(sub: Any) -> None:
    """The ``users`` subcommand, with the connection options ``send`` has."""
    from core.cli import _command

    parser = _command(
        sub,
        "users",
        _("find users by name"),
        _("Find the portal's users by name, position or department (user.search)."),
        _(EPILOG),
    )
    parser.add_argument("query", metavar="QUERY", help=_("part of a name (2 characters or more)"))
    parser.add_argument("--limit", type=int, default=20, metavar="N", help=_("at most N users"))
    parser.add_argument("--json", action="store_true", help=_("print the users as JSON"))
    parser.set_defaults(run=run)


def _active(user: UserInfo) -> str:
    if user.active is None:
        return "?"
    return _("yes") if user.active else _("no")


def _as_json(users: list[UserInfo]) -> str:
    data = [{"id": u.id, "name": u.name, "position": u.position, "active": u.active} for u in users]
    return json.dumps(data, indent=2, ensure_ascii=False)


def _as_table(users: list[UserInfo]) -> str:
    head = (_("ID"), _("NAME"), _("POSITION"), _("ACTIVE"))
    rows = [head, *((str(u.id), u.name, u.position, _active(u)) for u in users)]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(3)), r[3]]) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    """Search and print; the core's typed errors rise to ``core.cli.main``."""
    from core.cli import ExitCode, _client, _endpoint
    from core.users import search_users

    endpoint = _endpoint(args)
    with _client(args, endpoint, err) as client:
        users = search_users(client, args.query, max(1, args.limit))
    if args.json:
        out.write(_as_json(users) + "\n")
    elif users:
        out.write(_as_table(users) + "\n")
    else:
        err.write(_("b24notify: no user matches {query!r}.").format(query=args.query) + "\n")
    return ExitCode.OK
