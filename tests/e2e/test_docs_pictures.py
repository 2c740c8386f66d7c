"""The timeline pictures in docs/ and the README are what the code draws from the seeds now
(issue 16): each is drawn again, exactly as `python scripts/render_docs.py` draws it, and must
be the same picture, pixel for pixel."""

from __future__ import annotations

import runpy
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]


def test_the_docs_timelines_are_drawn_by_the_current_code(tmp_path: Path) -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "render_docs.py"))["render"]
    drawn: list[Path] = render(tmp_path)
    assert [path.name for path in drawn] == [
        "timeline-paris-2018.png",
        "timeline-summit-2025.png",
        "timeline-washington-2018.png",
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    for path in drawn:
        assert f"](docs/{path.name})" in readme and f"]({path.name})" in guide, path.name
        with Image.open(path) as now, Image.open(ROOT / "docs" / path.name) as shown:
            stale = f"docs/{path.name} is stale: run python scripts/render_docs.py"
            assert now.size == shown.size, stale
            changed = ImageChops.difference(now.convert("RGB"), shown.convert("RGB"))
            assert changed.getbbox() is None, stale
