"""What PLOVER and CAMEO share: each statement's context (parties, place), and its coding.

Input is the read side's history steps. The meeting's plan comes from each step's
`state_after` (the fold's full state after it), never from re-reading `changes`. The section
names in the docstrings are those of the PLOVER manual (openeventdata/PLOVER,
PLOVER_MANUAL.tex) and of the CAMEO 1.1b3 codebook; docs/exports.md has the full table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import permutations
from typing import Any

from diplo.exports.places import place_country
from ledger.dates import DateError, date_bounds
from ledger.statement import Kind
from projections.vocabulary import Stance, Status

Step = Mapping[str, Any]

INTENT = frozenset({Kind.ANNOUNCED, Kind.CONFIRMED, Kind.RESCHEDULED})
"""Kinds that say a meeting will happen: PLOVER AGREE (the manual's CONSULT section, potential
ambiguities, sends talk of future meetings to AGREE), CAMEO 036."""
REFUSAL = frozenset({Kind.DENIED, Kind.CANCELLED, Kind.POSTPONED})
"""Kinds that refuse or call off a meeting: PLOVER REJECT, mode `meet` (the manual's SANCTION
section, potential ambiguities, codes a cancelled meeting as REJECT), CAMEO 125 (denied) or
161."""

QUAD = {"AGREE": 1, "CONSULT": 1, "REJECT": 3}
"""PLOVER quad category per event (manual, "Quad categories in PLOVER")."""

CAMEO_LABELS: dict[str, str] = {
    "036": "Express intent to meet or negotiate",
    "040": "Consult, not specified below",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "161": "Reduce or break diplomatic relations",
    "014": "Consider policy option",
}
CAMEO_OF_KIND: dict[Kind, str] = {
    Kind.ANNOUNCED: "036",
    Kind.CONFIRMED: "036",
    Kind.RESCHEDULED: "036",
    Kind.DENIED: "125",
    Kind.CANCELLED: "161",
    Kind.POSTPONED: "161",
    Kind.NONCOMMITTAL: "014",
}
"""CAMEO code per kind (`held` and `walked_back` depend on more). A non-committal statement
("we are studying it", "premature to say") is 014, consider policy option: in CAMEO's 01 make
public statement, neither intent (03) nor rejection (12)."""
UNCODED_IN_PLOVER = frozenset({Kind.NONCOMMITTAL})
"""Kinds with no PLOVER event: CAMEO2PLOVER-2021 maps nothing of CAMEO's 01 (make public
statement), where a non-committal statement belongs."""

OFF = frozenset({Status.POSTPONED, Status.CANCELLED})
"""Statuses in which the meeting is not on."""
HISTORICAL_AFTER = timedelta(days=30)
"""A report of a held meeting made this long after its last possible day is `historical`."""


@dataclass(frozen=True)
class Context:
    """The meeting's parties and place as a statement is coded (its own values first)."""

    parties: tuple[str, ...]
    place: str | None

    @property
    def host(self) -> str | None:
        """The party in whose country the meeting is (was) held, if the gazetteer knows it."""
        country = place_country(self.place)
        return country if country in self.parties else None


@dataclass(frozen=True)
class Plover:
    """One statement in PLOVER: event, modes, and its actor and recipient lists."""

    event: str
    modes: tuple[str, ...]
    actor: tuple[str, ...]
    recipient: tuple[str, ...]


@dataclass(frozen=True)
class Dyad:
    """One CAMEO event: a code from one source to one target (target "" if there is none)."""

    code: str
    source: str
    target: str


def contexts(steps: Sequence[Step]) -> list[Context]:
    """The context of each step; steps of several meetings are taken meeting by meeting."""
    positions: dict[str, list[int]] = {}
    for index, step in enumerate(steps):
        positions.setdefault(str(step["meeting"]), []).append(index)
    found: dict[int, Context] = {}
    for indexes in positions.values():
        final = plan_after(steps[indexes[-1]])
        for index in indexes:
            found[index] = context_of(steps[index], final)
    return [found[index] for index in range(len(steps))]


def context_of(step: Step, final: Mapping[str, Any]) -> Context:
    """A step's own parties and place, else the plan after it, else the meeting's final plan.

    The place of a meeting is a fact about the meeting, so a statement that names none (a
    `held` said before the report that gives the place) takes the one the history gives last.
    """
    given, plan = step.get("plan_given") or {}, plan_after(step)
    parties = given.get("parties") or plan.get("parties") or final.get("parties") or ()
    place = given.get("place") or plan.get("place") or final.get("place")
    return Context(tuple(str(side) for side in parties), place)


def plan_after(step: Step) -> Mapping[str, Any]:
    """The meeting's plan after a step (from the fold's state)."""
    plan: Mapping[str, Any] = (step.get("state_after") or {}).get("plan") or {}
    return plan


