"""The history of sends: one SQLite file in the settings folder, shared by the window and the CLI.

Each row is one call (a send, or a delete): when, through which profile (or the address without
its secret), the method, the recipient, text, tag, sub-tag, attachments, the outcome (``sent`` with
the notification id, ``refused`` with the portal's error code, ``unknown``, ``not_sent``), the
HTTP status, the timings and the portal's answer. Never a secret: every text goes through a
:class:`core.secrets.Redactor` of the call's secrets before it is written.

The history never stands in a send's way. A folder that cannot be written, a database another
process holds locked (a short busy timeout, then give up): the row is dropped,
:attr:`History.problem` says so, and the caller warns. A damaged database file is renamed
aside (``….damaged-<time>``) and a new one started; :attr:`History.notice` says where it went.

The store is bounded: after each write only the newest ``limit`` rows are kept (default 10,000;
``B24NOTIFY_HISTORY_LIMIT``, 0 turns the history off).

Usage::

    history = History()
    history.record(entry_for(prepared, result=result, profile="work"))
    history.record_many(entries)            # one transaction (bulk sends: a row per recipient)
    history.search("nightly", limit=50)     # newest first
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.i18n import _
from core.paths import config_dir, private_file, private_folder
from core.secrets import Redactor

if TYPE_CHECKING:
    from core.request import PreparedRequest

FILE_NAME = "history.sqlite3"
DEFAULT_LIMIT = 10_000
ENV_LIMIT = "B24NOTIFY_HISTORY_LIMIT"
BUSY_TIMEOUT = 0.5  # seconds to wait for another process's lock before giving up on the row
MAX_ANSWER = 64 * 1024  # an answer longer than this is cut (a send's answer is a few hundred bytes)

OUTCOMES = ("sent", "refused", "unknown", "not_sent")

_COLUMNS = (
    ("time", "REAL NOT NULL"),
    ("source", "TEXT NOT NULL DEFAULT ''"),
    ("profile", "TEXT NOT NULL DEFAULT ''"),
    ("address", "TEXT NOT NULL DEFAULT ''"),
    ("method", "TEXT NOT NULL DEFAULT ''"),
    ("recipient", "TEXT NOT NULL DEFAULT ''"),
    ("text", "TEXT NOT NULL DEFAULT ''"),
    ("tag", "TEXT NOT NULL DEFAULT ''"),
    ("sub_tag", "TEXT NOT NULL DEFAULT ''"),
    ("attachments", "TEXT NOT NULL DEFAULT ''"),
    ("params", "TEXT NOT NULL DEFAULT ''"),
    ("outcome", "TEXT NOT NULL DEFAULT 'unknown'"),
    ("result_id", "TEXT NOT NULL DEFAULT ''"),
    ("error_code", "TEXT NOT NULL DEFAULT ''"),
    ("http_status", "INTEGER"),
    ("elapsed", "REAL"),
    ("round_trip", "REAL"),
    ("answer", "TEXT NOT NULL DEFAULT ''"),
)
_NAMES = tuple(name for name, _type in _COLUMNS)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sends (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    + ", ".join(f"{n} {t}" for n, t in _COLUMNS)
    + ")"
)
_SEARCHED = ("text", "recipient", "tag", "sub_tag", "profile", "address", "method", "result_id")


@dataclass(frozen=True)
class Entry:
    """One row of the history. ``params`` is the request's parameters as JSON (secrets masked),
    which is what puts an entry back into the form; ``answer`` the portal's answer as JSON."""

    time: float
    method: str
    source: str = ""  # "cli" or "window" (or another caller's name)
    profile: str = ""
    address: str = ""  # the address without its secret
    recipient: str = ""
    text: str = ""
    tag: str = ""
    sub_tag: str = ""
    attachments: str = ""  # JSON
    params: str = ""  # JSON
    outcome: str = "unknown"  # one of OUTCOMES
    result_id: str = ""  # the new notification's id (or the delete's answer)
    error_code: str = ""
    http_status: int | None = None
    elapsed: float | None = None
    round_trip: float | None = None
    answer: str = ""
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def params_dict(self) -> dict[str, Any]:
        """The request's parameters as stored (``{}`` when unreadable)."""
        try:
            data = json.loads(self.params) if self.params else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def outcome_text(self) -> str:
        """The outcome in words: "sent: 42", "refused: ACCESS_DENIED", "unknown"…"""
        if self.outcome == "sent":
            return _("sent: {id}").format(id=self.result_id) if self.result_id else _("sent")
        if self.outcome == "refused":
            return _("refused: {code}").format(code=self.error_code or "?")
        if self.outcome == "not_sent":
            return _("not sent: {code}").format(code=self.error_code or "?")
        return _("unknown")


