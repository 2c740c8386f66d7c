"""Machine output, defined once: the --json, --jsonl and --csv options and how data is emitted."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

import click

from diplo.dates import with_human_dates
from diplo.render import to_csv

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
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif output == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(to_csv(rows), nl=False)


def present(data: Any, output: str | None, render: Callable[[], None]) -> None:
    """Emit `data` in the machine format asked for, or else call `render` for people."""
    if output:
        emit(data, output)
    else:
        render()


@contextmanager
def output_file(path: str) -> Iterator[BinaryIO]:
    """The binary file to write ('-' for standard output), all or nothing.

    A regular file is written beside its place and moved there only once complete, so a failure
    (a full disk, an unknown meeting) leaves any file already there as it was. A failure to write
    is an OSError naming the file.
    """
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    try:
        if target.exists() and not target.is_file():  # a device or a pipe: write straight to it
            with target.open("wb") as stream:
                yield stream
            return
        with _replacing(target) as stream:
            yield stream
    except OSError as error:
        if error.filename is not None and not Path(error.filename).name.startswith(
            f".{target.name}."
        ):
            raise  # about another file
        raise OSError(error.errno, error.strerror, path) from None


@contextmanager
def _replacing(target: Path) -> Iterator[BinaryIO]:
    """A temporary file beside `target` that replaces it once written without error."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    name = ""
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", delete=False
        ) as stream:
            name = stream.name
            yield cast(BinaryIO, stream)
        os.chmod(name, mode)
        os.replace(name, target)
    finally:
        if name:
            Path(name).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
