"""Checks run before anything is sent, mirroring the portal's documented rules.

The portal drops invalid attachment blocks *silently* and only fails when none survive, so a typo
in a link would otherwise give a notification with pieces missing. Here every problem is reported
at once, each naming its field (``user``, ``text``, ``attachments[2].IMAGE.LINK``), and nothing is
sent while any remain.

Field names for attachments always index the block list: ``attachments[i]`` is the i-th block in
either form; the full form's own keys are ``attachments.COLOR``, ``attachments.BLOCKS`` and so on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

from core.blocks import (
    COLOR_TOKENS,
    GRID_DISPLAYS,
    KNOWN_BLOCK_TYPES,
    block_list,
    is_full_form,
    load_attachments,
)
from core.constants import MAX_TIMEOUT, MAX_USER_ID, id_text, is_hex_colour, is_link_start
from core.i18n import N_, _, pgettext
from core.problems import InputError, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    from core.notification import Notification


_FULL_FORM_KEYS = ("ID", "COLOR_TOKEN", "COLOR", "BLOCKS", "DESCRIPTION")
_LINK_KEYS = (
    "LINK", "NAME", "DESC", "HTML", "PREVIEW", "WIDTH", "HEIGHT", "USER_ID", "CHAT_ID",
    "NETWORK_ID", "EXTRA_IMAGE",
)  # fmt: skip
_USER_KEYS = ("NAME", "AVATAR", "LINK", "USER_ID", "CHAT_ID", "BOT_ID", "NETWORK_ID", "AVATAR_TYPE")
_GRID_KEYS = (
    "DISPLAY", "NAME", "VALUE", "WIDTH", "HEIGHT", "COLOR_TOKEN", "COLOR", "LINK", "USER_ID",
    "CHAT_ID",
)  # fmt: skip
_IMAGE_KEYS = ("LINK", "NAME", "PREVIEW", "WIDTH", "HEIGHT")
_FILE_KEYS = ("LINK", "NAME", "SIZE")
_DELIMITER_KEYS = ("SIZE", "COLOR")
_AVATAR_TYPES = ("USER", "CHAT", "BOT")
# The _Checker method of each block type (``_rich_link`` for RICH_LINK), found by one lookup.
_BLOCK_CHECKS = {kind: "_" + kind.lower() for kind in KNOWN_BLOCK_TYPES}


def _blank(text: str) -> bool:
    """Empty once trimmed, by Python's idea of blank or by PHP's ``trim()``, which the portal uses
    and which also drops NUL (a block of just ``"\\x00"`` is dropped by the portal)."""
    return not text.strip() or not text.strip(" \t\n\r\0\x0b")


def _encodable(text: str) -> bool:
    """False for text with lone surrogates (broken Unicode), which cannot be sent as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- scalar checks ----------------------------------------------------------------------------
_MAX_ID_DIGITS = len(str(MAX_USER_ID))


@cache
def _seconds_text() -> re.Pattern[str]:
    """Seconds as text; compiled on first use (a ``--timeout`` typed), not on every import."""
    return re.compile(r"[ \t]*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t]*")


def _whole_number(value: Any) -> int | None:
    """An int (not a bool) or ASCII digits with optional spaces around; None for anything else.

    Text with a minus sign gives a negative number; text too long to be an id gives ``None``
    (``int()`` of thousands of digits is refused by Python and would be meaningless anyway).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        parts = id_text(value)
        if parts:
            sign, digits = parts
            digits = digits.lstrip("0") or "0"
            if len(digits) <= _MAX_ID_DIGITS:
                return -int(digits) if sign else int(digits)
    return None


def _too_long(value: Any) -> bool:
    """True for digit text longer than any id can be."""
    parts = id_text(value) if isinstance(value, str) else None
    return parts is not None and len(parts[1].lstrip("0")) > _MAX_ID_DIGITS


def check_id(value: Any, field: str = "user", what: str = "user id") -> list[Problem]:
    """An id must be a positive whole number: an int, or ASCII digits with spaces around at most.

    ``what`` names the id in the messages ("user id", "notification id").
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if what == "user id":
            return [Problem(field, _("enter the recipient's user id (a number such as 1)."))]
        return [Problem(field, _("enter the {what} (a number such as 1).").format(what=_(what)))]
    number = _whole_number(value)
    if number is None:
        if _too_long(value):
            return [Problem(field, _too_large(what))]
        text = _("the {what} must be a whole number written in digits 0-9, such as 1.")
        return [Problem(field, text.format(what=_(what)))]
    if number <= 0:
        text = _("the {what} must be a positive number (1 or more).")
        return [Problem(field, text.format(what=_(what)))]
    if number > MAX_USER_ID:
        return [Problem(field, _too_large(what))]
    return []