def _json(value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def entry_for(
    prepared: PreparedRequest,
    *,
    result: Any = None,
    error: BaseException | None = None,
    profile: str = "",
    source: str = "cli",
    secrets: Sequence[str] = (),
    when: float | None = None,
) -> Entry:
    """The history row of a call: ``prepared`` went out and gave ``result`` or raised ``error``.

    Every text is scrubbed of the endpoint's secrets and of ``secrets`` (refresh details).
    """
    redactor = Redactor((*prepared.endpoint.secrets, *secrets))
    params = prepared.params
    outcome, result_id, code, status, raw = "unknown", "", "", None, None
    timing = result
    if result is not None:
        outcome, raw, status = "sent", result.raw, result.http_status
        nid = getattr(result, "notification_id", None)
        result_id = str(nid) if nid is not None else _json(getattr(result, "value", None))
    elif error is not None:
        from core.errors import NotSentError, OutcomeUnknownError, PortalError

        failed = getattr(error, "result", None)
        timing = failed
        raw = getattr(failed, "raw", None)
        status = getattr(error, "http_status", None) or getattr(failed, "http_status", None)
        code = str(getattr(error, "code", "") or type(error).__name__)
        if isinstance(error, PortalError):
            outcome = "refused"
        elif isinstance(error, NotSentError):
            outcome = "not_sent"
        elif isinstance(error, OutcomeUnknownError) or not isinstance(error, Exception):
            outcome = "unknown"
    entry = Entry(
        time=time.time() if when is None else when,
        method=prepared.method,
        source=source,
        profile=profile,
        address=prepared.endpoint.address_without_secret,
        recipient=str(params.get("USER_ID", "")),
        text=str(params.get("MESSAGE", "")),
        tag=str(params.get("TAG", "")),
        sub_tag=str(params.get("SUB_TAG", "")),
        attachments=_json(params.get("ATTACH")),
        params=_json(params),
        outcome=outcome,
        result_id=result_id,
        error_code=code,
        http_status=status if isinstance(status, int) else None,
        elapsed=getattr(timing, "elapsed", None),
        round_trip=getattr(timing, "round_trip", None),
        # Scrubbed before it is cut: a cut through an echoed secret would leave its first part.
        answer=redactor.scrub(_json(raw))[:MAX_ANSWER],
    )
    return scrubbed(entry, redactor)


def scrubbed(entry: Entry, redactor: Redactor) -> Entry:
    """``entry`` with every secret the redactor knows masked in each of its texts."""
    if not redactor:
        return entry
    changes = {
        f.name: redactor.scrub(getattr(entry, f.name))
        for f in fields(entry)
        if isinstance(getattr(entry, f.name), str)
    }
    return replace(entry, **changes)  # type: ignore[arg-type]  # str fields get str values


def default_limit() -> int:
    """``B24NOTIFY_HISTORY_LIMIT`` if a whole number (0 turns recording off), else 10,000."""
    text = os.environ.get(ENV_LIMIT, "").strip()
    return int(text) if text.isdigit() else DEFAULT_LIMIT


class History:
    """The history store. Every method is safe to call from any thread (each opens its own
    connection); writes never raise: they return False and set :attr:`problem`.

    ``path``: the database (default ``history.sqlite3`` in the settings folder); ``limit``: rows
    kept (default :func:`default_limit`); ``busy_timeout``: seconds to wait for a lock.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        limit: int | None = None,
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = path if path is not None else config_dir() / FILE_NAME
        self.limit = default_limit() if limit is None else max(0, int(limit))
        self.busy_timeout = busy_timeout
        self.problem = ""  # why the last write was dropped ("" when it was not)
        self.notice = ""  # a damaged database was set aside: where it went

    # -- the connection -------------------------------------------------------------------------
    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.exists():
            return None
        if create:
            private_folder(self.path.parent)
            private_file(self.path)
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        db.create_function("fold", 1, _fold, deterministic=True)
        try:
            db.execute(_SCHEMA)
        except sqlite3.OperationalError:
            if create:
                db.close()
                raise
        return db

    def _open(self, *, create: bool) -> sqlite3.Connection | None:
        """A connection, with a damaged file set aside first (and :attr:`notice` saying so)."""
        try:
            return self._connect(create=create)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:
            self._set_aside()
            return self._connect(create=create)

    def _set_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        os.replace(self.path, target)
        self.notice = _(
            "The history database {path} was damaged; it was moved to {target} and a new one "
            "started."
        ).format(path=self.path, target=target)

    # -- writing --------------------------------------------------------------------------------
    def record(self, entry: Entry) -> bool:
        """Add one row; True when it was written. Never raises."""
        return self.record_many([entry])

    def record_many(self, entries: Iterable[Entry]) -> bool:
        """Add rows in one transaction (a bulk send: one row per recipient); True when written.

        Never raises: a folder that cannot be written, a lock held too long, a full disk drop the
        rows and :attr:`problem` says why.
        """
        rows = [tuple(getattr(e, n) for n in _NAMES) for e in entries]
        self.problem = ""
        if not rows or self.limit == 0:
            return not rows
        try:
            db = self._open(create=True)
            assert db is not None
            try:
                db.execute("BEGIN IMMEDIATE")
                marks = ", ".join("?" for _n in _NAMES)
                db.executemany(f"INSERT INTO sends ({', '.join(_NAMES)}) VALUES ({marks})", rows)
                db.execute(
                    "DELETE FROM sends WHERE id <= "
                    "(SELECT id FROM sends ORDER BY id DESC LIMIT 1 OFFSET ?)",
                    (self.limit,),
                )
                db.execute("COMMIT")
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:
            self.problem = _(
                "the history could not be written ({error}); the send itself is not affected."
            ).format(error=_describe(exc))
            return False
        return True

    def delete(self, ids: Iterable[int]) -> int:
        """Remove the rows with these ids; how many went (0 when the store cannot be written)."""
        wanted = [(int(i),) for i in ids]
        self.problem = ""
        try:
            db = self._open(create=False)
            if db is None:
                return 0
            try:
                before = db.total_changes
                db.executemany("DELETE FROM sends WHERE id = ?", wanted)
                return db.total_changes - before
            finally:
                db.close()
        except sqlite3.Error as exc:
            self.problem = _("the history could not be changed ({error}).").format(
                error=_describe(exc)
            )
            return 0

    def clear(self) -> int:
        """Remove every row; how many went."""
        return self.delete(e.id for e in self.search(limit=0) if e.id is not None)

    # -- reading --------------------------------------------------------------------------------
    def search(self, text: str = "", *, limit: int = 100) -> list[Entry]:
        """Rows whose text, recipient, tag, sub-tag, profile, address, method or id contains
        ``text`` (any case), newest first; at most ``limit`` (0: all). ``[]`` when the store
        cannot be read (:attr:`problem` says why)."""
        self.problem = ""
        where, args = "", []
        needle = _fold(text.strip())
        if needle:
            where = "WHERE " + " OR ".join(f"instr(fold({c}), ?) > 0" for c in _SEARCHED)
            args = [needle] * len(_SEARCHED)
        sql = f"SELECT id, {', '.join(_NAMES)} FROM sends {where} ORDER BY id DESC"
        if limit > 0:
            sql += f" LIMIT {int(limit)}"
        return self._select(sql, args)

    def _select(self, sql: str, args: Sequence[Any]) -> list[Entry]:
        self.problem = ""
        try:
            db = self._open(create=False)
            if db is None:
                return []
            try:
                rows = db.execute(sql, args).fetchall()
            finally:
                db.close()
        except sqlite3.Error as exc:
            self.problem = _("the history could not be read ({error}).").format(
                error=_describe(exc)
            )
            return []
        return [Entry(**dict(zip(("id", *_NAMES), row, strict=True))) for row in rows]

    def get(self, entry_id: int) -> Entry | None:
        """The row with this id, or None."""
        rows = self._select(f"SELECT id, {', '.join(_NAMES)} FROM sends WHERE id = ?", [entry_id])
        return rows[0] if rows else None

    def count(self) -> int:
        """How many rows the store holds (0 when it cannot be read)."""
        try:
            db = self._open(create=False)
            if db is None:
                return 0
            try:
                return int(db.execute("SELECT count(*) FROM sends").fetchone()[0])
            finally:
                db.close()
        except sqlite3.Error:
            return 0


def _fold(value: Any) -> str:
    """Case-folded text for searching (SQLite's own LIKE folds ASCII only, not Cyrillic)."""
    return value.casefold() if isinstance(value, str) else ""


def _describe(exc: BaseException) -> str:
    """An error in a few words, without paths or anything the caller passed in."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text if text and len(text) < 80 else type(exc).__name__
