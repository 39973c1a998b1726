"""The words of a bulk send in the window, Qt-free: outcome rows, their CSV and tab-separated
text, recipients' names, the progress line, and a compact form of a list of ids.

The window's table (:mod:`gui.bulk_results_model`), its Copy and Save as CSV use these, so what
is copied, saved and shown is the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from core.bulk import Outcome, Progress

HEADERS = (N_("ID"), N_("Name"), N_("Outcome"), N_("Notification id"), N_("Details"))
CSV_HEADERS = ("ID", "NAME", "OUTCOME", "NOTIFICATION_ID", "CODE", "DETAILS")
"""The saved file's columns (English, like the CLI's JSON keys: a file for other programs)."""


class Row:
    """One recipient as the table shows it: before the run (``outcome`` None), or after."""

    __slots__ = ("name", "outcome", "user_id")

    def __init__(self, user_id: int, name: str = "", outcome: Outcome | None = None) -> None:
        self.user_id = user_id
        self.name = name
        self.outcome = outcome

    @property
    def status(self) -> str:
        return self.outcome.status.value if self.outcome is not None else "waiting"

    def outcome_text(self) -> str:
        """ "Sent", "Refused", "Not sent", "Unknown — check before sending again", "Waiting"."""
        words = {
            "sent": _("Sent"),
            "refused": _("Refused"),
            "not_sent": _("Not sent"),
            "unknown": _("Unknown — check before sending again"),
            "waiting": _("Waiting"),
        }
        return words[self.status]

    def notification_id(self) -> str:
        o = self.outcome
        return str(o.notification_id) if o is not None and o.notification_id is not None else ""

    def details(self) -> str:
        """The reason in words (with the portal's code), for a refused, unsent or unknown one."""
        o = self.outcome
        if o is None or o.status.value == "sent":
            return ""
        reason = o.reason or o.description
        return f"{reason} ({o.code})" if o.code and o.code not in reason else reason

    def cells(self) -> list[str]:
        """The table's columns, as shown and copied."""
        return [
            str(self.user_id),
            self.name,
            self.outcome_text(),
            self.notification_id(),
            self.details(),
        ]

    def csv_cells(self) -> list[str]:
        o = self.outcome
        return [
            str(self.user_id),
            self.name,
            self.status,
            self.notification_id(),
            o.code if o is not None else "",
            self.details(),
        ]


def names_of(
    ids: Iterable[int],
    user_data: Mapping[int, Mapping[str, str]],
    values: Mapping[int, Mapping[str, str]] | None = None,
) -> dict[int, str]:
    """Each recipient's name: a CSV's ``FULL_NAME`` or ``NAME`` and ``LAST_NAME`` first, else the
    portal's (``FULL_NAME`` from :func:`core.placeholders.user_values`); "" when unknown."""
    found: dict[int, str] = {}
    for user_id in ids:
        for source in ((values or {}).get(user_id, {}), user_data.get(user_id, {})):
            name = source.get("FULL_NAME", "").strip() or " ".join(
                p for p in (source.get("NAME", ""), source.get("LAST_NAME", "")) if p.strip()
            )
            if name:
                found[user_id] = name
                break
        else:
            found[user_id] = ""
    return found


def as_csv(rows: Sequence[Row]) -> str:
    """The rows as a CSV file (a header line, then one line per recipient)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for row in rows:
        writer.writerow(row.csv_cells())
    return out.getvalue()


def as_tsv(rows: Sequence[Row]) -> str:
    """The rows as tab-separated text with a header (pastes into a spreadsheet as columns)."""
    lines = ["\t".join(_(h) for h in HEADERS)]
    for row in rows:
        lines.append("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row.cells()))
    return "\n".join(lines) + "\n"


def counts_text(progress: Progress) -> str:
    """ "40 of 120 — 38 sent, 2 failed, 0 unknown — about 25 s left"."""
    done = _("{done} of {total}").format(done=progress.done, total=progress.total)
    counts = _("{sent} sent, {failed} failed, {unknown} unknown").format(
        sent=progress.sent, failed=progress.failed, unknown=progress.unknown
    )
    parts = [done, counts]
    if progress.done < progress.total and progress.seconds_left > 0:
        seconds = round(progress.seconds_left)
        if seconds >= 120:
            minutes = round(seconds / 60)
            left = ngettext("about {n} minute left", "about {n} minutes left", minutes)
            parts.append(left.format(n=minutes))
        else:
            left = ngettext("about {n} second left", "about {n} seconds left", seconds)
            parts.append(left.format(n=seconds))
    return " — ".join(parts)


def compact_ids(ids: Sequence[int]) -> str:
    """``[1, 2, 3, 5]`` as ``1-3, 5``: runs of consecutive ids as ranges, in the order given
    (what the recipient field shows after the recipients editor; it reads back the same ids:
    a run is cut at 10,000, the longest range :func:`core.recipients.parse_ids` takes)."""
    parts: list[str] = []
    start = prev = None
    for user_id in ids:
        if prev is not None and start is not None and user_id == prev + 1 and prev - start < 9999:
            prev = user_id
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = user_id
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)
