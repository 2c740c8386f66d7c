"""Timelines kept with a site, so the next `diplo site` into the same directory draws only
those that changed.

Drawing a timeline is most of a site's time (about a third of a second a meeting, matplotlib's
layout), and from one day's site to the next most meetings have not changed. Each drawing used
is kept in the site's `.diplo-drawings/` directory under a name that is the SHA-256 of what it
was drawn from (the meeting's slug, its steps, the label) and of the code that draws it (every
module of `diplo`, `projections` and `ledger`, the versions of the project, matplotlib and
lxml): an upgrade draws every timeline afresh, and so does any change of what one shows. The
next site takes a drawing from the earlier site's directory when the name matches, cleaned
again as a new drawing is (`clean_svg`: no script, handler, outside link or style can come in
with it), and keeps only the drawings it used. `diplo site --redraw` draws every timeline
afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from hashlib import sha256
from importlib import metadata, resources
from importlib.abc import Traversable
from pathlib import Path

KEPT = ".diplo-drawings"
"""The directory of a site that holds its drawings."""
LARGEST = 8 * 1024 * 1024
"""The largest kept drawing read back, in bytes (a timeline is tens of kilobytes)."""
DRAWING_CODE = ("diplo", "projections", "ledger")
"""The packages whose modules draw a timeline (with the dates, statuses and kinds it shows),
label it and make it fit for a page: all of the project's."""


class KeptDrawings:
    """The drawings an earlier site kept (`earlier`, if any) and those this one keeps."""

    def __init__(
        self, site: Path, earlier: Path | None, clean: Callable[[bytes, str], str]
    ) -> None:
        self.directory = site / KEPT
        self.directory.mkdir()
        self.earlier = earlier / KEPT if earlier is not None else None
        self.clean = clean
        """How a drawing is made fit for a page (`diplo.web.svg.clean_svg`)."""
        self.kept: set[str] = set()
        self.taken = 0
        """How many of them the earlier site kept."""

    def find(self, key: bytes, label: str) -> str | None:
        """The drawing of `key` the earlier site kept, cleaned again; None if none."""
        if self.earlier is None:
            return None
        path = self.earlier / _name(key)
        try:  # (a link, or a file larger than any drawing, is not a drawing this site kept)
            if path.is_symlink() or path.stat().st_size > LARGEST:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        try:
            markup = self.clean(data, label)
        except (ValueError, SyntaxError):  # (lxml's XMLSyntaxError): damaged since, drawn again
            return None
        self.taken += 1
        return markup

    def keep(self, key: bytes, markup: str) -> None:
        """Keep a drawing used by this site (once)."""
        name = _name(key)
        if name not in self.kept:
            (self.directory / name).write_text(markup, encoding="utf-8")
            self.kept.add(name)


def _sources(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    """The Python modules under a package's folder, by path, in a fixed order."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _sources(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield prefix + entry.name, entry.read_bytes()


def _name(key: bytes) -> str:
    return sha256(code_fingerprint() + key).hexdigest() + ".svg"


@cache
def code_fingerprint() -> bytes:
    """The SHA-256 of the drawing code's source, its version and those of the libraries it
    uses."""
    digest = sha256()
    for package in DRAWING_CODE:
        for name, source in _sources(resources.files(package), f"{package}/"):
            digest.update(name.encode() + b"\0" + source + b"\0")
    for library in ("diplomatic-ledger", "matplotlib", "lxml"):  # (an install without sources)
        digest.update(f"{library} {metadata.version(library)}".encode())
    return digest.digest()
