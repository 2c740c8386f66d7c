"""`diplo site`: the seed ledger as static files, every page parsed and every link followed.

Expected counts come from tests/golden_expectations.py (written by hand from the articles).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar
from lxml import html

from diplo.web.kept_drawings import KEPT
from diplo.web.site import MARKER, write_site
from diplo.web.svg import clear_drawings
from projections.queries import ReadSide
from tests.conftest import BACKENDS, Diplo, new_database
from tests.golden_expectations import MEETINGS

BASE = "https://example.org/ledger/"
PARIS = "trump-putin-paris-2018"


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Diplo:
    """The seed ledger, once per backend for the module (a site takes seconds to draw)."""
    folder = tmp_path_factory.mktemp(f"site-{request.param}")
    diplo = Diplo(new_database(request, request.param, folder), CliRunner())
    diplo.import_seed()
    return diplo


@pytest.fixture(scope="module")
def written(seeded: Diplo, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The seed ledger's site, and what `diplo site` said."""
    out = tmp_path_factory.mktemp("site") / "public"
    return out, seeded.ok("site", str(out), "--base-url", BASE)


@pytest.fixture(scope="module")
def site(written: tuple[Path, Result]) -> Path:
    return written[0]


def test_the_site_says_what_it_wrote_and_once_what_its_calendar_leaves_out(
    written: tuple[Path, Result],
) -> None:
    # The seed's Trump-Putin-Zelensky meeting has no planned date: the site's calendar (and
    # that meeting's own) leaves it out, which is said once, not once per calendar.
    out, result = written
    files = sum(1 for path in out.rglob("*") if path.is_file() and path.name != MARKER)
    pictured = [page for page in (out / "meetings").glob("*.html") if "<svg" in page.read_text()]
    told = f"{len(pictured)} timelines: {len(pictured)} drawn, 0 kept from the earlier site"
    assert result.stdout == f"wrote {files} files to {out} ({told})\n"
    assert len(list((out / KEPT).iterdir())) == len(pictured)
    assert result.stderr == (
        "ical: 1 meeting with no planned date left out: trump-putin-zelensky-2025\n"
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_site_has_a_page_json_and_calendar_for_every_meeting(site: Path) -> None:
    for slug in MEETINGS:
        for suffix in (".html", ".json", ".ics"):
            assert (site / "meetings" / f"{slug}{suffix}").is_file(), slug + suffix
    for statement_id, _ in MEETINGS[PARIS]["history_status_after"]:
        assert (site / "statements" / f"{statement_id}.html").is_file()
        assert (site / "statements" / f"{statement_id}.json").is_file()
    for name in ("index.html", "index.json", "calendar.ics", "changes.atom", "static/style.css"):
        assert (site / name).is_file(), name


def test_writing_the_site_twice_gives_identical_files(seeded: Diplo, site: Path) -> None:
    first = files_of(site)
    timelines = len(list((site / KEPT).iterdir()))
    for again, said in (
        (["--redraw"], f"{timelines} drawn, 0 kept"),
        ([], f"0 drawn, {timelines} kept"),
    ):
        clear_drawings()  # nothing drawn in memory, as in a new process
        result = seeded.ok("site", str(site), "--base-url", BASE, *again)  # over an earlier site
        assert f"({timelines} timelines: {said} from the earlier site)" in result.stdout
        second = files_of(site)
        assert sorted(first) == sorted(second)
        assert [name for name in first if first[name] != second[name]] == []


def test_timelines_drawn_in_other_processes_give_identical_files(
    seeded: Diplo, site: Path, tmp_path: Path
) -> None:
    clear_drawings()
    app = seeded.ledger()
    try:  # two processes, each started for a single meeting (PER_PROCESS would draw here)
        write_site(ReadSide.of(app), tmp_path / "public", BASE, jobs=2, per_process=1)
    finally:
        app.close()
    first, second = files_of(site), files_of(tmp_path / "public")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_every_link_in_every_page_resolves_within_the_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 1 + len(MEETINGS)
    ids_of: dict[Path, set[str]] = {}
    for page in pages:
        tree = html.fromstring(page.read_bytes())
        ids_of[page] = set(tree.xpath("//@id"))
    for page in pages:
        tree = html.fromstring(page.read_bytes())
        for element, attribute, link, _ in tree.iterlinks():
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https", "data"), (page, link)
                if element.tag == "a":
                    assert element.get("rel") == "noopener noreferrer", (page, link)
                continue
            relative = posixpath.normpath(
                posixpath.join(posixpath.dirname(str(page.relative_to(site))), unquote(parts.path))
            )
            target = site / relative if parts.path else page
            assert not relative.startswith(".."), (page, link)
            assert target.is_file(), (page, attribute, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids_of[target], (page, link)


def test_every_page_declares_its_language_and_has_no_script(site: Path) -> None:
    for page in site.rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        assert tree.get("lang") == "en", page
        assert tree.xpath("//script") == [], page


def test_a_danish_quote_carries_its_language(site: Path) -> None:
    tree = html.fromstring((site / "meetings" / f"{PARIS}.html").read_bytes())
    (quote,) = tree.xpath("//li[@id='statement-dk-ushakov-confirms-paris']//blockquote")
    assert quote.get("lang") == "da"


def test_the_atom_feed_validates_and_lists_changes_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "changes.atom").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    ushakov = f"{BASE}meetings/{PARIS}.html#statement-dk-ushakov-confirms-paris"
    # Ushakov's confirmation turned Paris from proposed to agreed (golden history).
    (entry,) = [e for e in feed.entries if e.link == ushakov]
    assert "status proposed → agreed" in entry.title
    # Said 2018-10-23, it is newer than RT's 2018-07-19 invitation to Washington.
    washington = (
        f"{BASE}meetings/trump-putin-washington-2018.html#statement-rt-trump-second-meeting"
    )
    assert links.index(ushakov) < links.index(washington)
    # A second-hand statement changes nothing and makes no entry.
    assert not any(link.endswith("#statement-hill-putin-suggests-meeting") for link in links)


def test_the_calendars_parse_with_one_event_per_planned_meeting(site: Path) -> None:
    calendar = Calendar.from_ical((site / "calendar.ics").read_bytes())
    planned = {slug for slug, m in MEETINGS.items() if m["checkpoints"][-1]["plan"]["planned_for"]}
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"{slug}@diplomatic-ledger" for slug in planned}
    paris = Calendar.from_ical((site / "meetings" / f"{PARIS}.ics").read_bytes())
    (event,) = paris.walk("VEVENT")
    assert str(event["LOCATION"]) == "Paris"
    assert event.decoded("DTSTART").isoformat() == "2018-11-11"


def test_the_json_twins_are_the_objects_the_cli_prints(seeded: Diplo, site: Path) -> None:
    diplo = seeded
    data = json.loads((site / "meetings" / f"{PARIS}.json").read_text(encoding="utf-8"))
    assert data == {"status": diplo.json("status", PARIS), "history": diplo.json("history", PARIS)}
    assert data["status"]["status"] == "agreed"
    listed = json.loads((site / "index.json").read_text(encoding="utf-8"))
    assert [row["meeting"] for row in listed] == sorted(MEETINGS)
    shown = json.loads((site / "statements" / "hill-bolton-paris-yes.json").read_text("utf-8"))
    assert shown == diplo.json("show", "hill-bolton-paris-yes")


def test_the_site_refuses_a_directory_that_holds_other_files(seeded: Diplo, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    result = seeded("site", str(folder))
    assert result.exit_code != 0
    assert "is not empty" in result.output and "Traceback" not in result.output
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_a_base_url_that_is_not_http_is_refused(seeded: Diplo, tmp_path: Path) -> None:
    result = seeded("site", str(tmp_path / "out"), "--base-url", "javascript:alert(1)")
    assert result.exit_code != 0
    assert "--base-url" in result.output
    assert not (tmp_path / "out").exists()
