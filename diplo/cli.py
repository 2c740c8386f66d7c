"""`diplo`: a thin command-line shell over the ledger application and its read side."""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from threading import Event
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from diplo.render import (
    PROGRESS_THRESHOLD,
    import_progress,
    render_history,
    render_meetings,
    render_statement,
    render_status,
    safe,
    to_csv,
)
from ledger.application import (
    InputRejected,
    Ledger,
    Located,
    RecordResult,
    StorageError,
    rejected_by_validation,
)
from ledger.copy import copy_ledger
from ledger.events import meeting_id
from ledger.importer import events_only, iter_file, read_people, statements_only
from ledger.integrity import LocatedEvent, export_lines, restore, verify
from ledger.people import People
from ledger.statement import CORRECTABLE_FIELDS, Attribution, Kind, StatementInput
from ledger.storage import DatabaseURLError, choose_database
from projections.queries import ReadSide
from projections.vocabulary import Evidence

F = TypeVar("F", bound=Callable[..., Any])


class Session:
    """What one command needs: the application, the read side, and how to print."""

    def __init__(self, db: str | None, people_file: str | None, debug: bool = False) -> None:
        self.db = db
        self.debug = debug
        self.people_file = people_file
        self._ledger: Ledger | None = None
        self._reads: ReadSide | None = None

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            people = read_people(self.people_file) if self.people_file else People()
            self._ledger = Ledger(choose_database(self.db), people=people)
        return self._ledger

    @property
    def reads(self) -> ReadSide:
        if self._reads is None:
            app = self.ledger
            self._reads = ReadSide.of(app)
        return self._reads

    def caught_up(self) -> ReadSide:
        """The read side, with the view brought up to the latest event first."""
        self.reads.projector.catch_up()
        return self.reads

    def shutdown(self) -> None:
        """Release the database connections."""
        if self._ledger is not None:
            self._ledger.close()

    def after_write(self) -> None:
        """On SQLite the writer keeps the view current; on PostgreSQL `project --follow` may."""
        if not self.ledger.database.is_postgres:
            self.reads.projector.catch_up()


def translate_errors(command: F) -> F:
    """Domain and storage errors become one-line click errors, never tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(getattr(click.get_current_context().find_object(Session), "debug", False))
        try:
            return command(*args, **kwargs)
        except (InputRejected, StorageError, DatabaseURLError) as error:
            if debug:
                raise
            raise click.ClickException(safe(str(error))) from None
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (e.g. `| head`): stop without a word
            sys.exit(0)
        except (click.ClickException, click.exceptions.Exit, KeyboardInterrupt, SystemExit):
            raise
        except Exception as error:
            if debug:
                raise
            raise click.ClickException(
                f"unexpected {type(error).__name__}: {safe(str(error))[:300]} "
                "(run with --debug for the traceback, and please report it)"
            ) from None

    return wrapper  # type: ignore[return-value]


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def output_options(command: F) -> F:
    """--json, --jsonl and --csv, defined once and shared by every command that prints data."""
    for flag, help_text in (
        ("csv", "Print CSV rows (nested fields as JSON)."),
        ("jsonl", "Print JSON Lines, one object per line."),
        ("json", "Print JSON."),
    ):
        command = click.option(f"--{flag}", "output", flag_value=flag, help=help_text)(command)
    return command


def evidence_options(command: F) -> F:
    """--as-of, --recorded-by and --evidence, shared by status and history."""
    command = click.option(
        "--evidence",
        type=click.Choice([e.value for e in Evidence]),
        default=Evidence.ANONYMOUS.value,
        show_default=True,
        help="Which attributions count: on_record only; also anonymous; also second_hand.",
    )(command)
    command = click.option(
        "--recorded-by",
        type=str,
        default=None,
        help="Count only what the ledger had recorded by this ISO date-time (UTC if no zone).",
    )(command)
    return click.option(
        "--as-of",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        help="Count only statements said on or before this date (YYYY-MM-DD).",
    )(command)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def emit(data: Any, output: str) -> None:
    """Machine output: `data` (an object or a list of objects) as JSON, JSON Lines or CSV."""
    rows = data if isinstance(data, list) else [data]
    if output == "json":
        print_json(data)
    elif output == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(to_csv(rows), nl=False)


SECTIONS = {
    "record": ("import", "append", "correct"),
    "query": ("meetings", "status", "history", "show", "timeline"),
    "audit": ("verify", "export"),
    "admin": ("rebuild", "project", "copy"),
}


class DiploGroup(click.Group):
    """Commands listed by section in --help, and a suggestion for a mistyped command."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for section, names in SECTIONS.items():
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=70)))
            if rows:
                with formatter.section(
                    f"Commands to {section}" if section != "admin" else "Commands to administer"
                ):
                    formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)


