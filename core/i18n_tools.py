"""Keep the catalogues in step with the code: ``python -m core.i18n_tools extract``.

``extract`` finds every ``_("…")``, ``N_("…")``, ``ngettext("…", "…", n)`` and
``pgettext("context", "…")`` call with literal text in ``core/`` and ``gui/`` (Python's own
``ast``, no xgettext needed), writes ``core/locale/b24notify.pot``, and merges it into each
``<lang>.po``: a translation already there is kept, a new string is added untranslated, and a
string the code no longer has is kept at the end as obsolete (``#~``) for a translator to reuse
or drop. ``check`` exits 1 and lists what needs a translator (untranslated, fuzzy, obsolete or
outdated entries, or a ``{field}`` the translation lost); the test suite runs the same check.

Not on any start-up path: the program itself only reads the ``.po`` (``core.i18n_po.read_po``).
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.i18n import LANGUAGES, SOURCE_LANGUAGE, locale_dir
from core.i18n_po import PoEntry, read_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("core", "gui")
DOMAIN = "b24notify"
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}
_FUNCS = {"_": 1, "N_": 1, "ngettext": 2, "pgettext": 2}


@dataclass
class Message:
    """One string found in the code."""

    msgid: str
    plural: str | None = None
    context: str | None = None
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in(source: str, name: str) -> list[Message]:
    """The marked strings of one module's ``source`` (``name`` labels their places)."""
    found: list[Message] = []
    lines: dict[int, tuple[int, int]] = {}
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        func = node.func.id
        if func not in _FUNCS or len(node.args) < _FUNCS[func]:
            continue
        texts = [_literal(a) for a in node.args[: _FUNCS[func]]]
        if any(t is None for t in texts):
            continue  # _(CONSTANT): the constant itself is marked with N_()
        place = name  # no line numbers: the catalogue changes only when the words do
        if func == "ngettext":
            m = Message(texts[0] or "", plural=texts[1], places=[place])
        elif func == "pgettext":
            m = Message(texts[1] or "", context=texts[0], places=[place])
        else:
            m = Message(texts[0] or "", places=[place])
        found.append(m)
        lines[id(m)] = (node.lineno, node.col_offset)
    found.sort(key=lambda m: lines[id(m)])
    return found


def extract(root: Path = ROOT, sources: Iterable[str] = SOURCES) -> list[Message]:
    """Every marked string in the packages ``sources`` under ``root``, in order of appearance."""
    by_key: dict[tuple[str | None, str], Message] = {}
    for package in sources:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for m in messages_in(path.read_text(encoding="utf-8"), rel):
                if not m.msgid:
                    continue
                known = by_key.get(m.key)
                if known is None:
                    by_key[m.key] = m
                else:
                    known.places += [p for p in m.places if p not in known.places]
                    known.plural = known.plural or m.plural
    return list(by_key.values())


# --- writing ------------------------------------------------------------------------------------
def _quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in body or (body.endswith("\n") and body.count("\n") == 1):
        return '"' + body.replace("\n", "\\n") + '"'
    lines = body.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def _header(lang: str | None) -> str:
    fields = [
        f"Project-Id-Version: {DOMAIN}",
        f"Language: {lang or ''}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        f"Plural-Forms: {PLURAL_FORMS.get(lang or '', 'nplurals=2; plural=(n != 1);')}",
    ]
    return 'msgid ""\nmsgstr ""\n' + "\n".join(f'"{f}\\n"' for f in fields) + "\n"


def _entry(m: Message, forms: dict[int, str], nplurals: int, prefix: str = "") -> str:
    lines: list[str] = []
    if not prefix:
        lines += [f"#: {place}" for place in m.places]
        if "{" in m.msgid:
            lines.append("#, python-brace-format")
    if m.context is not None:
        lines.append(f"msgctxt {_quote(m.context)}")
    lines.append(f"msgid {_quote(m.msgid)}")
    if m.plural is not None:
        lines.append(f"msgid_plural {_quote(m.plural)}")
        lines += [f"msgstr[{i}] {_quote(forms.get(i, ''))}" for i in range(nplurals)]
    else:
        lines.append(f"msgstr {_quote(forms.get(0, ''))}")
    text = "\n".join(lines)
    if prefix:
        text = "\n".join(prefix + line for line in text.splitlines())
    return text + "\n"


