"""One JSON Lines line read as a statement file's line must be: valid JSON, no key twice in one
object, nested at most `MAX_JSON_DEPTH` levels.

Most lines are read by orjson. Python's own parser, which can refuse a duplicate key as it
reads, is kept for what orjson cannot vouch for: a line with a backslash (an escape could spell
a key twice in other letters), one whose keys cannot be counted from its text, one orjson
refuses (then the error says why, as Python's parser puts it), one nested too deeply and one
with a number that is not an integer (orjson reads a very long integer as a float).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import orjson

MAX_JSON_DEPTH = 32
"""Deepest JSON nesting accepted in one line."""
KEY_END = re.compile(r'"\s*:')
"""A quote then a colon: in a line without backslashes, after each key once, and elsewhere only
where a string value begins with a colon (counted too many, never too few)."""


class LineProblem(ValueError):
    """What is wrong with a line (`str` says it)."""


def parsed_line(text: str) -> Any:
    """The value of one line; `LineProblem` if it is not valid JSON (including a number too
    long to read), has a key twice in one object, or is nested too deeply."""
    if "\\" not in text:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # Python's parser says why (or reads what orjson does not: NaN, a huge number)
        else:
            keys = _keys(data, 0)
            if keys is not None and keys == len(KEY_END.findall(text)):
                return data  # every key counted in the text is in the value: none twice
    return _strictly_parsed(text)


def _keys(data: Any, depth: int) -> int | None:
    """How many keys the value's objects have in all; None if it is nested deeper than
    `MAX_JSON_DEPTH` (the strict parser says so) or holds a number that is not an integer
    (Python's parser reads it as it is written)."""
    if isinstance(data, dict):
        keys, values = len(data), list(data.values())
    elif isinstance(data, list):
        keys, values = 0, data
    else:
        return None if isinstance(data, float) else 0
    if values and depth >= MAX_JSON_DEPTH:
        return None  # its values are a level deeper
    for value in values:
        if isinstance(value, float):
            return None  # (orjson reads an integer too long for 64 bits as a float)
        if isinstance(value, dict | list):
            inner = _keys(value, depth + 1)
            if inner is None:
                return None
            keys += inner
    return keys


def _strictly_parsed(text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except RecursionError:
        raise LineProblem("JSON nested too deeply") from None
    except ValueError as error:
        raise LineProblem(json_problem(error)) from None
    check_depth(data)
    return data


def json_problem(error: ValueError) -> str:
    """What is wrong with a line that is not valid JSON."""
    if "integer string conversion" in str(error):
        limit = sys.get_int_max_str_digits()
        return f"a number of over {limit:,} digits, more than can be read (quote it, if it is text)"
    return f"not valid JSON: {error}"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def check_depth(data: Any, depth: int = 0) -> Any:
    """The data, refused (`LineProblem`, a ValueError) if nested deeper than `MAX_JSON_DEPTH`."""
    if depth > MAX_JSON_DEPTH:
        raise LineProblem(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(data, dict):
        for value in data.values():
            check_depth(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            check_depth(value, depth + 1)
    return data
