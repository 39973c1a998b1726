"""The result panel's placeholder: holds its place in the splitter until the panel is built.

The window builds the panel after its first paint
(:meth:`gui.main_window.MainWindow.after_first_paint`). The placeholder and the panel have the
same fixed minimum size (:data:`PANEL_MINIMUM`), so the splitter lays out, restores and saves the
same sizes with either in place. This module imports nothing but Qt widgets: it is on the way to
the first paint, the panel (and core.voice) is not.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QSplitter, QWidget

T = TypeVar("T", bound=QWidget)

PANEL_MINIMUM = (173, 156)
"""Width and height in pixels below which the splitter does not shrink the result panel: its
natural minimum (``minimumSizeHint``) with the default font, fixed so that the placeholder can
have it without building the panel."""


PREVIEW_MINIMUM = (173, 96)
"""The live preview's minimum size (gui.preview_view): its pane is built after the first paint
too, in a placeholder of this size below the result panel."""


class ResultPanelSlot(QWidget):
    """An empty widget of the result panel's minimum size (objectName ``resultPanelSlot``), or,
    with other names and size, of another panel built after the first paint (the preview:
    ``ResultPanelSlot("previewSlot", "previewPane", PREVIEW_MINIMUM)``)."""

    def __init__(
        self,
        name: str = "resultPanelSlot",
        panel_name: str = "resultPanel",
        minimum: tuple[int, int] = PANEL_MINIMUM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._panel_name = panel_name
        self.setMinimumSize(*minimum)

    def replace_with(self, panel: T) -> T:
        """Put ``panel`` (named ``resultPanel``, or the ``panel_name`` given) in this
        placeholder's place, at its size and with its minimum size, in the splitter that holds
        it; the placeholder is then deleted."""
        panel.setObjectName(self._panel_name)
        panel.setMinimumSize(self.minimumSize())
        splitter = self.parentWidget()
        assert isinstance(splitter, QSplitter), "the placeholder sits in a splitter"
        splitter.replaceWidget(splitter.indexOf(self), panel)
        # The splitter is its parent now, but PySide does not know it from replaceWidget: said
        # again, so that Python no longer owns (and deletes) a panel nobody else keeps.
        panel.setParent(splitter)
        self.hide()
        self.deleteLater()
        return panel