# The ids check_id names (``what``), translated where a message says them.
_ID_WORDS = (N_("user id"), N_("notification id"))


def _too_large(what: str) -> str:
    return _("the {what} is too large to be a portal {what}.").format(what=_(what))


def parse_id(value: Any, field: str = "user", what: str = "user id") -> int:
    """The one parser for ids (recipients, notification ids): an int, or ``InputError``.

    Accepts an int or ASCII digits with optional spaces around; refuses everything else (signs,
    decimals, underscores, non-ASCII digits) with a problem naming ``field``.
    """
    problems = check_id(value, field, what)
    if problems:
        raise InputError(problems)
    number = _whole_number(value)
    assert number is not None
    return number


def parse_user_id(value: Any) -> int:
    """The recipient as an int; raises ``InputError`` (field ``user``) if it is not a valid id."""
    return parse_id(value, "user", "user id")


def check_user_id(value: Any, field: str = "user") -> list[Problem]:
    """The recipient must be a positive whole number (an int or a string of digits)."""
    return check_id(value, field, "user id")


def _timeout_problem(field: str) -> InputError:
    return InputError(
        [
            Problem(
                field,
                _("must be a number of seconds above 0 and at most {limit}, such as 30.").format(
                    limit=f"{MAX_TIMEOUT:g}"
                ),
            )
        ]
    )


def _seconds(value: Any, field: str) -> float:
    import numbers  # only when a time-out is given

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _timeout_problem(field)
    try:
        seconds = float(value)
    except (OverflowError, ValueError, TypeError):
        raise _timeout_problem(field) from None
    if not 0 < seconds <= MAX_TIMEOUT:  # also refuses NaN and infinity
        raise _timeout_problem(field)
    return seconds


def parse_timeout(value: Any, field: str = "timeout") -> tuple[float, float]:
    """(connect, read) seconds from a number or a ``(connect, read)`` pair; else ``InputError``.

    Each must be a real number with 0 < t <= 600 (no bool, text, None, NaN or infinity): the
    HTTP stack applies the read timeout only after writing the request, so an unusable value
    would otherwise fail after the notification was already sent. A single number is the read
    timeout; connecting then takes at most 5 s of it.
    """
    if isinstance(value, tuple):
        if len(value) != 2:
            raise _timeout_problem(field)
        return _seconds(value[0], field), _seconds(value[1], field)
    read = _seconds(value, field)
    return min(5.0, read), read


def parse_seconds(text: Any, field: str = "timeout") -> float:
    """Seconds typed as text (``30``, ``2.5``; ASCII digits only), within 0 < t <= 600."""
    match = _seconds_text().fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise _timeout_problem(field)
    return _seconds(float(match.group(1)), field)


def check_text(value: Any, field: str = "text") -> list[Problem]:
    """The message must be text that is not empty after trimming (the portal trims it)."""
    if not isinstance(value, str):
        return [Problem(field, _("the message must be text."))]
    if not value.strip():
        return [Problem(field, _("enter the message text (it is empty or only spaces)."))]
    if not _encodable(value):
        return [Problem(field, _(_BROKEN_TEXT))]
    return []


_BROKEN_TEXT = N_("contains broken characters (invalid Unicode) that cannot be sent.")


def _check_optional_text(value: Any, field: str) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, str):
        return [Problem(field, _("must be text."))]
    if not _encodable(value):
        return [Problem(field, _(_BROKEN_TEXT))]
    return []