def others(parties: Sequence[str], actor: str) -> tuple[str, ...]:
    return tuple(side for side in parties if side != actor)


def on_after(step: Step) -> bool:
    """Whether the meeting is on for the speaker's side after the step, by the fold's state:
    the side supports it and it is neither postponed nor cancelled."""
    state = step.get("state_after") or {}
    stance = (state.get("parties") or {}).get(str(step["side"]))
    return stance == Stance.SUPPORTS and state.get("status") not in OFF


def says_on(step: Step) -> bool:
    """Whether a statement says the meeting is on: an intent, or a walk-back that leaves it on."""
    kind = Kind(step["kind"])
    return kind in INTENT or (kind is Kind.WALKED_BACK and on_after(step))


def plover_coding(step: Step, context: Context) -> Plover:
    """A statement in PLOVER (manual sections AGREE, CONSULT, REJECT; "Compound and
    Reciprocal Actors").

    A held meeting is CONSULT: the visitor as actor and the host as recipient (mode `visit`)
    for two parties one of which is at home; otherwise every party is an actor and there is
    no recipient, with mode `multilateral` (three or more parties), `third-party` (a place in
    neither's country) or none (no place known).
    """
    side = str(step["side"])
    if Kind(step["kind"]) is Kind.HELD:
        parties = context.parties or (side,)
        host = context.host
        if host is not None and len(parties) == 2:
            return Plover("CONSULT", ("visit",), others(parties, host), (host,))
        modes = ("multilateral",) if len(parties) > 2 else ("third-party",) if context.place else ()
        return Plover("CONSULT", modes, parties, ())
    recipient = others(context.parties, side)
    if says_on(step):
        return Plover("AGREE", (), (side,), recipient)
    return Plover("REJECT", ("meet",), (side,), recipient)


def cameo_dyads(step: Step, context: Context) -> list[Dyad]:
    """A statement in CAMEO, one source and one target per event (compound actors give one
    event each; CAMEO 042 comes with the host's 043; 040 and 044 are reciprocal)."""
    side, kind = str(step["side"]), Kind(step["kind"])
    if kind is Kind.HELD:
        return held_dyads(context.parties or (side,), context)
    code = CAMEO_OF_KIND.get(kind) or ("036" if on_after(step) else "125")
    targets = others(context.parties, side) or ("",)
    return [Dyad(code, side, target) for target in targets]


def held_dyads(parties: tuple[str, ...], context: Context) -> list[Dyad]:
    """The events of a held meeting: visits to the host and its hosting of each visitor; the
    visitors among themselves (or everyone, with no host) at a third location, or 040 with
    no place known."""
    host = context.host
    visitors = others(parties, host) if host is not None else parties
    found: list[Dyad] = []
    if host is not None:
        for visitor in visitors:
            found += [Dyad("042", visitor, host), Dyad("043", host, visitor)]
    elsewhere = "044" if context.place else "040"
    found += [Dyad(elsewhere, one, other) for one, other in permutations(visitors, 2)]
    return found or [Dyad(elsewhere, parties[0], "")]


def held_days(step: Step) -> tuple[date, date] | None:
    """The first and last day a held meeting can have taken place (its planned date), or None
    if no definite date is known."""
    given = (step.get("plan_given") or {}).get("planned_for")
    return definite_days(given or plan_after(step).get("planned_for"))


def definite_days(planned: Any, *, known_end: bool = False) -> tuple[date, date] | None:
    """The first and last day a planned date can mean; None if there is none or it is open
    (or, with `known_end`, an open interval's one known day: `../2018-05-31` gives 31 May)."""
    if not planned:
        return None
    try:
        first, last = date_bounds(str(planned))
    except DateError:
        return None
    if known_end and first == date.min:
        first = last
    if known_end and last == date.max:
        last = first
    if first == date.min or last == date.max:
        return None
    return first, last


def event_days(step: Step) -> tuple[date, date | None]:
    """An event's date and end date (None if one day): the day it was said, or for a held
    meeting the days it was held."""
    held = held_days(step) if Kind(step["kind"]) is Kind.HELD else None
    if held is None:
        return date.fromisoformat(str(step["effective_on"])), None
    return held[0], held[1] if held[1] != held[0] else None


def is_historical(step: Step) -> bool:
    """A held meeting reported long after it took place (PLOVER auxiliary mode `historical`)."""
    held = held_days(step) if Kind(step["kind"]) is Kind.HELD else None
    said = date.fromisoformat(str(step["effective_on"]))
    return held is not None and said - held[1] > HISTORICAL_AFTER


def words(step: Step) -> str:
    """The quote (with its English translation in brackets), else the summary."""
    quote, translation = step.get("quote"), step.get("translation")
    if quote:
        return f"{quote} [{translation}]" if translation else str(quote)
    return str(step.get("summary") or "")
