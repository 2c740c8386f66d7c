"""`diplo site`: the served pages as static files, with their JSON twins and the feeds.

Files are written in a fixed order with fixed content (no clock: the feeds carry the time of
the ledger's latest event), so the same ledger gives the same files. Search and the date
controls need a server, so the static pages leave those forms out.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from diplo.exports.ical import left_out_note
from diplo.files import replacing_directory
from diplo.web import feeds, pages
from diplo.web.links import SiteLinks, file_of, page_path
from diplo.web.params import MeetingsQuery, Moment
from diplo.web.views import meeting_html, meetings_html, statement_html
from projections.queries import ReadSide

MARKER = ".diplo-site"
MARKER_TEXT = "Written by `diplo site`: the next run replaces every file in this directory.\n"


class SiteError(ValueError):
    """A site that cannot be written as asked; the message says what to change."""


class BadBaseURL(SiteError):
    """A --base-url that is not an absolute http(s) url."""


class SiteDirectoryError(SiteError):
    """A DIR that is a file, or holds files that no earlier `diplo site` wrote."""


def write_site(reads: ReadSide, directory: Path, base_url: str) -> tuple[int, list[str]]:
    """Write every page under `directory`; returns how many files were written, and what the
    reader should be told (the meetings `calendar.ics` leaves out)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadBaseURL(
            f"--base-url '{base_url}' is not an http(s) url such as https://example.org/"
        )
    check_directory(directory)
    with replacing_directory(directory) as staging:  # a failure leaves an old site as it was
        writer = SiteWriter(staging)
        all_rows = write_meetings_pages(reads, writer)
        for row in all_rows:
            write_meeting(reads, writer, row["meeting"])
        writer.write("/calendar.ics", feeds.calendar(reads, None))
        changed = pages.changes(reads)
        writer.write("/changes.atom", feeds.changes_atom(reads, changed, base_url, static=True))
        style = files("diplo.web").joinpath("static", "style.css").read_bytes()
        writer.write("/static/style.css", style)
    return writer.count, left_out_note(reads.meetings())


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


def write_meeting(reads: ReadSide, writer: SiteWriter, slug: str) -> None:
    """The meeting's page, JSON and calendar, and the page and JSON of each of its statements."""
    moment = Moment()
    data = pages.meeting_data(reads, slug, moment)
    path = page_path("meetings", slug)
    writer.write(path, meeting_html(slug, data, moment, SiteLinks(current=path)))
    writer.write_json(path + ".json", data)
    writer.write(path + ".ics", feeds.calendar(reads, slug))
    for step in data["history"]:
        statement = page_path("statements", step["id"])
        found = pages.statement_data(reads, step["id"])
        writer.write(statement, statement_html(step["id"], found, SiteLinks(current=statement)))
        writer.write_json(statement + ".json", found[0] if len(found) == 1 else found)
