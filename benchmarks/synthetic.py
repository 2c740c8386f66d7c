"""A deterministic synthetic ledger: statements as dicts in the documented import format.

`generate(total, meetings, rng)` streams statements (so a million of them can be written to a
JSON Lines file without holding them). Meetings are made in chunks ordered by their start; each
chunk's statements come out roughly in the order they were published, a few are held back and
come out in the next chunk (out-of-order backfills: said earlier, recorded later). A last pass
over the stream order makes every statement acceptable to the ledger: a meeting's first
statement names its parties, and a `walked_back` retracts a statement of its own side that is
already recorded in the same meeting.

Proportions of kinds: announced 30%, confirmed 20%, denied 15%, held 15%, postponed 5%,
rescheduled 5%, cancelled 5%, walked_back 5% (a meeting's first statement is announced; the
other kinds are drawn so that the whole stream keeps these shares).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

KIND_SHARES: dict[str, float] = {
    "announced": 0.30,
    "confirmed": 0.20,
    "denied": 0.15,
    "held": 0.15,
    "postponed": 0.05,
    "rescheduled": 0.05,
    "cancelled": 0.05,
    "walked_back": 0.05,
}

# Sides (ISO 3166-1 alpha-2) with a leader first, then other speakers.
SPEAKERS: dict[str, tuple[str, ...]] = {
    "US": ("Donald Trump", "Marco Rubio", "Karoline Leavitt", "Steve Witkoff", "John Bolton"),
    "RU": ("Vladimir Putin", "Sergey Lavrov", "Dmitry Peskov", "Yuri Ushakov", "Maria Zakharova"),
    "UA": ("Volodymyr Zelensky", "Andrii Sybiha", "Andriy Yermak", "Dmytro Kuleba"),
    "CN": ("Xi Jinping", "Wang Yi", "Mao Ning", "Lin Jian"),
    "FR": ("Emmanuel Macron", "Jean-Noel Barrot", "Catherine Colonna"),
    "DE": ("Friedrich Merz", "Olaf Scholz", "Johann Wadephul", "Steffen Hebestreit"),
    "GB": ("Keir Starmer", "David Lammy", "Rishi Sunak"),
    "JP": ("Shigeru Ishiba", "Takeshi Iwaya", "Yoshimasa Hayashi"),
    "IN": ("Narendra Modi", "Subrahmanyam Jaishankar", "Randhir Jaiswal"),
    "BR": ("Luiz Inacio Lula da Silva", "Mauro Vieira", "Celso Amorim"),
    "TR": ("Recep Tayyip Erdogan", "Hakan Fidan", "Ibrahim Kalin"),
    "IR": ("Masoud Pezeshkian", "Abbas Araghchi", "Esmaeil Baghaei"),
    "IL": ("Benjamin Netanyahu", "Gideon Saar", "Isaac Herzog"),
    "SA": ("Mohammed bin Salman", "Faisal bin Farhan"),
    "KP": ("Kim Jong Un", "Choe Son Hui", "Kim Yo Jong"),
    "KR": ("Lee Jae-myung", "Cho Hyun", "Yoon Suk Yeol"),
    "PL": ("Donald Tusk", "Radoslaw Sikorski", "Andrzej Duda"),
    "IT": ("Giorgia Meloni", "Antonio Tajani"),
    "HU": ("Viktor Orban", "Peter Szijjarto"),
    "QA": ("Tamim bin Hamad Al Thani", "Majed al-Ansari"),
    "EG": ("Abdel Fattah el-Sisi", "Badr Abdelatty"),
    "ZA": ("Cyril Ramaphosa", "Ronald Lamola"),
    "MX": ("Claudia Sheinbaum", "Juan Ramon de la Fuente"),
    "CA": ("Mark Carney", "Melanie Joly"),
}
SIDES = tuple(SPEAKERS)
# Sides that often meet each other: pairs are drawn from these more often.
FREQUENT = ("US", "RU", "UA", "CN", "FR", "DE", "GB", "TR")

PLACES = (
    "Geneva", "Helsinki", "Paris", "Washington", "Moscow", "Beijing", "Istanbul", "Vienna",
    "Riyadh", "Doha", "Abu Dhabi", "Budapest", "Berlin", "London", "Rome", "Tokyo", "New Delhi",
    "Singapore", "Hanoi", "Minsk", "Anchorage", "Brussels", "Camp David", "Mar-a-Lago",
    "Sochi", "Ankara", "Cairo", "Jeddah", "Reykjavik", "Osaka",
)  # fmt: skip

# (outlet, language, domain): the language of the quote; non-English quotes get a translation.
OUTLETS = (
    ("Reuters", "en", "reuters.com"),
    ("Associated Press", "en", "apnews.com"),
    ("The Hill", "en", "thehill.com"),
    ("The New York Times", "en", "nytimes.com"),
    ("BBC News", "en", "bbc.co.uk"),
    ("TASS", "ru", "tass.ru"),
    ("RIA Novosti", "ru", "ria.ru"),
    ("Ukrainska Pravda", "uk", "pravda.com.ua"),
    ("Le Monde", "fr", "lemonde.fr"),
    ("Der Spiegel", "de", "spiegel.de"),
    ("Xinhua", "zh", "xinhuanet.com"),
    ("NHK", "ja", "nhk.or.jp"),
    ("Yonhap", "ko", "yna.co.kr"),
    ("Anadolu Agency", "tr", "aa.com.tr"),
    ("Al Jazeera", "en", "aljazeera.com"),
    ("Deutsche Welle", "de", "dw.com"),
)

ANONYMOUS_SPEAKERS = ("a senior official", "a diplomatic source", "an aide familiar with the talks")

EARLIEST = date(2010, 1, 1)
LATEST = date(2025, 12, 31)

VERBS = {
    "announced": (
        "will meet",
        "plan to hold talks",
        "are expected to meet",
        "have agreed in principle to meet",
    ),
    "confirmed": ("will indeed meet", "confirmed the meeting", "have settled the date and place"),
    "denied": (
        "have no plans to meet", "are not preparing any meeting", "will not meet any time soon",
    ),
    "held": ("met", "held talks", "sat down for more than two hours"),
    "postponed": ("have put off their meeting", "will meet later than planned"),
    "rescheduled": ("will now meet on a new date", "moved the meeting"),
    "cancelled": ("have called off the meeting", "will no longer meet"),
    "walked_back": ("may not meet after all", "never said the meeting was agreed"),
}  # fmt: skip
FILLERS = (
    "The two sides have been in contact through diplomatic channels for several weeks.",
    "No agenda has been published, and the spokesman declined to give further details.",
    "Officials said preparations were at an early stage and that much depended on the talks.",
    "Asked about the timing, he said that the date would be announced in due course.",
    "The remarks came after a phone call between the two leaders earlier in the week.",
    "Observers noted that a similar meeting had been floated and dropped the year before.",
    "The ministry said that any meeting must be carefully prepared to produce results.",
    "He added that there were no preconditions on either side for such a meeting.",
)


@dataclass
class _Meeting:
    index: int
    slug: str
    parties: list[str]
    participants: list[str]
    place: str
    start: date
    count: int
    planned_for: str


@dataclass
class _Recorded:
    """What the fix-up pass knows of a meeting's statements already in the stream."""

    parties: list[str]
    participants: list[str]
    ids: list[tuple[str, str]] = field(default_factory=list)  # (id, side), retractable
    any: bool = False


