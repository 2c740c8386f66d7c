"""Run a `diplo` command in a fresh process, in-process there, and time it.

    python -m benchmarks.child --out RESULT.json [--repeat N] [--profile FILE] -- DIPLO ARGS...

The command is the CLI's own entry point (`diplo.cli.main`), so it goes through exactly the code
`diplo` runs; the start-up (importing `diplo.cli`) happens before the clock starts and is
measured on its own by the start-up item. A fresh process per measurement means the product's
caches start empty, as they do for a user. With `--repeat N` the command runs N times in the
same process (a warm, long-lived process: used for queries). Its output goes to /dev/null
(rendering is still done). RESULT.json gets `{"seconds": [...]}`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import time
from collections.abc import Sequence
from contextlib import redirect_stdout
from pathlib import Path

import orjson


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if "--" not in given:
        raise SystemExit("usage: python -m benchmarks.child --out FILE [...] -- DIPLO ARGS")
    cut = given.index("--")
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", type=Path, default=None)
    options = parser.parse_args(given[:cut])
    args = given[cut + 1 :]
    from diplo.cli import main as diplo  # start-up, outside the clock

    seconds = []
    profiler = cProfile.Profile() if options.profile else None
    for _ in range(max(1, options.repeat)):
        with open(os.devnull, "w") as sink, redirect_stdout(sink):
            started = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            try:
                diplo.main(args=args, prog_name="diplo", standalone_mode=False)
            finally:
                if profiler is not None:
                    profiler.disable()
            seconds.append(time.perf_counter() - started)
    if profiler is not None and options.profile is not None:
        profiler.dump_stats(options.profile)
    options.out.write_bytes(orjson.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
