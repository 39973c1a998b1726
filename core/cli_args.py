"""The command line's argument parser, whose usage errors never repeat what was typed.

argparse quotes the offending word in its errors ("unrecognized arguments: <word>", "invalid
choice: '<word>'"). On a command line that word is often a webhook URL or a token that lost its
option, and stderr ends up in CI logs. So every usage error here names the option or the position
("unexpected argument 2; did you forget --url?") and never the value.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from functools import cache

from core.i18n import N_, _, ngettext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~3 ms on --help's path)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NoReturn

    from core.notification import Notification


# argparse's own words ("usage: ", "positional arguments", "options", "show this help message and
# exit", its error messages) go through b24notify's catalogue, not gettext's default domain:
# argparse calls ``gettext.gettext`` (its module-global ``_``) three times in every parser's
# ``__init__``, and each call goes to ``gettext.translation``, which imports ``locale`` and looks
# for ``messages.mo`` files on disk (~1 M instructions a parser, about 8 % of ``--help``). No such
# catalogue exists for argparse, so it spoke English; it still does, except for the few words
# b24notify's catalogue translates (the titles and "usage: "; a Parser translated them itself
# before, but not "usage: " under another formatter class). Its error messages are re-worded by
# :func:`safe_message` (English patterns: the catalogue translates none of argparse's error
# messages, tests/core/test_cli_args.py checks).
# Done once, here, for every parser of the process (argparse looks the names up at each call).
argparse._ = _  # type: ignore[attr-defined]
argparse.ngettext = ngettext  # type: ignore[attr-defined]
# The words of argparse's that the catalogue translates, marked for extraction.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
)


class UsageError(Exception):
    """A usage error, already worded without any value from the command line."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog
        self.message = message

    def line(self) -> str:
        return _("{prog}: error: {message} (see --help)").format(
            prog=self.prog, message=self.message
        )


_NAME = r"[A-Za-z0-9_/-]+"


class _Patterns:
    """argparse's messages, recognised; compiled on a usage error's first message, not at import
    (~2 ms of regex compiling on every command line, for errors that seldom come)."""

    def __init__(self) -> None:
        # Messages made only of our own option names: passed on (in the current language).
        self.required = re.compile(
            r"the following arguments are required: (?P<names>[A-Za-z0-9_/, -]+)"
        )
        self.one_of = re.compile(r"one of the arguments (?P<names>[A-Za-z0-9_/ -]+) is required")
        self.expected = re.compile(
            rf"argument (?P<name>{_NAME}): expected (?P<count>one|at most one|at least one|\d+) "
            r"arguments?"
        )
        self.not_allowed = re.compile(
            rf"argument (?P<name>{_NAME}): not allowed with argument (?P<other>{_NAME})"
        )
        self.invalid_choice = re.compile(
            rf"argument (?P<name>{_NAME}): invalid choice: .*\(choose from (?P<choices>[^()]*)\)",
            re.DOTALL,
        )
        self.invalid_type = re.compile(
            rf"argument (?P<name>{_NAME}): invalid (?P<type>\w+) value: ", re.DOTALL
        )
        self.ignored_value = re.compile(
            rf"argument (?P<name>{_NAME}): ignored explicit argument ", re.DOTALL
        )
        self.ambiguous = re.compile(
            r"ambiguous option: .* could match (?P<matches>[A-Za-z0-9_, -]+)", re.DOTALL
        )
        self.other_argument = re.compile(rf"argument (?P<name>{_NAME}): (?P<rest>.*)", re.DOTALL)


@cache
def _patterns() -> _Patterns:
    return _Patterns()


_TYPE_WORDS = {"int": N_("a whole number"), "float": N_("a number")}
_EXPECTED = {
    "one": N_("argument {name}: expected one argument"),
    "at most one": N_("argument {name}: expected at most one argument"),
    "at least one": N_("argument {name}: expected at least one argument"),
}


def _looks_like_url(word: str) -> bool:
    lower = word.lower()
    return "://" in lower or "/rest/" in lower or lower.startswith("www.")


def _echoes(message: str, argv: Sequence[str], options: set[str]) -> bool:
    """True if ``message`` contains a word of the command line (other than an option name)."""
    for word in argv:
        for part in (word, *word.split("=", 1)[1:]):
            if part in options or len(part) < 4:
                continue
            if part in message or repr(part)[1:-1] in message:
                return True
    return False


