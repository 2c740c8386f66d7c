"""What every command shares: the `Session` (application and read side) and the one place where
errors become one-line messages."""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from diplo.safety import safe
from diplo.stopping import terminated

if TYPE_CHECKING:
    from ledger.application import Ledger
    from ledger.people import People
    from ledger.storage import Missing
    from projections.live import LiveView
    from projections.queries import ReadSide

F = TypeVar("F", bound=Callable[..., Any])
INTERRUPTED = "interrupted before the view was brought up to date: run `diplo project`"

USER_ERRORS = (
    ("ledger.application", "InputRejected"),
    ("ledger.application", "StorageError"),
    ("ledger.storage", "DatabaseURLError"),
    ("ledger.new_file", "NotInPlace"),
    ("ledger.new_file", "StartedElsewhere"),
    ("ledger.dates", "DateError"),
    ("projections.tracking", "DamagedPosition"),
    ("projections.row_check", "DamagedRow"),
    ("ledger.statement", "FieldError"),
    ("diplo.timeline", "TimelineError"),
    ("diplo.exports", "UnknownMeeting"),
)
"""Errors of the domain, the application, storage and the presentation modules: the user's
input or the database. Each is named by its module, which is imported only by the commands
that need it (eventsourcing, pydantic, matplotlib, icalendar): an error of one can only be
raised once it is imported."""


class Session:
    """What one command needs: the application and the read side, opened on first use."""

    def __init__(self, db: str | None, people_file: str | None, debug: bool = False) -> None:
        self.db = db
        self.debug = debug
        self.people_file = people_file
        self.missing: Missing = "refuse"
        """A SQLite ledger that is not there is refused, unless the command may start one."""
        self._ledger: Ledger | None = None
        self._on_term: Any = None
        """The SIGTERM handler this command replaced, while it may start a ledger."""
        self._reads: ReadSide | None = None
        self.interrupted = 0
        """The exit status of a stop (Ctrl-C: 130, SIGTERM: 143) that came after a write was
        committed, while the view was brought up: the command reports what it recorded, does
        no more, and exits with it. 0: none came."""

    @property
    def ledger(self) -> Ledger:
        """The ledger application; after each write it keeps the view as its policy says."""
        if self._ledger is None:
            from ledger.application import Ledger
            from ledger.storage import choose_database

            people = self.people()
            self._ledger = Ledger(choose_database(self.db, self.missing), people=people)
            self._ledger.follow_writes(self._view_after_write)
        return self._ledger

    def people(self) -> People:
        """The people registry given with --people (without: an empty one)."""
        from ledger.people import People

        if not self.people_file:
            return People()
        from ledger.importer import read_people  # (YAML: only for a registry)

        return read_people(self.people_file)

    def may_start_ledger(self) -> None:
        """This command records: a SQLite ledger not there yet is started, and appears once
        something is recorded in it (`ledger.new_file`). A SIGTERM (`timeout`, `docker stop`)
        then ends the command as Ctrl-C does, so that what it started is settled."""
        self.missing = "start"
        if threading.current_thread() is threading.main_thread():
            self._on_term = signal.signal(signal.SIGTERM, terminated)

    def _view_after_write(self, recorded: int) -> None:
        """After a committed write: bring the view up; if that fails, the events are still
        recorded, so say the view is behind (a warning on stderr), never fail the command."""
        try:
            behind = self.reads.projector.catch_up_or_explain()
        except KeyboardInterrupt:  # (the events are recorded: say so, not "Aborted!")
            self.interrupted, behind = 130, INTERRUPTED
        except SystemExit as stop:  # (SIGTERM, as `diplo.stopping.terminated` raises it)
            self.interrupted, behind = stop.code if isinstance(stop.code, int) else 143, INTERRUPTED
        if behind is not None:
            click.echo(safe(f"{recorded} recorded; {behind}"), err=True)

    @property
    def reads(self) -> ReadSide:
        """The read side over the same database."""
        if self._reads is None:
            from projections.queries import ReadSide

            self._reads = ReadSide.of(self.ledger)
        return self._reads

    def live_view(self) -> LiveView | None:
        """The view of a SQLite ledger read directly, without the application (see
        `projections.live`); None where the application is needed anyway: PostgreSQL, a file
        not there yet, an application already open, or a people registry to read (whose
        errors the command reports)."""
        from ledger.locations import existing_sqlite_file

        path = existing_sqlite_file(self.db)
        if path is None or self.people_file or self._ledger is not None:
            return None
        from projections.live import LiveView

        return LiveView(path)

    def caught_up(self) -> ReadSide:
        """The read side, with the view brought up to the latest event first."""
        self.reads.projector.catch_up()
        return self.reads

    def shutdown(self) -> None:
        """Release the database connections (a ledger started is then moved into place)."""
        if self._on_term is not None:
            signal.signal(signal.SIGTERM, self._on_term)
            self._on_term = None
        if self._ledger is not None:
            ledger, self._ledger = self._ledger, None
            try:
                ledger.close()
            except Exception as error:
                if not is_user_error(error) and not isinstance(error, OSError):
                    raise
                raise click.ClickException(one_line(error)) from None


pass_session = click.make_pass_decorator(Session)


def _loaded(module_name: str, class_name: str) -> type | None:
    """The class, if its module is imported already; None otherwise."""
    kind = getattr(sys.modules.get(module_name), class_name, None)
    return kind if isinstance(kind, type) else None


def is_user_error(error: BaseException) -> bool:
    """Whether `error` is a known failure to report in one line (not a bug)."""
    return any(
        kind is not None and isinstance(error, kind)
        for kind in (_loaded(module_name, class_name) for module_name, class_name in USER_ERRORS)
    )


def one_line(error: BaseException) -> str:
    """The message of a known error on one line, safe to print."""
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return safe(f"{where}{error.strerror}")
    field_error = _loaded("ledger.statement", "FieldError")
    if field_error is not None and isinstance(error, field_error):
        text = f"{getattr(error, 'field', '')}: {getattr(error, 'message', '')}"
    else:
        text = str(error)
    return safe(" ".join(text.split()) if "\n" in text else text)


def translate_errors(command: F) -> F:
    """Known errors become one-line click errors (exit 1), never tracebacks; --debug shows them."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = click.get_current_context().find_object(Session)
        debug = bool(getattr(session, "debug", False))
        try:
            done = command(*args, **kwargs)
            if session is not None and session.interrupted:
                sys.exit(session.interrupted)  # (what it recorded is reported, then as stopped)
            return done
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (e.g. `| head`): stop without a word
            sys.exit(0)
        except (click.ClickException, click.exceptions.Exit, KeyboardInterrupt, SystemExit):
            raise
        except Exception as error:
            if debug:
                raise
            if is_user_error(error) or isinstance(error, OSError):
                raise click.ClickException(one_line(error)) from None
            from ledger.faults import describe_fault

            fault = describe_fault(error, session.db if session else None)
            if fault is not None:
                raise click.ClickException(safe(fault)) from None
            raise click.ClickException(
                f"unexpected {type(error).__name__}: {safe(str(error))[:300]} "
                "(run with --debug for the traceback, and please report it)"
            ) from None

    return wrapper  # type: ignore[return-value]


def collector_paused(command: F) -> F:
    """A command that reads and prints, run with Python's cyclic garbage collector paused.

    Its answer and the lines laid out for it are acyclic data built in one go (137,000 dicts
    and 74,000 lines for the history of a meeting of 10,000 statements): reference counting
    frees them, and the collector, which would scan them again and again as they grow, took
    about 40 % of the command's time. Resumed when the command ends, however it ends."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper  # type: ignore[return-value]


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
