"""Commands to fix the record: correct, cite, withdraw, move (issue 12's errata).

Each is one call into the ledger application; the rules (a correction keeps every walk-back
valid, a withdrawn statement takes no more errata) are the Meeting aggregate's.
"""

from __future__ import annotations

from typing import Any

import click

from diplo.cli.completion import complete_statement_ids
from diplo.cli.output import emit, output_options
from diplo.cli.record import statement_fields
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.cli.suggest import only_meeting
from ledger.statement import CORRECTABLE_FIELDS, OPTIONAL_FIELDS, Attribution, Kind

statement_argument = click.argument("statement_id", shell_complete=complete_statement_ids)
meeting_option = click.option(
    "--meeting", default=None, help="The meeting, where the id is in several."
)


@click.command()
@statement_argument
@meeting_option
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=None)
@click.option("--speaker", default=None)
@click.option("--side", default=None)
@click.option("--said-on", default=None)
@click.option("--quote", default=None)
@click.option("--summary", default=None)
@click.option("--translation", default=None)
@click.option("--attribution", type=click.Choice([a.value for a in Attribution]), default=None)
@click.option("--via", default=None)
@click.option("--outlet", default=None)
@click.option("--published", default=None)
@click.option("--source-url", default=None)
@click.option("--title", default=None)
@click.option("--language", default=None)
@click.option("--party", "parties", multiple=True, help="The parties, all of them (repeat).")
@click.option("--participant", "participants", multiple=True)
@click.option("--place", default=None)
@click.option("--planned-for", default=None)
@click.option("--retracts", multiple=True, help="A statement a walk-back retracts (repeat).")
@click.option(
    "--clear",
    "cleared",
    multiple=True,
    type=click.Choice(OPTIONAL_FIELDS),
    help="An optional field to empty (repeat).",
)
@click.option("--reason", required=True, help="Why the correction is made.")
@output_options
@pass_session
@translate_errors
def correct(
    session: Session,
    /,
    statement_id: str,
    meeting: str | None,
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
    slug = meeting or only_meeting(session.caught_up(), statement_id)
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
    if output:
        emit({"id": statement_id, "meeting": slug, "corrected": sorted(changes)}, output)
    else:
        click.echo(f"{statement_id}: corrected {', '.join(sorted(changes))}")


@click.command()
@statement_argument
@meeting_option
@click.option("--outlet", required=True, help="The outlet that also reported it.")
@click.option("--published", required=True, help="Its publication date (YYYY-MM-DD).")
@click.option("--url", default=None, help="Its http(s) url, if it has one.")
@click.option("--title", default=None, help="Its title.")
@click.option("--language", default="en", show_default=True, help="BCP 47 tag of the source.")
@output_options
@pass_session
@translate_errors
def cite(
    session: Session, /, statement_id: str, meeting: str | None, output: str | None, **source: Any
) -> None:
    """Add a source to a recorded statement: one more outlet reported it.

    \b
    Example:
      diplo cite dk-ushakov-confirms-paris --outlet TASS --published 2018-10-23
    """
    slug = meeting or only_meeting(session.caught_up(), statement_id)
    given = {key: value for key, value in source.items() if value is not None}
    added = session.ledger.cite(slug, statement_id, given)
    if output:
        emit({"id": statement_id, "meeting": slug, "cited": added}, output)
    elif added:
        click.echo(f"{statement_id}: cited {source['outlet']}")
    else:
        click.echo(f"{statement_id}: {source['outlet']} already cited")


@click.command()
@statement_argument
@meeting_option
@click.option("--reason", required=True, help="Why it was recorded in error.")
@pass_session
@translate_errors
def withdraw(session: Session, /, statement_id: str, meeting: str | None, reason: str) -> None:
    """Withdraw a statement recorded in error (not a walk-back): it stays in the history,
    marked withdrawn, and counts for nothing.

    \b
    Example:
      diplo withdraw dk-ushakov-confirms-paris --reason "entered twice"
    """
    slug = meeting or only_meeting(session.caught_up(), statement_id)
    session.ledger.withdraw(slug, statement_id, reason)
    click.echo(f"{statement_id}: withdrawn from {slug}")


@click.command()
@statement_argument
@meeting_option
@click.option("--to", "to", required=True, help="The slug of the meeting it belongs to.")
@click.option("--reason", required=True, help="Why it was on the wrong meeting.")
@pass_session
@translate_errors
def move(session: Session, /, statement_id: str, meeting: str | None, to: str, reason: str) -> None:
    """Move a statement recorded on the wrong meeting: it is withdrawn there and recorded on
    the right one, linked both ways.

    \b
    Example:
      diplo move dk-ushakov-confirms-paris --to trump-putin-2018 --reason "one meeting"
    """
    slug = meeting or only_meeting(session.caught_up(), statement_id)
    session.ledger.move(slug, statement_id, to, reason)
    click.echo(f"{statement_id}: moved from {slug} to {to}")
