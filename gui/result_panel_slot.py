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


class ResultPanelSlot(QWidget):
    """An empty widget of the result panel's minimum size (objectName ``resultPanelSlot``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPanelSlot")
        self.setMinimumSize(*PANEL_MINIMUM)

    def replace_with(self, panel: T) -> T:
        """Put ``panel`` (the result panel, named ``resultPanel`` here) in this placeholder's
        place, at its size, in the splitter that holds it; the placeholder is then deleted."""
        panel.setObjectName("resultPanel")
        splitter = self.parentWidget()
        assert isinstance(splitter, QSplitter), "the placeholder sits in a splitter"
        splitter.replaceWidget(splitter.indexOf(self), panel)
        self.hide()
        self.deleteLater()
        return panel
