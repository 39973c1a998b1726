"""The catalogues stay complete: every marked string of the code has its Russian, nothing stale."""

from __future__ import annotations

from pathlib import Path

from core.i18n import locale_dir
from core.i18n_po import read_po
from core.i18n_tools import Message, extract, merge, messages_in, problems, render_pot

LOCALE = Path(locale_dir())


def test_every_string_in_the_code_has_a_russian_translation_and_nothing_is_stale() -> None:
    todo = problems(extract(), read_po((LOCALE / "ru.po").read_text(encoding="utf-8")))
    assert todo == [], "run: python -m core.i18n_tools extract, then translate core/locale/ru.po"


def test_the_template_is_up_to_date() -> None:
    assert render_pot(extract()) == (LOCALE / "b24notify.pot").read_text(encoding="utf-8")


def test_extraction_finds_every_kind_of_marked_call_and_skips_variables() -> None:
    source = (
        'X = N_("marked")\n'
        'def f(n):\n    return _("shown {n}"), ngettext("one", "many", n), '
        'pgettext("ctx", "word"), _(X), _("a " "b")\n'
    )
    found = [(m.context, m.msgid, m.plural) for m in messages_in(source, "m.py")]
    assert found == [
        (None, "marked", None),
        (None, "shown {n}", None),
        (None, "one", "many"),
        ("ctx", "word", None),
        (None, "a b", None),
    ]


def test_merge_adds_new_strings_untranslated_and_keeps_removed_ones_as_obsolete() -> None:
    old = 'msgid "kept"\nmsgstr "сохранено"\n\nmsgid "gone"\nmsgstr "ушло"\n'
    merged = read_po(merge([Message("kept"), Message("new {x}")], old, "ru"))
    by_id = {e.msgid: e for e in merged if e.msgid}
    assert by_id["kept"].msgstr == {0: "сохранено"} and not by_id["kept"].obsolete
    assert by_id["new {x}"].msgstr == {0: ""}
    assert by_id["gone"].obsolete
    assert problems([Message("kept"), Message("new {x}")], merged) == [
        "untranslated: 'new {x}'",
        "obsolete: 'gone'",
    ]


def test_the_check_catches_fuzzy_entries_and_lost_fields() -> None:
    po = '#, fuzzy\nmsgid "a"\nmsgstr "а"\n\nmsgid "id {id}"\nmsgstr "номер"\n'
    assert problems([Message("a"), Message("id {id}"), Message("b")], read_po(po)) == [
        "fuzzy: 'a'",
        "fields differ (['id']): 'id {id}'",
        "missing: 'b'",
    ]
