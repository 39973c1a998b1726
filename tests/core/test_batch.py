"""batch: PHP bracket encoding of each command (checked against the sandbox over real HTTP), the
50-command bound and reading each command's outcome."""

from __future__ import annotations

from typing import Any

import pytest

from core.batch import (
    MAX_COMMANDS,
    batch_params,
    call_batch,
    command,
    encode_query,
    read_batch,
)
from core.client import Client
from core.errors import InputError
from core.result import Result

NASTY = "a&b=c+d %41 #x ?y\nnew line 😀 Ёж $result[me][ID] [b]bold[/b] \\ / \" '"


def test_encode_query_uses_php_brackets_and_rfc3986() -> None:
    assert encode_query({"USER_ID": 5, "ATTACH": [{"MESSAGE": "a b"}]}) == (
        "USER_ID=5&ATTACH%5B0%5D%5BMESSAGE%5D=a%20b"
    )
    assert encode_query({"A": True, "B": False, "C": None, "D": 1.0, "E": 1.5}) == (
        "A=1&B=0&D=1&E=1.5"
    )
    assert encode_query({"F": {"x": [1, {"y": "+"}]}}) == (
        "F%5Bx%5D%5B0%5D=1&F%5Bx%5D%5B1%5D%5By%5D=%2B"
    )
    assert command("profile") == "profile"
    assert command("user.get", {"FILTER": {"@ID": [1, 2]}}) == (
        "user.get?FILTER%5B%40ID%5D%5B0%5D=1&FILTER%5B%40ID%5D%5B1%5D=2"
    )


def test_commands_reach_the_portal_exactly_as_given(sandbox: Any) -> None:
    attach = [
        {"MESSAGE": NASTY},
        {"LINK": {"NAME": "50% off", "LINK": "https://example.com/?a=1&b=2#frag"}},
        {"GRID": [{"NAME": "k=v", "VALUE": "x&y", "DISPLAY": "LINE"}]},
    ]
    commands = {
        f"n{user}": command(
            "im.notify.personal.add",
            {"USER_ID": user, "MESSAGE": f"{NASTY} {user}", "MESSAGE_OUT": "+1", "ATTACH": attach},
        )
        for user in (2, 3)
    }
    with Client(sandbox.webhook_url) as client:
        _result, read = call_batch(client, commands)
    assert read is not None and all(r.ok for r in read.values())
    for user in (2, 3):
        (stored,) = sandbox.inbox(user)
        assert stored["message"] == f"{NASTY} {user}".strip()
        assert stored["message_out"] == "+1"
        assert stored["attach"]["BLOCKS"][0] == {"MESSAGE": NASTY}
        assert stored["attach"]["BLOCKS"][1]["LINK"]["LINK"] == "https://example.com/?a=1&b=2#frag"
        assert stored["attach"]["BLOCKS"][2]["GRID"][0]["VALUE"] == "x&y"
        assert read[f"n{user}"].value == stored["id"]
    assert [r["rest_method"] for r in sandbox.requests()] == ["batch"]


def test_each_command_is_read_on_its_own(sandbox: Any) -> None:
    commands = {
        "ok": command("im.notify.personal.add", {"USER_ID": 2, "MESSAGE": "x"}),
        "empty": command("im.notify.personal.add", {"USER_ID": 2, "MESSAGE": " "}),
        "gone": command("im.notify.personal.add", {"USER_ID": 7, "MESSAGE": "x"}),
        "list": command("user.get", {"FILTER": {"UF_DEPARTMENT": 2}}),
    }
    with Client(sandbox.webhook_url) as client:
        _result, read = call_batch(client, commands)
    assert read is not None
    assert isinstance(read["ok"].value, int) and read["ok"].ok
    assert (read["empty"].error, read["empty"].ok) == ("MESSAGE_EMPTY", False)
    assert read["empty"].description == "Message can't be empty"
    assert read["gone"].ok and read["gone"].value is False
    assert read["list"].total == 3 and len(read["list"].value) == 3


def _result(value: Any) -> Result:
    return Result(method="batch", http_status=200, raw={"result": value}, text="", elapsed=0.0)


def test_a_command_missing_from_the_answer_is_not_answered() -> None:
    read = read_batch(_result({"result": {"a": 1}, "result_error": []}), ["a", "b"])
    assert read is not None
    assert read["a"].ok and read["a"].value == 1
    assert not read["b"].answered and not read["b"].ok


def test_list_shaped_sections_are_keyed_by_position() -> None:
    read = read_batch(_result({"result": [5, False], "result_error": []}), ["0", "1"])
    assert read is not None and read["0"].value == 5 and read["1"].value is False


def test_an_answer_without_the_batch_shape_is_none() -> None:
    assert read_batch(_result(True), ["a"]) is None
    assert read_batch(_result({"other": 1}), ["a"]) is None


def test_at_most_fifty_commands() -> None:
    fifty = {str(i): "profile" for i in range(MAX_COMMANDS)}
    assert batch_params(fifty)["halt"] == 0
    with pytest.raises(InputError, match="at most 50 commands, not 51"):
        batch_params({**fifty, "x": "profile"})
    with pytest.raises(InputError, match="at least one"):
        batch_params({})
