"""Reading one JSON Lines line (`ledger.json_line`): orjson reads most lines, and whatever it
cannot vouch for is read by Python's parser, which refuses a key given twice, however it is
spelt or hidden."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import json_line
from ledger.json_line import LineProblem, parsed_line


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('{"a": 1, "a": 2}', "a"),
        ('{"a" : 1 ,"a"  :2}', "a"),
        ('{"source": {"outlet": "Wire", "outlet": "Tass"}}', "outlet"),
        ('{"quote": "yes", "\\u0071uote": "no"}', "quote"),
        ('{"a": ":x", "a": 1}', "a"),
        ('[{"b": 1}, {"b": 2, "b": 3}]', "b"),
    ],
)
def test_a_key_given_twice_in_one_object_is_refused(line: str, key: str) -> None:
    with pytest.raises(LineProblem, match=f"^not valid JSON: duplicate key '{key}'"):
        parsed_line(line)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ('{"a": ":x", "b": 1}', {"a": ":x", "b": 1}),
        ('{"a": {"b": 1}, "c": {"b": 2}}', {"a": {"b": 1}, "c": {"b": 2}}),
        ('{"quote": "He said \\"yes\\""}', {"quote": 'He said "yes"'}),
        ('{"k\\u00f8benhavn": "Bella"}', {"københavn": "Bella"}),
        ('{"place": "Tromsø: havn"}', {"place": "Tromsø: havn"}),
        ("[]", []),
        ('"text"', "text"),
    ],
)
def test_the_same_key_in_other_objects_and_colons_in_words_are_read(
    line: str, value: object
) -> None:
    assert parsed_line(line) == value


def test_what_orjson_refuses_python_reads_as_before() -> None:
    assert math.isnan(parsed_line('{"a": NaN}')["a"])
    assert parsed_line('{"a": 123456789012345678901234567890}') == {
        "a": 123456789012345678901234567890
    }


def test_a_line_nested_too_deeply_is_refused() -> None:
    with pytest.raises(LineProblem, match="^JSON nested deeper than 32 levels$"):
        parsed_line("[" * 33 + "1" + "]" * 33)
    assert parsed_line("[" * 32 + "1" + "]" * 32) is not None


def test_a_line_that_is_not_json_says_where() -> None:
    with pytest.raises(
        LineProblem, match="^not valid JSON: Expecting ',' delimiter: line 1 column 9 "
    ):
        parsed_line('{"a": 1 "b": 2}')


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from([", ", ",", " ,\t"]))
def test_any_value_reads_as_python_reads_it_and_a_key_written_twice_is_refused(
    value: object, comma: str
) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert parsed_line(text) == json.loads(text)
    if isinstance(value, dict) and value:
        key = json.dumps(next(iter(value)), ensure_ascii=False)
        twice = "{" + f"{key}: 0{comma}" + text[1:]
        with pytest.raises(LineProblem, match="^not valid JSON: duplicate key"):
            parsed_line(twice)


def test_a_line_without_backslashes_or_keys_given_twice_is_read_by_orjson_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    strictly: list[str] = []
    strict = json_line._strictly_parsed
    monkeypatch.setattr(
        json_line, "_strictly_parsed", lambda text: strictly.append(text) or strict(text)
    )
    line = (
        '{"meeting": "paris-2018", "kind": "confirmed", "said_on": "2018-11-11?", '
        '"source": {"outlet": "Wire", "published": "2018-11-12"}, "parties": ["US", "RU"]}'
    )
    assert parsed_line(line)["source"] == {"outlet": "Wire", "published": "2018-11-12"}
    assert strictly == []
    parsed_line('{"quote": "\\u00e9t\\u00e9"}')  # a backslash: Python's parser reads it
    assert len(strictly) == 1
