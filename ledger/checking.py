"""`diplo import --check`: every problem of a statement file, each at its line and column; then
what the ledger itself would refuse of the files whose statements are each valid
(`ledger_problems`).

Nothing is written. A YAML file is composed once into nodes that keep the parser's marks, so
each problem points at the line and column of the field it is about (or of the statement,
for a missing field); a JSON Lines problem points at its line. Problems of the file as a whole
(not YAML, not UTF-8, too large) are one problem at line 1.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ledger.application import InputRejected, Ledger, Located
from ledger.importer import (
    BOM,
    JSONL_SUFFIXES,
    MAX_YAML_BYTES,
    _StrictLoader,
    format_of,
    iter_file,
    not_utf8,
    read_once,
    statements_only,
)
from ledger.integrity import LocatedEvent
from ledger.json_line import json_problem
from ledger.statement import FieldError, StatementInput, check_statement
from ledger.suggestions import validation_problems

REGISTRY = re.compile(rb"^people\s*:", re.MULTILINE)
"""A people registry file (`people: [...]`) is not a statement file."""


@dataclass(frozen=True)
class Problem:
    """One problem: `file:line:column: field: message`."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def is_registry(name: str) -> bool:
    """Whether a file is a people registry (its top level holds `people:`)."""
    if read_once(name) or Path(name).suffix.lower() in JSONL_SUFFIXES:
        return False
    try:
        with Path(name).open("rb") as stream:
            head = stream.read(64 * 1024)
    except OSError:
        return False
    return bool(REGISTRY.search(head)) and not re.search(rb"^statements\s*:", head, re.M)


def check_file(name: str, fmt: str | None = None) -> list[Problem]:
    """Every problem of one statement file; [] if every statement is valid on its own."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        return [Problem(name, 1, 1, "", f"cannot read: {error.strerror}")]
    kind = fmt or format_of(name, raw)
    if len(raw) > MAX_YAML_BYTES and kind == "yaml":
        return [Problem(name, 1, 1, "", f"larger than the YAML limit of {MAX_YAML_BYTES} bytes")]
    try:
        text = raw.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as error:
        line, column, message = not_utf8(raw, error)
        return [Problem(name, line, column, "", message)]
    if kind == "jsonl":
        return _check_jsonl(name, text)
    return sorted(_check_yaml(name, text), key=lambda p: (p.line, p.column))


def _check_jsonl(name: str, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except RecursionError:
            problems.append(Problem(name, number, 1, "", "JSON nested too deeply"))
            continue
        except ValueError as error:
            column = getattr(error, "colno", 1)
            problems.append(Problem(name, number, column, "", json_problem(error)))
            continue
        if isinstance(data, dict) and "event" in data and "hash" in data:
            continue  # an exported event: checked when restored
        problems.extend(
            Problem(name, number, 1, field, message) for field, message in _validate(data, None)
        )
    return problems


def _check_yaml(name: str, text: str) -> list[Problem]:
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as error:
        return [Problem(name, 1, 1, "", f"not valid YAML: {error}")]
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [Problem(name, line, column, "", f"not valid YAML: {error.problem}")]
    except yaml.YAMLError as error:
        return [Problem(name, 1, 1, "", f"not valid YAML: {error}")]
    except RecursionError:
        return [Problem(name, 1, 1, "", "not valid YAML: nested too deeply")]
    finally:
        loader.dispose()
    if node is None or not isinstance(data, dict) or not isinstance(data.get("statements"), list):
        return [Problem(name, 1, 1, "statements", "expected a mapping with a list 'statements'")]
    problems = [
        Problem(
            name, *_mark(key), str(key.value), "unknown top-level key; expected source, statements"
        )
        for key, _ in node.value
        if key.value not in ("source", "statements")
    ]
    statements = _value(node, "statements")
    for index, raw in enumerate(data["statements"]):
        item = statements.value[index] if statements is not None else node
        for field, message in _validate(raw, data.get("source")):
            shared = isinstance(raw, dict) and "source" not in raw and _value(node, "source")
            at = _node_at(item, field.split("."), shared)
            problems.append(Problem(name, *_mark(at), field, message))
    return problems


def _validate(raw: Any, shared_source: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, dict):
        return [("", "a statement must be a mapping of fields")]
    if "source" not in raw and shared_source is not None:
        raw = {**raw, "source": shared_source}
    try:
        check_statement(StatementInput.model_validate(raw), date.today())
    except ValidationError as error:
        return validation_problems(error)
    except (InputRejected, FieldError) as error:
        return [(error.field, error.message)]
    return []


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _value(mapping: Any, key: str) -> Any:
    """The value node of `key` in a mapping node, or None."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if key_node.value == key:
            return value_node
    return None


def _node_at(node: Any, path: list[str], shared_source: Any) -> Any:
    """The deepest node along a field path (`source.published`, `parties.1`): the key of an
    unknown field, the value of a wrong one, the statement for a missing one."""
    for index, part in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if str(k.value) == part), None)
            if found is None:
                if index == 0 and part == "source" and shared_source:
                    node = shared_source
                    continue
                return node
            node = found[0] if index == len(path) - 1 and _is_unknown_key(found) else found[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            return node
    return node


def _is_unknown_key(pair: tuple[Any, Any]) -> bool:
    return pair[0].value not in {
        *StatementInput.model_fields,
        "outlet",
        "published",
        "url",
        "title",
        "language",
    }


def ledger_problems(ledger: Ledger, files: Sequence[str], fmt: str | None) -> list[Problem]:
    """What importing these files (each statement valid on its own) into `ledger` would refuse:
    a walk-back of a statement not recorded, a new meeting with no parties, an id used for
    another statement, an empty file. Each file is recorded in turn, as `import` records them,
    in one transaction that is rolled back (`Ledger.refusals`); a file refused is one problem,
    the first the import meets."""
    refused = ledger.refusals((name, _statements_of(name, fmt)) for name in files)
    return [_at_its_place(name, error) for name, error in refused.items()]


def _statements_of(name: str, fmt: str | None) -> Iterator[Located]:
    items = iter_file(name, fmt)
    first = next(items, None)
    if first is None or isinstance(first, LocatedEvent):
        return  # (an export is restored event for event, not recorded: checked as imported)
    yield from statements_only(name, itertools.chain([first], items))


PLACE = re.compile(r"line (\d+)|statements\[(\d+)\]")
"""Where a refusal says it is, after the file's name: a JSON Lines line, a YAML statement."""


def _at_its_place(name: str, error: InputRejected) -> Problem:
    found = PLACE.fullmatch(error.where.removeprefix(name).lstrip(": "))
    line, column = 1, 1
    if found is not None and found[1]:
        line = int(found[1])
    elif found is not None:
        line, column = _statement_place(name, int(found[2]))
    return Problem(name, line, column, error.field, error.message)


def _statement_place(name: str, index: int) -> tuple[int, int]:
    """The line and column where a YAML file's statement `index` starts ((1, 1) if it cannot
    be found)."""
    loader = _StrictLoader(Path(name).read_bytes().decode("utf-8").removeprefix(BOM))
    try:
        statements = _value(loader.get_single_node(), "statements")
    except yaml.YAMLError:
        return 1, 1
    finally:
        loader.dispose()
    if not isinstance(statements, yaml.SequenceNode) or index >= len(statements.value):
        return 1, 1
    return _mark(statements.value[index])
