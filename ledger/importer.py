"""Reading statement files: YAML (a mapping with `source` and `statements`) and JSON Lines.

Every problem is reported as `InputRejected` naming the file, the place (line for JSON Lines,
`statements[i]` for YAML) and the field. Input is read in bounded pieces: a file or line over
the documented limits is refused before it is held in memory.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import ValidationError

from ledger.application import (
    InputRejected,
    Ledger,
    Located,
    RecordResult,
    rejected_by_validation,
)
from ledger.integrity import LocatedEvent, is_export_line, restore
from ledger.json_line import LineProblem, parsed_line
from ledger.people import People, Registry
from ledger.statement import StatementInput

MAX_YAML_BYTES = 32 * 1024 * 1024
"""Largest YAML file accepted (YAML is parsed whole)."""
MAX_JSONL_BYTES = 4 * 1024 * 1024 * 1024
"""Largest JSON Lines file accepted (read line by line)."""
MAX_LINE_BYTES = 1024 * 1024
"""Longest JSON Lines line accepted."""
MAX_YAML_ALIASES = 100
"""Most YAML aliases (*name) accepted in one file: refuses 'billion laughs' expansions."""
MAX_YAML_NODES = 250_000
"""Most YAML parse events (about one per scalar, two per list or mapping) in one file, counted
by a fast pre-scan before anything is built: about 7,000 statements. YAML is built whole in
memory; a larger import belongs in JSON Lines, which is read a line at a time."""
MAX_YAML_DEPTH = 64
"""Deepest YAML nesting accepted (a statement needs four levels)."""

YAML_SUFFIXES = (".yaml", ".yml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
BOM = "\ufeff"
"""A byte order mark, which some editors put at the start of a UTF-8 file."""


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where built


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's parser where available), refusing duplicate keys.
    Aliases, size and depth are checked before it runs (see `_prescan`)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int):
                continue  # (any other key is refused by the constructor: a list has no hash)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.YAMLError(f"line {line}: duplicate key '{key}'")
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


AN_EXPORT = "a file `diplo export` wrote (JSON Lines of meeting, version, event and state)"


def read_statements(name: str, fmt: str | None = None) -> list[Located]:
    """All statements of one file ('-' for standard input), validated one by one."""
    return list(statements_only(name, iter_file(name, fmt)))


def iter_file(
    name: str, fmt: str | None = None, *, exported_only: bool = False
) -> Iterator[Located | LocatedEvent]:
    """One file's statements (or, for a `diplo export` file, its events), read as a stream;
    with `exported_only`, anything but an exported event is refused.

    YAML is parsed whole (it is limited in size); JSON Lines is read line by line, so a file of
    any length passes through in bounded memory.
    """
    label = "<stdin>" if name == "-" else name
    with _open(name, label) as stream:
        kind = fmt or _format_of(name, stream)
        if kind == "yaml":
            if exported_only:
                raise InputRejected(label, "", f"is YAML, not {AN_EXPORT}")
            yield from _yaml_statements(label, stream)
        else:
            yield from _jsonl_statements(label, stream, exported_only)


def import_items(
    ledger: Ledger,
    items: Iterator[Located | LocatedEvent],
    progress: Callable[[int], None] | None = None,
) -> RecordResult:
    """Write one file's items, all or nothing, and count them (no ids are kept).

    The file decides how: a `diplo export` file (its first item an exported event) is restored
    event for event, with its hashes and timestamps; any other file's statements are recorded.
    `progress`, if given, is called as statements are recorded.
    """
    first = next(items, None)
    if first is None:
        return RecordResult(keep_ids=False)
    if isinstance(first, LocatedEvent):
        return restore(ledger, [first, *events_only(items)])
    statements = statements_only("", itertools.chain([first], items))
    return ledger.record(statements, progress=progress, keep_ids=False)


def statements_only(name: str, items: Iterator[Located | LocatedEvent]) -> Iterator[Located]:
    for item in items:
        if isinstance(item, LocatedEvent):
            raise InputRejected(item.where, "", "mixes statements and exported events")
        yield item


def events_only(items: Iterator[Located | LocatedEvent]) -> Iterator[LocatedEvent]:
    for item in items:
        if isinstance(item, Located):
            raise InputRejected(item.where, "", "mixes statements and exported events")
        yield item


def read_people(path: str) -> People:
    """The people registry from a YAML file `people: [{name, side, aliases}]`."""
    with _open(path, path) as stream:
        data = _load_yaml(path, stream)
    try:
        return People.from_registry(Registry.model_validate(data))
    except ValidationError as error:
        raise rejected_by_validation(path, error) from None
    except ValueError as error:
        raise InputRejected(path, "aliases", str(error)) from None


def read_once(name: str) -> bool:
    """Whether a file can be read only once: standard input ('-'), a named pipe, a process
    substitution (`<(...)`), anything but a regular file. Such a file is read by the import
    alone (no registry sniffing, near-duplicate pass or second read to locate an error)."""
    if name == "-":
        return True
    try:
        return not stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return False  # (the import says why it cannot be read)


def _open(name: str, label: str) -> AbstractContextManager[IO[bytes]]:
    """The file to read; standard input is left open (`-` may be read once, not closed)."""
    if name == "-":
        return nullcontext(sys.stdin.buffer)
    path = Path(name)
    try:
        return path.open("rb")
    except OSError as error:
        raise InputRejected(label, "", f"cannot read: {error.strerror}") from None


def _format_of(name: str, stream: IO[bytes]) -> str:
    first = stream.peek(1)[:1] if isinstance(stream, io.BufferedReader) else b""
    return format_of(name, first)


def format_of(name: str, start: bytes) -> str:
    """How a file is read: by its name's suffix, else as JSON Lines if it starts as an object
    does (`start`: its first bytes), else as YAML."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES or (suffix not in YAML_SUFFIXES and start[:1] == b"{"):
        return "jsonl"
    return "yaml"


def _decode(label: str, raw: bytes, first_line: int) -> str:
    """The text of `raw`, whose first line is the file's `first_line`."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column, message = not_utf8(raw, error)
        where = f"line {first_line + line - 1}, column {column}"
        raise InputRejected(label, "", f"{where}: {message}") from None


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int, str]:
    """Where in `raw` its first byte that is not UTF-8 is (line and column, counted from 1,
    the column in characters), and what to say of it."""
    before = raw[: error.start]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8").removeprefix(BOM)) + 1
    message = f"not valid UTF-8 (byte 0x{raw[error.start]:02x}): save the file as UTF-8"
    return before.count(b"\n") + 1, column, message


def _load_yaml(label: str, stream: IO[bytes]) -> Any:
    raw = stream.read(MAX_YAML_BYTES + 1)
    if len(raw) > MAX_YAML_BYTES:
        raise InputRejected(label, "", f"larger than the YAML limit of {MAX_YAML_BYTES} bytes")
    if not raw.strip():
        raise InputRejected(label, "", "the file is empty")
    text = _decode(label, raw, 1)
    if "\x00" in text:
        raise InputRejected(label, "", "the file contains a NUL byte")
    try:
        _prescan(text)
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise InputRejected(label, "", f"not valid YAML: {_one_line(str(error))}") from None
    except RecursionError:
        raise InputRejected(label, "", "not valid YAML: nested too deeply") from None


def _prescan(text: str) -> None:
    """Count the document's parse events, aliases and depth as the parser streams them, and
    raise YAMLError at the first limit passed: nothing is built, so a hostile file (four
    million `0,`, a billion laughs, a deep nest) is refused in about a second."""
    aliases = depth = 0
    for events, event in enumerate(yaml.parse(text, Loader=_BaseLoader), start=1):
        if events > MAX_YAML_NODES:
            raise yaml.YAMLError(
                f"more than {MAX_YAML_NODES} YAML nodes: write an import this large as JSON "
                "Lines (one statement a line), which is read a line at a time"
            )
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_YAML_ALIASES} aliases (*name)")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_YAML_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _yaml_statements(label: str, stream: IO[bytes]) -> list[Located]:
    data = _load_yaml(label, stream)
    if not isinstance(data, dict):
        raise InputRejected(
            label, "", "expected a mapping with 'statements' (a list) and optionally 'source'"
        )
    unknown = sorted(str(key) for key in data if key not in ("source", "statements"))
    if unknown:
        raise InputRejected(label, unknown[0], "unknown top-level key; expected source, statements")
    statements = data.get("statements")
    if not isinstance(statements, list) or not statements:
        raise InputRejected(label, "statements", "expected a non-empty list of statements")
    shared_source = data.get("source")
    located = []
    for index, raw in enumerate(statements):
        where = f"{label}: statements[{index}]"
        located.append(Located(where, _statement(where, raw, shared_source)))
    return located


def _jsonl_statements(
    label: str, stream: IO[bytes], exported_only: bool = False
) -> Iterator[Located | LocatedEvent]:
    total = 0
    count = 0
    for number, raw in enumerate(_bounded_lines(label, stream), start=1):
        total += len(raw)
        if total > MAX_JSONL_BYTES:
            raise InputRejected(label, "", f"larger than the limit of {MAX_JSONL_BYTES} bytes")
        where = f"{label}: line {number}"
        text = _decode(label, raw, number)
        text = (text.removeprefix(BOM) if number == 1 else text).strip()  # everyday: a BOM
        if not text:
            continue
        try:
            data = parsed_line(text)
        except LineProblem as problem:
            raise InputRejected(where, "", str(problem)) from None
        count += 1
        if isinstance(data, dict) and is_export_line(data):
            yield LocatedEvent(where, data)
        elif exported_only:
            raise InputRejected(where, "", f"is not an exported event: give {AN_EXPORT}")
        else:
            yield Located(where, _statement(where, data, None))
    if count == 0:
        raise InputRejected(label, "", "the file is empty")


def _bounded_lines(label: str, stream: IO[bytes]) -> Iterator[bytes]:
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise InputRejected(
                f"{label}: line {number}", "", f"longer than the limit of {MAX_LINE_BYTES} bytes"
            )
        yield line


def _statement(where: str, raw: Any, shared_source: Any) -> StatementInput:
    if not isinstance(raw, dict):
        raise InputRejected(where, "", "a statement must be a mapping of fields")
    if "source" not in raw and shared_source is not None:
        raw = {**raw, "source": shared_source}
    try:
        return StatementInput.model_validate(raw)
    except ValidationError as error:
        raise rejected_by_validation(where, error) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())
