"""The window's bulk part: what the form's Send does for many recipients, and its panels.

The window hands over a multi-recipient form (:attr:`gui.validation.Validation.many`); this
section plans and sends it through :class:`gui.bulk_controller.BulkController` on the window's
one worker pool, shows the run in :class:`gui.bulk_panel.BulkPanel` (under the result panel),
and opens the recipients editor (:class:`gui.recipients_editor.RecipientsEditor`). The panels
and the editor are built the first time they are needed — never before the window's first
paint — and this module imports none of them (nor the core's bulk code) until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from core.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from core.request import PreparedRequest
    from gui.bulk_controller import BulkController, Planned
    from gui.bulk_panel import BulkPanel
    from gui.compose_pane import ComposePane
    from gui.recipients_editor import RecipientsEditor
    from gui.result_panel import ResultPanel
    from gui.settings import Settings
    from gui.tasks import Outcome as TaskOutcome
    from gui.tasks import TaskRunner
    from gui.validation import Validation


class BulkSection(QObject):
    """See the module docstring; the window calls :meth:`send`, :meth:`cancel`,
    :meth:`validated`, :meth:`close`, and reads :attr:`busy` / :attr:`busy_text`."""

    busyChanged = Signal(bool)
    statusMessage = Signal(str, int)
    finished = Signal(object)  # gui.tasks.Outcome of a bulk send, after the panels show it
    previewed = Signal(object)  # gui.tasks.Outcome of a preview, after the preview shows it
    recorded = Signal(str)  # a run's outcomes are in the history ("") or not (why)

    def __init__(
        self,
        parent: QObject,
        *,
        compose: ComposePane,
        result_panel: Callable[[], ResultPanel],
        splitter: QSplitter,
        settings: Settings,
        tasks: Callable[[], TaskRunner],
        client_options: dict[str, Any] | None = None,
        profile: Callable[[], str] = str,
    ) -> None:
        super().__init__(parent)
        self._profile = profile  # the profile in use, recorded in the history with each row
        self._compose = compose
        self._result_panel = result_panel  # built after the window's first paint
        self._splitter = splitter
        self._settings = settings
        self._tasks = tasks
        self._client_options = client_options
        self._controller: BulkController | None = None
        self.panel: BulkPanel | None = None
        self.editor: RecipientsEditor | None = None
        self.values: dict[int, dict[str, str]] = {}  # CSV columns by recipient, for placeholders
        self._painted = False

    @classmethod
    def of(
        cls, window: Any, settings: Settings, client_options: dict[str, Any] | None
    ) -> BulkSection:
        """The section of ``window``: its form, answer panel (asked for when needed: it is
        built after the first paint), right splitter, and its one worker pool (the single
        sends')."""
        return cls(
            window,
            compose=window.compose,
            result_panel=lambda: window.result_panel,
            splitter=window.right_splitter,
            settings=settings,
            tasks=lambda: window.calls.tasks,
            client_options=client_options,
            profile=lambda: str(window.calls.extras().get("profile", "")),
        )

    # -- lazily built ---------------------------------------------------------------------------
    @property
    def controller(self) -> BulkController:
        if self._controller is None:
            from gui.bulk_controller import BulkController

            c = self._controller = BulkController(self, self._tasks, self._client_options)
            c.busyChanged.connect(self._on_busy)
            c.planned.connect(lambda planned: self.ensure_panel().show_planned(planned))
            c.progressed.connect(lambda progress: self.ensure_panel().show_progress(progress))
            c.outcomesArrived.connect(lambda outcomes: self.ensure_panel().add_outcomes(outcomes))
            c.finished.connect(self._on_finished)
            c.previewed.connect(self._on_previewed)
            c.recorded.connect(self.recorded)
            c.profile = self._profile
        return self._controller

    def ensure_panel(self) -> BulkPanel:
        """The bulk panel, built (under the result panel) the first time it is needed."""
        if self.panel is None:
            from gui.bulk_panel import BulkPanel

            panel = self.panel = BulkPanel(self._tasks)
            panel.set_preset(self._settings.rate_preset())
            panel.presetChanged.connect(self._settings.set_rate_preset)
            panel.previewRequested.connect(self.preview)
            panel.retryRequested.connect(self.retry_failed)
            panel.saved.connect(
                lambda path: self.statusMessage.emit(_("Saved {path}.").format(path=path), 8000)
            )
            panel.saveFailed.connect(lambda text: self.statusMessage.emit(text, 15000))
            self._splitter.insertWidget(1, panel)
            self._splitter.setStretchFactor(1, 1)
        return self.panel

    @property
    def busy(self) -> bool:
        return self._controller is not None and self._controller.busy

    @property
    def busy_text(self) -> str:
        return self._controller.busy_text if self._controller is not None else ""

    # -- the form -------------------------------------------------------------------------------
    def window_painted(self) -> None:
        """The window's first paint is done: a restored multi-recipient form gets its panel."""
        self._painted = True
        self.validated(self._compose.validation)

    def validated(self, v: Validation) -> None:
        """A multi-recipient form shows the bulk panel (built now if need be) with its count;
        not before the window's first paint (:meth:`window_painted` comes back to it)."""
        if not v.many:
            if self.panel is not None and not self.busy and not self.panel.model.rows:
                self.panel.hide()  # back to one recipient, nothing sent yet: out of the way
            return
        if self._painted:
            panel = self.ensure_panel()
            panel.show()
            if not self.busy and not panel.model.rows:
                panel.show_summary(
                    _("{count} — press Send to notify them all.").format(count=v.recipients_note())
                )

    def _recipients(self, v: Validation) -> list[Any]:
        from core.recipients import Recipient

        return [Recipient(i, self.values.get(i, {})) for i in v.recipients or []]

    def _rate(self) -> Any:
        from core.pacing import PRESETS

        return PRESETS.get(self.ensure_panel().preset(), PRESETS["standard"])

    def send(self, v: Validation) -> None:
        """Plan and send a valid multi-recipient form (the window checked it)."""
        if self.busy or v.endpoint is None or v.notification is None or not v.many:
            return
        self.ensure_panel().show()
        recipients = self._recipients(v)
        self.panel.model.clear()  # type: ignore[union-attr]
        self.panel.preview.clear()  # type: ignore[union-attr]
        n = len(recipients)
        self._result_panel().show_pending(
            ngettext(
                "Checking and sending to {n} recipient…",
                "Checking and sending to {n} recipients…",
                n,
            ).format(n=f"{n:,}")
        )
        rate = self._rate()
        self.controller.start(v.endpoint, recipients, v.notification, rate, system=v.system)

    def copyable(self, v: Validation, fmt: str) -> PreparedRequest | None:
        """What Copy as copies for a multi-recipient form: the ``b24notify send`` command with
        the whole list (``--user 1-60``); a cURL command or a Python snippet reaches one recipient
        only, so none."""
        from dataclasses import replace

        from gui.bulk_rows import compact_ids

        if fmt != "cli" or v.prepared is None or not v.recipients:
            self.statusMessage.emit(
                _("cURL and Python copies notify one person: copy the b24notify command for many."),
                8000,
            )
            return None
        params = {**v.prepared.params, "USER_ID": compact_ids(v.recipients)}
        return replace(v.prepared, params=params)

    def preview(self) -> None:
        """Each recipient's version of the form as it is (planned on the worker, not sent)."""
        v = self._compose.revalidate()
        panel = self.ensure_panel()
        if not v.ok or not v.many or v.endpoint is None or v.notification is None:
            panel.preview.clear(_("Nothing to preview: correct the fields marked in red."))
            return
        panel.preview.clear(_("Personalising…"))
        recipients, rate = self._recipients(v), self._rate()
        self.controller.preview(v.endpoint, recipients, v.notification, rate, system=v.system)

    def retry_failed(self) -> None:
        if self.busy or self.controller.retry_count() == 0:
            return
        n = self.controller.retry_count()
        self._result_panel().show_pending(
            ngettext(
                "Sending again to {n} recipient…", "Sending again to {n} recipients…", n
            ).format(n=n)
        )
        self.controller.retry_failed()

    def cancel(self) -> None:
        if self.busy:
            self.controller.cancel()
            self.statusMessage.emit(
                _("Cancelling: the request in flight finishes, no more are sent."), 8000
            )

    def close(self) -> None:
        if self._controller is not None:
            self._controller.close()

    # -- outcomes -------------------------------------------------------------------------------
    def _on_busy(self, busy: bool) -> None:
        if self.panel is not None:
            self.panel.set_busy(busy, retryable=self.controller.retry_count())
        self.busyChanged.emit(busy)

    def _on_finished(self, outcome: TaskOutcome) -> None:
        panel = self.ensure_panel()
        if outcome.ok:
            _plan, report = outcome.result
            panel.show_report(report)
            tone = "ok" if len(report.sent) == len(report.outcomes) else "warning"
            if report.unknown:
                tone = "error"
            result = self._result_panel()
            result.clear()
            result.header.show_status(panel.summary.text(), tone)
        else:
            from gui.call_controller import as_error

            self._result_panel().show_error(as_error(outcome, None))
        panel.set_busy(False, retryable=self.controller.retry_count())
        self.finished.emit(outcome)

    def _on_previewed(self, outcome: TaskOutcome) -> None:
        panel = self.ensure_panel()
        if outcome.ok:
            planned: Planned = outcome.result
            panel.preview.set_plan(planned.plan, planned.names)
        else:
            from gui.call_controller import as_error

            panel.preview.clear(as_error(outcome, None).message)
        self.previewed.emit(outcome)

    # -- the recipients editor ------------------------------------------------------------------
    def open_editor(self) -> RecipientsEditor:
        """The recipients editor, filled with the recipient field's list; OK puts it back."""
        if self.editor is None:
            from gui.recipients_editor import RecipientsEditor

            self.editor = RecipientsEditor(
                self._find_department, self._read_csv, self._compose.window()
            )
            self.editor.accepted.connect(self._editor_accepted)
        self.editor.set_text(self._compose.message.user())
        self.editor.show_problem("")
        self.editor.open()
        return self.editor

    def _editor_accepted(self) -> None:
        editor = self.editor
        if editor is None:
            return
        self.values.update(editor.values)
        self._compose.message.set_user(editor.text())

    def _find_department(
        self, department: str, subdepartments: bool, done: Callable[[TaskOutcome], None]
    ) -> None:
        v = self._compose.validate()
        endpoint = v.endpoint
        if endpoint is None:
            from core.errors import InputError, Problem

            error = InputError([Problem("url", _("enter the portal's address first."))])
            from gui.tasks import Outcome

            done(Outcome(error=error))
            return

        def work() -> list[int]:
            from core.client import Client
            from core.recipients import department_members

            given = self._client_options or {}
            options = {key: value for key, value in given.items() if key != "on_retry"}
            with Client(endpoint, **options) as client:
                return department_members(client, department, subdepartments=subdepartments)

        self._tasks().run(work, done)

    def _read_csv(self, path: str, done: Callable[[TaskOutcome], None]) -> None:
        def work() -> list[Any]:
            from core.recipients import read_csv

            return read_csv(path)

        self._tasks().run(work, done)
