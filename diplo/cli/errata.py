"""Commands to fix the record: correct, cite, withdraw, move (issue 12's errata).

Each is one call into the ledger application; the rules (a correction keeps every walk-back
valid, a withdrawn statement takes no more errata) are the Meeting aggregate's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from diplo.cli.completion import complete_statement_ids
from diplo.cli.output import emit, output_options
from diplo.cli.record import statement_fields
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.cli.suggest import meeting_of
from ledger.statement import CORRECTABLE_FIELDS, OPTIONAL_FIELDS, Attribution, Kind

statement_argument = click.argument("statement_id", shell_complete=complete_statement_ids)
meeting_option = click.option(
    "--meeting", default=None, help="The meeting, where the id is in several."
)
Decorator = Callable[[Any], Any]
"""A click option or argument decorator."""


def statement_command(*options: Decorator) -> Callable[[Callable[..., None]], click.Command]:
    """A command on one recorded statement: STATEMENT_ID, `--meeting` (needed only where the id
    is in several meetings), then `options`. The function is called with the session, the
    meeting's slug and the statement's id, then the options' values; errors are translated."""

    def decorate(function: Callable[..., None]) -> click.Command:
        @functools.wraps(function)
        def on_statement(
            session: Session, /, statement_id: str, meeting: str | None, **rest: Any
        ) -> None:
            slug = meeting_of(session.caught_up(), statement_id, meeting)
            function(session, slug, statement_id, **rest)

        command: Any = pass_session(translate_errors(on_statement))
        for option in reversed((statement_argument, meeting_option, *options)):
            command = option(command)
        return click.command()(command)

    return decorate


def text_options(*names: str) -> list[Decorator]:
    """A `--NAME TEXT` option for each name, not given by default."""
    return [click.option(f"--{name}", default=None) for name in names]


def done(output: str | None, data: dict[str, Any], line: str) -> None:
    """What a command did: `data` in the chosen output format, else one line of text."""
    if output:
        emit(data, output)
    else:
        click.echo(line)


@statement_command(
    click.option("--kind", type=click.Choice([k.value for k in Kind]), default=None),
    *text_options("speaker", "side", "said-on", "quote", "summary", "translation"),
    click.option("--attribution", type=click.Choice([a.value for a in Attribution]), default=None),
    *text_options("via", "outlet", "published", "source-url", "title", "language"),
    click.option("--party", "parties", multiple=True, help="The parties, all of them (repeat)."),
    click.option("--participant", "participants", multiple=True),
    *text_options("place", "planned-for"),
    click.option("--retracts", multiple=True, help="A statement a walk-back retracts (repeat)."),
    click.option(
        "--clear",
        "cleared",
        multiple=True,
        type=click.Choice(OPTIONAL_FIELDS),
        help="An optional field to empty (repeat).",
    ),
    click.option("--reason", required=True, help="Why the correction is made."),
    output_options,
)
def correct(
    session: Session,
    slug: str,
    statement_id: str,
    retracts: tuple[str, ...],
    cleared: tuple[str, ...],
    reason: str,
    output: str | None,
    **options: Any,
) -> None:
    """Correct fields of a recorded statement (an erratum); the original stays in history.

    Any field may be corrected, `kind` and `retracts` included, and an optional one cleared;
    source fields not given keep their recorded values.

    \b
    Example:
      diplo correct dk-ushakov-confirms-paris --kind noncommittal --clear planned_for \\
        --reason "he only said a meeting is being studied"
    """
    changes = {
        name: value
        for name, value in statement_fields(options).items()
        if name in CORRECTABLE_FIELDS and value not in (None, (), {})
    }
    if retracts:
        changes["retracts"] = list(retracts)
    both = sorted(set(changes) & set(cleared))
    if both:
        raise click.ClickException(f"{both[0]}: give a new value or --clear it, not both")
    changes.update(dict.fromkeys(cleared))
    if not changes:
        raise click.ClickException("give at least one field to correct, e.g. --said-on 2018-10-22")
    session.ledger.correct(slug, statement_id, changes, reason)
    fields = sorted(changes)
    data = {"id": statement_id, "meeting": slug, "corrected": fields}
    done(output, data, f"{statement_id}: corrected {', '.join(fields)}")


@statement_command(
    click.option("--outlet", required=True, help="The outlet that also reported it."),
    click.option("--published", required=True, help="Its publication date (YYYY-MM-DD)."),
    click.option("--url", default=None, help="Its http(s) url, if it has one."),
    click.option("--title", default=None, help="Its title."),
    click.option("--language", default="en", show_default=True, help="BCP 47 tag of the source."),
    output_options,
)
def cite(session: Session, slug: str, statement_id: str, output: str | None, **source: Any) -> None:
    """Add a source to a recorded statement: one more outlet reported it.

    \b
    Example:
      diplo cite dk-ushakov-confirms-paris --outlet TASS --published 2018-10-23
    """
    given = {key: value for key, value in source.items() if value is not None}
    added = session.ledger.cite(slug, statement_id, given)
    outlet = source["outlet"]
    line = f"{statement_id}: cited {outlet}" if added else f"{statement_id}: {outlet} already cited"
    done(output, {"id": statement_id, "meeting": slug, "cited": added}, line)


@statement_command(
    click.option("--reason", required=True, help="Why it was recorded in error."),
)
def withdraw(session: Session, slug: str, statement_id: str, reason: str) -> None:
    """Withdraw a statement recorded in error (not a walk-back): it stays in the history,
    marked withdrawn, and counts for nothing.

    \b
    Example:
      diplo withdraw dk-ushakov-confirms-paris --reason "entered twice"
    """
    session.ledger.withdraw(slug, statement_id, reason)
    click.echo(f"{statement_id}: withdrawn from {slug}")


@statement_command(
    click.option("--to", "to", required=True, help="The slug of the meeting it belongs to."),
    click.option("--reason", required=True, help="Why it was on the wrong meeting."),
)
def move(session: Session, slug: str, statement_id: str, to: str, reason: str) -> None:
    """Move a statement recorded on the wrong meeting: it is withdrawn there and recorded on
    the right one, linked both ways.

    \b
    Example:
      diplo move dk-ushakov-confirms-paris --to trump-putin-2018 --reason "one meeting"
    """
    session.ledger.move(slug, statement_id, to, reason)
    click.echo(f"{statement_id}: moved from {slug} to {to}")
