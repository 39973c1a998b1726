"""``b24notify users QUERY``: recipients by name from the command line, against the sandbox."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.address import parse_endpoint
from core.cli import main


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("B24NOTIFY_URL", "B24NOTIFY_TOKEN", "B24NOTIFY_TOKENS_FILE"):
        monkeypatch.delenv(name, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_prints_id_name_position_and_active(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "users", "engineer", "--url", sandbox.webhook_url)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "POSITION", "ACTIVE"]
    hana = next(line for line in lines if "Hana Sato" in line)
    assert hana.split()[0] == "8" and "QA engineer" in hana and hana.endswith("yes")
    assert parse_endpoint(sandbox.webhook_url).secret not in out + err


def test_users_json_and_the_url_from_the_environment(
    sandbox: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B24NOTIFY_URL", sandbox.webhook_url)
    code, out, err = _run(capsys, "users", "müller", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {"id": 7, "name": "Georg Müller", "position": "Former logistics lead", "active": False}
    ]


def test_users_with_an_app_token(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(
        capsys, "users", "dana", "--url", sandbox.url, "--token", sandbox.app_token, "--json"
    )
    assert code == 0
    assert [u["name"] for u in json.loads(out)] == ["Dana Smith"]


def test_no_match_is_no_error(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "users", "zzzz", "--url", sandbox.webhook_url)
    assert code == 0 and out == ""
    assert "no user matches" in err
    code, out, _err = _run(capsys, "users", "zzzz", "--url", sandbox.webhook_url, "--json")
    assert code == 0 and json.loads(out) == []


def test_bad_input_exits_2_and_asks_nothing(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(capsys, "users", "a", "--url", sandbox.webhook_url)
    assert code == 2 and "2 characters" in err
    code, _out, err = _run(capsys, "users", "dana")
    assert code == 2 and "--url" in err
    assert sandbox.requests() == []


def test_a_refused_webhook_exits_3(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = sandbox.webhook_url.replace(parse_endpoint(sandbox.webhook_url).secret, "wrong0secret")
    code, _out, err = _run(capsys, "users", "dana", "--url", wrong)
    assert code == 3
    assert "wrong0secret" not in err


def test_an_unreachable_portal_exits_5(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _err = _run(
        capsys, "users", "dana", "--url", "http://127.0.0.1:9/rest/1/abcdef123/"
    )
    assert code == 5
