"""What every command shares: the `Session` (application and read side) and the one place where
errors become one-line messages."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from diplo.safety import safe
from ledger.application import InputRejected, Ledger, StorageError
from ledger.dates import DateError
from ledger.importer import read_people
from ledger.people import People
from ledger.statement import FieldError
from ledger.storage import DatabaseURLError, choose_database, describe_fault
from projections.queries import ReadSide

F = TypeVar("F", bound=Callable[..., Any])

USER_ERRORS: tuple[type[Exception], ...] = (
    InputRejected,
    StorageError,
    DatabaseURLError,
    DateError,
    FieldError,
)
"""Errors of the domain, the application and storage: the user's input or the database."""

LAZY_USER_ERRORS = (("diplo.timeline", "TimelineError"), ("diplo.exports", "UnknownMeeting"))
"""Errors of the presentation modules, which are imported only by the commands that need them
(matplotlib, icalendar): an error of one can only be raised once it is imported."""


class Session:
    """What one command needs: the application and the read side, opened on first use."""

    def __init__(self, db: str | None, people_file: str | None, debug: bool = False) -> None:
        self.db = db
        self.debug = debug
        self.people_file = people_file
        self._ledger: Ledger | None = None
        self._reads: ReadSide | None = None

    @property
    def ledger(self) -> Ledger:
        """The ledger application; after each write it keeps the view as its policy says."""
        if self._ledger is None:
            people = read_people(self.people_file) if self.people_file else People()
            self._ledger = Ledger(choose_database(self.db), people=people)
            self._ledger.follow_writes(self._view_after_write)
        return self._ledger

    def _view_after_write(self, recorded: int) -> None:
        """After a committed write: bring the view up; if that fails, the events are still
        recorded, so say the view is behind (a warning on stderr), never fail the command."""
        behind = self.reads.projector.catch_up_or_explain()
        if behind is not None:
            click.echo(safe(f"{recorded} recorded; {behind}"), err=True)

    @property
    def reads(self) -> ReadSide:
        """The read side over the same database."""
        if self._reads is None:
            self._reads = ReadSide.of(self.ledger)
        return self._reads

    def caught_up(self) -> ReadSide:
        """The read side, with the view brought up to the latest event first."""
        self.reads.projector.catch_up()
        return self.reads

    def shutdown(self) -> None:
        """Release the database connections."""
        if self._ledger is not None:
            self._ledger.close()


pass_session = click.make_pass_decorator(Session)


def is_user_error(error: BaseException) -> bool:
    """Whether `error` is a known failure to report in one line (not a bug)."""
    if isinstance(error, USER_ERRORS):
        return True
    for module_name, class_name in LAZY_USER_ERRORS:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module is not None else None
        if isinstance(kind, type) and isinstance(error, kind):
            return True
    return False


def one_line(error: BaseException) -> str:
    """The message of a known error on one line, safe to print."""
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return safe(f"{where}{error.strerror}")
    text = f"{error.field}: {error.message}" if isinstance(error, FieldError) else str(error)
    return safe(" ".join(text.split()) if "\n" in text else text)


def translate_errors(command: F) -> F:
    """Known errors become one-line click errors (exit 1), never tracebacks; --debug shows them."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(getattr(click.get_current_context().find_object(Session), "debug", False))
        try:
            return command(*args, **kwargs)
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
            session = click.get_current_context().find_object(Session)
            fault = describe_fault(error, session.db if session else None)
            if fault is not None:
                raise click.ClickException(safe(fault)) from None
            raise click.ClickException(
                f"unexpected {type(error).__name__}: {safe(str(error))[:300]} "
                "(run with --debug for the traceback, and please report it)"
            ) from None

    return wrapper  # type: ignore[return-value]


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
