"""Text output: rich tables on a terminal, plain text with no escape codes in a pipe."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from diplo.dates import human_date
from diplo.safety import neutral_cell, safe
from diplo.tables import output_width
from diplo.wrapping import Pieces, joined, text_of

STATUS_STYLE = {
    "proposed": "yellow",
    "agreed": "green",
    "held": "bold green",
    "postponed": "magenta",
    "cancelled": "red",
}
STANCE_STYLE = {"supports": "green", "denies": "red", "silent": "dim", "undecided": "yellow"}
LINES_PRINTED = 1_000
"""Lines laid out beforehand that a styled console prints at a time."""
WIDE = 10_000
"""The width of a --wide table: as wide as its columns want."""


def console(width: int | None = None) -> TrimmedConsole:
    """A console that styles only a real terminal, and writes plain text (no escape codes at
    all) to a pipe or when NO_COLOR is set; in a pipe as wide as `COLUMNS` says (else 100)."""
    probe = Console()
    width = width or output_width()
    plain = bool(os.environ.get("NO_COLOR")) or not probe.is_terminal
    return TrimmedConsole(
        color_system=None if plain else "auto",
        highlight=False,
        markup=False,  # a user's "[bold]" or "[/]" is text, never styling (nor a MarkupError)
        soft_wrap=False,
        width=width,
    )


class TrimmedConsole(Console):
    """A console whose lines carry no trailing spaces (Rich pads table cells and grids); a
    reader that goes away (`| head -1`) is the command's to handle (diplo.cli.session: silence
    and exit 0), not rich's exit 1."""

    def print(self, *objects: Any, **options: Any) -> None:
        with self.capture() as captured:
            super().print(*objects, **options)
        self._write_trimmed(captured.get())

    def print_lines(self, lines: list[Pieces]) -> None:
        """Lines already laid out to fit (tabs expanded), one under another: written as their
        plain text where the console styles nothing (what Rich would write, without laying
        each out again), else printed by Rich."""
        if self.color_system is None:
            self._write_trimmed("\n".join(map(joined, lines)))
            return
        for start in range(0, len(lines), LINES_PRINTED):  # (a long history's Texts: not at once)
            chunk = lines[start : start + LINES_PRINTED]
            self.print(*map(text_of, chunk), sep="\n", soft_wrap=True)

    def _write_trimmed(self, text: str) -> None:
        """Write the text line by line (split at U+2028 too), with no trailing spaces."""
        self.file.write("".join(f"{line.rstrip()}\n" for line in text.splitlines()))
        self.file.flush()

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def when(value: Any) -> str:
    """A date (ISO or EDTF) as people read it (diplo.dates.human_date); "" for none."""
    return human_date(str(value)) if value else ""


DATE_FIELDS = frozenset({"plan.planned_for", "planned_for", "said_on"})
"""Change and plan fields whose values are fuzzy dates, shown in their human form."""


def styled(text: str | None, style: str | None) -> Text:
    return Text(safe(text), style=style or "")


def stances_pieces(parties: dict[str, str]) -> Pieces:
    """`US supports, RU silent`, each stance styled."""
    pieces: Pieces = []
    for index, (side, stance) in enumerate(parties.items()):
        if index:
            pieces.append((", ", ""))
        pieces.extend(((f"{safe(side)} ", ""), (stance, STANCE_STYLE.get(stance, ""))))
    return pieces


def stances_text(parties: dict[str, str]) -> Text:
    out = Text()
    for piece, style in stances_pieces(parties):
        out.append(piece, style=style)
    return out


def status_pieces(data: dict[str, Any]) -> Pieces:
    """`agreed`, `agreed (disputed)`, `agreed (overdue since 12 Nov 2018)`, styled."""
    pieces = [(str(data["status"]), STATUS_STYLE.get(data["status"], ""))]
    if data["disputed"]:
        pieces.append((" (disputed)", "red"))
    if data.get("overdue"):
        pieces.append((f" (overdue since {when(data['overdue_since'])})", "red"))
    return pieces


def status_text(data: dict[str, Any]) -> Text:
    """The status (`status_pieces`) in the status's style, its remarks in theirs."""
    (status, style), *remarks = status_pieces(data)
    text = Text(status, style=style)
    for remark, remark_style in remarks:
        text.append(remark, style=remark_style)
    return text


def plural(number: int, word: str) -> str:
    """`word` or its plural (an s) for `number` of them."""
    return word if number == 1 else f"{word}s"


def count(number: int, word: str) -> str:
    """`1 meeting`, `2 meetings`."""
    return f"{number} {plural(number, word)}"


def render_status(data: dict[str, Any]) -> None:
    out = console()
    plan = data["plan"]
    out.print(Text(safe(data["meeting"]) + ": ").append_text(status_text(data)))
    out.print(Text("parties:      ").append_text(stances_text(data["parties"]) or Text("-")))
    out.print(f"participants: {safe(', '.join(plan['participants'])) or '-'}")
    out.print(f"place:        {safe(plan['place']) or '-'}")
    out.print(f"planned for:  {safe(when(plan['planned_for'])) or '-'}")
    span = ""
    if data["statement_count"]:
        span = f" ({when(data['first_said'])} to {when(data['latest_said'])})"
    out.print(f"statements:   {data['statement_count']}{span}")
    scope = [f"evidence {data['evidence']}"]
    if data.get("as_of"):
        scope.append(f"as of {when(data['as_of'])}")
    if data.get("known_by"):
        scope.append(f"known by {when(data['known_by'])}")
    if data.get("recorded_by"):
        scope.append(f"as recorded by {when(data['recorded_by'])}")
    out.print(f"counted:      {', '.join(scope)}")


