"""Machine output, defined once: the --json, --jsonl and --csv options and how data is emitted."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
import orjson

from diplo.dates import with_human_dates
from diplo.safety import safe, safe_json

F = TypeVar("F", bound=Callable[..., Any])


def output_options(command: F) -> F:
    """--json, --jsonl and --csv, shared by every command that prints data (parameter `output`)."""
    for flag, help_text in (
        ("csv", "Print CSV rows (nested fields as named columns, e.g. plan.place)."),
        ("jsonl", "Print JSON Lines, one object per line."),
        ("json", "Print JSON."),
    ):
        command = click.option(f"--{flag}", "output", flag_value=flag, help=help_text)(command)
    return command


def emit(data: Any, output: str) -> None:
    """`data` (an object or a list of objects) as JSON, JSON Lines or CSV on standard output.

    JSON keeps each fuzzy date's EDTF string and adds its human form beside it (`said_on_human`);
    CSV flattens nested objects into named columns (`parties.US`, `plan.place`)."""
    if output != "csv":
        data = with_human_dates(data)
    rows = data if isinstance(data, list) else [data]
    if output == "json":
        click.echo(safe_json(indented_json(data)))
    elif output == "jsonl":
        for row in rows:
            click.echo(safe_json(json.dumps(row, ensure_ascii=False)))
    else:
        from diplo.render import to_csv  # rich, which render imports: only for CSV

        text = to_csv(rows)
        click.echo(safe(text) if sys.stdout.isatty() else text, nl=False)


def indented_json(data: Any) -> str:
    """JSON indented by two spaces, as `json.dumps(data, ensure_ascii=False, indent=2)` writes
    it, by orjson (ten times faster on a long history)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


def present(data: Any, output: str | None, render: Callable[[], None]) -> None:
    """Emit `data` in the machine format asked for, or else call `render` for people."""
    if output:
        emit(data, output)
    else:
        render()
