"""Commands to query: meetings, status, history, show, timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from diplo.cli.completion import complete_meetings, complete_statement_ids
from diplo.cli.output import output_options, present
from diplo.cli.scope import QUERY_DATE, counting_options, is_live
from diplo.cli.session import Session, collector_paused, pass_session, translate_errors
from diplo.cli.suggest import meeting_of, unknown_meeting, unknown_statement
from diplo.safety import safe
from projections.vocabulary import EVER, Status


def meeting_query(command: Callable[..., None]) -> click.Command:
    """A command about one MEETING, counting as --as-of/--recorded-by/--evidence say."""
    decorated: Any = collector_paused(translate_errors(command))
    for decorate in (
        pass_session,
        output_options,
        counting_options,
        click.argument("meeting", shell_complete=complete_meetings),
    ):
        decorated = decorate(decorated)
    return click.command()(decorated)


@click.command("show")
@click.argument("statement_id", shell_complete=complete_statement_ids)
@click.option("--meeting", default=None, help="The meeting, where the id is in several.")
@output_options
@pass_session
@collector_paused
@translate_errors
def show_(session: Session, statement_id: str, meeting: str | None, output: str | None) -> None:
    """Show one statement with its full provenance and any errata.

    \b
    Example:
      diplo show dk-ushakov-confirms-paris
    """
    reads = session.caught_up()
    slug = meeting_of(reads, statement_id, meeting)
    data = reads.statement(slug, statement_id)
    if data is None:
        raise unknown_statement(reads, statement_id)

    def for_people() -> None:  # rich is imported only for text output
        from diplo.render import render_statement

        render_statement(data)

    present(data, output, for_people)


@click.command()
@click.option(
    "--status",
    "status_filter",
    default=None,
    type=click.Choice([s.value for s in Status]),
)
@click.option("--party", default=None, help="Only meetings with this party, e.g. RU.")
@click.option(
    "--overdue", is_flag=True, help="Only meetings proposed or agreed for a day now past."
)
@click.option(
    "--ever",
    type=click.Choice(list(EVER)),
    default=None,
    help="Only meetings that were ever cancelled, postponed or disputed.",
)
@click.option(
    "--all", "include_empty", is_flag=True, help="Also meetings with no statement that counts."
)
@click.option("--wide", is_flag=True, help="Every column, however wide the terminal.")
@counting_options
@output_options
@pass_session
@collector_paused
@translate_errors
def meetings(
    session: Session,
    status_filter: str | None,
    party: str | None,
    overdue: bool,
    ever: str | None,
    include_empty: bool,
    wide: bool,
    counting: dict[str, Any],
    output: str | None,
) -> None:
    """List the meetings in the ledger with their current status.

    \b
    Example:
      diplo meetings --party RU --status agreed
      diplo meetings --as-of 2018-10 --ever cancelled
    """
    filters: dict[str, Any] = {
        "status": status_filter,
        "party": party,
        "overdue": True if overdue else None,
        "include_empty": include_empty,
    }
    live = session.live_view() if is_live(counting) and ever is None else None
    rows = live.meetings(date.today(), **filters) if live else None
    if rows is None:
        rows = session.caught_up().meetings(ever=ever, **filters, **counting)

    def for_people() -> None:
        from diplo.meetings_text import render_meetings

        render_meetings(rows, wide=wide)

    present(rows, output, for_people)


@meeting_query
def status(session: Session, meeting: str, counting: dict[str, Any], output: str | None) -> None:
    """Where a meeting stands: now, as of a date, or as the ledger had it at a moment.

    \b
    Example:
      diplo status trump-putin-paris-2018 --as-of 2018-10-23
    """
    live = session.live_view() if is_live(counting) else None
    data = live.status(meeting, date.today()) if live else None
    if data is None:
        reads = session.caught_up()
        data = reads.status(meeting, **counting)
        if data is None:
            raise unknown_meeting(reads, meeting)

    def for_people() -> None:
        from diplo.render import render_status

        render_status(data)

    present(data, output, for_people)


@meeting_query
def history(session: Session, meeting: str, counting: dict[str, Any], output: str | None) -> None:
    """The audit trail: every statement in said_on order and what it changed.

    \b
    Example:
      diplo history trump-putin-paris-2018 --json
    """
    live = session.live_view() if is_live(counting) else None
    steps = live.history(meeting) if live else None  # (a big meeting's stored steps)
    if steps is None:
        reads = session.caught_up()
        steps = reads.history(meeting, **counting)
        if steps is None:
            raise unknown_meeting(reads, meeting)

    def for_people() -> None:
        from diplo.history_text import render_history

        render_history(meeting, steps)

    present(steps, output, for_people)


@click.command()
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Picture to write: .png or .svg.",
)
@click.option("--party", default=None, help="Without MEETING: only meetings with this party.")
@click.option("--title", default=None, help="The picture's title (default: the meeting's).")
@click.option("--size", default=None, metavar="WxH", help="Size in inches, e.g. 10x4.")
@click.option(
    "--annotate",
    "annotations",
    multiple=True,
    metavar="DATE=TEXT",
    help="A note at a date, e.g. 2018-11-11=Armistice (repeat).",
)
@click.option(
    "--from",
    "after",
    type=QUERY_DATE,
    default=None,
    help="Only the statements said after this day (as `diff` counts); without MEETING, of "
    "the meetings said of then.",
)
@click.option("--to", "by", type=QUERY_DATE, default=None, help="Only those said by this day.")
@pass_session
@translate_errors
def timeline(
    session: Session,
    meeting: str | None,
    out: str,
    party: str | None,
    title: str | None,
    size: str | None,
    annotations: tuple[str, ...],
    after: date | None,
    by: date | None,
) -> None:
    """Draw how a meeting's plan changed (or all meetings as status bands) to PNG or SVG.

    \b
    Example:
      diplo timeline trump-putin-paris-2018 -o paris.png
      diplo timeline trump-putin-paris-2018 -o paris.svg --title "Paris, 2018" --size 10x6 \\
        --annotate "2018-11-11=Armistice centenary"
      diplo timeline --party UA -o ukraine.svg
      diplo timeline trump-putin-summit-2025 --from 2025-07-31 --to 2025-08-31 -o august.png
      diplo timeline --party RU --from 2018-06-30 --to 2018-12-31 -o autumn-2018.svg
    """
    if not out.lower().endswith((".png", ".svg")):
        raise click.ClickException(f"{out}: give a .png or .svg file name")
    extras = _drawing_options(title, size, annotations)
    from diplo.timeline import draw_meeting, draw_overview  # matplotlib: load only here

    reads = session.caught_up()
    if meeting is not None:
        steps = reads.history(meeting)
        if steps is None:
            raise unknown_meeting(reads, meeting)
        if after or by:
            kept = _said_between(meeting, steps, after, by)
            extras["stretch"], steps = kept[0] is not steps[0], kept
        draw_meeting(meeting, steps, Path(out), **extras)
    else:

        def history_of(slug: str) -> list[dict[str, Any]]:
            return reads.history(slug) or []

        draw_overview(reads.meetings(), history_of, Path(out), party, after, by)
    click.echo(safe(f"wrote {out}"))


def _said_between(
    meeting: str, steps: list[dict[str, Any]], after: date | None, by: date | None
) -> list[dict[str, Any]]:
    from diplo.timeline.series import said_between

    kept = said_between(steps, after, by)
    if not kept:
        since = f" after {after.isoformat()}" if after else ""
        until = f"{' and' if after else ''} by {by.isoformat()}" if by else ""
        raise click.ClickException(f"{meeting}: no statement was said{since}{until}")
    return kept


def _drawing_options(
    title: str | None, size: str | None, annotations: tuple[str, ...]
) -> dict[str, Any]:
    """The keyword arguments for draw_meeting, only those given (so older drawing code works)."""
    extras: dict[str, Any] = {}
    if title is not None:
        extras["title"] = title
    if size is not None:
        extras["size"] = _size(size)
    if annotations:
        extras["annotations"] = [_annotation(text) for text in annotations]
    return extras


def _size(text: str) -> tuple[float, float]:
    width, _, height = text.lower().partition("x")
    try:
        size = (float(width), float(height))
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not WxH in inches, e.g. 10x4", param_hint="--size"
        ) from None
    if not all(0 < side <= 100 for side in size):
        raise click.BadParameter(
            f"'{text}': each side must be over 0 and at most 100 inches", param_hint="--size"
        )
    return size


def _annotation(text: str) -> tuple[date, str]:
    day, sep, note = text.partition("=")
    try:
        when = date.fromisoformat(day.strip())
    except ValueError:
        when = None
    if not sep or when is None or not note.strip():
        raise click.BadParameter(
            f"'{text}' is not DATE=TEXT, e.g. 2018-11-11=Armistice", param_hint="--annotate"
        )
    return when, note.strip()
