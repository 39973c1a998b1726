"""Draft autosave: the form (no secret) is written to the settings folder a moment after each
change, so that after a crash or a kill the next start puts it back and says so.

- A change starts a one-second timer (typing restarts it, but a draft is never more than about
  two seconds behind); when it fires, the form is compared with the last draft written and, if it
  differs, written by a worker (:mod:`gui.tasks`) with ``core.draft.write_draft`` (whole or not
  at all, 0600). One write at a time; a change during a write is written after it.
- A clean close saves the form in the settings file as before (:mod:`gui.settings`) and then
  deletes the draft: a draft found at start-up therefore means the last session did not close
  normally, and it wins over the settings' form. The status bar says "Draft restored …".
- An unreadable draft is set aside (``draft.json.unreadable``) and said so; the window starts
  with the settings' form.

The sandbox window keeps no draft (its form is the sandbox's, and it must not clear a real one).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.constants import DRAFT_FILE
from core.i18n import _
from core.problems import InputError
from gui.settings import ADVANCED_FIELDS, FormState

if TYPE_CHECKING:
    from gui.compose_pane import ComposePane
    from gui.tasks import Outcome, TaskRunner

log = logging.getLogger("b24notify.gui")

DELAY_MS = 1000  # quiet time after a change before the draft is written
MAX_DELAY_MS = 2000  # the longest a draft lags behind a change while typing goes on
STATUS_MS = 30_000

__all__ = ["DRAFT_FILE", "DraftSaver", "form_dict", "form_state"]


def form_dict(state: FormState) -> dict[str, Any]:
    """A form as the draft keeps it (``core.draft.FIELDS``)."""
    basic = {"address": state.address, "user": state.user, "text": state.text, "tag": state.tag}
    rows = [list(row) for row in state.attachments]
    extras = {"oauth_client_id": state.oauth_client_id, "ca_bundle": state.ca_bundle}
    return {**basic, "attachments": rows, **state.advanced(), **extras}


def form_state(form: dict[str, Any]) -> FormState:
    """A draft's form as the window's :class:`gui.settings.FormState`."""
    return FormState(
        address=form["address"],
        user=form["user"],
        text=form["text"],
        tag=form["tag"],
        attachments=[(a, b, c) for a, b, c in form["attachments"]],
        **{name: form[name] for name in ADVANCED_FIELDS},
        oauth_client_id=form["oauth_client_id"],
        ca_bundle=form["ca_bundle"],
    )


class DraftSaver(QObject):
    """Keeps ``compose``'s form in the draft at ``path``; ``say(text, msecs)`` is the status bar."""

    saved = Signal()  # a draft is on disk (after each write)

    def __init__(
        self,
        path: Path,
        compose: ComposePane,
        say: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._compose = compose
        self._say = say
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._since = 0.0  # time.monotonic() when the first change of this wait came
        # Its worker comes with the first write (after the first paint: QThreadPool and
        # QRunnable cost ~0.35 MiB to set up; issue 10).
        self._runner: TaskRunner | None = None
        self._last = ""  # the form last written, or restored (form_key)
        self._restored: dict[str, Any] | None = None  # its key made on the first flush
        self._writing = False
        self._again = False
        self._closed = False
        self._failed = False  # said once: a draft that cannot be written

    # -- start-up -------------------------------------------------------------------------------
    def restore(self, state: FormState) -> FormState:
        """The form to start with: a draft left by a session that did not close normally, else
        ``state`` (the settings' form). Says in the status bar which it was."""
        draft = None
        if os.path.lexists(self.path):  # none on a normal start: core.draft waits for the paint
            from core.draft import read_draft

            try:
                draft = read_draft(self.path)
            except InputError as error:
                self._set_aside(error)
        if draft is None:
            self._restored = form_dict(state)  # keyed later: json is not for the first paint
            return state
        self._restored = dict(draft.form)
        when = draft.saved.astimezone().strftime("%H:%M") if draft.saved else "?"
        self._say(
            _(
                "Draft restored: the last session did not close normally; the form is back as "
                "it was at {time}."
            ).format(time=when),
            STATUS_MS,
        )
        return form_state(draft.form)

    def _set_aside(self, error: InputError) -> None:
        reason = " ".join(p.message for p in error.problems)
        try:
            from core.draft import set_aside

            aside = set_aside(self.path)
        except OSError:
            aside = self.path
        self._say(
            _("The draft could not be read ({reason}); it was left in {path}.").format(
                reason=reason, path=aside
            ),
            STATUS_MS,
        )

    # -- saving ---------------------------------------------------------------------------------
    def schedule(self, *_args: object) -> None:
        """The form changed: write the draft soon (restarting the wait, within limits)."""
        if self._closed:
            return
        if not self._timer.isActive():
            self._since = time.monotonic()
            self._timer.start(DELAY_MS)
        elif (time.monotonic() - self._since) * 1000 < MAX_DELAY_MS - DELAY_MS:
            self._timer.start(DELAY_MS)

    def flush(self) -> None:
        """Write the form now if it differs from the last draft (on a worker)."""
        if self._closed:
            return
        from core.draft import encode, form_key, write_draft

        form = form_dict(self._compose.form_state())
        key = form_key(form)
        if self._restored is not None:
            self._last, self._restored = form_key(self._restored), None
        if key == self._last:
            return
        if self._writing:
            self._again = True
            return
        self._writing = True
        text, path = encode(form), self.path
        if self._runner is None:
            from gui.tasks import TaskRunner

            self._runner = TaskRunner(self, max_threads=1)
        self._runner.run(lambda: write_draft(path, text), lambda o: self._written(o, key))

    def _written(self, outcome: Outcome, key: str) -> None:
        self._writing = False
        if outcome.ok:
            self._last = key
            self._failed = False
            self.saved.emit()
        elif not self._failed:
            self._failed = True
            log.warning("the draft could not be written: %s", outcome.error)
            self._say(
                _(
                    "The draft could not be saved ({reason}); the form is still saved on close."
                ).format(reason=getattr(outcome.error, "strerror", None) or outcome.error),
                STATUS_MS,
            )
        if self._again and not self._closed:
            self._again = False
            self.flush()

    # -- closing --------------------------------------------------------------------------------
    def close(self, msecs: int = 3000) -> None:
        """A clean close: no more drafts; wait for a write in flight, then delete the draft (the
        settings file now holds the form)."""
        self._closed = True
        self._timer.stop()
        if self._runner is not None:
            self._runner.wait_for_done(msecs)
        try:
            from core.draft import clear_draft

            clear_draft(self.path)
        except OSError as error:
            log.warning("the draft could not be removed: %s", error)
