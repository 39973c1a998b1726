"""Reading gettext .po catalogues: their entries (:func:`read_po`, also for
``core.i18n_tools``) and gettext's translations built from them (:class:`PoTranslations`).

Imported only for a language other than English, so an English start imports neither this nor
``gettext``."""

from __future__ import annotations

import gettext as _gettext

__all__ = ["PoEntry", "PoTranslations", "header_fields", "read_po"]


# --- reading .po files ------------------------------------------------------------------------
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(text: str) -> str:
    """The value of a C-quoted .po string (no regular expressions: they cost start-up time)."""
    body = text.strip()[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while True:
        j = body.find("\\", i)
        if j < 0 or j + 1 >= len(body):
            out.append(body[i:])
            return "".join(out)
        out.append(body[i:j])
        out.append(_ESCAPES.get(body[j + 1], body[j + 1]))
        i = j + 2


class PoEntry:
    """One entry of a .po file (a plain class: this module is on every start's path)."""

    __slots__ = ("comments", "context", "flags", "msgid", "msgstr", "obsolete", "plural")

    def __init__(self) -> None:
        self.context: str | None = None
        self.msgid = ""
        self.plural: str | None = None
        self.msgstr: dict[int, str] = {}
        self.flags: set[str] = set()
        self.comments: list[str] = []  # other comment lines, kept as written ("#: …", "# …")
        self.obsolete = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        """Every form has a translation and the entry is not fuzzy."""
        forms = self.msgstr.values()
        return bool(forms) and all(forms) and "fuzzy" not in self.flags


def read_po(text: str) -> list[PoEntry]:
    """The entries of a .po file, the header (``msgid ""``) first when present.

    Handles what gettext's tools write: ``msgctxt``, plurals (``msgstr[n]``), strings continued
    on following lines, flags (``#, fuzzy``) and obsolete entries (``#~``, marked ``obsolete``).
    """
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    target: tuple[str, int] | None = None
    seen_id = False
    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            if seen_id:  # a comment starts the next entry
                entry, seen_id, target = None, False, None
            if entry is None:
                entry = PoEntry()
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            else:
                entry.comments.append(line)
            continue
        if line.startswith('"'):
            if entry is not None and target is not None:
                _append(entry, target, _unquote(line))
            continue
        keyword, _sep, value = line.partition(" ")
        index = None
        if keyword.startswith("msgstr["):
            keyword, index = "msgstr", keyword[7:-1]
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") or not value:
            raise ValueError(f"not a .po line: {raw!r}")
        value = _unquote(value)
        if keyword in ("msgctxt", "msgid") and (entry is None or seen_id):
            entry, seen_id = PoEntry(), False
            entries.append(entry)
        assert entry is not None
        entry.obsolete = entry.obsolete or obsolete
        if keyword == "msgctxt":
            entry.context, target = value, ("ctx", 0)
        elif keyword == "msgid":
            entry.msgid, target, seen_id = value, ("id", 0), True
        elif keyword == "msgid_plural":
            entry.plural, target = value, ("plural", 0)
        else:
            n = int(index) if index is not None else 0
            entry.msgstr[n], target = value, ("str", n)
    return [e for e in entries if e.msgstr or e.msgid]


def _append(entry: PoEntry, target: tuple[str, int], text: str) -> None:
    kind, n = target
    if kind == "ctx":
        entry.context = (entry.context or "") + text
    elif kind == "id":
        entry.msgid += text
    elif kind == "plural":
        entry.plural = (entry.plural or "") + text
    else:
        entry.msgstr[n] = entry.msgstr.get(n, "") + text


def header_fields(entries: list[PoEntry]) -> dict[str, str]:
    """The header entry's ``Name: value`` lines (``Plural-Forms``, ``Language``…)."""
    for e in entries:
        if e.msgid == "" and e.context is None:
            fields = {}
            for line in e.msgstr.get(0, "").splitlines():
                name, sep, value = line.partition(":")
                if sep:
                    fields[name.strip()] = value.strip()
            return fields
    return {}


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
