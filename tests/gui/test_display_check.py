"""Before Qt starts: no display, or Qt's X11 libraries missing, is said in one paragraph."""

from __future__ import annotations

import pytest

from gui import launcher
from gui.display_check import EXIT_NO_DISPLAY, XCB_LIBRARIES, missing_libraries, problem

X11 = {"DISPLAY": ":0"}


def test_missing_xcb_libraries_are_named_with_their_packages() -> None:
    text = problem(X11, "linux", loadable=lambda name: name != "libxcb-cursor.so.0")
    assert "libxcb-cursor.so.0" in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in text
    assert "libxkbcommon-x11-0" in text and "xcb-util-cursor" in text
    assert "b24notify --help" in text


def test_nothing_is_said_when_every_library_loads() -> None:
    assert problem(X11, "linux", loadable=lambda name: True) == ""
    assert missing_libraries(lambda name: True) == []
    assert len(missing_libraries(lambda name: False)) == len(XCB_LIBRARIES)


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({}, "win32"),
        ({}, "darwin"),
    ],
)
def test_other_platforms_are_left_to_qt(env: dict[str, str], platform: str) -> None:
    assert problem(env, platform, loadable=lambda name: False) == ""


def test_without_a_display_it_points_to_the_cli() -> None:
    text = problem({}, "linux", loadable=lambda name: True)
    assert "no display" in text and "b24notify --help" in text


def test_the_launcher_prints_the_paragraph_and_exits_6(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert launcher.main([]) == EXIT_NO_DISPLAY == 6
    assert capsys.readouterr().err.startswith("b24notify: There is no display")