def _nplurals(lang: str | None) -> int:
    match = re.search(r"nplurals=(\d+)", PLURAL_FORMS.get(lang or "", "nplurals=2"))
    return int(match.group(1)) if match else 2


def render_pot(messages: list[Message]) -> str:
    """The template: every string, untranslated."""
    return "\n".join([_header(None), *(_entry(m, {}, 2) for m in messages)])


def merge(messages: list[Message], po_text: str, lang: str) -> str:
    """``po_text`` brought in step with ``messages`` (translations kept; see the module doc)."""
    old = {e.key: e for e in read_po(po_text) if e.msgid}
    n = _nplurals(lang)
    parts = [_header(lang)]
    for m in messages:
        known = old.pop(m.key, None)
        forms = (
            dict(known.msgstr)
            if known is not None and (known.plural is None) == (m.plural is None)
            else {}
        )
        parts.append(_entry(m, forms, n))
    for e in old.values():  # gone from the code: obsolete, kept for reuse
        if any(e.msgstr.values()):
            gone = Message(e.msgid, e.plural, e.context)
            parts.append(_entry(gone, e.msgstr, n, prefix="#~ "))
    return "\n".join(parts)


# --- checking -----------------------------------------------------------------------------------
_FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def problems(messages: list[Message], entries: list[PoEntry]) -> list[str]:
    """What keeps a catalogue from being complete, one line each (empty when it is)."""
    found: list[str] = []
    wanted = {m.key: m for m in messages}
    for e in entries:
        if not e.msgid:
            continue
        where = f"{e.msgid[:60]!r}" + (f" ({e.context})" if e.context else "")
        if e.obsolete:
            found.append(f"obsolete: {where}")
            continue
        m = wanted.pop(e.key, None)
        if m is None:
            found.append(f"not in the code any more: {where}")
            continue
        if "fuzzy" in e.flags:
            found.append(f"fuzzy: {where}")
        elif not e.translated:
            found.append(f"untranslated: {where}")
        elif (m.plural is None) != (e.plural is None) or (m.plural and m.plural != e.plural):
            found.append(f"outdated plural: {where}")
        else:
            fields = sorted(set(_FIELD.findall(m.msgid)) | set(_FIELD.findall(m.plural or "")))
            for form in e.msgstr.values():
                if sorted(set(_FIELD.findall(form))) != fields and not (
                    m.plural and set(_FIELD.findall(form)) <= set(fields)
                ):
                    found.append(f"fields differ ({fields}): {where}")
                    break
    found += [f"missing: {m.msgid[:60]!r}" for m in wanted.values()]
    return found


def _po_path(lang: str) -> Path:
    return Path(locale_dir(), f"{lang}.po")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    messages = extract()
    languages = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
    if command == "extract":
        os.makedirs(locale_dir(), exist_ok=True)
        Path(locale_dir(), f"{DOMAIN}.pot").write_text(render_pot(messages), encoding="utf-8")
        for lang in languages:
            path = _po_path(lang)
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            path.write_text(merge(messages, text, lang), encoding="utf-8")
            todo = problems(messages, read_po(path.read_text(encoding="utf-8")))
            sys.stdout.write(f"{path.name}: {len(messages)} strings, {len(todo)} to do\n")
        return 0
    if command == "check":
        failed = False
        for lang in languages:
            todo = problems(messages, read_po(_po_path(lang).read_text(encoding="utf-8")))
            for line in todo:
                sys.stdout.write(f"{lang}.po: {line}\n")
            failed = failed or bool(todo)
        return 1 if failed else 0
    sys.stderr.write("usage: python -m core.i18n_tools extract|check\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
