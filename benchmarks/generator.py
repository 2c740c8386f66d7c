"""Statements in the order real feeds deliver them, independent of how the ledger works inside.

Every statement is a pure function of (seed, pattern prefix, meeting index, position j in its
meeting): nothing here knows the ledger's caches, batch sizes or transactions, so the access
patterns below stay what they claim whatever the ledger does.

- `round_robin(n, m)`: statement i is for meeting i % m (a feed of many outlets, each
  reporting on its own meetings, interleaved as it arrives).
- `grouped(n, m)`: the same statements, all of a meeting's statements together.
- `one_meeting(n)`: one meeting with n statements.

Within a meeting, position j decides the shape, so the shares are exact:
- j == 0 announces the meeting and names its parties, participants, place and planned date;
- j % 20 == 19 is a walk-back (5%) of an earlier statement of the same side, said on an earlier
  day with an exact date;
- j % 5 == 2 has a fuzzy `said_on` (20%): a season, an uncertain (`?`) or approximate (`~`)
  day, a month or an interval, each containing the day it was said;
- statement j of a meeting is said on its meeting's first day + j days and published 0-2 days
  later, all before mid-2024.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

FUZZY_EVERY = 5
FUZZY_AT = 2
WALK_BACK_EVERY = 20
WALK_BACK_AT = 19
LAST_DAY = date(2024, 6, 30)
"""No statement is said after this day (so none is in the future)."""

LEADERS: dict[str, tuple[str, str, str]] = {
    "US": ("President Hale", "Secretary Brandt", "Spokeswoman Ortiz"),
    "RU": ("President Volkov", "Minister Sorokin", "Spokesman Belov"),
    "UA": ("President Kovalenko", "Minister Hrytsenko", "Spokesman Tkachuk"),
    "CN": ("President Liang", "Minister Zhou", "Spokeswoman Tan"),
    "FR": ("President Marchand", "Minister Lefort", "Spokesman Girard"),
    "DE": ("Chancellor Vogel", "Minister Albers", "Spokesman Kruse"),
    "GB": ("Prime Minister Ashby", "Foreign Secretary Lyle", "Spokesman Pryce"),
    "TR": ("President Aksoy", "Minister Demir", "Spokesman Yilmaz"),
    "IN": ("Prime Minister Rao", "Minister Menon", "Spokesman Iyer"),
    "BR": ("President Moura", "Minister Teixeira", "Spokeswoman Lima"),
    "JP": ("Prime Minister Sato", "Minister Mori", "Spokesman Endo"),
    "SA": ("Crown Prince Faisal", "Minister Al-Harbi", "Spokesman Al-Qahtani"),
}
SIDES = tuple(LEADERS)
PLACES = ("Geneva", "Vienna", "Helsinki", "Istanbul", "Doha", "Oslo", "Singapore", "Riyadh")
OUTLETS = (("Reuters", "en"), ("AFP", "fr"), ("dpa", "de"), ("Kyodo", "ja"), ("AP", "en"))
KINDS = ("announced", "confirmed", "denied", "held", "postponed", "rescheduled", "cancelled")
KIND_WEIGHTS = (30, 25, 15, 10, 8, 7, 5)
PHRASES = (
    "the two delegations have been in touch for weeks",
    "no agenda has been agreed so far",
    "a date will be set once the preparations are complete",
    "the talks are expected to cover trade and security",
    "officials declined to comment on the venue",
    "both sides said the meeting must bring results",
    "the leaders spoke by phone earlier in the week",
)
SEASONS = {3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22, 9: 23, 10: 23, 11: 23, 12: 24}
"""EDTF season codes by month, where the season (as the ledger reads it) holds the month."""


@dataclass(frozen=True)
class MeetingPlan:
    """What every statement of one meeting shares."""

    slug: str
    parties: tuple[str, ...]
    place: str
    start: date

    def said_day(self, j: int) -> date:
        """The day statement j of this meeting was said."""
        return self.start + timedelta(days=j)


def meeting_plan(prefix: str, index: int, count: int, seed: int = 2026) -> MeetingPlan:
    """Meeting `index` of a pattern, whose `count` statements all fit before LAST_DAY."""
    rng = random.Random(f"{seed}:{prefix}:{index}")
    width = 3 if rng.random() < 0.2 else 2
    parties = tuple(rng.sample(SIDES, width))
    latest_start = LAST_DAY - timedelta(days=count + 2)
    start = latest_start - timedelta(days=rng.randint(0, 4_000))
    slug = f"{prefix}-{index:06d}-{'-'.join(p.lower() for p in parties)}"
    return MeetingPlan(slug, parties, rng.choice(PLACES), start)


def statement(plan: MeetingPlan, j: int, seed: int = 2026) -> dict[str, Any]:
    """Statement j of a meeting, as a line of a JSON Lines import file."""
    rng = random.Random(f"{seed}:{plan.slug}:{j}")
    side = plan.parties[j % len(plan.parties)]
    day = plan.said_day(j)
    published = day + timedelta(days=j % 3)
    outlet, language = rng.choice(OUTLETS)
    out: dict[str, Any] = {"id": statement_id(plan, j), "meeting": plan.slug}
    if j % WALK_BACK_EVERY == WALK_BACK_AT:
        out["kind"] = "walked_back"
        out["retracts"] = statement_id(plan, walk_back_target(plan, j))
    else:
        out["kind"] = "announced" if j == 0 else rng.choices(KINDS, KIND_WEIGHTS)[0]
    out.update(_speaker(rng, side))
    out["side"] = side
    out["said_on"] = fuzzy_day(rng, day) if j % FUZZY_EVERY == FUZZY_AT else day.isoformat()
    out["quote"] = _quote(rng, plan)
    if j == 0:
        out["parties"] = list(plan.parties)
        out["participants"] = [LEADERS[party][0] for party in plan.parties]
        out["place"] = plan.place
        out["planned_for"] = _planned_for(rng, day)
    elif out["kind"] == "rescheduled":
        out["planned_for"] = _planned_for(rng, day)
    source: dict[str, Any] = {"outlet": outlet, "published": published.isoformat()}
    if rng.random() < 0.5:
        source["url"] = f"https://news.example.org/{plan.slug}/{j}"
    if language != "en":
        source["language"] = language
    out["source"] = source
    return out


def statement_id(plan: MeetingPlan, j: int) -> str:
    return f"{plan.slug}.{j:05d}"


def walk_back_target(plan: MeetingPlan, j: int) -> int:
    """The position a walk-back at j retracts: the nearest earlier statement of the same side
    that has an exact date and is not itself a walk-back."""
    step = len(plan.parties)
    target = j - step
    while target % FUZZY_EVERY == FUZZY_AT or target % WALK_BACK_EVERY == WALK_BACK_AT:
        target -= step
    if target < 0:
        raise ValueError(f"no statement for the walk-back at {j} to retract")
    return target


def fuzzy_day(rng: random.Random, day: date) -> str:
    """A fuzzy date (EDTF) whose earliest day is no later than `day`."""
    form = rng.randrange(5)
    if form == 0 and day.month in SEASONS:
        return f"{day.year:04d}-{SEASONS[day.month]}"
    if form == 1:
        return f"{day.isoformat()}?"
    if form == 2:
        return f"{day.isoformat()}~"
    if form == 3:
        return f"{day.isoformat()}/{(day + timedelta(days=rng.randint(1, 6))).isoformat()}"
    return f"{day.year:04d}-{day.month:02d}"


def _planned_for(rng: random.Random, day: date) -> str:
    planned = day + timedelta(days=rng.randint(20, 150))
    return fuzzy_day(rng, planned) if rng.random() < 0.5 else planned.isoformat()


def _speaker(rng: random.Random, side: str) -> dict[str, str]:
    roll = rng.random()
    names = LEADERS[side]
    if roll < 0.85:
        return {"speaker": rng.choice(names)}
    if roll < 0.95:
        return {"speaker": "a senior official", "attribution": "anonymous"}
    other = rng.choice([s for s in SIDES if s != side])
    return {"speaker": names[0], "attribution": "second_hand", "via": LEADERS[other][2]}


def _quote(rng: random.Random, plan: MeetingPlan) -> str:
    leaders = " and ".join(LEADERS[party][0] for party in plan.parties)
    text = f"{leaders} will meet in {plan.place}"
    for phrase in rng.sample(PHRASES, rng.randint(1, 4)):
        text += f"; {phrase}"
    return text + "."


# Patterns ------------------------------------------------------------------------------------


def share(statements: int, meetings: int, index: int) -> int:
    """How many of `statements` spread over `meetings` fall to meeting `index`."""
    return statements // meetings + (1 if index < statements % meetings else 0)


def round_robin(
    statements: int, meetings: int, *, prefix: str = "rr", seed: int = 2026
) -> Iterator[dict[str, Any]]:
    """Statement i is statement i // meetings of meeting i % meetings."""
    for i in range(statements):
        index = i % meetings
        plan = meeting_plan(prefix, index, share(statements, meetings, index), seed)
        yield statement(plan, i // meetings, seed)


def grouped(
    statements: int, meetings: int, *, prefix: str = "gr", seed: int = 2026
) -> Iterator[dict[str, Any]]:
    """The statements `round_robin` gives, all of a meeting's statements together."""
    for index in range(meetings):
        count = share(statements, meetings, index)
        plan = meeting_plan(prefix, index, count, seed)
        for j in range(count):
            yield statement(plan, j, seed)


def one_meeting(
    statements: int, *, prefix: str = "big", seed: int = 2026
) -> Iterator[dict[str, Any]]:
    """One meeting of `statements` statements."""
    return grouped(statements, 1, prefix=prefix, seed=seed)


def next_day(
    statements: int, meetings: int, *, prefix: str = "rr", seed: int = 2026
) -> Iterator[dict[str, Any]]:
    """The next day of `round_robin(statements, meetings)`: one more statement for each of its
    meetings, said after all that meeting's others (a daily import into a ledger that holds
    the first)."""
    for index in range(meetings):
        count = share(statements, meetings, index)
        yield statement(meeting_plan(prefix, index, count, seed), count, seed)


PREFIXES = {"round-robin": "rr", "grouped": "gr", "one-meeting": "big", "next-day": "rr"}
"""Each pattern's prefix of meeting slugs."""


def pattern(name: str, statements: int, meetings: int) -> Iterator[dict[str, Any]]:
    """A pattern by name (`one-meeting` ignores `meetings`; `next-day` gives one statement a
    meeting: the day after the round-robin feed of `statements` over `meetings`)."""
    if name == "round-robin":
        return round_robin(statements, meetings, prefix=PREFIXES[name])
    if name == "grouped":
        return grouped(statements, meetings, prefix=PREFIXES[name])
    if name == "one-meeting":
        return one_meeting(statements, prefix=PREFIXES[name])
    if name == "next-day":
        return next_day(statements, meetings, prefix=PREFIXES[name])
    raise ValueError(f"unknown pattern {name!r}; known: {', '.join(PREFIXES)}")


def write_jsonl(
    path: Path, statements: Iterable[dict[str, Any]], max_bytes: int | None = None
) -> int:
    """Write statements as JSON Lines (stopping before `max_bytes`); returns how many."""
    written = size = 0
    with path.open("wb") as out:
        for item in statements:
            line = orjson.dumps(item) + b"\n"
            if max_bytes is not None and size + len(line) > max_bytes:
                break
            out.write(line)
            size += len(line)
            written += 1
    return written
