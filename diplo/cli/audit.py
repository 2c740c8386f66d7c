"""Commands to audit: verify, export."""

from __future__ import annotations

import json
import sys
from typing import BinaryIO

import click

from diplo.cli.completion import complete_meetings
from diplo.cli.output import emit, output_options
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.cli.suggest import require_meeting
from diplo.files import output_file
from diplo.render import count
from diplo.safety import safe, safe_json
from ledger.events import meeting_id
from ledger.integrity import export_lines, verify

EVENTS_FORMAT = ("jsonl", "every stored event with its hash (re-importable)")
"""The export format of the ledger itself; the others are presentation (`diplo.exports`)."""


def export_formats() -> dict[str, str]:
    """Every export format and what it gives; imports `diplo.exports` (icalendar) when asked."""
    from diplo import exports  # only when the formats are needed: keeps start-up light

    return {EVENTS_FORMAT[0]: EVENTS_FORMAT[1], **exports.FORMATS}


class ExportFormat(click.Choice[str]):
    """The --format choice, read from `diplo.exports.FORMATS` only when it is first needed."""

    def __init__(self) -> None:
        self.case_sensitive = True
        self._choices: tuple[str, ...] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(export_formats())
        return self._choices

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        self._choices = value


class ExportFormatOption(click.Option):
    """An option whose help lists each export format with what it gives, built when shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = "; ".join(f"{name}: {text}" for name, text in export_formats().items()) + "."
        return super().get_help_record(ctx)


@click.command("verify")
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.option(
    "--against",
    metavar="EXPORT",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Also check that every event of this earlier `diplo export` is still in the ledger, "
    "unchanged (a chain alone cannot show its last events removed, or recorded anew).",
)
@output_options
@pass_session
@translate_errors
def verify_(session: Session, meeting: str | None, against: str | None, output: str | None) -> None:
    """Check the file, every meeting's hash chain and the view; exit 1 if anything is wrong.

    \b
    Example:
      diplo verify                          # the whole ledger
      diplo verify trump-putin-paris-2018   # one meeting
      diplo export -o kept.jsonl && diplo verify --against kept.jsonl   # (later)
    """
    if meeting is not None:
        require_meeting(session.reads, meeting)
    compared = None
    if against:
        from ledger.since_export import since_export  # (the importer: only when asked for)

        compared = since_export(session.ledger, against, meeting)
    report = verify(session.ledger, meeting)
    view_problems = session.reads.differences(meeting_id(meeting) if meeting else None)
    problems = [*report.file_problems, *(str(problem) for problem in report.problems)]
    problems += view_problems
    if compared is not None:
        problems += [str(problem) for problem in compared.problems]
    if output:
        data = {"events": report.events, "meetings": report.meetings, "problems": problems}
        if compared is not None:
            data["exported_events"] = compared.compared
        emit(data, output)
    else:
        for problem in problems:
            click.echo(safe(problem))
        verdict = "FAILED" if problems else "ok"
        click.echo(
            f"{verdict}: checked {count(report.events, 'event')} in "
            f"{count(report.meetings, 'meeting')}"
            + (f" and {count(compared.compared, 'exported event')}" if compared is not None else "")
            + (f"; {count(len(problems), 'problem')}" if problems else "")
        )
    if problems:
        sys.exit(1)


@click.command("export")
@click.option("--meeting", default=None, help="Only this meeting.")
@click.option(
    "--format",
    "fmt",
    cls=ExportFormatOption,
    type=ExportFormat(),
    default=EVENTS_FORMAT[0],
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="File to write (default: standard output).",
)
@pass_session
@translate_errors
def export_(session: Session, meeting: str | None, fmt: str, out: str) -> None:
    """Export the ledger: its events (JSON Lines), or as PLOVER, CAMEO or iCalendar.

    `diplo import` of a jsonl export into an empty ledger gives back the same events.

    \b
    Example:
      diplo export -o ledger.jsonl && diplo --db copy.sqlite import ledger.jsonl
      diplo export --format cameo -o events.csv
    """
    if meeting is not None:
        require_meeting(session.reads, meeting)
    with output_file(out) as stream:
        if fmt == EVENTS_FORMAT[0]:
            _write_events(session, meeting, stream)
            return
        from diplo import exports  # icalendar: load only here

        notes = exports.write_export(fmt, session.caught_up(), meeting, stream)
    for note in notes:
        click.echo(safe(note), err=True)


def _write_events(session: Session, meeting: str | None, stream: BinaryIO) -> None:
    for line in export_lines(session.ledger, meeting):
        stream.write((safe_json(json.dumps(line, ensure_ascii=False)) + "\n").encode())
