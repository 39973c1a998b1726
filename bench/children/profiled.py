"""Run a contender under cProfile for ``bench/startup_profile.py``: ``profiled.py OUT SCRIPT ARGS``.

The contenders end with ``os._exit`` right after their first paint (no teardown), so this wraps
``os._exit`` to stop the profiler and write its statistics to ``OUT`` first. Not a contender:
``bench/startup.py`` never runs it.
"""

import cProfile
import os
import runpy
import sys

_profile = cProfile.Profile()
_real_exit = os._exit
_out = sys.argv[1]


def _exit(code: int) -> None:
    _profile.disable()
    _profile.dump_stats(_out)
    _real_exit(code)


os._exit = _exit
script = sys.argv[2]
sys.argv = sys.argv[2:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
_profile.enable()
runpy.run_path(script, run_name="__main__")
