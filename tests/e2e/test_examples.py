"""Every example a user is shown runs as written against the seed fixtures (issue 16).

The examples come from the help of every command of the click group (walked, so a new command
is covered without touching this file) and from the shell blocks of README.md and docs/*.md.
Each block of examples runs in order in a folder of its own, as a user who followed the README
would have it: `fixtures/` beside them, the seed ledger at the default place
(.diplo/ledger.sqlite) and the people registry in DIPLO_PEOPLE. The seeds are imported once per
module and the ledger file copied for each block, so that one block's correction or withdrawal
does not change what the next one sees. Only SQLite: the examples are about the command line,
and each command's storage is tested on both backends elsewhere.
"""

from __future__ import annotations

import glob
import json
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

from diplo.cli import main
from tests.conftest import FIXTURES, SEED_FILES

ROOT = FIXTURES.parent
README = ROOT / "README.md"
NEEDS_A_SERVER = ("serve", "postgresql://")
"""The only examples not run: `diplo serve` (a network server) and any PostgreSQL URL."""
ENV = {"DIPLO_DB": None, "DIPLO_PEOPLE": "fixtures/people.yaml", "COLUMNS": "100"}


def help_examples(command: click.Command, path: str = "diplo") -> Iterator[tuple[str, str]]:
    """(command path, its Example: block) for `command` and every command under it."""
    text = command.help or ""
    if "Example:" in text:
        yield path, text.split("Example:", 1)[1]
    if isinstance(command, click.Group):
        context = click.Context(command, info_name=path)
        for name in sorted(command.list_commands(context)):
            sub = command.get_command(context, name)
            assert sub is not None, f"{path} lists {name} but cannot load it"
            yield from help_examples(sub, f"{path} {name}")


def shell_blocks() -> Iterator[tuple[str, str]]:
    """(file:line, text) of each fenced shell block (`sh` or no language) of README.md and
    docs/*.md, found by a Markdown parser (markdown-it-py, which rich is built on)."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for token in MarkdownIt().parse(path.read_text(encoding="utf-8")):
            if token.type == "fence" and token.info in ("sh", "") and token.map:
                yield f"{path.relative_to(ROOT)}:{token.map[0] + 1}", token.content


def table_examples() -> Iterator[tuple[str, str]]:
    """(README.md:line, command) of each `diplo ...` code span in the README's table of
    commands (the first table after the heading "Commands"), one example a command."""
    after_heading = in_table = False
    for token in MarkdownIt().enable("table").parse(README.read_text(encoding="utf-8")):
        if token.type == "inline" and token.content == "Commands":
            after_heading = True
        elif token.type == "table_close" and in_table:
            return
        in_table = in_table or (after_heading and token.type == "table_open")
        if in_table and token.type == "inline" and token.map:
            for child in token.children or []:
                if child.type == "code_inline" and child.content.startswith("diplo "):
                    yield f"README.md:{token.map[0] + 1}", child.content


def commands(block: str) -> list[str]:
    """The `diplo` command lines of a block: continuations joined, `&&` chains split."""
    joined = re.sub(r"\\\n\s*", " ", block)
    lines = [line.strip() for line in joined.splitlines()]
    return [part for line in lines if line.startswith("diplo ") for part in line.split(" && ")]


def words_of(line: str) -> list[str]:
    """The line's arguments after `diplo`, as a POSIX shell gives them (globs expanded)."""
    words = []
    for word in shlex.split(line, comments=True)[1:]:
        words.extend(sorted(glob.glob(word)) if "*" in word else [word])
    return words


def after_global_options(words: list[str]) -> list[str]:
    """The command and its arguments: `words` without `--db X`, `--people X` or `--debug`."""
    while words[0] in ("--db", "--people", "--debug"):
        words = words[1:] if words[0] == "--debug" else words[2:]
    return words


def needs_a_server(words: list[str]) -> bool:
    """Whether the example runs `diplo serve` or names a PostgreSQL database."""
    return after_global_options(words)[0] == NEEDS_A_SERVER[0] or any(
        NEEDS_A_SERVER[1] in word for word in words
    )


HELP = [(path, commands(block)) for path, block in help_examples(main)]
DOCS = [(where, lines) for where, block in shell_blocks() if (lines := commands(block))]
TABLES = list(table_examples())