def _positions(argv: Sequence[str], extras: Sequence[str]) -> list[int]:
    """1-based positions of the stray words in ``argv``, best guess for repeated words.

    A word right after an option that takes a value is that option's value, so another
    occurrence of the same word is preferred.
    """
    used: set[int] = set()
    found: list[int] = []
    for extra in extras:
        spots = [i for i, word in enumerate(argv) if word == extra and i not in used]
        if not spots:
            continue
        loose = [
            i
            for i in spots
            if i == 0 or not (argv[i - 1].startswith("-") and "=" not in argv[i - 1])
        ]
        pick = (loose or spots)[0]
        used.add(pick)
        found.append(pick + 1)
    return sorted(found)


def _hint(word: str, options: Sequence[str]) -> str:
    """What the stray word probably misses, judged from its shape; the word itself is not shown."""
    if _looks_like_url(word):
        return _("did you forget --url?")
    if word.startswith("-") and len(word) > 1:
        name = word.split("=", 1)[0]
        import difflib  # only for a typo's suggestion

        close = difflib.get_close_matches(name, [o for o in options if o.startswith("--")], 1)
        if close:
            return _("unknown option; did you mean {option}?").format(option=close[0])
        return _("unknown option")
    return _("a value without its option in front; did you forget the option (or quotes)?")


def _unexpected(
    argv: Sequence[str], extras: Sequence[str], options: Sequence[str], offset: int = 0
) -> str:
    positions = [p + offset for p in _positions(argv, extras)]
    if not positions:
        return _("unexpected arguments; every value needs its option in front")
    hints = list(dict.fromkeys(_hint(word, options) for word in extras))
    if len(positions) == 1:
        text = _("unexpected argument {position}; {hints}")
    else:
        text = _("unexpected arguments {positions}; {hints}")
    return text.format(
        position=positions[0], positions=", ".join(map(str, positions)), hints="; ".join(hints)
    )


def safe_message(message: str, argv: Sequence[str], options: Sequence[str]) -> str:
    """argparse's ``message`` reworded so that no value of ``argv`` appears in it."""
    message = " ".join(message.split())
    patterns = _patterns()
    option_set = set(options)
    if match := patterns.required.fullmatch(message):
        return _("the following arguments are required: {names}").format(names=match["names"])
    if match := patterns.one_of.fullmatch(message):
        return _("one of the arguments {names} is required").format(names=match["names"])
    if match := patterns.expected.fullmatch(message):
        count = match["count"]
        if count in _EXPECTED:
            return _(_EXPECTED[count]).format(name=match["name"])
        return _("argument {name}: expected {n} arguments").format(name=match["name"], n=count)
    if match := patterns.not_allowed.fullmatch(message):
        return _("argument {name}: not allowed with argument {other}").format(
            name=match["name"], other=match["other"]
        )
    if match := patterns.invalid_choice.fullmatch(message):
        name, choices = match["name"], match["choices"].replace("'", "")
        if name == "COMMAND":
            at = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
            if at is None:
                text = _("unknown command; the commands are {choices}").format(choices=choices)
            else:
                text = _("unknown command at argument {position}; the commands are {choices}")
                text = text.format(position=at + 1, choices=choices)
            if at is not None and _looks_like_url(argv[at]):
                text += " " + _("(did you mean: b24notify send --url URL ...?)")
            return text
        return _("argument {name}: not one of {choices}").format(name=name, choices=choices)
    if match := patterns.invalid_type.match(message):
        kind = _TYPE_WORDS.get(match["type"])
        kind = _(kind) if kind else _("another value")
        return _("argument {name}: invalid value; {kind} is needed").format(
            name=match["name"], kind=kind
        )
    if match := patterns.ignored_value.match(message):
        return _("argument {name}: takes no value").format(name=match["name"])
    if match := patterns.ambiguous.fullmatch(message):
        return _("an abbreviated option could mean {options}; write it out in full").format(
            options=match["matches"]
        )
    if message.startswith("unrecognized arguments:"):
        return _("unexpected arguments; every value needs its option in front")
    if _echoes(message, argv, option_set):
        if match := patterns.other_argument.fullmatch(message):
            return _("argument {name}: invalid value").format(name=match["name"])
        return _("the command line is not valid")
    return message


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it, without importing shutil.

    argparse asks shutil for every formatter it makes (one per ``add_argument``), and shutil
    imports zlib, bz2 and lzma: ~4 ms on every command line, for a number.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


_ASCII_BREAKS = frozenset("\t\n\r\x0b\x0c")  # argparse made these spaces; textwrap too


def wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width)`` for what argparse hands ``_split_lines`` (its ASCII
    whitespace made single spaces, trimmed): a line that fits is itself, and a longer one without
    a hyphen is split at its spaces only and filled greedily as below (textwrap's defaults: words
    longer than a line broken, whitespace dropped at the ends of lines). Anything else goes to
    textwrap, whose word pattern (hyphenated words, em-dashes) takes ~4.4 M instructions to
    compile on import: more than a tenth of what ``--help`` costs beyond ``python -c pass``
    (issue 10), whose lines need none of it. tests/core/test_cli_args.py compares the two."""
    if width < 1 or text != text.strip() or "  " in text or _ASCII_BREAKS.intersection(text):
        import textwrap  # not text as argparse hands it over

        return textwrap.wrap(text, width)
    if len(text) <= width:
        return [text] if text else []
    if "-" in text:
        import textwrap

        return textwrap.wrap(text, width)
    words = text.split(" ")
    chunks = [" "] * (2 * len(words) - 1)
    chunks[::2] = words
    chunks.reverse()  # textwrap's TextWrapper._wrap_chunks from here on
    lines: list[str] = []
    while chunks:
        line: list[str] = []
        size = 0
        if chunks[-1].strip() == "" and lines:
            del chunks[-1]
        while chunks and size + len(chunks[-1]) <= width:
            size += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and len(chunks[-1]) > width:  # a word longer than a line: broken
            left = width - size
            line.append(chunks[-1][:left])
            chunks[-1] = chunks[-1][left:]
        if line and line[-1].strip() == "":
            del line[-1]
        if line:
            lines.append("".join(line))
    return lines


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs as written; the width found without shutil (:func:`_columns`);
    lines wrapped without textwrap where that gives the same (:func:`wrap`)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)


class Commands(argparse._SubParsersAction):
    """argparse's subcommands, where a command can be listed without a parser of its own.

    ``list_only(name, help)`` makes the ``--help`` line and the choice an unknown command's error
    names, as ``add_parser(name, help=help)`` does, without building a parser (each costs as
    much as a few imports); should the command be parsed after all, its (empty) parser is
    made then, the same one ``add_parser(name)`` would have made.
    """

    def list_only(self, name: str, help: str) -> None:
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        self._name_parser_map[name] = None

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        name = values[0]
        if name in self._name_parser_map and self._name_parser_map[name] is None:
            self._name_parser_map[name] = self._parser_class(prog=f"{self._prog_prefix} {name}")
        super().__call__(parser, namespace, values, option_string)

    def parsers(self) -> list[argparse.ArgumentParser]:
        """The parsers built so far."""
        return [p for p in self._name_parser_map.values() if p is not None]


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors raise ``UsageError`` worded without the values typed.

    Its subparsers are Parsers too (argparse makes them of the parent's class), and every one
    formats its help with :class:`HelpFormatter` unless told otherwise.
    """

    _argv: list[str]
    # Words of the command line in front of what this parser sees (``b24notify sandbox ...``).
    offset: int = 0
    _width: int | None = None  # the help's width, asked once (see _get_formatter)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # its own words in the current language (see above)
        self.register("action", "parsers", Commands)

    def _get_formatter(self) -> argparse.HelpFormatter:
        """argparse makes a formatter for each ``add_argument`` (to check its metavar) and each
        help; each asked the terminal for its width. A parser asks once."""
        if self.formatter_class is not HelpFormatter:
            return super()._get_formatter()
        if self._width is None:
            self._width = _columns() - 2  # as argparse does
        return HelpFormatter(prog=self.prog, width=self._width)

    def _all_options(self) -> list[str]:
        options = list(self._option_string_actions)
        for action in self._actions:
            if isinstance(action, Commands):
                for parser in action.parsers():
                    options += list(parser._option_string_actions)
        return options

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._argv = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(self._argv, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        argv = list(sys.argv[1:] if args is None else args)
        parsed, extras = self.parse_known_args(argv, namespace)
        if extras:
            options = self._all_options()
            raise UsageError(self.prog, _unexpected(argv, extras, options, self.offset))
        return parsed

    def error(self, message: str) -> NoReturn:
        argv = getattr(self, "_argv", [])
        raise UsageError(self.prog, safe_message(message, argv, self._all_options()))


def notification_from(args: argparse.Namespace, user_id: Any) -> Notification:
    """The notification ``send``'s options describe, for ``user_id`` (one send, or 0 for a bulk
    send, whose recipients are given apart): one place, so a new option reaches both paths."""
    from core.notification import Notification

    return Notification(
        user_id=user_id,
        text=args.text,
        tag=args.tag,
        sub_tag=args.sub_tag,
        text_out=args.text_out,
        attachments=args.blocks,
        client_id=args.client_id,
        color_token=args.color_token,
    )
