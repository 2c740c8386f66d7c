"""What PLOVER and CAMEO share: each statement's context (parties, place) and its coding.

Input is the read side's history steps. The meeting's plan comes from each step's
`state_after` (the fold's full state after it), never from re-reading `changes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diplo.exports.places import place_country
from ledger.statement import Kind
from projections.vocabulary import Stance, Status

Step = Mapping[str, Any]

PLOVER_OF_KIND: dict[Kind, tuple[str, str | None]] = {
    Kind.ANNOUNCED: ("AGREE", None),
    Kind.CONFIRMED: ("AGREE", None),
    Kind.RESCHEDULED: ("AGREE", None),
    Kind.DENIED: ("REJECT", "meet"),
    Kind.CANCELLED: ("SANCTION", "cancel"),
    Kind.POSTPONED: ("SANCTION", None),
}
"""PLOVER event type and mode per kind (`held` and `walked_back` depend on more)."""
PLOVER_REJECT_MEETING = ("REJECT", "meet")
PLOVER_AGREE = ("AGREE", None)

CAMEO_LABELS: dict[str, str] = {
    "036": "Express intent to meet or negotiate",
    "040": "Consult, not specified below",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "164": "Halt negotiations",
}
CAMEO_OF_KIND: dict[Kind, str] = {
    Kind.ANNOUNCED: "036",
    Kind.CONFIRMED: "036",
    Kind.RESCHEDULED: "036",
    Kind.DENIED: "125",
    Kind.CANCELLED: "164",
    Kind.POSTPONED: "164",
}
"""CAMEO code per kind (`held` and `walked_back` depend on more)."""

OFF = frozenset({Status.POSTPONED, Status.CANCELLED})
"""Statuses in which the meeting is not on."""


@dataclass(frozen=True)
class Context:
    """The meeting's parties and place as a statement is coded (its own values first)."""

    parties: tuple[str, ...]
    place: str | None


@dataclass(frozen=True)
class Roles:
    """Who did something to whom."""

    actor: str
    recipient: tuple[str, ...]


@dataclass(frozen=True)
class Coding:
    """One statement coded in CAMEO and in PLOVER (their actors differ for a hosted visit)."""

    cameo: str
    cameo_roles: Roles
    plover_event: str
    plover_mode: str | None
    plover_roles: Roles


def by_meeting(steps: Sequence[Step]) -> list[list[int]]:
    """The positions of each meeting's steps, meeting by meeting in order of first step."""
    positions: dict[str, list[int]] = {}
    for index, step in enumerate(steps):
        positions.setdefault(str(step["meeting"]), []).append(index)
    return list(positions.values())


def contexts(steps: Sequence[Step]) -> list[Context]:
    """The context of each step; steps of several meetings are taken meeting by meeting."""
    found: dict[int, Context] = {}
    for indexes in by_meeting(steps):
        meeting = meeting_contexts([steps[index] for index in indexes])
        found.update(zip(indexes, meeting, strict=True))
    return [found[index] for index in range(len(steps))]


def meeting_contexts(steps: Sequence[Step]) -> list[Context]:
    """For each step of one meeting: its own parties and place, else the plan after it, else
    the final plan's.

    The place of a meeting is a fact about the meeting, so a statement that names none (a
    `held` said before the report that gives the place) takes the one the history gives last.
    """
    final = plan_after(steps[-1]) if steps else {}
    found = []
    for step in steps:
        given, plan = step.get("plan_given") or {}, plan_after(step)
        parties = given.get("parties") or plan.get("parties") or final.get("parties") or ()
        place = given.get("place") or plan.get("place") or final.get("place")
        found.append(Context(tuple(str(side) for side in parties), place))
    return found


def plan_after(step: Step) -> Mapping[str, Any]:
    """The meeting's plan after a step (from the fold's state)."""
    plan: Mapping[str, Any] = (step.get("state_after") or {}).get("plan") or {}
    return plan


def others(parties: Sequence[str], actor: str) -> tuple[str, ...]:
    return tuple(side for side in parties if side != actor)


def speaking_party(side: str, parties: Sequence[str]) -> str:
    """The speaker's side if it is a party, else the first party (or the side, if none)."""
    return side if side in parties or not parties else parties[0]


def host_of(context: Context) -> str | None:
    """The party in whose country the meeting is (was) held, if the gazetteer knows it."""
    country = place_country(context.place)
    return country if country in context.parties else None


def on_after(step: Step) -> bool:
    """Whether the meeting is on for the speaker's side after the step, by the fold's state:
    the side supports it and it is neither postponed nor cancelled."""
    state = step.get("state_after") or {}
    stance = (state.get("parties") or {}).get(str(step["side"]))
    return stance == Stance.SUPPORTS and state.get("status") not in OFF


def code_held(side: str, context: Context) -> Coding:
    """A held meeting, coded by its place against its parties.

    CAMEO: 043 from the host when the speaker's side hosts, 042 from the visitor (the
    speaker's side, or the first other party) to the host, 044 elsewhere, 040 with no place.
    PLOVER: CONSULT, mode `multilateral` with three or more parties, else `visit` (actor
    always the visitor, recipient the host), `third-party`, or none with no place.
    """
    parties = context.parties
    host = host_of(context)
    speaker = speaking_party(side, parties)
    around = Roles(speaker, others(parties, speaker))
    if host is None:
        cameo = "044" if context.place else "040"
        mode = "third-party" if context.place else None
        if len(parties) > 2:
            mode = "multilateral"
        return Coding(cameo, around, "CONSULT", mode, around)
    visitor = side if side in parties and side != host else next(iter(others(parties, host)), side)
    visit = Roles(visitor, (host,))
    plover = ("multilateral", around) if len(parties) > 2 else ("visit", visit)
    if side == host:
        return Coding("043", Roles(host, others(parties, host)), "CONSULT", *plover)
    return Coding("042", visit, "CONSULT", *plover)


def code_step(step: Step, context: Context) -> Coding:
    """The CAMEO and PLOVER coding of one statement.

    A walk-back is coded by what it leaves: the meeting on for its side (AGREE, 036) or not
    (REJECT meet, 125).
    """
    kind, side = Kind(step["kind"]), str(step["side"])
    if kind is Kind.HELD:
        return code_held(side, context)
    roles = Roles(side, others(context.parties, side))
    if kind is Kind.WALKED_BACK:
        on = on_after(step)
        event, mode = PLOVER_AGREE if on else PLOVER_REJECT_MEETING
        return Coding("036" if on else "125", roles, event, mode, roles)
    event, mode = PLOVER_OF_KIND[kind]
    return Coding(CAMEO_OF_KIND[kind], roles, event, mode, roles)


def codings(steps: Sequence[Step]) -> list[Coding]:
    """The coding of each step (of one meeting or several)."""
    return [code_step(step, context) for step, context in zip(steps, contexts(steps), strict=True)]


def words(step: Step) -> str:
    """The quote (with its English translation in brackets), else the summary."""
    quote, translation = step.get("quote"), step.get("translation")
    if quote:
        return f"{quote} [{translation}]" if translation else str(quote)
    return str(step.get("summary") or "")
