"""Recipients by name in the recipient field: search as you type letters, name the id typed.

Typing letters (not digits) in ``userEdit`` searches the portal's users with the core's
:func:`core.users.search_users` (``user.search``, or ``im.search.user.list`` for a webhook with
only the ``im`` scope) and offers the matches in a popup as "Name Surname — position (id N)";
picking one puts the id in the field and the name beside it (``recipientName``). A typed id is
named once the portal answers (:func:`core.users.get_user`), or "no such active user". Only
what the user types is looked up (``textEdited``): a form filled in by the program asks nothing.

Every lookup runs on a worker (:class:`gui.tasks.TaskRunner`), ``delay_ms`` after the last key
(a ``QTimer``, never a sleep); an answer to anything but the latest lookup is dropped. A failed
lookup is said quietly beside the field and never stands in the way of sending by id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCompleter

    from core.address import Endpoint
    from core.users import UserInfo
    from gui.tasks import Outcome, TaskRunner

DELAY_MS = 300
MIN_LETTERS = 2
LOOKUP_TIMEOUT = (5.0, 15.0)  # connect, read: a lookup is a convenience, it must not hang on


def offer_text(user: UserInfo) -> str:
    """How a match is offered: "Name Surname — position (id N)"."""
    head = f"{user.name} — {user.position}" if user.position else user.name
    if user.active is False:
        return _("{head} (id {id}, inactive)").format(head=head, id=user.id)
    return _("{head} (id {id})").format(head=head, id=user.id)


def _search(endpoint: Endpoint, query: str) -> list[UserInfo]:
    """On a worker: the users matching ``query``."""
    from core.users import search_users

    with _client(endpoint) as client:
        return search_users(client, query)


def _name(endpoint: Endpoint, user_id: int) -> UserInfo | None:
    """On a worker: the user with ``user_id``, or None."""
    from core.users import get_user

    with _client(endpoint) as client:
        return get_user(client, user_id)


def _client(endpoint: Endpoint) -> Any:
    from core.client import Client  # on the worker, never before the first paint
    from core.diagnostics import learn_secrets

    learn_secrets(*endpoint.secrets)  # masked in the --debug log
    return Client(endpoint, timeout=LOOKUP_TIMEOUT)


class RecipientLookup(QObject):
    """Wires ``edit`` (the recipient field) and ``label`` (the name beside it) to the portal.

    ``endpoint()`` gives the connection to ask, or None while the form has none.
    :attr:`settled` fires with the label's text each time a lookup's answer is shown.
    """

    settled = Signal(str)

    def __init__(
        self,
        edit: QLineEdit,
        label: QLabel,
        endpoint: Callable[[], Endpoint | None],
        parent: QObject | None = None,
        *,
        delay_ms: int = DELAY_MS,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else edit)
        self._edit, self._label, self._endpoint = edit, label, endpoint
        self._runner = runner
        self._serial = 0  # the latest lookup's number; older answers are dropped
        self._known: dict[tuple[str, int], UserInfo] = {}  # picked or named users, by portal
        self._offered: list[UserInfo] = []
        self._typed = ""  # the text as last typed
        self._completer: QCompleter | None = None  # made on the first search
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._look_up)
        edit.textChanged.connect(self._on_text)
        edit.textEdited.connect(self._on_edited)

    # -- what the field says ----------------------------------------------------------------------
    @property
    def completer(self) -> QCompleter | None:
        """The popup's completer, once a search has offered something."""
        return self._completer

    def offers(self) -> list[str]:
        """The matches the popup offers now."""
        return [offer_text(u) for u in self._offered]

    def _on_text(self, text: str) -> None:
        """Any change (typed, picked, restored): earlier lookups are stale, the name goes."""
        self._serial += 1  # whatever was asked before is stale now
        if text != self._typed:  # set by the program (Qt says textEdited before textChanged)
            self._timer.stop()
        query = text.strip()
        known = self._known.get((self._portal(), int(query))) if query.isdigit() else None
        self._show(self._describe(known) if known is not None else "")
        popup = self._completer.popup() if self._completer is not None else None
        if popup is not None and not self._letters(query):
            popup.hide()

    def _on_edited(self, text: str) -> None:
        """Typed by the user: look it up once the typing pauses (a set text is not looked up)."""
        self._typed = text
        self._timer.stop()
        query = text.strip()
        if query.isdigit() and (self._portal(), int(query)) in self._known:
            return
        if query.isdigit() or (self._letters(query) and len(query) >= MIN_LETTERS):
            self._timer.start()

    def _portal(self) -> str:
        endpoint = self._endpoint()
        return "" if endpoint is None else endpoint.base_url

    @staticmethod
    def _letters(text: str) -> bool:
        return any(ch.isalpha() for ch in text)

    def _describe(self, user: UserInfo) -> str:
        if user.active is False:
            return _("no such active user")
        return f"{user.name} — {user.position}" if user.position else user.name

    def _show(self, text: str, *, quiet: bool = False) -> None:
        self._label.setText(text)
        self._label.setEnabled(not quiet)  # a quiet note is drawn greyed
        self._label.setToolTip(text if quiet else "")

    def wait_for_done(self, msecs: int = 0) -> bool:
        """True when no lookup is on the wire (waiting at most ``msecs``; at quit)."""
        return self._runner is None or self._runner.wait_for_done(msecs)

    # -- asking the portal ------------------------------------------------------------------------
    def _tasks(self) -> TaskRunner:
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=2)
        return self._runner

    def _look_up(self) -> None:
        query = self._edit.text().strip()
        endpoint = self._endpoint()
        if endpoint is None:
            if self._letters(query):
                self._show(_("Fill in the connection to search users by name."), quiet=True)
            return
        serial = self._serial
        if query.isdigit():
            uid = int(query)
            self._tasks().run(
                lambda: _name(endpoint, uid), lambda out: self._on_named(serial, uid, out)
            )
        else:
            self._tasks().run(
                lambda: _search(endpoint, query), lambda out: self._on_found(serial, out)
            )

    def _on_named(self, serial: int, uid: int, outcome: Outcome) -> None:
        if serial != self._serial:
            return  # the field has changed since: this answer is stale
        if not outcome.ok:
            self._failed(outcome)
            return
        user = outcome.result
        if user is None:
            self._show(_("no such active user"))
        else:
            self._known[(self._portal(), uid)] = user
            self._show(self._describe(user))
        self.settled.emit(self._label.text())

    def _on_found(self, serial: int, outcome: Outcome) -> None:
        if serial != self._serial:
            return
        if not outcome.ok:
            self._failed(outcome)
            return
        self._offered = list(outcome.result)
        if not self._offered:
            self._show(_("no user matches"), quiet=True)
        else:
            self._popup()
        self.settled.emit(self._label.text())

    def _failed(self, outcome: Outcome) -> None:
        from core.errors import B24NotifyError

        error = outcome.error
        if isinstance(error, B24NotifyError):
            from core.voice import for_error

            why = for_error(error).one_line()
        else:
            from gui.tasks import log_unexpected

            log_unexpected(outcome)
            why = type(error).__name__
        self._show(_("Could not look the user up: {why}").format(why=why), quiet=True)
        self.settled.emit(self._label.text())

    # -- the popup --------------------------------------------------------------------------------
    def _popup(self) -> None:
        if self._completer is None:
            from PySide6.QtCore import QStringListModel  # the first offer: not for the first paint
            from PySide6.QtWidgets import QCompleter

            completer = QCompleter(QStringListModel(self), self)
            completer.setWidget(self._edit)  # not setCompleter: picking must not paste the text
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.activated.connect(self._picked)  # the offer's text
            self._completer = completer
        model = self._completer.model()
        model.setStringList(self.offers())  # type: ignore[attr-defined]  # a QStringListModel
        self._completer.complete()

    def _picked(self, text: str) -> None:
        offers = self.offers()
        if text not in offers:
            return
        user = self._offered[offers.index(text)]
        self._known[(self._portal(), user.id)] = user
        self._edit.setText(str(user.id))  # shows the name at once (it is known)
        self._edit.setFocus()
        self.settled.emit(self._label.text())
