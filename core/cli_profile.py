"""``b24notify profile add|list|remove``: named connections whose secrets live in the keyring.

Secrets may come from the command line (``--token T``), from stdin (``--token -``) or from an
environment variable (``--token-env VAR``), so that they never need to sit in the process list;
the same for the webhook URL, the client secret and the refresh token. See :mod:`core.profiles`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from core.errors import InputError, Problem
from core.i18n import N_, _

OK = 0  # core.cli.ExitCode.OK (that module imports this one); problems are raised as errors


def _say(err: TextIO, message: str) -> None:
    err.write(f"b24notify: {' '.join(str(message).split())}\n")


EPILOG = N_("""\
examples:
  # a webhook, its URL read from stdin (kept out of the process list and the shell history)
  printf '%s' 'https://your.bitrix24.com/rest/1/abc123secret/' | b24notify profile add work --url -

  # a portal and an app's access token from the environment, refreshed automatically
  b24notify profile add app --url your.bitrix24.com --token-env TOKEN \\
      --client-id local.abc --client-secret-env CLIENT_SECRET --refresh-token-env REFRESH

  # an on-premise portal whose certificate comes from its own certificate authority
  b24notify profile add office --url-env OFFICE_HOOK --ca-bundle ~/office-ca.pem

  b24notify profile list            # names and addresses (secrets never shown)
  b24notify send --profile work --user 5 --text Hi     # or: export B24NOTIFY_PROFILE=work
  b24notify profile remove work

The profiles file (profiles.json in the settings folder) holds no secret: they go to the system
keyring. Without a usable keyring, b24notify says so and keeps them for this run only.
""")

# (option, what it is, dest) of each value that may be a secret.
_SECRET_OPTIONS = (
    ("--url", N_("webhook URL, or the portal address with --token"), "url"),
    ("--token", N_("OAuth access token (with a portal address)"), "token"),
    ("--client-secret", N_("the app's client secret (for refreshing the token)"), "client_secret"),
    ("--refresh-token", N_("the refresh token"), "refresh_token"),
)
# The help of each ``--<option>-env``.
_ENV_HELP = {
    "url": N_("read the url from this environment variable"),
    "token": N_("read the token from this environment variable"),
    "client_secret": N_("read the client secret from this environment variable"),
    "refresh_token": N_("read the refresh token from this environment variable"),
}


def add_parser(sub: Any) -> None:
    """``profile`` and its three subcommands."""
    parser = sub.add_parser(
        "profile",
        help=_("add, list or remove named connections (secrets in the keyring)"),
        description=_("Named connections: use one with --profile NAME (or $B24NOTIFY_PROFILE)."),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("add (or with --replace, change) a profile"))
    add.add_argument("name", metavar="NAME")
    for option, what, dest in _SECRET_OPTIONS:
        add.add_argument(
            option, dest=dest, help=_("{what}; '-' reads it from stdin").format(what=_(what))
        )
        add.add_argument(
            f"{option}-env", dest=f"{dest}_env", metavar="VAR", help=_(_ENV_HELP[dest])
        )
    add.add_argument("--client-id", default="", metavar="ID", help=_("the app's client id"))
    add.add_argument("--oauth-url", default="", metavar="URL", help=_("the OAuth server (refresh)"))
    add.add_argument(
        "--ca-bundle",
        default="",
        metavar="FILE",
        help=_("PEM file of the certificate authorities that signed the portal's certificate"),
    )
    add.add_argument("--replace", action="store_true", help=_("replace a profile of that name"))
    listing = actions.add_parser("list", help=_("the profiles, addresses without secrets"))
    listing.add_argument("--json", action="store_true", help=_("as JSON"))
    remove = actions.add_parser("remove", help=_("remove a profile and its keyring entry"))

    remove.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from core.profiles import Profiles

    profiles = Profiles()
    action = {"add": _add, "list": _list, "remove": _remove}[args.action]
    return action(profiles, args, out, err)


def _value(args: argparse.Namespace, dest: str, option: str, stdin: list[str | None]) -> str:
    """An option's value: given, ``-`` (stdin, once), or from the variable its ``-env`` names."""
    given, var = getattr(args, dest), getattr(args, f"{dest}_env")
    if given is not None and var:
        message = _("give {option} or {option}-env, not both.").format(option=option)
        raise InputError([Problem(dest, message)])
    if var:
        value = os.environ.get(var)
        if value is None:
            message = _("the environment variable {var} is not set.").format(var=var)
            raise InputError([Problem(dest, message)])
        return value.strip()
    if given == "-":
        if stdin[0] is None:
            raise InputError([Problem(dest, _("only one option can read stdin ('-')."))])
        value, stdin[0] = stdin[0], None
        return value.strip()
    return (given or "").strip()


def _add(profiles: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from core.profiles import make_profile

    dashes = [dest for _o, _w, dest in _SECRET_OPTIONS if getattr(args, dest) == "-"]
    if len(dashes) > 1:
        raise InputError([Problem(dashes[1], _("only one option can read stdin ('-')."))])
    stdin: list[str | None] = [sys.stdin.read() if dashes else ""]
    values = {dest: _value(args, dest, option, stdin) for option, _w, dest in _SECRET_OPTIONS}
    learn = getattr(err, "learn", None)
    if learn is not None:
        learn(values["token"], values["client_secret"], values["refresh_token"])
    if not values["url"]:
        raise InputError([Problem("url", _("give the webhook URL or the portal address."))])
    profile, secrets = make_profile(
        args.name,
        values["url"],
        values["token"],
        client_id=args.client_id,
        client_secret=values["client_secret"],
        refresh_token=values["refresh_token"],
        oauth_url=args.oauth_url,
        ca_bundle=args.ca_bundle,
    )
    if learn is not None:
        learn(*secrets.all)
    if profile.name in profiles.names() and not args.replace:
        message = _("there is already a profile named {name!r} (--replace changes it).")
        raise InputError([Problem("profile", message.format(name=profile.name))])
    kept = profiles.save(profile, secrets)
    _say(
        err,
        _("profile {name!r} saved: {address}").format(
            name=profile.name, address=profile.masked_address
        ),
    )
    if not kept:
        _say(err, _("warning: {problem}").format(problem=profiles.secrets.problem))
    return OK


def _list(profiles: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    found = profiles.entries()
    if args.json:
        rows = [{**p.to_json(), "masked_address": p.masked_address} for p in found]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return OK
    if not found:
        err.write(_("No profiles yet (b24notify profile add NAME --url …).") + "\n")
    width = max((len(p.name) for p in found), default=0)
    for p in found:
        extras = [_("refresh") if p.client_id else "", _("own CA") if p.ca_bundle else ""]
        extra = ", ".join(e for e in extras if e)
        out.write(f"{p.name:<{width}}  {p.masked_address}{f'  ({extra})' if extra else ''}\n")
    return OK


def _remove(profiles: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    profiles.remove(args.name)
    _say(err, _("profile {name!r} removed.").format(name=args.name.strip()))
    return OK
