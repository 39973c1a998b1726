"""Builders for ATTACH blocks, and loading attachments from the forms people give them in.

``picture_block`` and ``file_block`` return exactly the shapes OPI's ``GetPictureBlock`` /
``GetFileBlock`` return, so code ported from OPI sends the same JSON. Optional fields are left out
when not given: the portal treats a missing field and an empty one differently (an empty PREVIEW
hides the picture).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from core.problems import InputError, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

# The seven block types the docs list as current (block-collections/index.md).
BLOCK_TYPES: tuple[str, ...] = ("MESSAGE", "LINK", "USER", "GRID", "DELIMITER", "IMAGE", "FILE")
# Accepted by the portal's parser but only mentioned in the docs.
EXTRA_BLOCK_TYPES: tuple[str, ...] = ("RICH_LINK",)
KNOWN_BLOCK_TYPES: tuple[str, ...] = BLOCK_TYPES + EXTRA_BLOCK_TYPES

GRID_DISPLAYS: tuple[str, ...] = ("BLOCK", "LINE", "ROW", "TABLE")
COLOR_TOKENS: tuple[str, ...] = ("primary", "secondary", "alert", "base")

# An attachment file bigger than this cannot be under the portal's 60,000 limit in any sane form.
MAX_FILE_BYTES = 2_000_000

if TYPE_CHECKING:
    Block = dict[str, Any]


def _fields(**values: Any) -> dict[str, Any]:
    """Upper-case keys, dropping values that were not given (None or empty text)."""
    return {k.upper(): v for k, v in values.items() if v is not None and v != ""}


def picture_block(
    name: str,
    url: str,
    *,
    preview: str | None = None,
    width: int | None = None,
    height: int | None = None,
) -> Block:
    """``{"IMAGE": {"NAME": name, "LINK": url}}`` (OPI's shape); PREVIEW/WIDTH/HEIGHT when given."""
    return {"IMAGE": _fields(name=name, link=url, preview=preview, width=width, height=height)}


def file_block(name: str, url: str, *, size: int | None = None) -> Block:
    """``{"FILE": {"NAME": name, "LINK": url}}`` (OPI's shape); SIZE in bytes when given."""
    return {"FILE": _fields(name=name, link=url, size=size)}


def message_block(text: str) -> Block:
    """A text block (BB-codes allowed)."""
    return {"MESSAGE": text}


def link_block(
    url: str,
    name: str | None = None,
    desc: str | None = None,
    preview: str | None = None,
    width: int | None = None,
    height: int | None = None,
) -> Block:
    """A link with an optional title, description and preview picture."""
    return {
        "LINK": _fields(link=url, name=name, desc=desc, preview=preview, width=width, height=height)
    }


def user_block(
    name: str,
    avatar: str | None = None,
    link: str | None = None,
    user_id: int | None = None,
) -> Block:
    """A person (name, avatar picture, link or portal user id)."""
    return {"USER": _fields(name=name, avatar=avatar, link=link, user_id=user_id)}


def grid_item(
    name: str,
    value: str,
    display: str = "LINE",
    *,
    width: int | None = None,
    height: int | None = None,
    color_token: str | None = None,
    color: str | None = None,
    link: str | None = None,
    user_id: int | None = None,
    chat_id: int | None = None,
) -> dict[str, Any]:
    """One cell of a GRID block: NAME/VALUE shown as DISPLAY (BLOCK, LINE, ROW or TABLE)."""
    item = {"DISPLAY": display, "NAME": name, "VALUE": value}
    item.update(
        _fields(
            width=width,
            height=height,
            color_token=color_token,
            color=color,
            link=link,
            user_id=user_id,
            chat_id=chat_id,
        )
    )
    return item


def grid_block(items: Iterable[Mapping[str, Any]]) -> Block:
    """A GRID block: a list of ``grid_item``s (use one DISPLAY mode per grid)."""
    return {"GRID": [dict(i) for i in items]}


def delimiter_block(size: int = 200, color: str | None = None) -> Block:
    """A horizontal line ``size`` pixels wide, optionally coloured (#RGB or #RRGGBB)."""
    return {"DELIMITER": _fields(size=size, color=color)}


def attachment(
    blocks: Iterable[Mapping[str, Any]],
    *,
    color_token: str | None = None,
    color: str | None = None,
) -> dict[str, Any]:
    """The full form ``{"COLOR_TOKEN": ..., "COLOR": ..., "BLOCKS": [...]}``.

    Older portals read only COLOR and newer ones prefer COLOR_TOKEN, so giving both is the safe
    choice.
    """
    full = _fields(color_token=color_token, color=color)
    full["BLOCKS"] = [dict(b) for b in blocks]
    return full


def with_color_token(attach: list[Any] | dict[str, Any], token: str) -> dict[str, Any]:
    """The attachment in its full form with ``COLOR_TOKEN`` set (the short form has no place for
    it); the full form's other keys are kept."""
    full = dict(attach) if is_full_form(attach) else {"BLOCKS": list(attach)}
    return {"COLOR_TOKEN": token, **{k: v for k, v in full.items() if k != "COLOR_TOKEN"}}


def is_full_form(value: Any) -> bool:
    """True for ``{"BLOCKS": [...], ...}`` (the portal decides the same way: by the BLOCKS key)."""
    # A list (the usual form) or a dict is told apart without the ABC check of Mapping.
    if type(value) is list:
        return False
    return (type(value) is dict or isinstance(value, Mapping)) and "BLOCKS" in value


def block_list(attach: Any) -> list[Any]:
    """The blocks of an attachment in either form (for display and validation)."""
    if is_full_form(attach):
        blocks = attach["BLOCKS"]
        return list(blocks) if isinstance(blocks, list) else []
    if isinstance(attach, list):
        return list(attach)
    return []


# --- loading ----------------------------------------------------------------------------------
def _refuse(message: str) -> InputError:
    return InputError([Problem("attachments", message)])


def _normalize(value: Any, source: str) -> list[Any] | dict[str, Any]:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        if is_full_form(value):
            return dict(value)
        return [dict(value)]  # one block
    raise _refuse(
        f"{source} must be a list of blocks, one block or an object with BLOCKS, "
        f"not {type(value).__name__}."
    )


def _parse_json(text: str, source: str) -> Any:
    import json  # an attachment given: json only then (a dry run imports this module)

    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _refuse(
            f"{source} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})."
        ) from None
    except RecursionError:  # thousands of nested brackets
        raise _refuse(f"{source} is nested too deeply to be an attachment.") from None
    except ValueError:  # an integer of thousands of digits (Python's int conversion limit)
        raise _refuse(f"{source} holds a number with too many digits.") from None


def _read_file(path: Path) -> Any:
    from core.files import read_text_file

    text = read_text_file(path, max_bytes=MAX_FILE_BYTES, field="attachments", what="JSON file")
    return _parse_json(text, f"the file {path}")


def _existing_file(text: str) -> Path | None:
    """The path ``text`` names if something is there (a file, but also a folder or a device:
    ``_read_file`` says what is wrong with those), else None."""
    from pathlib import Path  # only for an attachment given as text: not on every send's path

    try:
        path = Path(text).expanduser()
        exists = os.path.lexists(path)
    except (OSError, ValueError, RuntimeError):  # a long JSON text is no valid file name
        return None
    return path if exists else None


def load_attachments(value: Any) -> list[Any] | dict[str, Any] | None:
    """Turn what the user gave into an ATTACH value: a list of blocks or a full-form object.

    Accepts a list of blocks, one block (wrapped into a list), a full-form dict (kept), JSON text,
    or the path of a JSON file. Nothing, an empty or blank string give ``None`` (no attachment).
    An ``http(s)://`` string is refused: OPI downloads such URLs, which surprises people and sends
    whatever the server returns; b24notify never fetches anything.
    """
    if value is None:
        return None
    if type(value) is list:  # the usual form: no ABC check (os.PathLike) on every send
        return list(value)
    if isinstance(value, os.PathLike):
        from pathlib import Path

        return _normalize(_read_file(Path(value)), f"the file {value}")
    if isinstance(value, (bytes, bytearray)):
        try:
            value = value.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse("the attachment bytes are not UTF-8 text.") from None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.lower().startswith(("http://", "https://")):
            raise _refuse(
                "attachments cannot be given as a web address: b24notify never downloads them. "
                "Save the JSON to a file and give its path, or paste the JSON itself."
            )
        path = None if text[0] in "[{" else _existing_file(text)
        if path is not None:
            return _normalize(_read_file(path), f"the file {path}")
        if text[0] in '[{"' or text[0].isdigit() or text in ("true", "false", "null"):
            return _normalize(_parse_json(text, "the attachment text"), "the attachment JSON")
        raise _refuse(
            "this is neither JSON nor the path of an existing file "
            '(give a list of blocks like [{"MESSAGE": "Hi"}] or a file name).'
        )
    if isinstance(value, (list, Mapping)):
        return _normalize(value, "the attachment")
    raise _refuse(
        "attachments must be a list, an object, JSON text or a file path, "
        f"not {type(value).__name__}."
    )
