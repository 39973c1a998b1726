"""gettext's translations read from a .po catalogue (imported only for a language other than
English, so an English start does not import ``gettext``)."""

from __future__ import annotations

import gettext as _gettext

from core.i18n import header_fields, read_po

__all__ = ["PoTranslations"]


def _russian_plural(n: int) -> int:
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 10 <= n % 100 < 20 else 2


# Plural formulas as Python, for the catalogues b24notify ships (gettext's c2py compiles any
# other; it takes a millisecond the start-up does not need to spend).
_PLURALS = {
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)": (
        _russian_plural
    ),
}


class PoTranslations(_gettext.GNUTranslations):
    """gettext's translations, read from a .po file's text instead of a compiled .mo.

    Fuzzy, untranslated and obsolete entries are left out, so their English shows.
    """

    def __init__(self, po_text: str) -> None:  # GNUTranslations' own reads a .mo from a file
        _gettext.NullTranslations.__init__(self)
        self._catalog: dict[object, str] = {}
        self._info: dict[str, str] = {}
        self._charset = "utf-8"
        self._output_charset = None
        self.plural = lambda n: int(n != 1)
        entries = read_po(po_text)
        self._info = {k.lower(): v for k, v in header_fields(entries).items()}
        forms = self._info.get("plural-forms", "")
        if "plural=" in forms:
            formula = forms.split("plural=", 1)[1].strip().rstrip(";").strip()
            self.plural = _PLURALS.get(formula) or _gettext.c2py(formula)
        for e in entries:
            if e.obsolete or not e.translated or not e.msgid:
                continue
            msgid = e.msgid if e.context is None else f"{e.context}\x04{e.msgid}"
            if e.plural is None:
                self._catalog[msgid] = e.msgstr[0]
            else:
                for n, form in e.msgstr.items():
                    self._catalog[(msgid, n)] = form