def _short(value: Any, field: str = "") -> str:
    """A value as text: a list joined, a date in words, a flag as yes or no, nothing as -."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(safe(str(v)) for v in value) or "-"
    if value is not None and field in DATE_FIELDS:
        return safe(when(value))
    return safe(str(value)) if value is not None else "-"


STATEMENT_FIELDS = (
    "id",
    "meeting",
    "moved_from",
    "withdrawn",
    "moved_to",
    "kind",
    "speaker",
    "speaker_as_written",
    "side",
    "attribution",
    "via",
    "said_on",
    "effective_on",
    "quote",
    "summary",
    "translation",
    "retracts",
    "retracted_by",
)
"""The fields `show` prints first, in this order; then those of the first source."""
SOURCE_FIELDS = ("outlet", "published", "title", "url", "language")
FIELD_LABELS = {"speaker_as_written": "as written", "effective_on": "counts from"}
"""Labels other than the field's own name with spaces for underscores."""


def _statement_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) of each field `show` prints, a withdrawal's reason and destination too."""
    withdrawn = data.get("withdrawn") or {}
    values = {
        **data,
        "withdrawn": withdrawn.get("reason"),
        "moved_to": withdrawn.get("moved_to"),
        "said_on": when(data["said_on"]),
        "effective_on": when(data["effective_on"]),
    }
    source = {**data["source"], "published": when(data["source"]["published"])}
    rows = [
        (FIELD_LABELS.get(key, key.replace("_", " ")), values.get(key)) for key in STATEMENT_FIELDS
    ]
    return rows + [(key, source.get(key)) for key in SOURCE_FIELDS]


def render_statement(data: dict[str, Any]) -> None:
    """One statement: its fields, every source, each erratum (old -> new values) and whether it
    was withdrawn or moved."""
    out = console()
    rows = _statement_rows(data)
    for other in data.get("sources", [])[1:]:
        cited = [other["outlet"], when(other["published"]), other.get("title"), other.get("url")]
        rows.append(("also reported", ", ".join(str(part) for part in cited if part)))
    rows += [("recorded at", data["recorded_at"]), ("version", str(data["version"]))]
    rows.extend((f"plan {k}", _short(v, k)) for k, v in data["plan_given"].items())
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in rows:
        if value is not None:
            table.add_row(label, _short(value))  # (a walk-back may retract several: a list)
    for erratum in data["errata"]:
        before = erratum.get("before")
        changes = (
            "; ".join(
                f"{name}: {_short(before.get(name), name)} -> {_short(value, name)}"
                for name, value in erratum["corrected"].items()
            )
            if before is not None
            else _corrected(erratum)
        )
        table.add_row("erratum", safe(f"{erratum['recorded_at']}: {changes} ({erratum['reason']})"))
    out.print(table)


def sources_text(sources: list[dict[str, Any]]) -> str:
    """Sources of a statement, one a line: outlet, date, url."""
    lines = []
    for source in sources:
        line = f"{safe(source['outlet'])}, {when(source['published'])}"
        if source.get("url"):
            line += f" {safe(source['url'])}"
        lines.append(line)
    return "\n".join(lines)


def _corrected(erratum: dict[str, Any]) -> str:
    """A correction's new values, dates in their human form."""
    return "; ".join(
        f"{name}: {_short(value, name)}" for name, value in erratum["corrected"].items()
    )


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header; nested objects flattened into named columns (`parties.US`,
    `plan.place`), lists of plain values joined with "; ", lists of objects as compact JSON;
    cells a spreadsheet would read as formulas neutralised (`neutral_cell`)."""
    flat = [_flatten(row) for row in rows]
    columns: dict[str, None] = {}
    for row in flat:
        columns.update(dict.fromkeys(row))
    # Written with CR LF, so that csv quotes a cell holding a CR as well as one holding LF;
    # each record's own CR LF then becomes LF.
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    records: list[str] = []
    writer.writeheader()
    records.append(_take_record(buffer))
    for row in flat:
        writer.writerow({key: neutral_cell(_cell(value)) for key, value in row.items()})
        records.append(_take_record(buffer))
    return "".join(records)


def _take_record(buffer: io.StringIO) -> str:
    """The one record written to `buffer`, its CR LF made LF; the buffer is emptied."""
    record = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return record.removesuffix("\r\n") + "\n"


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else value


class RateColumn(ProgressColumn):
    """Statements per second, for the import progress bar."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} statements/s" if speed else "", style="cyan")


PROGRESS_THRESHOLD = 2_000
"""Imports of more statements than this show a progress bar on a terminal."""


def site_progress() -> Progress | None:
    """A progress bar of the meetings a site has written, with the time left, on a terminal
    (standard error); None when piped."""
    return _terminal_progress(
        TextColumn("writing the site"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("meetings"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )


def import_progress() -> Progress | None:
    """A progress bar with a rate, on a terminal (standard error); None when piped."""
    return _terminal_progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    )


def _terminal_progress(*columns: ProgressColumn) -> Progress | None:
    """A progress bar of these columns on standard error, gone when done; None when piped."""
    err = Console(stderr=True)
    if not err.is_terminal:
        return None
    return Progress(*columns, console=err, transient=True)
