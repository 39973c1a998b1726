"""The bounded file reader: regular files only, a size cap, never blocking on a FIFO."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from core.errors import InputError
from core.files import read_text_file

posix = pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs and sockets are POSIX")


def _refusal(path: Any, max_bytes: int = 1000) -> str:
    with pytest.raises(InputError) as info:
        read_text_file(path, max_bytes=max_bytes, field="blocks", what="JSON file")
    [problem] = info.value.problems
    assert problem.field == "blocks"
    return problem.message


def _in_a_thread(call: Any) -> Any:
    """Run ``call`` on a thread so that a hang fails the test instead of freezing the run."""
    done = threading.Event()
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as e:  # handed to the test
            box.append(e)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(60), "the read blocked"
    return box[0]


def test_a_regular_file_is_read_and_a_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf[1]")
    assert read_text_file(path, max_bytes=6, field="f") == "[1]"
    assert read_text_file(str(path), max_bytes=100, field="f") == "[1]"


def test_the_cap_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    assert read_text_file(path, max_bytes=100, field="f") == "x" * 100
    assert "too large" in _refusal(path, max_bytes=99)


def test_missing_folders_and_bad_names(tmp_path: Path) -> None:
    assert "no such file" in _refusal(tmp_path / "missing.json")
    assert "is a folder" in _refusal(tmp_path)
    assert "cannot read" in _refusal(str(tmp_path / "nul\x00name"))
    assert "cannot read" in _refusal("x" * 100_000)


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes("café".encode("latin-1"))
    assert "not UTF-8" in _refusal(path)


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert "not a regular file" in _refusal(device)


@posix
def test_a_link_to_a_device_is_refused_and_to_a_file_followed(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to("/dev/zero")
    assert "not a regular file" in _refusal(tmp_path / "zero")
    (tmp_path / "real.json").write_text("[]")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert read_text_file(tmp_path / "link.json", max_bytes=10, field="f") == "[]"


@posix
def test_a_fifo_nobody_writes_to_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    outcome = _in_a_thread(lambda: _refusal(fifo))
    assert isinstance(outcome, str) and "not a regular file" in outcome


@posix
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert "not a regular file" in _refusal(path)
