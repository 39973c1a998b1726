"""The command line in Russian (B24NOTIFY_LANG=ru): its messages and help follow the language,
its exit codes, option names and JSON output do not."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from core import i18n
from core.bulk import Progress
from core.cli import main
from core.cli_bulk import _Progress


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "B24NOTIFY_URL",
        "B24NOTIFY_TOKEN",
        "B24NOTIFY_CLIENT_ID",
        "B24NOTIFY_TOKENS_FILE",
        "B24NOTIFY_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.install("en")  # the rest of the suite reads English


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("B24NOTIFY_LANG", lang)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_send_with_bad_input_says_so_in_russian_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Any
) -> None:
    code, out, err = _run(capsys, monkeypatch, "ru", "send", "--user", "5", "--text", "Hi")
    assert code == 2 and out == ""
    assert "укажите адрес вебхука или адрес портала" in err
    assert "(или задайте B24NOTIFY_URL)" in err  # the names stay as they are

    # A usage error: the option names stay English, the words around them do not.
    code, out, err = _run(capsys, monkeypatch, "ru", "send", "--user", "5")
    assert code == 2 and out == ""
    assert err.startswith("b24notify send: ошибка: ")
    assert "--text" in err and "(см. --help)" in err

    code, _out, err = _run(
        capsys, monkeypatch, "ru", "send", "--url", sandbox.webhook_url, "--text", "Hi", "https://x"
    )

    assert code == 2 and "лишний аргумент" in err and "не забыли --url?" in err
    assert sandbox.requests() == []  # nothing was sent


def test_the_help_is_russian_with_the_option_names_kept(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _err = _run(capsys, monkeypatch, "ru", "--help")
    assert code == 0
    assert out.startswith("использование: b24notify")
    assert "отправить уведомление" in out and "send a notification" not in out
    assert "показать эту справку и выйти" in out
    assert "коды выхода" in out

    code, out, _err = _run(capsys, monkeypatch, "ru", "send", "--help")
    assert code == 0
    assert "текст уведомления" in out and "--text" in out and "--dry-run" in out
    assert "примеры:" in out and "examples:" not in out

    code, english, _err = _run(capsys, monkeypatch, "en", "send", "--help")
    assert code == 0 and "notification text (BB-codes allowed)" in english
    assert "текст" not in english


def test_users_history_and_profiles_speak_russian(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Any
) -> None:
    url = sandbox.webhook_url
    code, out, err = _run(capsys, monkeypatch, "ru", "users", "engineer", "--url", url)
    assert code == 0, err
    assert out.splitlines()[0].split() == ["ID", "ИМЯ", "ДОЛЖНОСТЬ", "АКТИВЕН"]
    assert out.splitlines()[-1].endswith("да")
    code, out, err = _run(capsys, monkeypatch, "ru", "users", "zzzz", "--url", url)
    assert code == 0 and out == "" and "никто не найден" in err

    code, out, err = _run(capsys, monkeypatch, "ru", "profile", "list")
    assert code == 0 and "Профилей пока нет" in err

    send = ["send", "--url", sandbox.webhook_url, "--user", "2", "--text", "Привет"]
    code, out, err = _run(capsys, monkeypatch, "ru", *send)
    assert code == 0, err
    code, out, err = _run(capsys, monkeypatch, "ru", "history")
    assert code == 0, err
    assert "\tотправлено: " in out and "\tsent" not in out

    code, out, err = _run(capsys, monkeypatch, "ru", "history", "--limit", "-1")
    assert code == 2 and "должно быть 0 (все) или больше" in err


def test_json_output_is_the_same_in_both_languages(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Any
) -> None:
    send = ["send", "--url", sandbox.webhook_url, "--user", "2", "--text", "Hi"]
    assert _run(capsys, monkeypatch, "en", *send)[0] == 0
    for argv in (
        ["users", "engineer", "--url", sandbox.webhook_url, "--json"],
        ["history", "--json"],
        ["profile", "list", "--json"],
        [*send, "--dry-run"],
    ):
        code_en, out_en, _ = _run(capsys, monkeypatch, "en", *argv)
        code_ru, out_ru, _ = _run(capsys, monkeypatch, "ru", *argv)
        assert (code_en, out_en) == (code_ru, out_ru), argv
        json.loads(out_en)

    # A bulk send's summary: the same keys and values, whatever the language.
    many = ["send", "--url", sandbox.webhook_url, "--user", "2-4", "--text", "Hi {NAME}"]
    code_en, out_en, _ = _run(capsys, monkeypatch, "en", *many)
    code_ru, out_ru, err_ru = _run(capsys, monkeypatch, "ru", *many)
    assert code_en == code_ru == 0
    en, ru = json.loads(out_en), json.loads(out_ru)
    for summary in (en, ru):
        summary.pop("elapsed")
        for sent in summary["sent"]:
            sent.pop("id")  # each run makes new notifications
    assert en == ru
    assert "отправлено 3" in err_ru  # the progress line on stderr is Russian


def test_a_bulk_summary_with_refusals_has_no_words_that_change_with_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Any
) -> None:
    # 7 is inactive and 9999 does not exist: the portal refuses both. The reasons are words (in
    # the user's language) on stderr; the JSON keeps the codes, identical in both languages.
    many = ["send", "--url", sandbox.webhook_url, "--user", "2, 7, 9999", "--text", "Hi"]
    code_en, out_en, err_en = _run(capsys, monkeypatch, "en", *many)
    code_ru, out_ru, err_ru = _run(capsys, monkeypatch, "ru", *many)
    assert code_en == code_ru == 3
    en, ru = json.loads(out_en), json.loads(out_ru)
    for summary in (en, ru):
        summary.pop("elapsed")
        for sent in summary["sent"]:
            sent.pop("id")
    assert en == ru
    assert sorted(f["user_id"] for f in en["failed"]) == [7, 9999]
    assert all(f["code"] and "reason" not in f for f in en["failed"])
    assert "user 7: " in err_en and "user 9999: " in err_en
    assert "получатель 7: " in err_ru


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "около 1 секунды"),
        (3, "около 3 секунд"),
        (12, "около 12 секунд"),
        (21, "около 21 секунды"),
    ],
)
def test_the_bulk_progress_line_counts_in_russian(seconds: int, words: str) -> None:
    i18n.install("ru")
    err = io.StringIO()
    _Progress(err)(Progress(100, 40, 3, 1, 1, 2, 5.0, float(seconds)))
    line = err.getvalue()
    assert line.startswith("b24notify: 45/100 · отправлено 40 · с ошибкой 4 · неизвестно 1")
    assert f"осталось {words}" in line


def test_the_english_progress_line_is_unchanged() -> None:
    err = io.StringIO()
    _Progress(err)(Progress(100, 40, 3, 1, 1, 2, 5.0, 12.0))
    assert err.getvalue() == (
        "b24notify: 45/100 · sent 40 · failed 4 · unknown 1 · about 12 s left\n"
    )