@pytest.fixture(scope="module")
def seed_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite ledger holding the five seed articles, read with the people registry."""
    path = tmp_path_factory.mktemp("seed") / "ledger.sqlite"
    people = str(FIXTURES / "people.yaml")
    result = CliRunner().invoke(
        main, ["--db", str(path), "--people", people, "import", *SEED_FILES]
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def run(
    seed_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], Result]:
    """Runs one example line in a fresh folder holding the seeds; fails if it exits non-zero."""
    (tmp_path / ".diplo").mkdir()
    shutil.copyfile(seed_ledger, tmp_path / ".diplo" / "ledger.sqlite")
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    monkeypatch.chdir(tmp_path)

    def example(line: str) -> Result:
        words = words_of(line)
        result = CliRunner(env=ENV).invoke(main, words)
        assert result.exit_code == 0, (line, result.output)
        command = after_global_options(words)
        if command[0] in EFFECTS:
            EFFECTS[command[0]](words, result)
        return result

    return example


def _show(statement_id: str) -> Any:
    shown = CliRunner(env=ENV).invoke(main, ["show", statement_id, "--json"])
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.output)


def _option(words: list[str], name: str) -> str:
    return words[words.index(name) + 1]


def _wrote_files(words: list[str], result: Result) -> None:
    """`-o FILE` (or site's folder) is written and not empty."""
    if "-o" in words:
        assert Path(_option(words, "-o")).stat().st_size > 0, words
    command = after_global_options(words)
    if command[0] == "site":
        assert (Path(command[1]) / "index.html").stat().st_size > 0


def _corrected(words: list[str], result: Result) -> None:
    shown = _show(after_global_options(words)[1])
    given = [name for name in ("--kind", "--said-on", "--speaker", "--side") if name in words]
    assert given, words
    for name in given:
        assert shown[name[2:].replace("-", "_")] == _option(words, name)


def _cited(words: list[str], result: Result) -> None:
    sources = _show(after_global_options(words)[1])["sources"]
    assert _option(words, "--outlet") in [source["outlet"] for source in sources]


def _withdrawn(words: list[str], result: Result) -> None:
    assert _show(after_global_options(words)[1])["withdrawn"]


def _moved(words: list[str], result: Result) -> None:
    assert _show(after_global_options(words)[1])["meeting"] == _option(words, "--to")


def _appended(words: list[str], result: Result) -> None:
    assert _show(result.stdout.split()[0])["meeting"] == _option(words, "--meeting")


def _person_added(words: list[str], result: Result) -> None:
    if words[words.index("people") + 1] == "add":
        registry = Path(_option(words, "--people")).read_text(encoding="utf-8")
        assert words[words.index("add") + 1] in registry


EFFECTS: dict[str, Callable[[list[str], Result], None]] = {
    "append": _appended,
    "correct": _corrected,
    "cite": _cited,
    "withdraw": _withdrawn,
    "move": _moved,
    "people": _person_added,
    "timeline": _wrote_files,
    "export": _wrote_files,
    "site": _wrote_files,
}
"""What an example of each command visibly does, checked after it ran."""


def test_every_command_but_serve_has_a_help_example_that_runs_here() -> None:
    runnable = {
        path.split()[1]
        for path, lines in HELP
        if path != "diplo" and any(not needs_a_server(words_of(line)) for line in lines)
    }
    assert set(main.list_commands(click.Context(main))) - runnable == {"serve"}


@pytest.mark.parametrize(("path", "lines"), HELP, ids=[path for path, _ in HELP])
def test_each_help_example_runs_as_written_against_the_seeds(
    run: Callable[[str], Result], path: str, lines: list[str]
) -> None:
    assert lines, f"{path} --help has an Example: block without a diplo line"
    for line in lines:
        if not needs_a_server(words_of(line)):
            run(line)


@pytest.mark.parametrize(("where", "lines"), DOCS, ids=[where for where, _ in DOCS])
def test_each_shell_example_of_the_readme_and_docs_runs_as_written(
    run: Callable[[str], Result], where: str, lines: list[str]
) -> None:
    for line in lines:
        if not needs_a_server(words_of(line)):
            run(line)


def test_the_readme_gives_an_example_of_every_command_in_its_table() -> None:
    examples = {after_global_options(words_of(line))[0] for _, line in TABLES}
    assert examples == set(main.list_commands(click.Context(main)))


@pytest.mark.parametrize(("where", "line"), TABLES, ids=[f"{at} {cmd[:40]}" for at, cmd in TABLES])
def test_each_example_in_a_table_runs_as_written_against_the_seeds(
    run: Callable[[str], Result], where: str, line: str
) -> None:
    if not needs_a_server(words_of(line)):
        run(line)
