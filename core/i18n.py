"""One catalogue for b24notify's own words (gettext), shared by the core, the CLI and the window.

Every user-visible string in ``core/`` and ``gui/`` goes through :func:`_` (or :func:`ngettext`
for counts) at the moment it is shown, never at import time: a module-level constant is marked
with :func:`N_` and translated where it is used (``_(CONSTANT)``), so a language chosen after
import still applies.

Option names, JSON keys, exit codes and method names are not translated.

This module is the agreed interface; the catalogues, the language choice
(``B24NOTIFY_LANG``, ``LANGUAGE``/``LC_ALL``/``LANG``, the settings override) and the extraction
command are filled in by the languages work (issue 12).
"""

from __future__ import annotations

import gettext as _gettext

_translation: _gettext.NullTranslations = _gettext.NullTranslations()


def _(message: str) -> str:
    """The current language's version of ``message`` (the English text itself when none)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for ``n`` (Russian has three: 1 / 2-4 / 5+)."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context`` (for short words that mean different things)."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:  # gettext's conventional name for "mark only"
    """Mark ``message`` for extraction without translating it (translate where it is shown)."""
    return message


def use(translation: _gettext.NullTranslations) -> None:
    """Make ``translation`` the one every later :func:`_` call uses."""
    global _translation  # the process has one language at a time
    _translation = translation
