"""How a page links to another: root paths for `diplo serve`, relative files for `diplo site`.

Templates name pages by their served path (`/meetings/<slug>`); a `Links` turns that into the
href of the page being rendered.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode

FEED_SUFFIXES = (".json", ".ics", ".atom", ".css", ".svg")


def page_path(kind: str, name: str, suffix: str = "") -> str:
    """The served path of a meeting or statement page, its name quoted for a url."""
    return f"/{kind}/{quote(name, safe='')}{suffix}"


@dataclass(frozen=True)
class Links:
    """Links as served: `/meetings/x`, with query parameters where given; `behind`, if given,
    says why the served pages could not be brought up to date with the ledger (None while they
    are), for every page to say so."""

    static: bool = False
    behind: Callable[[], str | None] | None = None

    def href(self, path: str, params: dict[str, str] | None = None) -> str:
        query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return path + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True)
class SiteLinks(Links):
    """Links between static files, relative to the page being written (`current`)."""

    current: str = "/"
    static: bool = True

    def href(self, path: str, params: dict[str, str] | None = None) -> str:
        target = file_of(path)
        here = posixpath.dirname(file_of(self.current))
        return quote(posixpath.relpath(target, here or "."))


def file_of(path: str) -> str:
    """The file a served path is written to: `/` -> index.html, `/meetings/x` -> meetings/x.html."""
    name = unquote(path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    if not name:
        return "index.html"
    if name.endswith(FEED_SUFFIXES) or name.endswith(".html"):
        return name
    return name + ".html"
