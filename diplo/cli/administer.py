"""Commands to administer: rebuild, project, copy."""

from __future__ import annotations

import time
from threading import Event

import click
from click.core import ParameterSource

from diplo.cli.output import emit, output_options
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.render import count
from ledger.copy import copy_ledger
from ledger.storage import password_in_url


@click.command()
@output_options
@pass_session
@translate_errors
def rebuild(session: Session, output: str | None) -> None:
    """Throw the view away and rebuild it from the event log.

    The search index is thrown away too: the next `diplo search` makes it again.

    Also drops the meetings' summaries kept beside their events for imports (a cache the next
    import into each meeting writes again; `diplo verify` checks it).

    \b
    Example:
      diplo rebuild
    """
    started = time.perf_counter()
    session.ledger.forget_summaries()
    applied = session.reads.rebuild()
    seconds = time.perf_counter() - started
    if output:
        emit({"events": applied, "seconds": round(seconds, 3)}, output)
    else:
        click.echo(f"rebuilt the view from {count(applied, 'event')} in {seconds:.2f} s")


@click.command()
@click.option("--follow", is_flag=True, help="Keep running, applying new events as they come.")
@click.option(
    "--poll",
    type=click.FloatRange(min=0, min_open=True),
    default=0.5,
    show_default=True,
    help="Seconds between polls with --follow.",
)
@pass_session
@translate_errors
def project(session: Session, follow: bool, poll: float) -> None:
    """Bring the view up to date; with --follow, keep it current until interrupted.

    \b
    Example:
      diplo project                                                    # catch up once
      diplo --db postgresql://diplo@db.example/ledger project --follow
    """
    root = click.get_current_context().find_root()
    from_argv = root.get_parameter_source("db") is ParameterSource.COMMANDLINE
    if follow and from_argv and password_in_url(session.db):
        raise click.UsageError(
            "project --follow keeps running: give the URL in DIPLO_DB, not --db, "
            "so that its password is not shown by `ps`"
        )
    projector = session.reads.projector
    applied = projector.catch_up()
    click.echo(f"applied {count(applied, 'event')}; view at position {projector.position()}")
    if not follow:
        return
    stop = Event()
    try:
        projector.follow(stop, poll, on_batch=lambda n: click.echo(f"applied {count(n, 'event')}"))
    except KeyboardInterrupt:
        stop.set()


@click.command("copy")
@click.option("--from", "source", required=True, help="The ledger to copy from (path or URL).")
@click.option("--to", "target", required=True, help="The ledger to copy to (path or URL).")
@output_options
@translate_errors
def copy_(source: str, target: str, output: str | None) -> None:
    """Copy a whole ledger event for event (SQLite to PostgreSQL and back).

    Ids, order, timestamps and errata are preserved; copying twice copies nothing new.

    \b
    Example:
      diplo copy --from .diplo/ledger.sqlite --to backup.sqlite
      diplo copy --from .diplo/ledger.sqlite --to postgresql://diplo@localhost/ledger
    """
    origin = Session(source, None)
    destination = Session(target, None)
    destination.may_start_ledger()
    try:
        result = copy_ledger(origin.ledger, destination.ledger)
        destination.reads.projector.catch_up()
        shown = destination.ledger.database.display
        started = destination.ledger.database.new_file is not None
    finally:
        try:
            origin.shutdown()
        finally:
            destination.shutdown()
    if output:
        emit({"copied": result.copied, "already_present": result.already_present}, output)
    elif started and not result.copied:
        click.echo(f"copied no event: the source holds none, so no ledger was made at {shown}")
    else:
        click.echo(
            f"copied {count(result.copied, 'event')} to {shown}; "
            f"{result.already_present} already present"
        )
