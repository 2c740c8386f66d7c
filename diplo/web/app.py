"""`diplo serve`: a read-only Starlette application over the read side.

Every route answers GET (and HEAD) only; nothing here writes to the ledger. A background thread
keeps the meeting view and the search index current, so requests only read. Every response
carries a strict Content-Security-Policy: no script at all, styles and images from the site only.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from threading import Event, Thread
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diplo.web import feeds, pages
from diplo.web.html import render
from diplo.web.links import Links
from diplo.web.params import BadParameter, MeetingsQuery, Moment, no_params, search_text
from diplo.web.views import meeting_html, meetings_html, statement_html
from projections.queries import ReadSide
from projections.search import StatementSearch
from projections.tracking import DamagedPosition

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
LOG = logging.getLogger("diplo.web")


@dataclass
class Ledger:
    """What the pages read: the read side and the search index, kept current by `follow`."""

    reads: ReadSide
    search: StatementSearch
    last_warning: str | None = None
    """The failure to catch up last logged (not logged again while it lasts)."""

    def catch_up(self, search: bool = True) -> None:
        self.reads.projector.catch_up()
        if search:
            self.search.catch_up()

    def catch_up_or_warn(self, search: bool = True) -> None:
        """Catch up; a failure keeps the pages serving what the view has, says so on each page
        (`last_warning`), and is logged (once while it stays the same)."""
        try:
            self.catch_up(search)
        except Exception as error:
            why = str(error) if isinstance(error, DamagedPosition) else type(error).__name__
            if why != self.last_warning:
                LOG.warning("could not bring the view up to date: %s", why)
            self.last_warning = why
        else:
            self.last_warning = None

    def follow(self, stop: Event, poll_seconds: float) -> None:
        """Keep the view and the search index current until `stop` (the first round at once)."""
        first = True
        while first or not stop.wait(poll_seconds):
            first = False
            self.catch_up_or_warn()


class SecurityHeaders:
    """Adds the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode().lower() not in SECURITY_HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def json_response(data: Any) -> Response:
    return Response(pages.twin_json(data), media_type="application/json")


def split_suffix(name: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def create_app(ledger: Ledger, poll_seconds: float = 1.0) -> ASGIApp:
    """The web application; `poll_seconds` = 0 keeps no background follower."""
    links = Links(behind=lambda: ledger.last_warning)

    async def meetings(request: Request) -> Response:
        query = MeetingsQuery.parse(request.query_params)
        page = pages.meetings_page(ledger.reads, query)
        if request.url.path.endswith(".json"):
            return json_response(page.rows)
        return HTMLResponse(meetings_html(page, links, lambda number: "/"))

    async def meeting(request: Request) -> Response:
        slug, suffix = split_suffix(request.path_params["name"], (".json", ".ics"))
        if suffix == ".ics":
            no_params(request.query_params)
            if ledger.reads.status(slug) is None:
                raise pages.NotFound("meeting", slug, pages.near_meetings(ledger.reads, slug))
            return Response(feeds.calendar(ledger.reads, slug), media_type="text/calendar")
        moment = Moment.parse(request.query_params)
        data = pages.meeting_data(ledger.reads, slug, moment)
        if suffix == ".json":
            return json_response(data)
        return HTMLResponse(meeting_html(slug, data, moment, links))

    async def statement(request: Request) -> Response:
        no_params(request.query_params)
        name = request.path_params["name"]
        bare, suffix = split_suffix(name, (".json",))
        if suffix and not ledger.reads.locate(name):  # an id may itself end in .json
            found = pages.statement_data(ledger.reads, bare)
            return json_response(found[0] if len(found) == 1 else found)
        return HTMLResponse(statement_html(name, pages.statement_data(ledger.reads, name), links))

    async def search(request: Request) -> Response:
        data = pages.search_data(ledger.search, search_text(request.query_params))
        data["unindexed_events"] = ledger.search.behind()
        if request.url.path.endswith(".json"):
            return json_response(data)
        return HTMLResponse(render("search.html", links, data=data))

    async def calendar(request: Request) -> Response:
        no_params(request.query_params)
        return Response(feeds.calendar(ledger.reads, None), media_type="text/calendar")

    async def changes(request: Request) -> Response:
        no_params(request.query_params)
        base = str(request.base_url)
        body = feeds.changes_atom(ledger.reads, pages.changes(ledger.reads), base)
        return Response(body, media_type="application/atom+xml")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # the search index may take longer: in the background, unless there is no follower
        ledger.catch_up_or_warn(search=poll_seconds <= 0)
        stop = Event()
        follower = Thread(target=ledger.follow, args=(stop, poll_seconds), daemon=True)
        if poll_seconds > 0:
            follower.start()
        yield
        stop.set()

    get = ["GET", "HEAD"]
    routes = [
        Route("/", meetings, methods=get),
        Route("/index.json", meetings, methods=get),
        Route("/meetings/{name}", meeting, methods=get),
        Route("/statements/{name}", statement, methods=get),
        Route("/search", search, methods=get),
        Route("/search.json", search, methods=get),
        Route("/calendar.ics", calendar, methods=get),
        Route("/changes.atom", changes, methods=get),
        Mount("/static", StaticFiles(packages=[("diplo.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=error_handlers(links), lifespan=lifespan)
    return SecurityHeaders(app)  # outermost: the 500 page gets the headers too


def error_handlers(links: Links) -> dict[Any, Callable[..., Any]]:
    """400 for bad parameters, 404 with near matches, 503 with the remedy for a place in the log
    found damaged (`diplo rebuild` mends it), and a page without details for the rest."""

    def page(title: str, message: str, status: int, **extra: Any) -> HTMLResponse:
        context = {"near": [], "kind": "meetings", **extra}
        html = render("error.html", links, title=title, message=message, **context)
        return HTMLResponse(html, status_code=status)

    async def bad(request: Request, error: Exception) -> Response:
        return page("Bad request", str(error), 400)

    async def missing(request: Request, error: Exception) -> Response:
        assert isinstance(error, pages.NotFound)
        kind = "meetings" if error.what == "meeting" else "statements"
        return page("Not found", str(error), 404, near=error.near, kind=kind)

    async def http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if error.status_code == 404:
            return page("Not found", f"no page at {request.url.path}", 404)
        return page(f"Error {error.status_code}", str(error.detail), error.status_code)

    async def stuck(request: Request, error: Exception) -> Response:
        return page("Service unavailable", str(error), 503)

    async def failed(request: Request, error: Exception) -> Response:
        LOG.error("page %s failed: %s", request.url.path, type(error).__name__)
        return page("Server error", "the page could not be made; the server log says why", 500)

    return {
        BadParameter: bad,
        pages.NotFound: missing,
        HTTPException: http,
        DamagedPosition: stuck,
        Exception: failed,
    }
