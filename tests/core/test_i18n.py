"""The catalogue machinery: reading .po, Russian plurals, choosing and installing a language."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import i18n
from core.cli import main as cli_main
from core.errors import explain
from core.i18n import choose_language
from core.i18n_po import PoTranslations, read_po

RU_PO = Path(i18n.locale_dir(), "ru.po").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def _ru_header() -> str:
    return RU_PO.split("\n\n", 1)[0]


def test_russian_plural_forms_from_the_catalogue_header() -> None:
    po = _ru_header() + (
        '\n\nmsgid "{n} notification"\nmsgid_plural "{n} notifications"\n'
        'msgstr[0] "{n} уведомление"\nmsgstr[1] "{n} уведомления"\nmsgstr[2] "{n} уведомлений"\n'
    )
    i18n.use(PoTranslations(po))
    said = {
        n: i18n.ngettext("{n} notification", "{n} notifications", n).format(n=n)
        for n in (1, 2, 5, 11, 21, 22, 111, 0)
    }
    assert said == {
        1: "1 уведомление",
        2: "2 уведомления",
        5: "5 уведомлений",
        11: "11 уведомлений",
        21: "21 уведомление",
        22: "22 уведомления",
        111: "111 уведомлений",
        0: "0 уведомлений",
    }


def test_the_shipped_russian_catalogue_counts_attempts() -> None:
    i18n.install("ru")
    forms = [
        i18n.ngettext("{n} attempt, {duration} in all", "{n} attempts, {duration} in all", n)
        for n in (2, 5, 21)
    ]
    assert forms == [
        "{n} попытки, всего {duration}",
        "{n} попыток, всего {duration}",
        "{n} попытка, всего {duration}",
    ]


def test_read_po_handles_context_continuations_fuzzy_and_obsolete() -> None:
    entries = read_po(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Открыть"\n\n'
        'msgid ""\n"two "\n"lines\\n"\nmsgstr "две \\"строки\\""\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Догадка"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Нет"\n'
    )
    by_id = {e.msgid: e for e in entries}
    assert by_id["Open"].context == "menu" and by_id["Open"].msgstr == {0: "Открыть"}
    assert by_id["two lines\n"].msgstr == {0: 'две "строки"'}
    assert "fuzzy" in by_id["Guess"].flags and not by_id["Guess"].translated
    assert by_id["Gone"].obsolete
    translations = PoTranslations(
        'msgid "Guess"\nmsgstr "Догадка"\n\n#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Нечётко"\n'
    )
    assert translations.gettext("Guess") == "Догадка"
    assert translations.gettext("Fuzzy") == "Fuzzy"  # a fuzzy guess is never shown


@pytest.mark.parametrize(
    ("env", "setting", "system", "expected"),
    [
        ({"B24NOTIFY_LANG": "ru", "LANG": "en_US.UTF-8"}, "en", None, "ru"),
        ({"B24NOTIFY_LANG": "en", "LANG": "ru_RU.UTF-8"}, "ru", "ru", "en"),
        ({"B24NOTIFY_LANG": "de"}, "ru", None, "en"),  # unknown: English, not the next source
        ({"LANG": "en_US.UTF-8"}, "ru", None, "ru"),  # the settings' choice beats the system
        ({"LANG": "ru_RU.UTF-8"}, "system", None, "ru"),
        ({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"}, "", None, "ru"),
        ({"LANGUAGE": "de", "LC_ALL": "ru_RU.UTF-8"}, "", None, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US"}, "", None, "ru"),
        ({"LC_MESSAGES": "C", "LANG": "ru_RU"}, "", None, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "", "ru", "en"),
        ({}, "", "ru-RU", "ru"),  # Qt's uiLanguages() spelling
        ({}, "", "Russian_Russia", "ru"),  # Windows' locale name
        ({}, "", "ja", "en"),
        ({}, "", None, "en"),
    ],
)
def test_language_choice(env: dict[str, str], setting: str, system: str, expected: str) -> None:
    assert choose_language(env, setting, system) == expected


def test_the_core_speaks_russian_once_installed_and_english_again_after() -> None:
    english = explain("QUERY_LIMIT_EXCEEDED").title
    i18n.install("ru")
    assert explain("QUERY_LIMIT_EXCEEDED").title == "Слишком много запросов"
    i18n.install("en")
    assert explain("QUERY_LIMIT_EXCEEDED").title == english == "Too many requests"


def test_cli_follows_b24notify_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("B24NOTIFY_LANG", "ru")
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(
        ["send", "--url", "https://portal.example/rest/1/abc/", "--user", "0", "--text", "x"],
        stdout=out,
        stderr=err,
    )
    assert code == 2  # exit codes do not change with the language
    assert "ID пользователя должен быть положительным числом" in err.getvalue()


def test_cli_follows_the_windows_language_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("B24NOTIFY_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("B24NOTIFY_HOME", str(tmp_path))
    (tmp_path / "b24notify.ini").write_text(
        "[General]\nlanguage=en\n\n[appearance]\nlanguage=ru\n", encoding="utf-8"
    )
    assert i18n.setup_from_settings() == "ru"
    assert i18n.read_ini_value(str(tmp_path / "b24notify.ini"), "language") == "en"


def test_russian_dates_follow_the_catalogue() -> None:
    from datetime import datetime, timedelta, timezone

    from core.formatting import format_local_time

    moment = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc).astimezone()
    later = moment + timedelta(days=3)
    assert format_local_time(moment, now=later) == moment.strftime("%Y-%m-%d %H:%M")
    i18n.install("ru")
    assert format_local_time(moment, now=later) == moment.strftime("%d.%m.%Y %H:%M")


def test_russian_durations_use_russian_units_and_a_decimal_comma() -> None:
    from core.formatting import format_duration

    assert [format_duration(v) for v in (0.0042, 0.25, 1.5, 125)] == [
        "4.2 ms",
        "250 ms",
        "1.50 s",
        "2 min 5 s",
    ]
    i18n.install("ru")
    assert [format_duration(v) for v in (0.0042, 0.25, 1.5, 125)] == [
        "4,2 мс",
        "250 мс",
        "1,50 с",
        "2 мин 5 с",
    ]