def _edtf_day_or_vaguer(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.55:
        return day.isoformat()
    if roll < 0.80:
        return f"{day.year:04d}-{day.month:02d}"
    if roll < 0.88:
        return f"{day.isoformat()}?"
    if roll < 0.95:
        end = day + timedelta(days=rng.randint(2, 14))
        return f"{day.isoformat()}/{end.isoformat()}"
    season = {12: 24, 1: 24, 2: 24, 3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22}.get(day.month, 23)
    return f"{day.year:04d}-{season}"


def _said_on(rng: random.Random, said: date, published: date) -> str:
    """ISO date mostly; sometimes a month, an interval or a date-time; never after published."""
    roll = rng.random()
    if roll < 0.78:
        return said.isoformat()
    if roll < 0.88:
        return f"{said.year:04d}-{said.month:02d}"
    if roll < 0.96:
        start = said - timedelta(days=rng.randint(1, 20))
        end = said + timedelta(days=rng.randint(0, 10))
        return f"{start.isoformat()}/{end.isoformat()}"
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    return f"{said.isoformat()}T{hour:02d}:{minute:02d}:00Z"


def _quote(rng: random.Random, lead: str, other: str, kind: str, place: str) -> str:
    length = rng.randint(100, 400)
    verb = rng.choice(VERBS[kind])
    text = f"{lead} and {other} {verb} in {place}, the statement said."
    for filler in rng.sample(FILLERS, len(FILLERS)):
        if len(text) >= length:
            break
        text += " " + filler
    if len(text) > length:
        cut = text.rfind(" ", 0, length)
        text = text[: max(cut, 100)].rstrip(" ,")
        if len(text) < 100:
            text = text.ljust(100, ".")
    return text


def _meetings(rng: random.Random, first: int, count: int, statements: int) -> list[_Meeting]:
    """`count` meetings starting at index `first`, sharing `statements` statements, by start."""
    weights = [rng.random() ** 2 + 0.05 for _ in range(count)]
    sizes = [1] * count
    extra = statements - count
    if extra > 0:
        for pick in rng.choices(range(count), weights=weights, k=extra):
            sizes[pick] += 1
    days = (LATEST - EARLIEST).days - 400
    made = []
    for offset in range(count):
        index = first + offset
        width = 3 if rng.random() < 0.2 else 2
        lead = rng.choice(FREQUENT)
        others = [s for s in SIDES if s != lead]
        parties = [lead, *rng.sample(others, width - 1)]
        place = rng.choice(PLACES)
        start = EARLIEST + timedelta(days=rng.randint(0, days))
        slug = (
            f"{'-'.join(p.lower() for p in parties)}-{_slug_word(place)}-{start.year}-{index:07d}"
        )
        made.append(
            _Meeting(
                index=index,
                slug=slug,
                parties=parties,
                participants=[SPEAKERS[p][0] for p in parties],
                place=place,
                start=start,
                count=sizes[offset],
                planned_for=_edtf_day_or_vaguer(rng, start + timedelta(days=rng.randint(10, 120))),
            )
        )
    made.sort(key=lambda m: (m.start, m.index))
    return made


def _slug_word(place: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in place.lower()).strip("-")


def _later_kinds() -> tuple[list[str], list[float]]:
    """Kinds for non-first statements, so that the stream keeps KIND_SHARES overall when
    about a tenth of statements are first statements (announced)."""
    share_first = 0.10
    kinds = list(KIND_SHARES)
    weights = [
        (KIND_SHARES[k] - (share_first if k == "announced" else 0.0)) / (1 - share_first)
        for k in kinds
    ]
    return kinds, weights


def _meeting_statements(rng: random.Random, meeting: _Meeting) -> list[dict[str, Any]]:
    kinds, weights = _later_kinds()
    span = rng.randint(20, 400)
    offsets = sorted(rng.randint(0, span) for _ in range(meeting.count))
    out: list[dict[str, Any]] = []
    for seq, offset in enumerate(offsets):
        said = min(meeting.start + timedelta(days=offset), LATEST - timedelta(days=4))
        published = said + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
        kind = "announced" if seq == 0 else rng.choices(kinds, weights=weights)[0]
        side = rng.choice(meeting.parties) if rng.random() < 0.93 else rng.choice(SIDES)
        outlet, language, domain = rng.choice(OUTLETS)
        attribution_roll = rng.random()
        statement: dict[str, Any] = {
            "meeting": meeting.slug,
            "kind": kind,
            "side": side,
            "said_on": _said_on(rng, said, published),
        }
        if rng.random() < 0.65:
            statement = {"id": f"{domain.split('.')[0]}-{meeting.index:07d}-{seq:04d}", **statement}
        if attribution_roll < 0.85:
            statement["speaker"] = rng.choice(SPEAKERS[side])
        elif attribution_roll < 0.95:
            statement["speaker"] = rng.choice(ANONYMOUS_SPEAKERS)
            statement["attribution"] = "anonymous"
        else:
            other = rng.choice([p for p in meeting.parties if p != side] or list(SIDES))
            statement["speaker"] = SPEAKERS[side][0]
            statement["attribution"] = "second_hand"
            statement["via"] = rng.choice(SPEAKERS[other])
        lead, other_leader = meeting.participants[0], meeting.participants[1]
        text = _quote(rng, lead, other_leader, kind, meeting.place)
        if rng.random() < 0.88:
            statement["quote"] = text
            if language != "en" and rng.random() < 0.7:
                statement["translation"] = text
            if rng.random() < 0.25:
                statement["summary"] = f"{statement['speaker']} on the {meeting.place} meeting."
        else:
            statement["summary"] = text
        if seq == 0 or rng.random() < 0.05:
            statement["parties"] = list(meeting.parties)
            statement["participants"] = list(meeting.participants)
            statement["place"] = meeting.place
            statement["planned_for"] = meeting.planned_for
        elif kind == "rescheduled":
            statement["planned_for"] = _edtf_day_or_vaguer(
                rng, said + timedelta(days=rng.randint(7, 90))
            )
            if rng.random() < 0.3:
                statement["place"] = rng.choice(PLACES)
        source: dict[str, Any] = {"outlet": outlet, "published": published.isoformat()}
        if rng.random() < 0.6:
            source["url"] = (
                f"https://www.{domain}/{published.year}/{published.month:02d}/"
                f"{meeting.slug[:40]}-{seq}"
            )
        if rng.random() < 0.4:
            source["title"] = f"{lead} and {other_leader}: talks in {meeting.place}?"
        if language != "en":
            source["language"] = language
        statement["source"] = source
        out.append(statement)
    return out


def generate(
    total: int, meetings: int, rng: random.Random, *, chunk_meetings: int = 2_000
) -> Iterator[dict[str, Any]]:
    """`total` statements over `meetings` meetings, in the order an importer would get them."""
    recorded: dict[str, _Recorded] = {}
    carried: list[dict[str, Any]] = []
    made_meetings = 0
    made_statements = 0
    while made_meetings < meetings:
        count = min(chunk_meetings, meetings - made_meetings)
        last = made_meetings + count >= meetings
        share = (
            total - made_statements
            if last
            else round(total * (made_meetings + count) / meetings) - made_statements
        )
        chunk = _meetings(rng, made_meetings, count, max(share, count))
        pool: list[tuple[date, int, int, dict[str, Any]]] = []
        for meeting in chunk:
            recorded[meeting.slug] = _Recorded(list(meeting.parties), list(meeting.participants))
            for seq, statement in enumerate(_meeting_statements(rng, meeting)):
                key = date.fromisoformat(statement["source"]["published"])
                pool.append((key, meeting.index, seq, statement))
        pool.sort(key=lambda row: (row[0], row[1], row[2]))
        stream: list[dict[str, Any]] = []
        held_back: list[dict[str, Any]] = []
        for _, _, seq, statement in pool:
            if seq > 0 and rng.random() < 0.03:
                held_back.append(statement)  # a backfill: comes out later than its neighbours
            else:
                stream.append(statement)
        for statement in carried:
            stream.insert(rng.randint(len(stream) // 2, len(stream)), statement)
        carried = held_back
        if last:
            stream.extend(carried)
            carried = []
        for statement in stream:
            yield _fixed(rng, statement, recorded)
        made_meetings += count
        made_statements += len(pool)
        if not last:
            # Meetings of chunks two back can get no more statements: forget them.
            live = {s["meeting"] for s in carried} | {m.slug for m in chunk}
            recorded = {slug: r for slug, r in recorded.items() if slug in live}


def _fixed(
    rng: random.Random, statement: dict[str, Any], recorded: dict[str, _Recorded]
) -> dict[str, Any]:
    """The statement made acceptable where it stands in the stream."""
    state = recorded[statement["meeting"]]
    if not state.any and "parties" not in statement:
        # A backfill overtook the first statement: this one is now the first the ledger sees.
        statement["parties"] = list(state.parties)
        statement["participants"] = list(state.participants)
    if statement["kind"] == "walked_back":
        own = [(sid, side) for sid, side in state.ids if side == statement["side"]]
        candidates = own or state.ids
        if not candidates:
            statement["kind"] = "confirmed"
        else:
            target, side = rng.choice(candidates)
            statement["retracts"] = target
            if side != statement["side"]:
                statement["side"] = side
                attribution = statement.get("attribution", "on_record")
                if attribution == "on_record":
                    statement["speaker"] = rng.choice(SPEAKERS[side])
                elif attribution == "second_hand":
                    statement["speaker"] = SPEAKERS[side][0]
    state.any = True
    if "id" in statement and statement["kind"] != "walked_back":
        state.ids.append((statement["id"], statement["side"]))
    return statement


def corrections(
    statements: list[dict[str, Any]], rng: random.Random, share: float = 0.005
) -> list[tuple[str, str, dict[str, Any], str]]:
    """Errata for a share of the statements that have an id: (meeting, id, changes, reason)."""
    candidates = [s for s in statements if "id" in s and s["kind"] != "walked_back"]
    chosen = rng.sample(candidates, min(len(candidates), round(len(statements) * share)))
    made = []
    for statement in chosen:
        roll = rng.random()
        said = statement["said_on"]
        if roll < 0.4 and len(said) == 10 and said > EARLIEST.isoformat():
            day = date.fromisoformat(said) - timedelta(days=1)
            made.append(
                (
                    statement["meeting"],
                    statement["id"],
                    {"said_on": day.isoformat()},
                    "the source's timezone: said the evening before",
                )
            )
        elif roll < 0.7 and "quote" in statement:
            fixed = statement["quote"].replace(" said", " stated", 1)
            made.append(
                (
                    statement["meeting"],
                    statement["id"],
                    {"quote": fixed},
                    "quote checked against the recording",
                )
            )
        else:
            made.append(
                (
                    statement["meeting"],
                    statement["id"],
                    {"place": rng.choice(PLACES)},
                    "place misreported in the first version",
                )
            )
    return made