@click.group(cls=DiploGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-ledger", prog_name="diplo")
@click.option(
    "--db",
    envvar="DIPLO_DB",
    default=None,
    help="SQLite file or postgresql:// URL [env DIPLO_DB; default .diplo/ledger.sqlite].",
)
@click.option(
    "--people",
    "people_file",
    envvar="DIPLO_PEOPLE",
    default=None,
    type=click.Path(dir_okay=False),
    help="People registry (YAML) mapping name aliases to canonical names [env DIPLO_PEOPLE].",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for bug reports).")
@click.pass_context
def main(ctx: click.Context, db: str | None, people_file: str | None, debug: bool) -> None:
    """diplo: the ledger of record for how diplomatic plans change.

    \b
    Example:
      diplo import fixtures/*.yaml && diplo meetings
    """
    ctx.obj = Session(db, people_file, debug)
    ctx.call_on_close(ctx.obj.shutdown)


pass_session = click.make_pass_decorator(Session)


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "jsonl"]),
    default=None,
    help="Input format; by default from the file's suffix.",
)
@output_options
@pass_session
@translate_errors
def import_(session: Session, files: tuple[str, ...], fmt: str | None, output: str | None) -> None:
    """Append the statements of YAML or JSON Lines files ('-' reads standard input).

    Each file is all or nothing: if any statement in it is invalid, nothing from it is written.

    \b
    Example:
      diplo import fixtures/000_hill_2018_bolton_paris.yaml
    """
    report = []
    for name in files:
        items = iter_file(name, fmt)
        first = next(items)
        if isinstance(first, LocatedEvent):
            result = restore(session.ledger, [first, *events_only(items)])
        else:
            result = _record(session, itertools.chain([first], statements_only(name, items)))
        label = "<stdin>" if name == "-" else name
        report.append({"file": label, "new": result.new_count, "present": result.present_count})
    session.after_write()
    if output:
        emit(report, output)
        return
    for line in report:
        click.echo(f"{line['file']}: {line['new']} new, {line['present']} already present")


def _record(session: Session, statements: Iterable[Located]) -> RecordResult:
    """Record a stream of statements, with a progress bar once it is long, on a terminal."""
    bar = import_progress()
    if bar is None:
        return session.ledger.record(statements, keep_ids=False)
    count = 0
    task = None

    def advance(step: int) -> None:
        nonlocal count, task
        count += step
        if task is None and count > PROGRESS_THRESHOLD:
            bar.start()
            task = bar.add_task("import", total=None, completed=count)
        elif task is not None:
            bar.advance(task, step)

    try:
        return session.ledger.record(statements, progress=advance, keep_ids=False)
    finally:
        bar.stop()


def _completions(ctx: click.Context, names: Callable[[ReadSide], list[str]]) -> list[str]:
    """Names read from the ledger named on the command line, or none: never break the shell."""
    try:
        session = Session(ctx.find_root().params.get("db"), None)
        try:
            return names(session.caught_up())
        finally:
            session.shutdown()
    except Exception:
        return []


