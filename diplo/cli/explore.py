"""Commands to explore: diff (a meeting between two dates) and search (the statements' words)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from diplo.cli.completion import complete_meetings
from diplo.cli.output import output_options, present
from diplo.cli.scope import QUERY_DATE, evidence_option
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.cli.suggest import unknown_meeting
from diplo.explore_text import render_diff, render_search
from ledger.statement import Kind
from projections.search import search as search_statements
from projections.vocabulary import Evidence


@click.command()
@click.argument("meeting", shell_complete=complete_meetings)
@click.argument("from_day", metavar="FROM", type=QUERY_DATE)
@click.argument("to_day", metavar="TO", type=QUERY_DATE)
@click.option(
    "--known-by",
    type=QUERY_DATE,
    default=None,
    help="Count only statements first published by this date.",
)
@evidence_option
@output_options
@pass_session
@translate_errors
def diff(
    session: Session,
    meeting: str,
    from_day: date,
    to_day: date,
    known_by: date | None,
    evidence: Evidence,
    output: str | None,
) -> None:
    """What changed in a meeting's status, stances and plan between two dates, and the
    statements that changed it. FROM and TO are days, months or years (their last day).

    \b
    Example:
      diplo diff trump-putin-paris-2018 2018-10-22 2018-10-24
    """
    if from_day > to_day:
        raise click.BadParameter(
            f"FROM ({from_day}) is after TO ({to_day}): give the earlier date first",
            param_hint="FROM",
        )
    reads = session.caught_up()
    data = reads.diff(meeting, from_day, to_day, known_by=known_by, evidence=evidence)
    if data is None:
        raise unknown_meeting(reads, meeting)
    present(data, output, lambda: render_diff(data))


@click.command()
@click.argument("text")
@click.option("--speaker", default=None, help="Only statements by this speaker (part of a name).")
@click.option("--outlet", default=None, help="Only statements reported by this outlet (part).")
@click.option("--side", default=None, help="Only statements of this side, e.g. RU.")
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=None)
@click.option("--limit", type=click.IntRange(1, 1000), default=100, show_default=True)
@output_options
@pass_session
@translate_errors
def search(session: Session, /, text: str, output: str | None, **filters: Any) -> None:
    """Statements whose quote, summary, translation or speaker hold every word of TEXT.

    \b
    Example:
      diplo search Paris --side RU
      diplo search "bilateral meeting" --outlet Danish
    """
    hits = search_statements(session.caught_up(), text, **filters)
    present(hits, output, lambda: render_search(text, hits))
