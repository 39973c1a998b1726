"""What the benchmarks share: the run's header, spreads, clean child environments, timed processes,
and a regular (non-editable) install of b24notify in a throw-away virtual environment.

Not a benchmark itself; ``bench/startup.py``, ``bench/cli.py`` and ``bench/client_overhead.py``
import it (``bench/`` is their ``sys.path[0]``).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
CACHE = Path(tempfile.gettempdir()) / "b24notify-bench"

# What a regular install is built from: anything else in the repo does not reach the wheel.
PACKAGED = ("core", "gui", "resources")


# -- the header every bench prints ---------------------------------------------------------------
def reproduce_command(argv: Sequence[str] | None = None) -> str:
    """The command line that ran this bench, as it would be typed in the repo's root."""
    argv = list(sys.argv if argv is None else argv)
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = Path(os.path.abspath(sys.executable)).relative_to(ROOT)
    script = Path(os.path.abspath(argv[0]))
    with contextlib.suppress(ValueError):
        script = script.relative_to(ROOT)
    return shlex.join([str(python), str(script), *argv[1:]])


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def interpreter_versions(python: str | os.PathLike[str]) -> dict[str, str]:
    """Python and the dependencies' versions as seen by ``python`` (which may be another venv)."""
    code = (
        "import json, platform\n"
        "from importlib import metadata\n"
        "v = {'python': platform.python_version()}\n"
        "for name in ('PySide6-Essentials', 'requests', 'keyring', 'b24notify'):\n"
        "    try:\n"
        "        v[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n"
        "        v[name] = 'not installed'\n"
        "print(json.dumps(v))\n"
    )
    out = subprocess.run(
        [os.fspath(python), "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
        cwd=tempfile.gettempdir(),  # not the checkout: `-c` puts the working folder on sys.path
    )
    return json.loads(out.stdout)


def machine(python: str | os.PathLike[str] = sys.executable) -> dict[str, Any]:
    """Date, machine and versions, for the header and the JSON."""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "command": reproduce_command(),
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "system": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "versions": interpreter_versions(python),
    }


def print_header(title: str, info: dict[str, Any], out: Any = None) -> None:
    out = out or sys.stdout
    v = info["versions"]
    load = " ".join(f"{x:.2f}" for x in info["load_average_at_start"])
    print(title, file=out)
    print(f"  reproduce: {info['command']}", file=out)
    print(f"  date:      {info['date']}", file=out)
    print(
        f"  machine:   nproc {info['nproc']}, {info['cpu']}, {info['system']}; "
        f"load average {load} at start",
        file=out,
    )
    print(
        f"  versions:  Python {v['python']}, PySide6 {v['PySide6-Essentials']}, "
        f"requests {v['requests']}, b24notify {v['b24notify']}",
        file=out,
    )


# -- numbers -------------------------------------------------------------------------------------
def spread(values: Sequence[float]) -> dict[str, float]:
    """Median, quartiles and extremes of ``values`` (at least one)."""
    ordered = sorted(values)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "q1": q1,
        "q3": q3,
        "min": ordered[0],
        "max": ordered[-1],
    }


def fmt_spread(s: dict[str, float], scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
    """``median  (IQR q1–q3, min–max lo–hi)`` in one line."""

    def f(x: float) -> str:
        return f"{x * scale:.{digits}f}{unit}"

    return (
        f"{f(s['median']):>9}   IQR {f(s['q1'])}–{f(s['q3'])}, min–max {f(s['min'])}–{f(s['max'])}"
    )


def verdict(ratio: float, target: float) -> str:
    return f"{'PASS' if ratio <= target else 'FAIL'} (target <= {target}x)"


# -- child processes -----------------------------------------------------------------------------
def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the variables that change how Python or b24notify start.

    ``PYTHON*`` (dev mode, no bytecode cache, import-time tracing, a PYTHONPATH) and
    ``B24NOTIFY_*`` (a webhook, a settings folder) would make a child unlike a user's process.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and not k.startswith("B24NOTIFY_")
    }
    env.update(extra)
    return env


