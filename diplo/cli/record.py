"""Commands to record: import, append (correct and the other errata: diplo/cli/errata.py)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from diplo.cli.near_duplicates import near_duplicates, readable_id
from diplo.cli.output import emit, output_options
from diplo.cli.session import Session, one_line, pass_session, translate_errors
from diplo.render import PROGRESS_THRESHOLD, count, import_progress
from diplo.safety import safe
from ledger.application import InputRejected, Ledger, Located, rejected_by_validation
from ledger.checking import check_file, is_registry, ledger_problems
from ledger.dates import DateError
from ledger.importer import (
    format_of,
    import_items,
    iter_file,
    read_once,
    read_statements,
)
from ledger.statement import Attribution, FieldError, Kind, StatementInput
from ledger.storage import NoLedger, choose_database


@click.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "jsonl"]),
    default=None,
    help="Input format; by default from the file's suffix.",
)
@click.option(
    "--check", is_flag=True, help="Only validate: report every error in every file, write nothing."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a file with a statement that looks like an edited copy of a recorded one.",
)
@output_options
@pass_session
@translate_errors
def import_(
    session: Session,
    files: tuple[str, ...],
    fmt: str | None,
    check: bool,
    strict: bool,
    output: str | None,
) -> None:
    """Append the statements of YAML or JSON Lines files ('-' reads standard input).

    Each file is all or nothing: if any statement in it is invalid, nothing from it is written,
    and the other files are still imported. Each file's outcome is printed, then the totals;
    the exit status is 1 if any file failed. A people registry file is skipped with a note.

    \b
    Example:
      diplo import fixtures/000_hill_2018_bolton_paris.yaml
      diplo import --check fixtures/*.yaml
    """
    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read only once: give '-' once")
    if check:
        _check_files(session, files, fmt, output)
        return
    session.may_start_ledger()
    report = []
    for name in files:
        if session.interrupted:  # (Ctrl-C once a file was recorded: no further file is begun)
            report.append(_not_begun(name))
            continue
        report.append(_import_one(session, name, fmt, strict))
    if output:
        emit(report, output)
    else:
        for line in report:
            click.echo(safe(_outcome(line, several=len(files) > 1)), err=bool(line["error"]))
        if len(files) > 1:
            click.echo(_totals(report))
    if any(line["error"] for line in report):
        sys.exit(1)


def _import_one(session: Session, name: str, fmt: str | None, strict: bool) -> dict[str, Any]:
    """One file's outcome: counts, or the error that kept it out, or the note that skipped it;
    statements that look like edited copies of recorded ones are warned of (refused if
    `strict`)."""
    outcome = _nothing_yet(name)
    if is_registry(name):
        outcome["note"] = "a people registry, not statements: give it with --people"
        return outcome
    warnings = _near_duplicates(session, name, fmt)
    outcome["warnings"] = warnings
    if strict and any("looks like a correction" in warning for warning in warnings):
        outcome["error"] = f"{warnings[0]} (refused by --strict)"
        return outcome
    try:
        with progress_bar() as advance:
            result = import_items(session.ledger, iter_file(name, fmt), advance)
    except FILE_ERRORS as error:
        if session.debug:
            raise
        outcome["error"] = _located(name, fmt, one_line(error), getattr(error, "field", ""))
        return outcome
    outcome.update(
        new=result.new_count, corroborated=result.corroborated_count, present=result.present_count
    )
    warnings = outcome["warnings"] = result.warnings + warnings
    for warning in warnings:
        click.echo(safe(f"Warning: {warning}"), err=True)
    return outcome


def _nothing_yet(name: str) -> dict[str, Any]:
    """A file's outcome before anything of it is imported."""
    label = "<stdin>" if name == "-" else name
    return {"file": label, "new": 0, "corroborated": 0, "present": 0, "error": None, "note": None}


def _not_begun(name: str) -> dict[str, Any]:
    """The outcome of a file not imported because the command was interrupted before it."""
    return {**_nothing_yet(name), "note": "interrupted before it was begun", "warnings": []}


def _is_yaml(name: str, fmt: str | None) -> bool:
    """Whether a file that can be read again (not standard input or a pipe) is read as YAML."""
    return (fmt or format_of(name, b"")) == "yaml" and not read_once(name)


def _near_duplicates(session: Session, name: str, fmt: str | None) -> list[str]:
    """Warnings for a file's near-duplicates; none if the file cannot be read (the import says
    why). JSON Lines, the bulk path, is read a second time only if the ledger holds meetings,
    and only the statements of those meetings are kept for the comparison."""
    if read_once(name):
        return []  # standard input or a pipe cannot be read twice
    reads = session.caught_up()
    try:
        if _is_yaml(name, fmt):
            items = read_statements(name, fmt)
            return near_duplicates(reads, items)
        recorded = reads.slugs()
        if not recorded:
            return []
        items = [
            item
            for item in iter_file(name, fmt)
            if isinstance(item, Located) and item.statement.meeting in recorded
        ]
    except FILE_ERRORS:
        return []
    return near_duplicates(reads, items)


FILE_ERRORS = (InputRejected, FieldError, DateError)
"""What is wrong with one file (reported, and the other files imported); storage errors stop
the whole import."""


def _located(name: str, fmt: str | None, message: str, field: str) -> str:
    """The importer's message with the line and column of its field (from `check_file`),
    and how many more problems the file has."""
    problems = check_file(name, fmt) if field and _is_yaml(name, fmt) else []
    same = [p for p in problems if p.field == field and field]
    if same and ": line " not in message:
        message += f" (line {same[0].line}, column {same[0].column})"
    if len(problems) > 1:
        message += f"; {count(len(problems) - 1, 'more problem')}: see diplo import --check"
    return message


def _outcome(line: dict[str, Any], several: bool) -> str:
    """One file's outcome line (a failure is an error line, on standard error)."""
    if line["error"]:
        also = f"; nothing written from {line['file']}" if several else ""
        return f"Error: {line['error']}{also}"
    if line["note"]:
        return f"{line['file']}: skipped: {line['note']}"
    corroborated = f"{line['corroborated']} corroborated, " if line["corroborated"] else ""
    return f"{line['file']}: {line['new']} new, {corroborated}{line['present']} already present"


def _totals(report: list[dict[str, Any]]) -> str:
    failed = sum(1 for line in report if line["error"])
    skipped = sum(1 for line in report if line["note"])
    parts = [
        f"{count(len(report), 'file')}",
        f"{sum(line['new'] for line in report)} new",
        *[f"{n} corroborated" for n in [sum(line["corroborated"] for line in report)] if n],
        f"{sum(line['present'] for line in report)} already present",
    ]
    if skipped:
        parts.append(f"{skipped} skipped")
    parts.append(f"{failed} failed")
    return "total: " + ", ".join(parts)


def _check_files(
    session: Session, files: tuple[str, ...], fmt: str | None, output: str | None
) -> None:
    """Report every problem of every file (nothing written); exit 1 if there is any. The files
    whose statements are each valid are then recorded in a transaction rolled back, against
    the ledger (an empty one if there is none yet): what the import itself would refuse."""
    problems = []
    notes = []
    with tempfile.TemporaryDirectory(prefix="diplo-check-") as folder:
        valid: dict[str, str] = {}  # (the name given, by the file read: standard input's copy)
        for name in files:
            if is_registry(name):
                notes.append(f"{name}: skipped: a people registry, not statements")
                continue
            path = _copied(name, Path(folder), fmt) if read_once(name) else name
            found = [replace(problem, file=name) for problem in check_file(path, fmt)]
            problems.extend(found)
            if not found:
                valid[path] = name
        if valid:
            with _ledger_to_check(session, Path(folder)) as ledger:
                refused = ledger_problems(ledger, list(valid), fmt)
            problems.extend(replace(problem, file=valid[problem.file]) for problem in refused)
    if output:
        emit([vars(problem) for problem in problems], output)
    else:
        for line in [*notes, *(str(problem) for problem in problems)]:
            click.echo(safe(line))
        verdict = "ok" if not problems else "FAILED"
        click.echo(f"{verdict}: {count(len(problems), 'problem')} in {count(len(files), 'file')}")
    if problems:
        sys.exit(1)


def _copied(name: str, folder: Path, fmt: str | None) -> str:
    """Standard input or a pipe (which can be read only once), read into a file in `folder`
    to be checked twice (alone, then by the ledger), its format found as `import` finds it;
    the name itself if it cannot be read (`check_file` then says why)."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError:
        return name
    path = folder / f"copy-{len(list(folder.iterdir()))}.{fmt or format_of(name, raw)}"
    path.write_bytes(raw)
    return str(path)


@contextmanager
def _ledger_to_check(session: Session, folder: Path) -> Iterator[Ledger]:
    """The ledger a check records into (and rolls back): the session's, or, where it names a
    SQLite file not there yet, an empty one made in `folder` for the check."""
    try:
        found = session.ledger  # (a SQLite file not there is refused: NoLedger)
    except NoLedger:
        found = None
    if found is not None:
        yield found
        return
    ledger = Ledger(choose_database(str(folder / "empty.sqlite")), people=session.people())
    try:
        yield ledger
    finally:
        ledger.close()


@contextmanager
def progress_bar() -> Iterator[Callable[[int], None] | None]:
    """A progress callback that shows a bar once an import is long, on a terminal (else None)."""
    bar = import_progress()
    if bar is None:
        yield None
        return
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
        yield advance
    finally:
        bar.stop()


@click.command()
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
    """Append one statement; prints its id (by default `<meeting>-<kind>-<said_on>`).

    \b
    Example:
      diplo append --meeting trump-putin-paris-2018 --kind confirmed --speaker "Yuri Ushakov" \\
        --side RU --said-on 2018-10-23 --summary "Kremlin confirms a preliminary agreement" \\
        --outlet Ritzau --published 2018-10-23 --party US --party RU
    """
    session.may_start_ledger()
    raw = {
        key: value for key, value in statement_fields(options).items() if value not in (None, ())
    }
    try:
        given = StatementInput.model_validate(raw)
    except Exception as error:  # pydantic.ValidationError
        raise rejected_by_validation("append", error) from None  # type: ignore[arg-type]
    if given.id is None:
        reads = session.caught_up()
        recorded = reads.recorded(given.meeting)
        given = given.model_copy(update={"id": readable_id(recorded, given)})
        warnings = near_duplicates(reads, [Located("append", given)], {given.meeting: recorded})
        for warning in warnings:
            click.echo(safe(f"Warning: {warning}"), err=True)
    result = session.ledger.record([Located("append", given)])
    for warning in result.warnings:
        click.echo(safe(f"Warning: {warning}"), err=True)
    statement_id = (result.new or result.corroborated or result.present)[0]
    if output:
        emit({"id": statement_id, "new": bool(result.new)}, output)
    elif result.new:
        click.echo(statement_id)
    elif result.corroborated:
        click.echo(f"{statement_id} (corroborated: source added)")
    else:
        click.echo(f"{statement_id} (already present)")


def statement_fields(options: dict[str, Any]) -> dict[str, Any]:
    """A statement's fields from the command's options, the source's gathered under `source`."""
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
