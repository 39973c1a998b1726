"""core/paths.py: the settings folder without Qt, and private files and folders."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from core.paths import config_dir, private_file, private_folder

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_the_home_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("B24NOTIFY_HOME", f"  {tmp_path}  ")
    assert config_dir() == tmp_path
    monkeypatch.setenv("B24NOTIFY_HOME", "~/b24")
    assert config_dir() == Path.home() / "b24"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders of Linux")
def test_xdg_config_home_counts_only_when_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("B24NOTIFY_HOME", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "b24notify"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")
    assert config_dir() == Path.home() / ".config" / "b24notify"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert config_dir() == Path.home() / ".config" / "b24notify"


@posix_only
def test_private_folder_and_file(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    private_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = folder / "f"
    private_file(path)
    assert path.read_bytes() == b"" and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("kept")
    path.chmod(0o644)
    private_file(path)
    assert path.read_text() == "kept" and stat.S_IMODE(path.stat().st_mode) == 0o600


@posix_only
def test_a_folder_that_exists_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    private_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