def run_timed(
    argv: Sequence[str], env: dict[str, str], cwd: str | None = None, timeout: float = 60.0
) -> float:
    """Run ``argv`` to its end (it must succeed); the wall time from just before its start."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status = os.waitpid(proc.pid, 0)
            elapsed = time.perf_counter() - started
        finally:
            killer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            detail = err.read().decode(errors="replace").strip()
            raise RuntimeError(f"{shlex.join(argv)} ended with {code}:\n{detail}")
    return elapsed


def scratch(prefix: str) -> Path:
    """A temporary folder, removed when this process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def rounds(n: int, time_limit: float) -> Iterator[int]:
    """Round numbers 0..n-1, stopping early (with a note on stderr) once ``time_limit`` s passed
    (after one round at least)."""
    deadline = time.monotonic() + time_limit
    for i in range(max(1, n)):
        if i and time.monotonic() > deadline:
            print(f"time limit reached: stopped after {i} of {n} rounds", file=sys.stderr)
            return
        yield i


def rotate(items: Sequence[Any], i: int) -> list[Any]:
    """``items`` rotated by ``i``: each contender goes first in turn (two: they alternate)."""
    k = i % len(items)
    return [*items[k:], *items[:k]]


# -- a regular install ---------------------------------------------------------------------------
def source_hash(root: Path = ROOT) -> str:
    """A hash of everything that goes into the wheel (pyproject.toml and the packaged folders)."""
    h = hashlib.sha256()
    files = [root / "pyproject.toml", root / "README.md"]
    for top in PACKAGED:
        files += sorted(
            p
            for p in (root / top).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )
    for path in files:
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _quiet(argv: Sequence[str], **kwargs: Any) -> None:
    out = subprocess.run(list(argv), capture_output=True, text=True, **kwargs)
    if out.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} failed:\n{out.stdout}\n{out.stderr}")


def regular_install(log: Callable[[str], None] | None = None) -> Path:
    """A virtual environment with b24notify installed from a wheel, as a user's ``pip install``.

    The dev venv's editable install puts a finder on ``sys.meta_path`` through a ``.pth`` file; it
    runs in *every* process of that venv (``python -c pass`` too) and costs each import of ``core``
    and ``gui`` a detour, so it is not what a user's machine runs. Here, instead: a fresh venv
    (``python -m venv``, no system site-packages) into which pip installs a wheel built from the
    current sources, dependencies resolved by pip as for anyone (from this machine's configured
    indexes). The venv is cached in the temp folder, keyed on the checkout, the Python version and
    pyproject.toml; when the sources change, only the b24notify wheel is rebuilt and reinstalled
    (``--no-deps --force-reinstall``). pip compiles the bytecode at install, as it does for users.
    """
    log = log or (lambda message: print(message, file=sys.stderr))
    CACHE.mkdir(parents=True, exist_ok=True)
    # One venv per checkout (two worktrees must not reinstall under each other's running bench),
    # Python version and pyproject.toml (the dependencies).
    deps_key = hashlib.sha256(
        str(ROOT).encode() + b"\0" + sys.version.encode() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()[:12]
    venv = CACHE / f"venv-{deps_key}"
    stamp = venv / "b24notify-source-hash"
    want = source_hash()
    with open(CACHE / f"venv-{deps_key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two benches at once must not build it twice
        if stamp.is_file() and stamp.read_text() == want and (venv / "bin" / "b24notify").exists():
            return venv
        python = venv / "bin" / "python"
        deps_done = venv / "b24notify-dependencies-installed"
        fresh = not deps_done.is_file()
        if fresh:
            log(f"creating a throw-away venv for a regular install: {venv}")
            _quiet([sys.executable, "-m", "venv", "--clear", str(venv)])
        log(f"building and installing b24notify (sources {want}) into {venv}")
        with tempfile.TemporaryDirectory(prefix="b24notify-wheel-") as tmp:
            src = Path(tmp) / "src"
            src.mkdir()
            # Built from a copy: pip builds in the source tree and leaves build/ and egg-info there.
            for name in ("pyproject.toml", "README.md"):
                shutil.copy2(ROOT / name, src / name)
            for top in PACKAGED:
                shutil.copytree(
                    ROOT / top, src / top, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
                )
            wheels = Path(tmp) / "wheels"
            _quiet(
                [str(python), "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(src)]
            )
            wheel = next(wheels.glob("b24notify-*.whl"))
            extra = [] if fresh else ["--no-deps", "--force-reinstall"]
            _quiet([str(python), "-m", "pip", "install", "-q", *extra, str(wheel)])
        deps_done.touch()
        stamp.write_text(want)
    return venv
