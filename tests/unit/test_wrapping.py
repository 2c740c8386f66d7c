"""Styled text wrapped as Rich wraps it (issue 14: a history's 74,000 lines laid out without
Rich's objects): `diplo.wrapping` cuts the lines from the pieces of text, and leaves to Rich
what it does not lay out itself."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from diplo.wrapping import Pieces, greedy_lines, joined, wrap_pieces

OUT = Console(width=80, color_system=None, file=io.StringIO())

TRICKY = [
    "the talks will be held in Geneva next week",
    "Talks\tin Geneva",
    "two  spaces  inside and   three",
    "  leading and trailing  ",
    "a verylongwordthatcannotfitonanyline at all",
    "会談は来週ジュネーブで行われる予定です。",
    "Zürich – Genève, café e\u0301 naïve",
    "nbsp\u00a0between words here",
    "first line\nsecond line is longer than the first\n\nafter a blank",
    "a bell\x07 and a CR LF\r\n here",
    "東京東京東京東京東京 " + "e\u0301" * 5 + " " + "e\u0301" * 5,  # as many cells as characters
    "",
    " ",
]


def test_a_line_breaks_at_the_last_space_that_fits() -> None:
    assert greedy_lines("the talks will be held in Geneva", 10) == [
        "the talks",
        "will be",
        "held in",
        "Geneva",
    ]


def test_a_line_as_wide_as_the_width_stays_whole() -> None:
    assert greedy_lines("held in Geneva", 14) == ["held in Geneva"]
    assert greedy_lines("held in Geneva", 13) == ["held in", "Geneva"]


@pytest.mark.parametrize(
    "text",
    [
        "two  spaces",
        " leading",
        "trailing ",
        "a wordlongerthanten here",
        "会談 は",
        "tab\there",
        "nbsp\u00a0here",
        "e\u0301 combining",
        "東e\u0301 x",  # two cells and none: as long as one each, but not one each
    ],
)
def test_text_rich_lays_out_otherwise_is_left_to_rich(text: str) -> None:
    assert greedy_lines(text, 10) is None


def test_styles_follow_their_words_onto_the_next_lines() -> None:
    pieces: Pieces = [("Talks in ", ""), ("Geneva next week", "bold")]
    assert wrap_pieces(OUT, pieces, 12) == [
        [("Talks in ", "")],
        [("Geneva next ", "bold")],
        [("week", "bold")],
    ]


def test_a_line_that_fits_is_kept_as_it_is_and_newlines_split_it() -> None:
    assert wrap_pieces(OUT, [("a  b ", "red")], 10) == [[("a  b ", "red")]]
    assert wrap_pieces(OUT, [("one\ntwo three", "")], 5) == [
        [("one", "")],
        [("two ", "")],
        [("three", "")],
    ]


def test_control_codes_are_dropped_as_rich_drops_them() -> None:
    assert wrap_pieces(OUT, [("a bell\x07 here", "")], 20) == [[("a bell here", "")]]


@pytest.mark.parametrize("text", TRICKY)
def test_every_kind_of_text_is_wrapped_into_richs_lines(text: str) -> None:
    pieces: Pieces = [(text[:7], "bold"), (text[7:], "")]
    for width in range(1, 31):
        mine = [joined(line).rstrip() for line in wrap_pieces(OUT, pieces, width)]
        rich = Text.assemble(*pieces).wrap(OUT, width, overflow="fold")
        assert mine == [line.plain.rstrip() for line in rich], width
