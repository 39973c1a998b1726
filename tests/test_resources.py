"""resources.path finds the app's files; the icon is a valid SVG that Qt can draw."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import resources


def test_icon_path_exists_and_is_svg() -> None:
    icon = resources.path(resources.APP_ICON)
    assert icon.is_file()
    root = ET.parse(icon).getroot()
    assert root.tag.endswith("svg")


def test_icon_renders(qapp) -> None:
    from PySide6.QtGui import QIcon

    pixmap = QIcon(str(resources.path(resources.APP_ICON))).pixmap(32, 32)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    # Not blank: the bubble's blue is there.
    colours = {image.pixelColor(x, y).name() for x in range(32) for y in range(32)}
    assert len(colours) > 3
