"""CLI start-up benchmark: ``b24notify --help`` and ``send --dry-run`` against ``python -c pass``.

Issue 10's goal: each of these whole processes takes at most 2.5x the time of ``python -c pass``,
on a regular (non-editable) install:

* ``b24notify --help``
* ``b24notify send --dry-run --url http://127.0.0.1:9/rest/1/bench1234/ --user 5 --text x``
  (builds and prints the request; nothing is sent, the address is never contacted)

All three run with the throw-away venv of ``common.regular_install``: b24notify installed from a
wheel of the current sources, so ``<venv>/bin/b24notify`` is pip's own console script, and
``python`` is that venv's interpreter. (The dev venv's editable install adds a finder that runs
at every start-up, ``python -c pass`` included, and costs ~10 ms on the imports of ``core``.)
Each round runs the three, rotating which goes first, after one discarded warm-up round; the
verdict is on the median of the per-round ratios (command / ``python -c pass``), with their
spread. Time is wall time from just before the start to the end of the process (output to
/dev/null). Memory is not reported: Linux starts a child's ``ru_maxrss`` from its parent's
resident set at the fork, and this parent (a Python with subprocess loaded, ~20 MiB) is larger
than ``python -c pass`` (~9 MiB), so ``os.wait4`` would report the parent's figure for all three.
(``/usr/bin/time -f %M <command>`` forks from a small process and gives the real peaks.)

    .venv/bin/python bench/cli.py                 # 15 rounds
    .venv/bin/python bench/cli.py --runs 25 --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import common

TARGET = 2.5
WEBHOOK = "http://127.0.0.1:9/rest/1/bench1234/"  # never contacted: --dry-run


def commands(venv: str) -> dict[str, list[str]]:
    python, script = f"{venv}/bin/python", f"{venv}/bin/b24notify"
    send = ["send", "--dry-run", "--url", WEBHOOK, "--user", "5", "--text", "x"]
    return {
        "python -c pass": [python, "-c", "pass"],
        "b24notify --help": [script, "--help"],
        "send --dry-run": [script, *send],
    }


def check_outputs(cmds: dict[str, list[str]], env: dict[str, str], cwd: str) -> None:
    """Each command does what it claims (a bench that times an error message measures nothing)."""
    helped = subprocess.run(
        cmds["b24notify --help"], env=env, cwd=cwd, capture_output=True, text=True
    )
    if helped.returncode != 0 or "usage: b24notify" not in helped.stdout:
        raise RuntimeError(f"b24notify --help failed:\n{helped.stdout}{helped.stderr}")
    dry = subprocess.run(cmds["send --dry-run"], env=env, cwd=cwd, capture_output=True, text=True)
    if dry.returncode != 0 or json.loads(dry.stdout).get("method") != "POST":
        raise RuntimeError(f"send --dry-run failed:\n{dry.stdout}{dry.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds, one of each (default 15)")
    parser.add_argument("--warmup", type=int, default=1, help="discarded rounds first (default 1)")
    parser.add_argument(
        "--time-limit", type=float, default=300, help="stop starting rounds after this many s"
    )
    parser.add_argument("--json", action="store_true", help="print JSON on stdout (text: stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout

    venv = str(common.regular_install())
    info = common.machine(f"{venv}/bin/python")
    info["venv"] = venv
    env = common.clean_env()
    cmds = commands(venv)
    # Not the checkout: `python -c` puts the working folder on sys.path, and the checkout's
    # core/ and gui/ must not stand in for the installed ones.
    cwd = str(common.scratch("b24notify-bench-cli-"))
    check_outputs(cmds, env, cwd)
    names = list(cmds)
    for _ in range(args.warmup):
        for name in names:
            common.run_timed(cmds[name], env, cwd)
    times: dict[str, list[float]] = {k: [] for k in names}
    for i in common.rounds(args.runs, args.time_limit):
        for name in common.rotate(names, i):
            times[name].append(common.run_timed(cmds[name], env, cwd))
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    base = names[0]
    n = len(times[base])
    t = {k: common.spread(v) for k, v in times.items()}
    ratios = {
        k: common.spread([c / b for c, b in zip(times[k], times[base], strict=True)])
        for k in names[1:]
    }
    passed = all(r["median"] <= TARGET for r in ratios.values())

    common.print_header(f"b24notify CLI start-up vs python -c pass ({n} rounds)", info, out)
    print(f"  venv:      {venv} (a regular install of the current sources)", file=out)
    print(f"{'':22} {'median':>9}   spread over {n} runs", file=out)
    for name in names:
        print(f"{name + ' ms':22} {common.fmt_spread(t[name], 1000, 1)}", file=out)
    for name, r in ratios.items():
        print(
            f"{'ratio ' + name:22} {common.fmt_spread(r, 1, 2, 'x')}   "
            f"{common.verdict(r['median'], TARGET)}",
            file=out,
        )
    print(
        f"  (ratios: per round, command / python -c pass; load average "
        f"{' '.join(map(str, info['load_average_at_end']))} at end)",
        file=out,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "bench": "cli",
                    **info,
                    "rounds": n,
                    "target": TARGET,
                    "commands": cmds,
                    "times_s": times,
                    "time_s": t,
                    "ratios": ratios,
                    "pass": passed,
                },
                indent=1,
            )
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