def is_valid_link(value: Any) -> bool:
    """Absolute http(s) with a host, or portal-relative ``/...``; the portal drops the rest."""
    if not isinstance(value, str) or not is_link_start(value):
        return False
    # Any whitespace (regex \s; str.split() splits where str.isspace() is true: both are
    # Py_UNICODE_ISSPACE), tested in C: a generator over the characters cost 26 k instructions.
    if value.split() != [value]:
        return False
    if value.startswith("/"):
        return True
    rest = value.split("://", 1)[1]
    return bool(rest) and rest[0] not in "/?#"


# --- attachment checks ------------------------------------------------------------------------
class _Checker:
    """Collects problems while walking an attachment."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))

    def warn(self, field: str, message: str) -> None:
        self.warnings.append(Problem(field, message))

    # generic field checks
    def link(self, obj: Mapping[str, Any], key: str, field: str, *, required: bool) -> None:
        if key not in obj or obj[key] in (None, ""):
            if required:
                self.add(f"{field}.{key}", _("a link is required here."))
            return
        if not is_valid_link(obj[key]):
            self.add(
                f"{field}.{key}",
                _(
                    "the link must start with https://, http:// or / (a portal page); "
                    "the portal drops anything else."
                ),
            )

    def number(self, obj: Mapping[str, Any], key: str, field: str, *, minimum: int = 1) -> None:
        if key not in obj:
            return
        number = _whole_number(obj[key])
        if number is None or number < minimum:
            if minimum > 0:
                self.add(f"{field}.{key}", _("must be a positive whole number."))
            else:
                self.add(f"{field}.{key}", _("must be a whole number, 0 or more."))

    def color(self, obj: Mapping[str, Any], key: str, field: str) -> None:
        if key in obj and not (isinstance(obj[key], str) and is_hex_colour(obj[key])):
            self.add(f"{field}.{key}", _("the colour must be #RGB or #RRGGBB, such as #29619b."))

    def color_token(self, obj: Mapping[str, Any], key: str, field: str) -> None:
        if key in obj and obj[key] not in COLOR_TOKENS:
            self.add(f"{field}.{key}", _one_of(COLOR_TOKENS))

    def text(self, obj: Mapping[str, Any], key: str, field: str, *, required: bool = False) -> None:
        if key not in obj:
            if required:
                self.add(f"{field}.{key}", _("is required."))
            return
        value = obj[key]
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.add(f"{field}.{key}", _("must be text."))
        elif required and _blank(str(value)):
            self.add(f"{field}.{key}", _("must not be empty."))

    def unknown_keys(self, obj: Mapping[str, Any], known: tuple[str, ...], field: str) -> None:
        for key in obj:
            if key not in known:
                text = _("unknown field; the portal ignores it ({known}).")
                self.warn(f"{field}.{key}", text.format(known=", ".join(known)))

    def objects(
        self, value: Any, field: str, *, allow_list: bool = True
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """The object(s) of a block: one object, or (where allowed) a non-empty array of them.

        A generator, so problems come out in the order of the fields they name.
        """
        if type(value) is dict or isinstance(value, Mapping):  # a dict: no ABC check
            yield field, value
        elif allow_list and isinstance(value, list):
            if not value:
                self.add(field, _("the list is empty."))
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield f"{field}[{i}]", item
                else:
                    self.add(f"{field}[{i}]", _("must be an object."))
        else:
            self.add(
                field,
                _("must be an object or a list of objects.")
                if allow_list
                else _("must be an object."),
            )

    # blocks
    def block(self, block: Any, field: str) -> None:
        if type(block) is not dict and not isinstance(block, Mapping):  # a dict: no ABC check
            self.add(
                field,
                _("a block must be an object with one key naming its type, like {example}.").format(
                    example='{"MESSAGE": "Hi"}'
                ),
            )
            return
        if len(block) != 1:
            if not block:
                self.add(field, _("the block is empty; it needs one key naming its type."))
            else:
                keys = ", ".join(map(str, block))
                text = _("a block must have exactly one key naming its type (found {keys}).")
                self.add(field, text.format(keys=keys))
            return
        ((kind, value),) = block.items()
        field = f"{field}.{kind}"
        check = _BLOCK_CHECKS.get(kind)
        if check is None:
            known = ", ".join(KNOWN_BLOCK_TYPES)
            if isinstance(kind, str) and kind.upper() in KNOWN_BLOCK_TYPES:
                text = _("unknown block type (did you mean {suggestion}?); known: {known}.")
                self.add(field, text.format(suggestion=kind.upper(), known=known))
            else:
                self.add(field, _("unknown block type; known: {known}.").format(known=known))
            return
        getattr(self, check)(value, field)

    def _message(self, value: Any, field: str) -> None:
        if type(value) is dict or isinstance(value, Mapping):
            self.text(value, "TEXT", field, required=True)
            return
        if not isinstance(value, str):
            self.add(field, _("must be text."))
        elif _blank(value):
            self.add(field, _("the text is empty."))

    def _link(self, value: Any, field: str) -> None:
        for f, obj in self.objects(value, field):
            targets_portal_object = any(obj.get(k) for k in ("USER_ID", "CHAT_ID", "NETWORK_ID"))
            if targets_portal_object:
                self.text(obj, "NAME", f, required=True)
                self.link(obj, "LINK", f, required=False)
            else:
                self.link(obj, "LINK", f, required=True)
            self.link(obj, "PREVIEW", f, required=False)
            self.link(obj, "EXTRA_IMAGE", f, required=False)
            self.number(obj, "WIDTH", f)
            self.number(obj, "HEIGHT", f)
            self.unknown_keys(obj, _LINK_KEYS, f)

    _rich_link = _link

    def _user(self, value: Any, field: str) -> None:
        for f, obj in self.objects(value, field):
            self.text(obj, "NAME", f, required=True)
            self.link(obj, "AVATAR", f, required=False)
            self.link(obj, "LINK", f, required=False)
            if "AVATAR_TYPE" in obj and obj["AVATAR_TYPE"] not in _AVATAR_TYPES:
                self.add(f"{f}.AVATAR_TYPE", _one_of(_AVATAR_TYPES))
            self.unknown_keys(obj, _USER_KEYS, f)

    def _grid(self, value: Any, field: str) -> None:
        if not isinstance(value, list):
            self.add(field, _("GRID must be a list of items, each with a DISPLAY."))
            return
        displays = set()
        for f, item in self.objects(value, field):
            display = item.get("DISPLAY")
            if display is None:
                text = _("every GRID item needs a DISPLAY: {modes}.")
                self.add(f"{f}.DISPLAY", text.format(modes=", ".join(GRID_DISPLAYS)))
            elif display not in GRID_DISPLAYS:
                self.add(f"{f}.DISPLAY", _one_of(GRID_DISPLAYS))
            else:
                displays.add(display)
            self.text(item, "NAME", f)
            self.text(item, "VALUE", f)
            if (
                display != "LINE"
                and not str(item.get("NAME") or "")
                and not str(item.get("VALUE") or "")
            ):
                self.warn(f, _("an item with neither NAME nor VALUE is not shown."))
            self.number(item, "WIDTH", f)
            self.number(item, "HEIGHT", f)
            self.color(item, "COLOR", f)
            self.color_token(item, "COLOR_TOKEN", f)
            self.link(item, "LINK", f, required=False)
            self.unknown_keys(item, _GRID_KEYS, f)
        if len(displays) > 1:
            text = _("mixes DISPLAY modes ({modes}); the docs advise one mode per grid.")
            self.warn(field, text.format(modes=", ".join(sorted(displays))))

    def _image(self, value: Any, field: str) -> None:
        for f, obj in self.objects(value, field):
            self.link(obj, "LINK", f, required=True)
            self.link(obj, "PREVIEW", f, required=False)
            self.text(obj, "NAME", f)
            self.number(obj, "WIDTH", f)
            self.number(obj, "HEIGHT", f)
            if ("WIDTH" in obj) != ("HEIGHT" in obj):
                self.warn(f, _("give both WIDTH and HEIGHT, or neither."))
            self.unknown_keys(obj, _IMAGE_KEYS, f)

    def _file(self, value: Any, field: str) -> None:
        for f, obj in self.objects(value, field):
            self.link(obj, "LINK", f, required=True)
            self.text(obj, "NAME", f)
            self.number(obj, "SIZE", f, minimum=0)
            self.unknown_keys(obj, _FILE_KEYS, f)

    def _delimiter(self, value: Any, field: str) -> None:
        for f, obj in self.objects(value, field, allow_list=False):
            self.number(obj, "SIZE", f)
            self.color(obj, "COLOR", f)
            self.unknown_keys(obj, _DELIMITER_KEYS, f)

    # whole attachment
    def attachment(self, attach: list[Any] | dict[str, Any], *, size: bool = True) -> None:
        if is_full_form(attach):
            assert isinstance(attach, dict)
            self.color_token(attach, "COLOR_TOKEN", "attachments")
            self.color(attach, "COLOR", "attachments")
            if "ID" in attach and _whole_number(attach["ID"]) is None:
                self.add("attachments.ID", _("must be a whole number."))
            self.unknown_keys(attach, _FULL_FORM_KEYS, "attachments")
            blocks = attach["BLOCKS"]
            if not isinstance(blocks, list):
                self.add("attachments.BLOCKS", _("BLOCKS must be a list of blocks."))
                return
        else:
            blocks = attach
        if not blocks:
            self.add("attachments", _("there are no blocks: add one, or leave the attachment out."))
        for i, block in enumerate(blocks):
            self.block(block, f"attachments[{i}]")
        if size:
            self.size(attach)

    def size(self, attach: list[Any] | dict[str, Any], json_bytes: int | None = None) -> None:
        """The portal's 60,000 limit, counted the portal's way (see ``core.attach_size``).

        ``json_bytes``: the UTF-8 length of compact JSON (``separators=(",", ":")``) already
        written that holds the attachment whole (the request body), so an upper bound of the
        attachment's own. While that bound settles it, the attachment is not written again.
        """
        from core.attach_size import (
            ATTACH_LIMIT,
            ATTACH_MARGIN,
            attach_size,
            legacy_attach_size,
            size_ceiling,
        )

        # size_ceiling takes the bytes of json.dumps' default separators (", ", ": "): each adds
        # one byte to a one-byte separator of the compact JSON, so at most twice its bytes.
        if json_bytes is not None and size_ceiling(2 * json_bytes) < ATTACH_LIMIT - ATTACH_MARGIN:
            return
        import json  # an attachment: json and the portal's count only then (a dry run's start)

        try:  # what goes on the wire must be JSON, then the portal's count of what it keeps
            sent = json.dumps(attach, ensure_ascii=False, allow_nan=False).encode("utf-8")
            if size_ceiling(len(sent)) < ATTACH_LIMIT - ATTACH_MARGIN:
                return  # far under the limit whichever way it is counted: no need to count
            size, legacy = attach_size(attach), legacy_attach_size(attach)
        except RecursionError:  # nested too deeply (given as Python objects)
            self.add("attachments", _("the attachment is nested too deeply to be written as JSON."))
            return
        except (TypeError, ValueError) as e:  # sets, objects, NaN, broken Unicode, cycles
            text = _("the attachment cannot be written as JSON ({reason}).")
            self.add("attachments", text.format(reason=e))
            return
        if size >= ATTACH_LIMIT - ATTACH_MARGIN:
            text = _(
                "the attachment counts {size} characters as the portal measures it; it must "
                "stay under {limit} (b24notify keeps {margin} of them in reserve): remove blocks "
                "or shorten texts."
            )
            self.add(
                "attachments",
                text.format(size=_number(size), limit=_number(ATTACH_LIMIT), margin=ATTACH_MARGIN),
            )
        elif legacy >= ATTACH_LIMIT:
            text = _(
                "an older self-hosted Bitrix24 may refuse this attachment (ATTACH_OVERSIZE): it "
                "counted bytes of escaped JSON, {legacy} here, against the same {limit} limit. "
                "Bitrix24 cloud and current versions count {size} characters."
            )
            self.warn(
                "attachments",
                text.format(
                    legacy=_number(legacy), limit=_number(ATTACH_LIMIT), size=_number(size)
                ),
            )


def _one_of(choices: tuple[str, ...]) -> str:
    return _("must be one of {choices}.").format(choices=", ".join(choices))


def _number(n: int) -> str:
    """A count with thousands grouped as the language writes them (60,000; 60 000)."""
    return f"{n:,}".replace(",", pgettext("thousands separator", ","))


def _walk(attachments: Any, size: bool = True) -> _Checker:
    checker = _Checker()
    try:
        attach = load_attachments(attachments)
    except InputError as e:
        checker.problems.extend(e.problems)
        return checker
    if attach is not None:
        checker.attachment(attach, size=size)
    return checker


def check_attachments(attachments: Any, *, size: bool = True) -> list[Problem]:
    """Every problem in an attachment (any accepted form), each naming its field.

    ``size=False`` leaves out the 60,000-character limit (and whether the attachment can be
    written as JSON at all): for a caller that writes the JSON itself and then asks
    :func:`check_attachment_size` with its length.
    """
    return _walk(attachments, size).problems


def check_attachment_size(attach: list[Any] | dict[str, Any], json_bytes: int) -> list[Problem]:
    """The size problem of a loaded attachment (``load_attachments``), if any, given the UTF-8
    length of compact JSON already written that holds it whole (the request body): the
    attachment is written as JSON again only when that length leaves the count in doubt."""
    checker = _Checker()
    checker.size(attach, json_bytes)
    return checker.problems


def attachment_warnings(attachments: Any) -> list[Problem]:
    """Things that are allowed but probably not meant (unknown fields, mixed GRID modes...).

    Not errors: the portal accepts them, so they never stop a send. Both shells show them
    (``core.voice``): the CLI as ``note:`` lines, the window as hints under the attachments.
    """
    return _walk(attachments).warnings


def check_color_token(value: Any, attachments: Any) -> list[Problem]:
    """COLOR_TOKEN colours the attachment (``core.blocks.COLOR_TOKENS``; the portal's default is
    ``base``): one of those, given with blocks, and not at odds with the full form's own."""
    if value is None or value == "":
        return []
    if not isinstance(value, str) or value not in COLOR_TOKENS:
        tokens = ", ".join(COLOR_TOKENS)
        return [Problem("color_token", _("must be one of {tokens}.").format(tokens=tokens))]
    try:
        attach = load_attachments(attachments)
    except InputError:
        return []  # the attachment's own problem says what is wrong with it
    if attach is None or not block_list(attach):
        message = _("a colour token colours the attachment: add blocks, or leave the token out.")
        return [Problem("color_token", message)]
    given = attach.get("COLOR_TOKEN") if isinstance(attach, dict) else None
    if given not in (None, value):
        message = _("the attachment's full form already has COLOR_TOKEN {given}: give one only.")
        return [Problem("color_token", message.format(given=given))]
    return []


def check_notification(n: Notification, *, size: bool = True) -> list[Problem]:
    """All problems of a notification at once (user, text, optional fields, attachments).

    ``size=False``: all but the attachment's size (see :func:`check_attachments`).
    """
    problems = check_user_id(n.user_id) + check_text(n.text)
    for value, field in (
        (n.text_out, "text_out"),
        (n.tag, "tag"),
        (n.sub_tag, "sub_tag"),
        (n.client_id, "client_id"),
    ):
        problems += _check_optional_text(value, field)
    problems += check_attachments(n.attachments, size=size)
    problems += check_color_token(n.color_token, n.attachments)
    return problems


def require_valid(n: Notification) -> None:
    """Raise ``InputError`` with every problem if the notification cannot be sent as it is."""
    problems = check_notification(n)
    if problems:
        raise InputError(problems)
