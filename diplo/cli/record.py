"""Commands to record: import, append (correct and the other errata: diplo/cli/errata.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from diplo.cli.output import emit, output_options
from diplo.cli.session import Session, pass_session, translate_errors
from diplo.render import PROGRESS_THRESHOLD, import_progress
from ledger.application import Located, rejected_by_validation
from ledger.importer import import_items, iter_file
from ledger.statement import Attribution, Kind, StatementInput
from projections.queries import ReadSide


@click.command("import")
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
        with progress_bar() as advance:
            result = import_items(session.ledger, iter_file(name, fmt), advance)
        label = "<stdin>" if name == "-" else name
        counts = {"new": result.new_count, "corroborated": result.corroborated_count}
        report.append({"file": label, **counts, "present": result.present_count})
    if output:
        emit(report, output)
        return
    for line in report:
        corroborated = f"{line['corroborated']} corroborated, " if line["corroborated"] else ""
        click.echo(
            f"{line['file']}: {line['new']} new, {corroborated}{line['present']} already present"
        )


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
    """Append one statement; prints its id.

    \b
    Example:
      diplo append --meeting trump-putin-paris-2018 --kind confirmed --speaker "Yuri Ushakov" \\
        --side RU --said-on 2018-10-23 --summary "Kremlin confirms a preliminary agreement" \\
        --outlet Ritzau --published 2018-10-23 --party US --party RU
    """
    raw = {
        key: value for key, value in statement_fields(options).items() if value not in (None, ())
    }
    try:
        given = StatementInput.model_validate(raw)
    except Exception as error:  # pydantic.ValidationError
        raise rejected_by_validation("append", error) from None  # type: ignore[arg-type]
    result = session.ledger.record([Located("append", given)])
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


def only_meeting(reads: ReadSide, statement_id: str) -> str:
    """The one meeting that has a statement with this id, or a one-line error. Where a moved
    statement is in two, the one it was moved to."""
    slugs = reads.locate(statement_id)
    if not slugs:
        raise click.ClickException(f"no statement '{statement_id}' in the ledger")
    if len(slugs) > 1:
        live = [
            s for s in slugs if (reads.statement(s, statement_id) or {}).get("withdrawn") is None
        ]
        slugs = live if len(live) == 1 else slugs
    if len(slugs) > 1:
        raise click.ClickException(
            f"'{statement_id}' is in several meetings ({', '.join(slugs)}): give --meeting"
        )
    return slugs[0]
