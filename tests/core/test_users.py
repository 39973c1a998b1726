"""Recipient search over the sandbox: user.search, and the im-only fallback's shapes."""

from __future__ import annotations

from typing import Any

import pytest

from core.client import Client
from core.errors import InputError
from core.users import UserInfo, _items, _user, get_user


def test_search_by_name_finds_the_user(sandbox: Any) -> None:
    dana = next(u for u in sandbox.users() if u["first_name"] == "Dana")
    with Client(sandbox.webhook_url) as client:
        found = client.search_users("dana")
    assert [u.id for u in found] == [dana["id"]]
    assert found[0].name == "Dana Smith"
    assert found[0].position
    assert found[0].active is True


def test_search_by_position_and_limit(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        everyone = client.search_users("engineer")
        one = client.search_users("engineer", limit=1)
    assert len(everyone) >= 2 and len(one) == 1
    assert all(isinstance(u, UserInfo) for u in everyone)


def test_cyrillic_names_are_found(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        found = client.search_users("Кузнецов")
    assert len(found) == 1 and "Иван" in found[0].name


def test_a_too_short_query_is_refused_before_sending(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(InputError):
        client.search_users(" a ")
    assert sandbox.requests() == []


def test_the_im_search_shape_is_read(sandbox: Any) -> None:
    # im.search.user.list keys users by id and uses lower-case fields with a full "name".
    with Client(sandbox.webhook_url) as client:
        value = client.call("im.search.user.list", {"FIND": "hana"}).value
    users = [u for u in (_user(i) for i in _items(value)) if u]
    assert len(users) == 1
    assert users[0].name == "Hana Sato" and users[0].position == "QA engineer"


def test_user_shapes() -> None:
    assert _user({"ID": "4", "NAME": "A", "LAST_NAME": "B", "ACTIVE": True}) == UserInfo(
        4, "A B", "", True
    )
    assert _user({"ID": "x"}) is None
    assert _user("nope") is None
    assert _items({"items": [1]}) == [1]
    assert _items(None) == []


def test_without_the_user_scope_the_search_falls_back_to_im(sandbox: Any) -> None:
    # A notification-only webhook (scope im alone) is the common real case.
    with Client(sandbox.add_webhook(["im"])) as client:
        found = client.search_users("hana")
    assert [u.name for u in found] == ["Hana Sato"]
    methods = [r["rest_method"] for r in sandbox.requests()]
    assert methods == ["user.search", "im.search.user.list"]


def test_get_user_by_id_names_the_user_and_says_if_active(sandbox: Any) -> None:
    with Client(sandbox.webhook_url) as client:
        chen = get_user(client, 3)
        former = get_user(client, 7)
        nobody = get_user(client, 999)
    assert chen == UserInfo(3, "Chen Wei", "Product designer", True)
    assert former is not None and former.active is False
    assert nobody is None


def test_get_user_without_the_user_scope_asks_im(sandbox: Any) -> None:
    with Client(sandbox.add_webhook(["im"])) as client:
        hana = get_user(client, 8)
        nobody = get_user(client, 999)
    assert hana is not None and hana.name == "Hana Sato" and hana.active is True
    assert nobody is None
    methods = [r["rest_method"] for r in sandbox.requests()]
    assert methods == ["user.get", "im.user.get", "user.get", "im.user.get"]


@pytest.mark.parametrize("bad", [0, -1, "3", True, None])
def test_get_user_refuses_what_is_no_id_before_sending(sandbox: Any, bad: Any) -> None:
    with Client(sandbox.webhook_url) as client, pytest.raises(InputError):
        get_user(client, bad)
    assert sandbox.requests() == []
