"""The `diplo serve` and `diplo site` commands (registered in diplo/cli/__init__.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from diplo.cli.session import translate_errors
from ledger.application import Ledger, StorageError
from ledger.storage import DatabaseURLError, choose_database
from projections.queries import ReadSide
from projections.search import StatementSearch
from projections.tracking import DamagedPosition

if TYPE_CHECKING:
    from diplo.web.app import Ledger as WebLedger

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
HOST_HELP = "Address to listen on; any but this machine's own prints a warning."


def open_ledger(ctx: click.Context) -> tuple[Ledger, WebLedger]:
    """The ledger named by `diplo --db`, and what the pages read of it."""
    from diplo.web.app import Ledger as WebLedger  # starlette: load only for these commands

    root = ctx.find_root()
    try:
        app = Ledger(choose_database(root.params.get("db"), "refuse"))
    except (DatabaseURLError, StorageError) as error:
        raise click.ClickException(str(error)) from None
    try:
        reads = ReadSide.of(app)
        web = WebLedger(reads, StatementSearch.of(reads))
        web.catch_up(search=False)  # a damaged view is said here, in one line
        web.search.checked_position()  # and a damaged search index (which takes longer)
        return app, web
    except DamagedPosition as error:
        app.close()
        raise click.ClickException(str(error)) from None
    except Exception as error:  # the database went away between the two steps
        app.close()
        raise click.ClickException(f"the ledger's database could not be read: {error}") from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=HOST_HELP)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port."
)
@click.pass_context
@translate_errors
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Browse the ledger in a web browser (read-only).

    \b
    Example:
      diplo serve --port 8000    # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from diplo.web.app import create_app

    if host not in LOCAL_HOSTS:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this address can read the "
            "whole ledger (there is no login)",
            err=True,
        )
    app, web = open_ledger(ctx)
    try:
        click.echo(f"serving {app.database.display.split('@')[-1]} on http://{host}:{port}/")
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
        uvicorn.run(create_app(web), host=host, port=port, log_level="warning", access_log=False)
    finally:
        app.close()


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    default="http://localhost/",
    show_default=True,
    help="Where the site will be published (used in the Atom feed's links).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes drawing the timelines at once (the files are the same)  "
    "[default: the CPUs this process may use, at most 4].",
)
@click.option(
    "--redraw",
    is_flag=True,
    help="Draw every timeline afresh (by default those an earlier site in DIR kept for the "
    "same steps are used again).",
)
@click.pass_context
@translate_errors
def site(
    ctx: click.Context, directory: Path, base_url: str, jobs: int | None, redraw: bool
) -> None:
    """Write the pages, their JSON and the feeds as static files, ready to publish.

    Written again into the same DIR, only the timelines that changed are drawn.

    \b
    Example:
      diplo site public --base-url https://ledger.example.org/ --jobs 4
    """
    from diplo.safety import safe
    from diplo.web.site import DEFAULT_JOBS, SiteError, usable_cpus, write_site

    app, web = open_ledger(ctx)
    try:
        web.catch_up()
        with site_progress_bar() as advance:
            written = write_site(
                web.reads,
                directory,
                base_url,
                jobs or min(usable_cpus(), DEFAULT_JOBS),
                reuse=not redraw,
                written=advance,
            )
    except SiteError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # a full disk, a size limit: the site was written beside DIR
        raise click.ClickException(
            f"{directory}: {error.strerror}: the site was not written; what was there is as it was"
        ) from None
    finally:
        app.close()
    click.echo(
        safe(
            f"wrote {written.files} files to {directory} ({written.timelines} timelines: "
            f"{written.drawn} drawn, {written.taken} kept from the earlier site)"
        )
    )
    for note in written.notes:
        click.echo(safe(note), err=True)


@contextmanager
def site_progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A callback showing the meetings a site has written as a bar, on a terminal (else
    None)."""
    from diplo.render import site_progress

    bar = site_progress()
    if bar is None:
        yield None
        return
    task = bar.add_task("site", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    bar.start()
    try:
        yield advance
    finally:
        bar.stop()
