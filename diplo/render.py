"""Text output: rich tables on a terminal, plain text with no escape codes in a pipe."""

from __future__ import annotations

import csv
import io
import json
import os
import re
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
)
from rich.table import Table
from rich.text import Text

from diplo.dates import human_date

STATUS_STYLE = {
    "proposed": "yellow",
    "agreed": "green",
    "held": "bold green",
    "postponed": "magenta",
    "cancelled": "red",
}
STANCE_STYLE = {"supports": "green", "denies": "red", "silent": "dim"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


PIPE_WIDTH = 140
"""Width of text written to a pipe or file, where no terminal says how wide it is."""


def console() -> Console:
    """A console that styles only a real terminal, and writes plain text (no escape codes at
    all) to a pipe or when NO_COLOR is set."""
    probe = Console()
    width = None if probe.is_terminal else PIPE_WIDTH
    plain = bool(os.environ.get("NO_COLOR")) or not probe.is_terminal
    return Console(
        color_system=None if plain else "auto", highlight=False, soft_wrap=False, width=width
    )


def safe(text: str | None) -> str:
    """Text with terminal control characters shown escaped (\\x1b), never sent raw."""
    if text is None:
        return ""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def when(value: Any) -> str:
    """A date (ISO or EDTF) as people read it (diplo.dates.human_date); "" for none."""
    return human_date(str(value)) if value else ""


DATE_FIELDS = frozenset({"plan.planned_for", "planned_for", "said_on"})
"""Change and plan fields whose values are fuzzy dates, shown in their human form."""


def styled(text: str | None, style: str | None) -> Text:
    return Text(safe(text), style=style or "")


def stances_text(parties: dict[str, str]) -> Text:
    out = Text()
    for index, (side, stance) in enumerate(parties.items()):
        if index:
            out.append(", ")
        out.append(f"{safe(side)} ")
        out.append(stance, style=STANCE_STYLE.get(stance, ""))
    return out


def render_meetings(rows: list[dict[str, Any]]) -> None:
    out = console()
    if not rows:
        out.print("no meetings")
        return
    table = Table(title="Meetings", show_lines=False)
    for column in ("meeting", "status", "parties", "place", "planned for", "statements", "latest"):
        table.add_column(column)
    for row in rows:
        status = row["status"] + (" (disputed)" if row["disputed"] else "")
        table.add_row(
            styled(row["meeting"], None),
            styled(status, STATUS_STYLE.get(row["status"])),
            stances_text(row["parties"]),
            styled(row["plan"]["place"], None),
            styled(when(row["plan"]["planned_for"]), None),
            str(row["statement_count"]),
            styled(when(row["latest_said"]), None),
        )
    out.print(table)


def render_status(data: dict[str, Any]) -> None:
    out = console()
    plan = data["plan"]
    heading = Text(safe(data["meeting"]) + ": ")
    heading.append(data["status"], style=STATUS_STYLE.get(data["status"], ""))
    if data["disputed"]:
        heading.append(" (disputed)", style="red")
    out.print(heading)
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
    if data.get("recorded_by"):
        scope.append(f"as recorded by {data['recorded_by']}")
    out.print(f"counted:      {', '.join(scope)}")


def render_history(meeting: str, steps: list[dict[str, Any]]) -> None:
    out = console()
    table = Table(title=f"History of {safe(meeting)}", show_lines=True)
    for column in ("said on", "statement", "words", "source", "status", "changed"):
        table.add_column(column, overflow="fold")
    for step in steps:
        who = Text(f"{step['kind']}\n", style="bold")
        who.append(f"{safe(step['speaker'])} ({safe(step['side'])})")
        if step["attribution"] != "on_record":
            who.append(
                f"\n{step['attribution']}" + (f" via {safe(step['via'])}" if step["via"] else "")
            )
        who.append(f"\n{safe(step['id'])}", style="dim")
        words = Text(safe(step["quote"] or step["summary"]))
        if step["translation"]:
            words.append(f"\n[{safe(step['translation'])}]", style="italic")
        source = step["source"]
        where = f"{safe(source['outlet'])}, {when(source['published'])}"
        if source.get("url"):
            where += f"\n{safe(source['url'])}"
        status = Text(f"{step['status_before'] or '-'} -> ")
        status.append(step["status_after"], style=STATUS_STYLE.get(step["status_after"], ""))
        table.add_row(
            when(step["said_on"]),
            who,
            words,
            where,
            status,
            Text(_changes_text(step)),
        )
    out.print(table)


def _changes_text(step: dict[str, Any]) -> str:
    lines = [
        f"{c['field']}: {_short(c['before'], c['field'])} -> {_short(c['after'], c['field'])}"
        for c in step["changes"]
    ]
    if step["note"]:
        lines.append(f"({safe(step['note'])})")
    if step["retracted_by"]:
        lines.append(f"(later retracted by {safe(step['retracted_by'])})")
    lines.extend(
        f"erratum: {', '.join(e['corrected'])}: {safe(e['reason'])}" for e in step["errata"]
    )
    return "\n".join(lines) or "-"


def _short(value: Any, field: str = "") -> str:
    if isinstance(value, list):
        return ", ".join(safe(str(v)) for v in value) or "-"
    if value is not None and field in DATE_FIELDS:
        return safe(when(value))
    return safe(str(value)) if value is not None else "-"


def render_statement(data: dict[str, Any]) -> None:
    """One statement: its fields, every source, each erratum (old -> new values) and whether it
    was withdrawn or moved."""
    out = console()
    source = data["source"]
    withdrawn = data.get("withdrawn")
    rows = [
        ("id", data["id"]),
        ("meeting", data["meeting"]),
        ("moved from", data.get("moved_from")),
        ("withdrawn", withdrawn and withdrawn["reason"]),
        ("moved to", withdrawn and withdrawn["moved_to"]),
        ("kind", data["kind"]),
        ("speaker", data["speaker"]),
        ("as written", data["speaker_as_written"]),
        ("side", data["side"]),
        ("attribution", data["attribution"]),
        ("via", data["via"]),
        ("said on", when(data["said_on"])),
        ("counts from", when(data["effective_on"])),
        ("quote", data["quote"]),
        ("summary", data["summary"]),
        ("translation", data["translation"]),
        ("retracts", data["retracts"]),
        ("retracted by", data["retracted_by"]),
        ("outlet", source["outlet"]),
        ("published", when(source["published"])),
        ("title", source.get("title")),
        ("url", source.get("url")),
        ("language", source["language"]),
    ]
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
            table.add_row(label, safe(value))
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


def _corrected(erratum: dict[str, Any]) -> str:
    """A correction's new values, dates in their human form."""
    return "; ".join(
        f"{name}: {_short(value, name)}" for name, value in erratum["corrected"].items()
    )


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header; nested values (lists, objects) as compact JSON."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
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


def import_progress() -> Progress | None:
    """A progress bar with a rate, on a terminal (standard error); None when piped."""
    err = Console(stderr=True)
    if not err.is_terminal:
        return None
    return Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
