"""`diplo site`: the served pages as static files, with their JSON twins and the feeds.

Files are written in a fixed order with fixed content (no clock: the feeds carry the time of
the ledger's latest event), so the same ledger gives the same files. Search and the date
controls need a server, so the static pages leave those forms out.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from diplo.exports.ical import left_out_note
from diplo.files import replacing_directory
from diplo.stopping import STOPPING, stopped_as_by_ctrl_c
from diplo.web import feeds, pages
from diplo.web.links import SiteLinks, file_of, page_path
from diplo.web.params import MeetingsQuery, Moment
from diplo.web.svg import CACHE_SIZE, draw_ahead, keeping_drawings, watch_parent
from diplo.web.views import meeting_html, meetings_html, statement_html, timeline_drawing
from projections.queries import ReadSide

MARKER = ".diplo-site"
MARKER_TEXT = "Written by `diplo site`: the next run replaces every file in this directory.\n"
WINDOW = CACHE_SIZE // 2
"""Meetings whose timelines are drawn together, side by side in the drawing processes."""
DEFAULT_JOBS = 4
"""The most drawing processes started unless `--jobs` asks for more (each takes about 135 MB)."""
MEETINGS_KEPT = 8
"""Meetings whose statements (for their pages) are kept at once: a moved statement's page
shows it on each meeting that has it."""
PER_PROCESS = 16
"""The fewest meetings a drawing process is started for: starting one (and loading matplotlib
there) takes about as long as drawing five timelines."""


class SiteError(ValueError):
    """A site that cannot be written as asked; the message says what to change."""


class BadBaseURL(SiteError):
    """A --base-url that is not an absolute http(s) url."""


class SiteDirectoryError(SiteError):
    """A DIR that is a file, or holds files that no earlier `diplo site` wrote."""


@dataclass(frozen=True)
class SiteWritten:
    """What `write_site` did."""

    files: int
    """Every file but the MARKER, the kept drawings included."""
    timelines: int
    """The timelines the pages show."""
    taken: int
    """How many of them were taken from the earlier site, not drawn."""
    notes: list[str]
    """What the reader should be told (the meetings `calendar.ics` leaves out)."""

    @property
    def drawn(self) -> int:
        return self.timelines - self.taken


def write_site(
    reads: ReadSide,
    directory: Path,
    base_url: str,
    jobs: int = 1,
    per_process: int = PER_PROCESS,
    *,
    reuse: bool = True,
    written: Callable[[int, int], None] | None = None,
) -> SiteWritten:
    """Write every page under `directory`, the timelines drawn by up to `jobs` processes at
    once (one for each `per_process` meetings), or taken from an earlier site there when it
    drew them from the same steps (`reuse`); `written`, if given, is told after each batch of
    meetings how many have been written, of how many. The files are the same whatever `jobs`
    and `reuse` are."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadBaseURL(
            f"--base-url '{base_url}' is not an http(s) url such as https://example.org/"
        )
    check_directory(directory)
    # a failure, Ctrl-C or SIGTERM clears the new site away and leaves an old one as it was
    earlier = directory if reuse and (directory / MARKER).is_file() else None
    with (
        stopped_as_by_ctrl_c(),
        replacing_directory(directory) as staging,
        keeping_drawings(staging, earlier) as kept,
    ):
        writer = SiteWriter(staging)
        statements = functools.lru_cache(maxsize=MEETINGS_KEPT)(reads.statements)
        every = [row["meeting"] for row in write_meetings_pages(reads, writer)]
        slugs = iter(every)
        done = 0
        with drawing_processes(min(jobs, len(every) // per_process), staging) as pool:
            while window := list(islice(slugs, WINDOW)):
                pages_of = {slug: pages.meeting_data(reads, slug, Moment()) for slug in window}
                drawings = [timeline_drawing(slug, data) for slug, data in pages_of.items()]
                if pool is not None and not draw_ahead([d for d in drawings if d], pool):
                    pool = None  # a drawing process was killed: the rest are drawn here
                for slug, data in pages_of.items():
                    write_meeting(reads, writer, slug, data, statements)
                done += len(window)
                if written is not None:
                    written(done, len(every))
        writer.write("/calendar.ics", feeds.calendar(reads, None))
        changed = pages.changes(reads)
        writer.write("/changes.atom", feeds.changes_atom(reads, changed, base_url, static=True))
        style = files("diplo.web").joinpath("static", "style.css").read_bytes()
        writer.write("/static/style.css", style)
    timelines = len(kept.kept)
    notes = left_out_note(reads.meetings())
    return SiteWritten(writer.count + timelines, timelines, kept.taken, notes)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


@contextmanager
def drawing_processes(jobs: int, abandoned: Path | None = None) -> Iterator[Executor | None]:
    """Processes to draw timelines in (started when first used), or None for one process. A
    second stop while they end ends the command at once, `abandoned` (the half-written site)
    removed first."""
    if jobs < 2:
        yield None
        return
    # spawned, not forked: a fork would copy the open ledger's connections into each child
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, spawn, initializer=watch_parent, initargs=(os.getpid(),))
    main = threading.current_thread() is threading.main_thread()
    replaced = {sig: signal.getsignal(sig) for sig in STOPPING} if main else {}
    try:
        yield pool
    finally:
        if main:  # a second signal while the processes end ends the command at once: raised
            for sig in STOPPING:  # inside the shutdown, it left the pool waiting for ever
                signal.signal(sig, functools.partial(_stopped_at_once, abandoned))
        pool.shutdown(wait=True, cancel_futures=True)  # every process ended, none left waiting
        for sig, handler in replaced.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def _stopped_at_once(abandoned: Path | None, signum: int, frame: object) -> None:
    if abandoned is not None:
        shutil.rmtree(abandoned, ignore_errors=True)
    os._exit(128 + signum)  # its drawing processes end within a second of it (`watch_parent`)


def check_directory(directory: Path) -> None:
    """Refuse a DIR that is a file, or holds files no earlier `diplo site` wrote (it has no
    MARKER): its whole content is replaced, so a mistyped DIR never loses anyone's files."""
    if directory.exists() and not directory.is_dir():
        raise SiteDirectoryError(f"{directory} is a file: give a directory for the site")
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise SiteDirectoryError(
            f"{directory} is not empty and holds no earlier site "
            f"(no {MARKER} file): give a new or empty directory"
        )


class SiteWriter:
    """Writes a served path's content to its file under a new, empty directory (the site's
    staging directory: see `write_site`), beginning with the MARKER file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0
        (directory / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def write(self, path: str, content: str | bytes) -> None:
        target = self.directory / file_of(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
        self.count += 1

    def write_json(self, path: str, data: Any) -> None:
        self.write(path, pages.twin_json(data))


def page_file(number: int) -> str:
    return "/" if number == 1 else f"/page-{number}"


def write_meetings_pages(reads: ReadSide, writer: SiteWriter) -> list[dict[str, Any]]:
    """index.html (and page-N.html past the first hundred) and index.json; returns every row."""
    first = pages.meetings_page(reads, MeetingsQuery())
    rows = list(first.rows)
    for number in range(1, first.pages + 1):
        page = first if number == 1 else pages.meetings_page(reads, MeetingsQuery(page=number))
        if number > 1:
            rows.extend(page.rows)
        links = SiteLinks(current=page_file(number))
        writer.write(page_file(number), meetings_html(page, links, page_file))
    writer.write_json("/index.json", rows)
    return rows


def write_meeting(
    reads: ReadSide,
    writer: SiteWriter,
    slug: str,
    data: dict[str, Any],
    statements: Callable[[str], dict[str, dict[str, Any]]],
) -> None:
    """The meeting's page (from its `pages.meeting_data`), JSON and calendar, and the page and
    JSON of each of its statements, each from `statements` of its meeting (`ReadSide.statements`,
    remembered: one fold a meeting, not one a statement, which cost the square of its
    statements)."""
    path = page_path("meetings", slug)
    writer.write(path, meeting_html(slug, data, Moment(), SiteLinks(current=path)))
    writer.write_json(path + ".json", data)
    writer.write(path + ".ics", feeds.calendar(reads, slug))
    for step in data["history"]:
        statement = page_path("statements", step["id"])
        found = pages.statement_data(reads, step["id"], lambda s, i: statements(s).get(i))
        writer.write(statement, statement_html(step["id"], found, SiteLinks(current=statement)))
        writer.write_json(statement + ".json", found[0] if len(found) == 1 else found)
