"""A table's columns fit or not whatever the number of rows: the first rows are measured alone
first (`diplo.tables.SAMPLE`), and only a decision they cannot make is left to all of them."""

from __future__ import annotations

from rich.text import Text

from diplo.tables import SAMPLE, fitted_widths

HEADERS = ["a", "b"]


def rows(count: int, long_at: int | None = None, word: str = "w" * 90) -> list[list[str | Text]]:
    """`count` rows of short cells, the one at `long_at` with a word too long for 80 columns."""
    made: list[list[str | Text]] = [["x", "yy"] for _ in range(count)]
    if long_at is not None:
        made[long_at] = ["x", word]
    return made


def test_short_rows_past_the_sample_get_the_widths_a_few_get() -> None:
    # a: "a" and "x" need 1; b: "b" and "yy" need 2; nothing wants more: 1 and 2
    assert fitted_widths(HEADERS, rows(3), 80) == [1, 2]
    assert fitted_widths(HEADERS, rows(SAMPLE + 100), 80) == [1, 2]


def test_a_word_too_long_after_the_sample_still_refuses_the_table() -> None:
    assert fitted_widths(HEADERS, rows(SAMPLE + 100, long_at=SAMPLE + 50), 80) is None


def test_a_word_too_long_in_the_sample_refuses_the_table() -> None:
    assert fitted_widths(HEADERS, rows(SAMPLE + 100, long_at=3), 80) is None


def test_a_long_word_that_fits_after_the_sample_widens_its_column() -> None:
    # b's longest word is 40: the table is 3 * 2 + 1 = 7 columns of rules and padding, a 1
    # wide, b 40 wide (its cells want no more than their longest word)
    found = fitted_widths(HEADERS, rows(SAMPLE + 100, long_at=SAMPLE + 50, word="w" * 40), 80)
    assert found == [1, 40]
