"""``b24notify send`` to many recipients: lists, ranges, departments, CSV; the JSON summary and
exit codes 0 / 3 / 4; progress on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from core.bulk import BulkRun, Progress, plan_bulk
from core.cli import main
from core.cli_bulk import _Progress, exit_code
from core.client import Client
from core.notification import Notification


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "B24NOTIFY_URL",
        "B24NOTIFY_TOKEN",
        "B24NOTIFY_CLIENT_ID",
        "B24NOTIFY_TOKENS_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_all_sent_exits_0(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, summary, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2-4, 6", "--text", "Hi {NAME}"
    )
    assert code == 0
    assert [s["user_id"] for s in summary["sent"]] == [2, 3, 4, 6]
    assert summary["failed"] == [] and summary["unknown"] == []
    assert [n["message"] for n in sandbox.inbox(3)] == ["Hi Chen"]
    assert "4 recipients in 1 request" in err
    assert "4/4 · sent 4 · failed 0 · unknown 0" in err  # plain lines: stderr is no terminal


def test_a_cancel_that_spared_nobody_exits_0(sandbox: Any) -> None:
    # the cancel comes while the last request is in flight: everyone got it, so not 130
    # (a script would take 130 for "not everyone got it" and send again: two copies)
    with Client(sandbox.webhook_url) as client:
        plan = plan_bulk(client, [2, 3, 4], Notification(0, "Hi"))
        run = BulkRun(client, plan, on_outcomes=lambda outcomes: run.cancel())
        report = run.run()
    assert report.cancelled and len(report.sent) == 3
    assert exit_code(report) == 0


def test_some_refused_exits_3(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2,7", "--text", "Hi"
    )
    assert code == 3
    assert summary["failed"][0]["user_id"] == 7
    assert summary["failed"][0]["code"] == "RESULT_FALSE"


def test_any_unknown_exits_4(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    sandbox.inject("drop", method="batch")
    code, summary, err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2,3,7", "--text", "Hi"
    )
    assert code == 4
    assert [u["user_id"] for u in summary["unknown"]] == [2, 3, 7]
    assert "check before sending again" in err
    assert sandbox.secret not in err


def test_a_department_with_subdepartments(sandbox: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--department", "1",
        "--with-subdepartments", "--text", "All hands",
    )  # fmt: skip
    assert code == 0
    active = sorted(u["id"] for u in sandbox.users() if u["active"])
    assert sorted(s["user_id"] for s in summary["sent"]) == active


def test_a_csv_file_fills_placeholders(
    sandbox: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("ID;City\n2;Berlin\n3;Москва\n", encoding="utf-8")
    code, _summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--recipients", str(path),
        "--text", "{NAME} in {city}", "--user", "4",
    )  # fmt: skip
    assert code == 2  # user 4 has no CITY: nothing was sent
    assert sandbox.notifications() == []
    code, _summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--recipients", str(path),
        "--text", "{NAME} in {city}",
    )  # fmt: skip
    assert code == 0
    assert [n["message"] for n in sandbox.notifications()] == ["Boris in Berlin", "Chen in Москва"]


def test_dry_run_shows_the_first_command_and_sends_nothing(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, shown, _err = _run(
        capsys,
        "send",
        "--url",
        sandbox.webhook_url,
        "--user",
        "2,3",
        "--text",
        "a b&c",
        "--dry-run",
    )
    assert code == 0
    assert shown["requests"] == 1
    assert shown["first"]["batch_command"] == "im.notify.personal.add?USER_ID=2&MESSAGE=a%20b%26c"
    assert sandbox.notifications() == []


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--user", "2,x"], "--user: x: the user id must be a whole number"),
        (["--user", "2,3", "--burst", "many"], "burst: must be a whole number"),
        (["--user", "2,3", "--rate-preset", "enterprise", "--rate", "3"], "not both"),
        (["--user", "2,3", "--curl"], "--curl shows one request"),
        (["--with-subdepartments", "--user", "2,3"], "goes with --department"),
        ([], "give --user"),
    ],
)
def test_input_errors_exit_2_and_send_nothing(
    sandbox: Any, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code = main(["send", "--url", sandbox.webhook_url, "--text", "Hi", *argv])
    _out, err = capsys.readouterr()
    assert code == 2
    assert words in err
    assert sandbox.notifications() == []


def test_one_plain_id_still_goes_the_old_way(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["send", "--url", sandbox.webhook_url, "--user", "2", "--text", "{NAME}"])
    out, _err = capsys.readouterr()
    assert code == 0
    assert isinstance(json.loads(out)["result"], int)  # the portal's own answer, as before
    assert sandbox.inbox(2)[0]["message"] == "{NAME}"


def test_enterprise_preset_and_custom_rates_are_accepted(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in (["--rate-preset", "enterprise"], ["--burst", "10", "--rate", "0.5"]):
        code = main(["send", "--url", sandbox.webhook_url, "--user", "2,3", "--text", "x", *extra])
        capsys.readouterr()
        assert code == 0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal() -> None:
    err = _Terminal()
    show = _Progress(err)
    show(Progress(100, 40, 5, 0, 5, 1, 1.0, 12.0))
    show(Progress(100, 80, 5, 0, 5, 2, 2.0, 3.0))
    show(Progress(100, 90, 5, 5, 0, 3, 3.0, 0.0))
    text = err.getvalue()
    assert text.startswith("\r[############------------] 50/100")
    assert "about 12 s left" in text
    assert text.endswith("\n") and text.count("\n") == 1


def test_an_app_token_sends_over_one_connection(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["send", "--url", sandbox.rest_url, "--token", sandbox.app_token]
    code, summary, err = _run(capsys, *argv, "--user", "2,3", "--text", "Hi {NAME}")
    assert code == 0 and len(summary["sent"]) == 2
    assert sandbox.app_token not in err


def test_a_bulk_send_leaves_one_history_row_per_recipient(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.history import History

    code, _summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2,3,7", "--text", "Hi {NAME}"
    )
    assert code == 3  # 7 is inactive: refused
    rows = sorted(History().search(), key=lambda e: e.recipient)
    assert [(e.recipient, e.outcome, e.source) for e in rows] == [
        ("2", "sent", "cli"),
        ("3", "sent", "cli"),
        ("7", "refused", "cli"),
    ]
    ids = {str(n["id"]) for n in sandbox.notifications()}
    assert {rows[0].result_id, rows[1].result_id} == ids and rows[2].error_code
    assert rows[1].text == "Hi Chen"  # each recipient's own text
    for entry in rows:
        assert sandbox.secret not in json.dumps(entry.to_json())


def test_every_send_option_reaches_every_recipient_of_a_bulk_send(
    sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # The one- and many-recipient paths build the notification in one place: --color-token was
    # once dropped by the bulk path.
    code, _summary, _err = _run(
        capsys, "send", "--url", sandbox.webhook_url, "--user", "2,3", "--text", "Hi",
        "--blocks", '[{"MESSAGE": "m"}]', "--color-token", "alert", "--sub-tag", "s1",
    )  # fmt: skip
    assert code == 0
    for user in (2, 3):
        (stored,) = sandbox.inbox(user)
        assert stored["attach"] == {"COLOR_TOKEN": "alert", "BLOCKS": [{"MESSAGE": "m"}]}
