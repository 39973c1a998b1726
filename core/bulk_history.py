"""A bulk send's outcomes as history rows (one per recipient), for ``BulkRun(on_outcomes=...)``.

Both shells record a bulk send as they record a single one (:mod:`core.history`): the CLI's
``send`` with many recipients (:mod:`core.cli_bulk`) and the window's bulk send
(:mod:`gui.bulk_controller`). The rows are built from the plan's own request for each recipient,
so they hold what was sent (secrets masked by :func:`core.history.entry_for`), and are written on
the thread that runs the send.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from core.bulk import BulkPlan, Outcome
    from core.history import Entry, History


def entries_for(
    plan: BulkPlan,
    outcomes: Sequence[Outcome],
    *,
    profile: str = "",
    source: str = "cli",
    secrets: Sequence[str] = (),
) -> list[Entry]:
    """One history row per outcome: its recipient's request in ``plan``, with the outcome's
    status, notification id and error code."""
    from core.history import entry_for

    by_user: dict[str, Any] = {str(r.params.get("USER_ID", "")): r for r in plan.requests}
    entries = []
    for outcome in outcomes:
        prepared = by_user.get(str(outcome.user_id))
        if prepared is None:
            continue
        entry = entry_for(prepared, profile=profile, source=source, secrets=secrets)
        nid = outcome.notification_id
        entries.append(
            replace(
                entry,
                outcome=outcome.status.value,
                result_id=str(nid) if nid is not None else "",
                error_code=outcome.code,
            )
        )
    return entries


def recorder(
    history: History,
    plan: BulkPlan,
    *,
    profile: str = "",
    source: str = "cli",
    secrets: Sequence[str] = (),
    on_problem: Callable[[str], None] | None = None,
) -> Callable[[list[Outcome]], None]:
    """An ``on_outcomes`` callback that writes each batch's outcomes to ``history`` (one
    transaction per batch); ``on_problem`` hears why rows were dropped (never raises)."""
    said: list[str] = []

    def record(outcomes: list[Outcome]) -> None:
        entries = entries_for(plan, outcomes, profile=profile, source=source, secrets=secrets)
        if not history.record_many(entries) and on_problem is not None and not said:
            said.append(history.problem)
            on_problem(history.problem)

    return record
