"""The sandbox's organisation: department.get as documented, user.get by department, --users."""

from __future__ import annotations

import argparse
import io
import threading
from collections.abc import Callable

import pytest

from core.sandbox import MISSING_USER_ID, SandboxPortal
from core.sandbox.cli import add_arguments, run
from core.sandbox.people import MAX_USERS, generated_ids
from tests.core.sandbox._http import call


def test_department_get_lists_the_structure_parents_first(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.webhook_url, "department.get")
    assert answer.status == 200
    body = answer.json
    assert body["total"] == 10
    first, second = body["result"][:2]
    assert first == {"ID": "1", "NAME": "Management", "SORT": 100, "UF_HEAD": "1"}
    assert second["PARENT"] == "1"
    seen: set[str] = set()
    for item in body["result"]:  # parents before their children
        assert item.get("PARENT", "1") in seen | {"1"}
        seen.add(item["ID"])


def test_department_get_filters_and_sorts(sandbox: SandboxPortal) -> None:
    below = call(sandbox.webhook_url, "department.get", {"PARENT": 2}).result
    assert [d["NAME"] for d in below] == ["Backend", "Frontend"]
    by_name = call(sandbox.webhook_url, "department.get", {"sort": "NAME", "order": "DESC"}).result
    assert by_name[0]["NAME"] == "Отдел продаж Москва"
    assert call(sandbox.webhook_url, "department.get", {"FILTER": {"ID": 4}}).result[0]["NAME"] == (
        "Support"
    )
    # "sort" in lower case is the order, not a filter (the filter keys are exact upper case)
    assert len(call(sandbox.webhook_url, "department.get", {"sort": "ID"}).result) == 10


def test_department_get_needs_the_department_scope(sandbox: SandboxPortal) -> None:
    answer = call(sandbox.limited_webhook_url, "department.get")
    assert (answer.status, answer.json["error"]) == (403, "insufficient_scope")


def test_user_get_by_department_active_and_ids(sandbox: SandboxPortal) -> None:
    def ids(params: dict[str, object]) -> list[str]:
        return [u["ID"] for u in call(sandbox.webhook_url, "user.get", params).result]

    assert ids({"FILTER": {"UF_DEPARTMENT": 3}}) == ["4", "7"]
    assert ids({"FILTER": {"UF_DEPARTMENT": [3, 5], "ACTIVE": "true"}}) == ["4", "6"]
    assert ids({"FILTER": {"@ID": [9, 2]}}) == ["2", "9"]


def test_generated_people(make_portal: Callable[..., SandboxPortal]) -> None:
    portal = make_portal(users=200)
    people = portal.users()
    assert len(people) == 209
    generated = people[9:]
    assert {p["department"] for p in generated} >= {"Backend", "Helpdesk"}
    assert any(not p["active"] for p in generated)
    assert any(p["name"][0] in "АБВГДЕЖИКЛМНОПСТ" for p in generated)
    assert any(p["name"][0] in "ABCDEFGHIJKLMNOP" for p in generated)
    again = SandboxPortal(users=200).users()
    assert again == people  # the same on every start
    total = call(portal.webhook_url, "user.get").json["total"]
    assert total == 209


def test_no_one_ever_gets_the_missing_id() -> None:
    assert MISSING_USER_ID not in generated_ids(9990, 20)
    assert len(generated_ids(9990, 20)) == 20


@pytest.mark.parametrize("bad", [-1, MAX_USERS + 1, True, 2.5])
def test_users_is_bounded(bad: object) -> None:
    with pytest.raises(ValueError, match="users must be a whole number"):
        SandboxPortal(users=bad)  # type: ignore[arg-type]


def test_the_users_option_seeds_and_says_so() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--users", "25"])
    out = io.StringIO()
    ready, stop = threading.Event(), threading.Event()
    worker = threading.Thread(target=lambda: run(args, out=out, ready=ready, stop=stop))
    worker.start()
    try:
        assert ready.wait(10)
        people = [line for line in out.getvalue().splitlines() if line.startswith("People:")]
        assert people and "34 (25 generated, ids up to 34) in 10 departments" in people[0]
    finally:
        stop.set()
        worker.join(10)
