"""One catalogue for b24notify's own words (gettext), shared by the core, the CLI and the window.

Every user-visible string in ``core/`` and ``gui/`` goes through :func:`_` (or :func:`ngettext`
for counts) at the moment it is shown, never at import time: a module-level constant is marked
with :func:`N_` and translated where it is used (``_(CONSTANT)``), so a language chosen after
import still applies. A sentence with values in it is one string with named fields,
``_("the id {id} is …").format(id=…)``, so a translator sees (and may reorder) the whole sentence.

Option names, JSON keys, exit codes and method names are not translated.

The catalogues are gettext ``.po`` files in ``core/locale/`` (``ru.po``; English is the source
text), read directly at start by :func:`read_po` — no compiled ``.mo`` to build or to keep in
step. ``python -m core.i18n_tools extract`` refreshes ``b24notify.pot`` and ``ru.po`` from the
code (see ``core/i18n_tools.py``).

The language (:func:`choose_language`): ``B24NOTIFY_LANG`` (``ru`` or ``en``) first, then the
settings' choice, then the system (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the OS
language on Windows, and the one the window reads from Qt on macOS); anything else is English.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext as _gettext
    from collections.abc import Mapping

__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "choose_language",
    "install",
    "language",
    "load",
    "locale_dir",
    "ngettext",
    "pgettext",
    "read_po",
    "use",
]

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "ru")
"""The languages b24notify speaks: English (the source text) and Russian."""
ENV_LANG = "B24NOTIFY_LANG"

# None: English, the source text (``gettext`` itself is imported only for another language).
_translation: Any = None
_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """The current language's version of ``message`` (the English text itself when none)."""
    return message if _translation is None else _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for ``n`` (Russian has three: 1 / 2-4 / 5+)."""
    if _translation is None:
        return singular if n == 1 else plural
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context`` (for short words that mean different things)."""
    return message if _translation is None else _translation.pgettext(context, message)


def N_(message: str) -> str:  # gettext's conventional name for "mark only"
    """Mark ``message`` for extraction without translating it (translate where it is shown)."""
    return message


def use(translation: _gettext.NullTranslations | None) -> None:
    """Make ``translation`` the one every later :func:`_` call uses (None: English)."""
    global _translation  # the process has one language at a time
    _translation = translation


def language() -> str:
    """The code of the language installed last (``en`` until :func:`install` chose another)."""
    return _language


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


def locale_dir() -> str:
    """The folder of the catalogues (inside the package: installed as plain files)."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def load(lang: str) -> _gettext.NullTranslations | None:
    """The translations for ``lang`` (None for English or a missing catalogue)."""
    if lang == SOURCE_LANGUAGE:
        return None
    try:
        with open(os.path.join(locale_dir(), f"{lang}.po"), encoding="utf-8") as fp:
            text = fp.read()
    except OSError:
        return None
    from core.i18n_po import PoTranslations  # gettext: only when there is something to translate

    return PoTranslations(text)


def install(lang: str) -> str:
    """Use ``lang`` (a code from :data:`LANGUAGES`) from now on; returns the code installed."""
    global _language  # the process has one language at a time
    code = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    use(load(code))
    _language = code
    return code


# --- choosing the language --------------------------------------------------------------------
_NAMES = {"russian": "ru", "english": "en", "c": "en", "posix": "en"}


def supported(name: str) -> str | None:
    """The supported language ``name`` means (``ru_RU.UTF-8``, ``ru-RU``, ``Russian_Russia``,
    ``en``…), or None when it names another language or nothing."""
    first = name.strip().lower()
    for sep in "_.@-":
        first = first.split(sep, 1)[0]
    code = _NAMES.get(first, first)
    return code if code in LANGUAGES else None


def choose_language(
    env: Mapping[str, str] | None = None, setting: str = "", system: str | None = None
) -> str:
    """The language to speak: ``B24NOTIFY_LANG``, then ``setting`` (the settings' choice, ``""``
    or ``"system"`` for none), then ``LANGUAGE`` (a ``:`` list: the first one supported), then the
    first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set, then ``system`` (the OS language
    where the environment says nothing). Anything unknown gives English."""
    env = os.environ if env is None else env
    forced = env.get(ENV_LANG, "").strip()
    if forced:
        return supported(forced) or SOURCE_LANGUAGE
    if setting and setting != "system":
        return supported(setting) or SOURCE_LANGUAGE
    listed = env.get("LANGUAGE", "").strip()
    if listed:
        for part in listed.split(":"):
            code = supported(part)
            if code:
                return code
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return supported(value) or SOURCE_LANGUAGE
    if system:
        return supported(system) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def system_language() -> str | None:
    """The OS's own user-interface language where the environment does not carry it (Windows);
    None elsewhere (Linux and macOS terminals set ``LANG``; the window asks Qt)."""
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return {0x19: "ru", 0x09: "en"}.get(int(langid) & 0x3FF)


def read_ini_value(ini_path: str, key: str) -> str:
    """The value of ``section/name`` in a QSettings INI file (``""`` when missing), read without
    Qt: enough for a plain word such as a language code."""
    section, _sep, name = key.rpartition("/")
    wanted = f"[{section or 'General'}]"
    try:
        with open(ini_path, encoding="utf-8") as fp:
            lines = fp.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    current = "[General]"
    for line in lines:
        text = line.strip()
        if text.startswith("["):
            current = text
            continue
        field, sep, value = text.partition("=")
        if sep and current == wanted and field.strip() == name:
            return value.strip()
    return ""


SETTINGS_KEY = "appearance/language"


def settings_language(ini_path: str) -> str:
    """The window's language choice as its settings file keeps it (``""`` when none), so that
    the CLI follows the same choice."""
    return read_ini_value(ini_path, SETTINGS_KEY)


def setup_from_settings() -> str:
    """What the CLI does at start: :func:`setup` with the settings file's choice, if any."""
    from core.paths import config_dir

    return setup(settings_language(os.path.join(str(config_dir()), "b24notify.ini")))


def setup(setting: str = "", system: str | None = None) -> str:
    """Choose the language (:func:`choose_language`) and install it; returns its code."""
    return install(choose_language(setting=setting, system=system or system_language()))
