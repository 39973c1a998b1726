"""One catalogue for b24notify's own words (gettext), shared by the core, the CLI and the window.

Every user-visible string in ``core/`` and ``gui/`` goes through :func:`_` (or :func:`ngettext`
for counts) at the moment it is shown, never at import time: a module-level constant is marked
with :func:`N_` and translated where it is used (``_(CONSTANT)``), so a language chosen after
import still applies. A sentence with values in it is one string with named fields,
``_("the id {id} is …").format(id=…)``, so a translator sees (and may reorder) the whole sentence.

Option names, JSON keys, exit codes and method names are not translated.

The catalogues are gettext ``.po`` files in ``core/locale/`` (``ru.po``; English is the source
text), read directly at start (``core.i18n_po``) — no compiled ``.mo`` to build or to keep in
step. ``python -m core.i18n_tools extract`` refreshes ``b24notify.pot`` and ``ru.po`` from the
code (see ``core/i18n_tools.py``).

The language (:func:`choose_language`): ``B24NOTIFY_LANG`` (``ru`` or ``en``) first, then the
settings' choice, then the system (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the OS
language on Windows, and the one the window reads from Qt on macOS); anything else is English.
"""

from __future__ import annotations

import os
import sys

# typing.TYPE_CHECKING without importing typing: the CLI's --help imports this module and
# stays light (tests/core/test_cli_registry.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import gettext as _gettext
    from collections.abc import Mapping
    from typing import Any

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
