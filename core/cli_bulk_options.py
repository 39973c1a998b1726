"""``send``'s options for many recipients, and whether a send goes that way.

Apart from :mod:`core.cli_bulk`, which does the bulk send: every ``send`` builds its parser with
these options, and a send to one recipient (``--user 5``) needs nothing more of the bulk path
(``core.cli_bulk`` imports json, time and the pacing: ~1.2 M instructions more on each dry run,
issue 10).
"""

from __future__ import annotations

import argparse

from core.i18n import _

RATE_PRESETS = ("standard", "enterprise")


def add_send_options(send: argparse.ArgumentParser) -> None:
    """The bulk options of ``send`` (``--user`` itself is the send command's)."""
    group = send.add_argument_group(_("many recipients"))
    group.add_argument(
        "--department",
        metavar="ID",
        help=_("every active person of this department (department.get and user.get)"),
    )
    group.add_argument(
        "--with-subdepartments",
        action="store_true",
        help=_("with --department: the people of the departments below it too"),
    )
    group.add_argument(
        "--recipients",
        metavar="FILE.csv",
        help=_("a CSV file: its ID column names the recipients, its other columns fill "
               "placeholders such as {CITY}"),
    )  # fmt: skip
    group.add_argument(
        "--rate-preset",
        choices=RATE_PRESETS,
        default=None,
        help=_("the portal's request limit: standard (50, then 2 a second; the default) or "
               "enterprise (250, then 5 a second)"),
    )  # fmt: skip
    group.add_argument(
        "--burst", metavar="N", help=_("requests the portal takes at once (with --rate)")
    )
    group.add_argument(
        "--rate", metavar="PER_S", help=_("requests a second the portal takes after the burst")
    )
    group.add_argument(
        "--connections",
        metavar="N",
        default="4",
        help=_("requests in flight at once, as the limit allows (default 4, at most 16)"),
    )


def wants_bulk(args: argparse.Namespace) -> bool:
    """True when the send names many recipients (or none: this path then says what is missing)."""
    if getattr(args, "department", None) or getattr(args, "recipients", None):
        return True
    user = getattr(args, "user", None)
    if user is None:
        return True
    if str(user).strip().isdigit():
        return False  # one id: core.recipients (csv, dataclasses) not loaded
    from core.recipients import looks_like_many

    return looks_like_many(str(user))