def complete_meetings(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Meeting slugs, for shell completion."""
    slugs = _completions(ctx, lambda reads: [m["meeting"] for m in reads.meetings()])
    return [CompletionItem(slug) for slug in slugs if slug.startswith(incomplete)]


def complete_statement_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Statement ids, for shell completion."""
    ids = _completions(ctx, lambda reads: reads.statement_ids(incomplete))
    return [CompletionItem(statement_id) for statement_id in ids]


@main.command()
@click.option("--meeting", required=True, help="Meeting slug, e.g. trump-putin-paris-2018.")
@click.option("--kind", required=True, type=click.Choice([k.value for k in Kind]))
@click.option("--speaker", required=True, help="Name as reported.")
@click.option("--side", required=True, help="ISO 3166-1 alpha-2 code or organisation code.")
@click.option("--said-on", required=True, help="ISO date or EDTF (2025-07, 2018-23, a/b).")
@click.option("--quote", default=None, help="Verbatim words, in the source's language.")
@click.option("--summary", default=None, help="A paraphrase, where there is no quote.")
@click.option("--translation", default=None, help="English translation of the quote.")
@click.option(
    "--attribution",
    type=click.Choice([a.value for a in Attribution]),
    default=Attribution.ON_RECORD.value,
    show_default=True,
)
@click.option("--via", default=None, help="Who relayed a second-hand statement.")
@click.option("--outlet", required=True, help="The source's outlet.")
@click.option("--published", required=True, help="The source's publication date (YYYY-MM-DD).")
@click.option("--source-url", default=None, help="The source's http(s) url, if it has one.")
@click.option("--title", default=None, help="The source's title.")
@click.option("--language", default="en", show_default=True, help="BCP 47 tag of the source.")
@click.option("--party", "parties", multiple=True, help="A side that is to meet (repeat).")
@click.option("--participant", "participants", multiple=True, help="A participant (repeat).")
@click.option("--place", default=None)
@click.option("--planned-for", default=None, help="EDTF: 2018-11-11, 2018-11, 2018-23, a/b.")
@click.option("--retracts", default=None, help="Id of the statement a walk-back retracts.")
@click.option("--id", "statement_id", default=None, help="An id of your own (else derived).")
@output_options
@pass_session
@translate_errors
def append(session: Session, /, output: str | None, **options: Any) -> None:
    """Append one statement; prints its id.

    \b
    Example:
      diplo append --meeting trump-putin-paris-2018 --kind confirmed --speaker "Yuri Ushakov" \\
        --side RU --said-on 2018-10-23 --summary "Kremlin confirms a preliminary agreement" \\
        --outlet Ritzau --published 2018-10-23 --party US --party RU
    """
    raw = {
        key: value for key, value in _statement_fields(options).items() if value not in (None, ())
    }
    try:
        given = StatementInput.model_validate(raw)
    except Exception as error:  # pydantic.ValidationError
        raise rejected_by_validation("append", error) from None  # type: ignore[arg-type]
    result = session.ledger.record([Located("append", given)])
    session.after_write()
    statement_id = (result.new or result.present)[0]
    if output:
        emit({"id": statement_id, "new": bool(result.new)}, output)
    elif result.new:
        click.echo(statement_id)
    else:
        click.echo(f"{statement_id} (already present)")


def _statement_fields(options: dict[str, Any]) -> dict[str, Any]:
    source = {
        "outlet": options.pop("outlet", None),
        "published": options.pop("published", None),
        "url": options.pop("source_url", None),
        "title": options.pop("title", None),
        "language": options.pop("language", None),
    }
    fields = dict(options)
    fields["id"] = fields.pop("statement_id", None)
    fields["parties"] = list(fields.pop("parties", ()) or ()) or None
    fields["participants"] = list(fields.pop("participants", ()) or ()) or None
    fields["source"] = {key: value for key, value in source.items() if value is not None}
    return fields


@main.command()
@click.argument("statement_id", shell_complete=complete_statement_ids)
@click.option("--meeting", default=None, help="The meeting, where the id is in several.")
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
@click.option("--party", "parties", multiple=True)
@click.option("--participant", "participants", multiple=True)
@click.option("--place", default=None)
@click.option("--planned-for", default=None)
@click.option("--reason", required=True, help="Why the correction is made.")
@output_options
@pass_session
@translate_errors
def correct(
    session: Session,
    /,
    statement_id: str,
    meeting: str | None,
    reason: str,
    output: str | None,
    **options: Any,
) -> None:
    """Correct fields of a recorded statement (an erratum); the original stays in history.

    \b
    Example:
      diplo correct hill-2018-bolton-paris --said-on 2018-10-22 --reason "typo in date"
    """
    slug = meeting or _only_meeting(session.caught_up(), statement_id)
    current = session.reads.statement(slug, statement_id)
    if current is None:
        raise click.ClickException(f"no statement '{statement_id}' in meeting '{slug}'")
    fields = _statement_fields(options)
    changes = {
        name: value
        for name, value in fields.items()
        if name in CORRECTABLE_FIELDS and name != "source" and value not in (None, ())
    }
    if fields["source"]:
        changes["source"] = {**current["source"], **fields["source"]}
    if not changes:
        raise click.ClickException("give at least one field to correct, e.g. --said-on 2018-10-22")
    session.ledger.correct(slug, statement_id, changes, reason)
    session.after_write()
    if output:
        emit({"id": statement_id, "meeting": slug, "corrected": sorted(changes)}, output)
    else:
        click.echo(f"{statement_id}: corrected {', '.join(sorted(changes))}")


@main.command()
@click.argument("statement_id", shell_complete=complete_statement_ids)
@click.option("--meeting", default=None, help="The meeting, where the id is in several.")
@output_options
@pass_session
@translate_errors
def show(session: Session, statement_id: str, meeting: str | None, output: str | None) -> None:
    """Show one statement with its full provenance and any errata.

    \b
    Example:
      diplo show hill-2018-bolton-paris
    """
    reads = session.caught_up()
    slug = meeting or _only_meeting(reads, statement_id)
    data = reads.statement(slug, statement_id)
    if data is None:
        raise click.ClickException(f"no statement '{statement_id}' in meeting '{slug}'")
    if output:
        emit(data, output)
    else:
        render_statement(data)


@main.command()
@click.option(
    "--status",
    "status_filter",
    default=None,
    type=click.Choice(["proposed", "agreed", "held", "postponed", "cancelled"]),
)
@click.option("--party", default=None, help="Only meetings with this party, e.g. RU.")
@output_options
@pass_session
@translate_errors
def meetings(
    session: Session, status_filter: str | None, party: str | None, output: str | None
) -> None:
    """List the meetings in the ledger with their current status.

    \b
    Example:
      diplo meetings --party RU --status agreed
    """
    rows = session.caught_up().meetings(status=status_filter, party=party)
    if output:
        emit(rows, output)
    else:
        render_meetings(rows)


@main.command()
@click.argument("meeting", shell_complete=complete_meetings)
@evidence_options
@output_options
@pass_session
@translate_errors
def status(
    session: Session,
    meeting: str,
    as_of: datetime | None,
    recorded_by: str | None,
    evidence: str,
    output: str | None,
) -> None:
    """Where a meeting stands: now, as of a date, or as the ledger had it at a moment.

    \b
    Example:
      diplo status trump-putin-paris-2018 --as-of 2018-10-23
    """
    data = session.caught_up().status(
        meeting, as_of=_day(as_of), recorded_by=_moment(recorded_by), evidence=Evidence(evidence)
    )
    if data is None:
        raise click.ClickException(f"no meeting '{meeting}' in the ledger")
    if output:
        emit(data, output)
    else:
        render_status(data)


@main.command()
@click.argument("meeting", shell_complete=complete_meetings)
@evidence_options
@output_options
@pass_session
@translate_errors
def history(
    session: Session,
    meeting: str,
    as_of: datetime | None,
    recorded_by: str | None,
    evidence: str,
    output: str | None,
) -> None:
    """The audit trail: every statement in said_on order and what it changed.

    \b
    Example:
      diplo history trump-putin-paris-2018 --json
    """
    steps = session.caught_up().history(
        meeting, as_of=_day(as_of), recorded_by=_moment(recorded_by), evidence=Evidence(evidence)
    )
    if steps is None:
        raise click.ClickException(f"no meeting '{meeting}' in the ledger")
    if output:
        emit(steps, output)
    else:
        render_history(meeting, steps)


@main.command()
@output_options
@pass_session
@translate_errors
def rebuild(session: Session, output: str | None) -> None:
    """Throw the view away and rebuild it from the event log.

    \b
    Example:
      diplo rebuild
    """
    started = time.perf_counter()
    applied = session.reads.projector.rebuild()
    seconds = time.perf_counter() - started
    if output:
        emit({"events": applied, "seconds": round(seconds, 3)}, output)
    else:
        click.echo(f"rebuilt the view from {applied} events in {seconds:.2f} s")


@main.command()
@click.option("--follow", is_flag=True, help="Keep running, applying new events as they come.")
@click.option("--poll", default=0.5, show_default=True, help="Seconds between polls with --follow.")
@pass_session
@translate_errors
def project(session: Session, follow: bool, poll: float) -> None:
    """Bring the view up to date; with --follow, keep it current until interrupted.

    \b
    Example:
      diplo --db postgresql://diplo@db.example/ledger project --follow
    """
    projector = session.reads.projector
    applied = projector.catch_up()
    click.echo(f"applied {applied} events; view at position {projector.position()}")
    if not follow:
        return
    stop = Event()
    try:
        projector.follow(stop, poll, on_batch=lambda n: click.echo(f"applied {n} events"))
    except KeyboardInterrupt:
        stop.set()


@main.command("verify")
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_options
@pass_session
@translate_errors
def verify_(session: Session, meeting: str | None, output: str | None) -> None:
    """Recompute every meeting's hash chain and the view; exit 1 if anything no longer matches.

    \b
    Example:
      diplo verify                          # the whole ledger
      diplo verify trump-putin-paris-2018   # one meeting
    """
    report = verify(session.ledger, meeting)
    view_problems = session.caught_up().projector.view_differences(
        meeting_id(meeting) if meeting else None
    )
    problems = [str(problem) for problem in report.problems] + view_problems
    if output:
        emit({"events": report.events, "meetings": report.meetings, "problems": problems}, output)
    else:
        for problem in problems:
            click.echo(safe(problem))
        verdict = "FAILED" if problems else "ok"
        click.echo(
            f"{verdict}: checked {report.events} events in {report.meetings} meetings"
            + (f"; {len(problems)} problems" if problems else "")
        )
    if problems:
        sys.exit(1)


@main.command("export")
@click.option("--meeting", default=None, help="Only this meeting.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "plover", "cameo", "ical"]),
    default="jsonl",
    show_default=True,
    help="jsonl: every stored event with its hash (re-importable); plover: PLOVER JSON Lines; "
    "cameo: CSV with CAMEO codes; ical: planned meetings as an iCalendar file.",
)
@click.option(
    "-o",
    "--output",
    type=click.File("wb"),
    default="-",
    help="File to write (default: standard output).",
)
@pass_session
@translate_errors
def export_(session: Session, meeting: str | None, fmt: str, output: Any) -> None:
    """Export the ledger: its events (JSON Lines), or as PLOVER, CAMEO or iCalendar.

    `diplo import` of a jsonl export into an empty ledger gives back the same events.

    \b
    Example:
      diplo export -o ledger.jsonl && diplo --db copy.sqlite import ledger.jsonl
      diplo export --format cameo -o events.csv
    """
    if fmt == "jsonl":
        for line in export_lines(session.ledger, meeting):
            output.write((json.dumps(line, ensure_ascii=False) + "\n").encode())
        return
    from diplo import exports  # imported here: only these formats need it

    try:
        exports.write_export(fmt, session.caught_up(), meeting, output)
    except exports.UnknownMeeting as error:
        raise click.ClickException(str(error)) from None


@main.command()
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
@pass_session
@translate_errors
def timeline(session: Session, meeting: str | None, out: str, party: str | None) -> None:
    """Draw how a meeting's plan changed (or all meetings as status bands) to PNG or SVG.

    \b
    Example:
      diplo timeline trump-putin-paris-2018 -o paris.png
      diplo timeline --party UA -o ukraine.svg
    """
    if not out.lower().endswith((".png", ".svg")):
        raise click.ClickException(f"{out}: give a .png or .svg file name")
    from diplo.timeline import draw_meeting, draw_overview  # matplotlib: load only here

    reads = session.caught_up()
    if meeting is not None:
        steps = reads.history(meeting)
        if steps is None:
            raise click.ClickException(f"no meeting '{meeting}' in the ledger")
        draw_meeting(meeting, steps, Path(out))
    else:
        rows = reads.meetings()
        histories = {row["meeting"]: reads.history(row["meeting"]) or [] for row in rows}
        draw_overview(rows, histories, Path(out), party=party)
    click.echo(f"wrote {out}")


@main.command("copy")
@click.option("--from", "source", required=True, help="The ledger to copy from (path or URL).")
@click.option("--to", "target", required=True, help="The ledger to copy to (path or URL).")
@output_options
@translate_errors
def copy_(source: str, target: str, output: str | None) -> None:
    """Copy a whole ledger event for event (SQLite to PostgreSQL and back).

    Ids, order, timestamps and errata are preserved; copying twice copies nothing new.

    \b
    Example:
      diplo copy --from .diplo/ledger.sqlite --to postgresql://diplo@localhost/ledger
    """
    origin = Session(source, None)
    destination = Session(target, None)
    try:
        result = copy_ledger(origin.ledger, destination.ledger)
        destination.reads.projector.catch_up()
        shown = destination.ledger.database.display
    finally:
        origin.shutdown()
        destination.shutdown()
    if output:
        emit({"copied": result.copied, "already_present": result.already_present}, output)
    else:
        click.echo(
            f"copied {result.copied} events to {shown}; {result.already_present} already present"
        )


def _only_meeting(reads: ReadSide, statement_id: str) -> str:
    slugs = reads.locate(statement_id)
    if not slugs:
        raise click.ClickException(f"no statement '{statement_id}' in the ledger")
    if len(slugs) > 1:
        raise click.ClickException(
            f"'{statement_id}' is in several meetings ({', '.join(slugs)}): give --meeting"
        )
    return slugs[0]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not an ISO date-time", param_hint="--recorded-by"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


from diplo.web.commands import serve, site  # noqa: E402  (web commands, issue 17)

main.add_command(serve)
main.add_command(site)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
