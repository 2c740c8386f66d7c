"""How a command is stopped: SIGTERM (`timeout`, `docker stop`) taken as Ctrl-C is, so that a
command's `finally` blocks clear away what it had half written; and both held back where a stop
would leave nothing in place (between two renames)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOPPING = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back while the block runs, then acted on as they would have
    been (in the main thread; elsewhere a handler cannot be set, and none runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    kept = {sig: signal.signal(sig, lambda signum, _: held.append(signum)) for sig in STOPPING}
    try:
        yield
    finally:
        for sig, handler in kept.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for signum in held:
            signal.raise_signal(signum)


@contextmanager
def stopped_as_by_ctrl_c() -> Iterator[None]:
    """While the block runs, a SIGTERM (`timeout`, `docker stop`) ends the command as Ctrl-C
    does: its `finally` blocks run (in the main thread, where a handler can be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    replaced = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, replaced if replaced is not None else signal.SIG_DFL)


def terminated(signum: int, frame: object) -> None:
    """A SIGTERM handler that ends the command as Ctrl-C does (its `finally` blocks run)."""
    raise SystemExit(128 + signum)
