"""README.md shows the demo's output; running the same commands must print exactly that."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from diplo.cli import main

ROOT = Path(__file__).resolve().parents[2]


def demo_block() -> list[tuple[str, str]]:
    """(command, expected output) pairs from the README's demo-output block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- demo-output:start -->\n```text\n", 1)[1].split("\n```\n", 1)[0]
    pairs = []
    for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
        command, _, output = chunk.partition("\n")
        pairs.append((command, output.rstrip("\n")))
    return pairs


def test_the_readme_demo_output_is_what_the_demo_prints(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()
    db = str(tmp_path / "demo.sqlite")
    pairs = demo_block()
    assert [command.split()[1] for command, _ in pairs] == [
        "import",
        "meetings",
        "history",
        "status",
    ]
    for command, expected in pairs:
        args = []
        for word in shlex.split(command)[1:]:
            args.extend(
                sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(word)) if "*" in word else [word]
            )
        result = runner.invoke(main, ["--db", db, "--people", "fixtures/people.yaml", *args])
        assert result.exit_code == 0, result.output
        assert result.output.rstrip("\n") == expected, command
