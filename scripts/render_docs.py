"""Render the timeline pictures in docs/ from the seed fixtures: `python scripts/render_docs.py`.

The seed statements are imported into a throw-away SQLite ledger and read back through the read
side, exactly as `diplo timeline` does; each picture is written to docs/timeline-<name>.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from diplo.timeline import draw_meeting
from ledger.application import Ledger
from ledger.importer import read_people, read_statements
from ledger.storage import choose_database
from projections.queries import ReadSide

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
PICTURES = {
    "paris-2018": "trump-putin-paris-2018",
    "summit-2025": "trump-putin-summit-2025",
    "washington-2018": "trump-putin-washington-2018",
}
"""docs/timeline-<name>.png -> the seed meeting it shows."""


def render(folder: Path) -> list[Path]:
    """Import the seed fixtures into a fresh ledger and draw each chosen meeting into `folder`."""
    with tempfile.TemporaryDirectory() as scratch:
        app = Ledger(
            choose_database(str(Path(scratch) / "seed.sqlite")),
            people=read_people(str(FIXTURES / "people.yaml")),
        )
        try:
            for path in sorted(FIXTURES.glob("0*.yaml")):
                app.record(read_statements(str(path)))
            reads = ReadSide.of(app)
            reads.projector.catch_up()
            written = []
            for name, slug in PICTURES.items():
                steps = reads.history(slug)
                if not steps:
                    raise SystemExit(f"no meeting '{slug}' in the seed fixtures")
                out = folder / f"timeline-{name}.png"
                started = time.perf_counter()
                draw_meeting(slug, steps, out)
                shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
                print(f"wrote {shown} in {time.perf_counter() - started:.2f} s")
                written.append(out)
            return written
        finally:
            app.close()


if __name__ == "__main__":
    render(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
