"""Long tables streamed (issue 14): `diplo.table_stream.print_rows` writes the lines Rich
prints for the whole table, in plain text and on a styled terminal, whatever the cells hold."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from diplo.render import TrimmedConsole
from diplo.table_stream import CHUNK, print_rows
from diplo.tables import table_of

HEADERS = ["meeting", "status", "parties", "place"]
SIZES = [12, 9, 14, 10]

TRICKY = [
    ["a-slug", "held", "US supports, RU silent", "Geneva"],
    ["exactly-12ch", "cancelled", "fourteen chars", "ten chars!"],
    ["", "", "", ""],
    ["two  spaces", " lead", "trail ", "a\u00a0nbsp"],
    ["漢字の会談", "held", "Zürich – Genève", "Café"],
    ["e\u0301", "held", "tab\there", "line\r\nbreak"],
    [":smile: code", "[bold]x[/]", "overlong-word-to-fold-here", "x"],
    ["one", "two three four five six", "a b c d e f g h i j k", "Rome"],
]


def plain_console() -> TrimmedConsole:
    return TrimmedConsole(
        color_system=None, highlight=False, markup=False, width=120, file=io.StringIO()
    )


def styled_console() -> TrimmedConsole:
    return TrimmedConsole(
        color_system="standard",
        force_terminal=True,
        highlight=False,
        markup=False,
        width=120,
        file=io.StringIO(),
    )


def rich_lines(out: Console, rows: list[list[str | Text]]) -> str:
    """What Rich prints for the whole table, each line without trailing spaces."""
    texts = [[Text(c) if isinstance(c, str) else c for c in row] for row in rows]
    with out.capture() as captured:
        Console.print(out, table_of("Meetings", HEADERS, SIZES, texts))
    return "".join(f"{line.rstrip()}\n" for line in captured.get().splitlines())


def streamed(out: TrimmedConsole, rows: list[list[str | Text]]) -> str:
    print_rows(out, "Meetings", HEADERS, SIZES, rows)
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


@pytest.mark.parametrize("make", [plain_console, styled_console], ids=["plain", "styled"])
def test_every_kind_of_cell_comes_out_as_in_richs_own_table(make: type[TrimmedConsole]) -> None:
    rows: list[list[str | Text]] = [list(row) for row in TRICKY]
    rows.append([Text("styled"), Text("held", style="bold green"), "x", Text("y", style="red")])
    assert streamed(make(), rows) == rich_lines(make(), rows)


def test_more_rows_than_a_chunk_come_out_as_in_one_table() -> None:
    rows: list[list[str | Text]] = [
        [f"m-{n:04d}", "agreed" if n % 3 else "proposed", "US supports, RU denies", "Oslo"]
        for n in range(2 * CHUNK + 7)
    ]
    assert streamed(plain_console(), rows) == rich_lines(plain_console(), rows)


def test_a_plain_table_is_the_rich_frame_with_each_cell_wrapped_at_its_spaces() -> None:
    rows: list[list[str | Text]] = [
        ["a-slug", "held", "US supports, RU silent", "Geneva"],
        ["b", "agreed", "FR denies", ""],
    ]
    assert (
        streamed(plain_console(), rows)
        == (
            " "
            * 25  # centred over the table's 58 columns
            + "Meetings\n"
            "┏━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓\n"
            "┃ meeting      ┃ status    ┃ parties        ┃ place      ┃\n"
            "┡━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩\n"
            "│ a-slug       │ held      │ US supports,   │ Geneva     │\n"
            "│              │           │ RU silent      │            │\n"
            "│ b            │ agreed    │ FR denies      │            │\n"
            "└──────────────┴───────────┴────────────────┴────────────┘\n"
        )
    )


def test_no_rows_is_richs_empty_table() -> None:
    assert streamed(plain_console(), []) == rich_lines(plain_console(), [])
