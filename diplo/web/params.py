"""Query parameters, checked: each page accepts only its own, and a bad one is a 400 page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ledger.dates import iso_moment
from projections.vocabulary import Evidence, Status

PAGE_SIZE = 100
SORTS = ("meeting", "status", "parties", "place", "planned_for", "statements", "latest")
SIDE = re.compile(r"^[A-Z]{2,10}$")
YES = ("1", "on", "yes", "true")


class BadParameter(ValueError):
    """A query parameter the page cannot use; its message says which and what it accepts."""


def _only(params: Mapping[str, str], allowed: tuple[str, ...]) -> dict[str, str]:
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadParameter(
            f"unknown parameter '{unknown[0]}': this page takes {', '.join(allowed) or 'none'}"
        )
    return {key: value.strip() for key, value in params.items() if value.strip()}


def _choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        raise BadParameter(f"{name}='{value}' is not one of {', '.join(choices)}")
    return value


def _flag(name: str, value: str | None) -> bool:
    if value is None:
        return False
    if value.lower() not in (*YES, "0", "off", "no", "false"):
        raise BadParameter(f"{name}='{value}' is not a yes/no value (1 or 0)")
    return value.lower() in YES


@dataclass(frozen=True)
class MeetingsQuery:
    """The meetings page's filters, sort and page."""

    status: str | None = None
    party: str | None = None
    overdue: bool = False
    ever_cancelled: bool = False
    sort: str = "meeting"
    descending: bool = False
    page: int = 1

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> MeetingsQuery:
        given = _only(
            params, ("status", "party", "overdue", "ever_cancelled", "sort", "order", "page")
        )
        party = given.get("party")
        if party is not None and not SIDE.match(party):
            raise BadParameter(f"party='{party}' is not a side code such as US or RU")
        page = given.get("page", "1")
        if not page.isdigit() or not 1 <= int(page) <= 1_000_000:
            raise BadParameter(f"page='{page}' is not a page number (1, 2, ...)")
        return cls(
            status=_choice("status", given.get("status"), tuple(s.value for s in Status)),
            party=party,
            overdue=_flag("overdue", given.get("overdue")),
            ever_cancelled=_flag("ever_cancelled", given.get("ever_cancelled")),
            sort=_choice("sort", given.get("sort"), SORTS) or "meeting",
            descending=_choice("order", given.get("order"), ("asc", "desc")) == "desc",
            page=int(page),
        )

    def params(self, **changes: object) -> dict[str, str]:
        """The query as url parameters (defaults left out), with `changes` applied."""
        values: dict[str, object] = {
            "status": self.status,
            "party": self.party,
            "overdue": "1" if self.overdue else None,
            "ever_cancelled": "1" if self.ever_cancelled else None,
            "sort": None if self.sort == "meeting" else self.sort,
            "order": "desc" if self.descending else None,
            "page": None if self.page == 1 else str(self.page),
        }
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class Moment:
    """Which statements count on a meeting page: said by a day (as of), published by a day
    (known by), recorded by a moment, and the evidence level."""

    as_of: date | None = None
    known_by: date | None = None
    recorded_by: datetime | None = None
    evidence: Evidence = Evidence.ANONYMOUS

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Moment:
        given = _only(params, ("as_of", "known_by", "recorded_by", "evidence"))
        evidence = _choice("evidence", given.get("evidence"), tuple(e.value for e in Evidence))
        return cls(
            as_of=_day(given.get("as_of")),
            known_by=_day(given.get("known_by"), "known_by"),
            recorded_by=_moment(given.get("recorded_by")),
            evidence=Evidence(evidence or Evidence.ANONYMOUS.value),
        )

    @property
    def is_now(self) -> bool:
        return self == Moment()

    def params(self) -> dict[str, str]:
        values = {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "known_by": self.known_by.isoformat() if self.known_by else None,
            "recorded_by": self.recorded_by.isoformat() if self.recorded_by else None,
            "evidence": None if self.evidence is Evidence.ANONYMOUS else self.evidence.value,
        }
        return {key: value for key, value in values.items() if value is not None}


def search_text(params: Mapping[str, str]) -> str:
    """The search page's words (empty: show the form only)."""
    text = _only(params, ("q",)).get("q", "")
    if len(text) > 200:
        raise BadParameter("q is longer than 200 characters")
    return text


def no_params(params: Mapping[str, str]) -> None:
    """Pages that take no parameters reject any."""
    _only(params, ())


def _day(text: str | None, name: str = "as_of") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else _fail_day(text, name)
    except ValueError:
        return _fail_day(text, name)


def _fail_day(text: str, name: str = "as_of") -> date:
    raise BadParameter(f"{name}='{text}' is not a date (YYYY-MM-DD)")


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return iso_moment(text)
    except ValueError:
        raise BadParameter(
            f"recorded_by='{text}' is not an ISO date-time (YYYY-MM-DDTHH:MM, UTC if no zone)"
        ) from None
