"""Exports for analysts: PLOVER records, CAMEO rows, an iCalendar, JSON-LD and a TimelineJS
timeline (README's export section has every mapping choice and the spec section it follows).

One module per format, each with `write(reads, meetings, stream)` (returning what the reader
should be told, if anything); this module only names the formats and picks the module,
imported when it is asked for (so the CLI loads little).
Input is the read side's plain data: `ReadSide.history(slug)` steps for the event exports,
`ReadSide.meetings()` dicts for the calendar.
"""

from __future__ import annotations

import importlib
from typing import Any, BinaryIO, Protocol, cast

FORMATS: dict[str, str] = {
    "plover": "PLOVER JSON Lines",
    "cameo": "CSV with CAMEO codes",
    "ical": "planned meetings as an iCalendar file",
    "jsonld": "meetings as schema.org Events in JSON-LD",
    "timelinejs": "statements as a Knight Lab TimelineJS timeline (JSON)",
}
"""The export formats besides the re-importable jsonl, with a few words on each."""


class ReadsForExport(Protocol):
    """What the exports read: the read side's meetings and histories."""

    def meetings(self) -> list[dict[str, Any]]: ...

    def history(self, slug: str) -> list[dict[str, Any]] | None: ...


class UnknownMeeting(ValueError):
    """An export asked for a meeting the ledger does not have."""


def write_export(
    fmt: str, reads: ReadsForExport, meeting: str | None, stream: BinaryIO
) -> list[str]:
    """Write the ledger (or one meeting) in one of `FORMATS` to a binary stream; returns what
    the reader should be told (meetings the format leaves out), for the caller to say."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}")
    notes = module.write(reads, exported(reads, meeting), stream)
    return cast("list[str]", notes or [])


def exported(reads: ReadsForExport, meeting: str | None) -> list[dict[str, Any]]:
    """The meetings an export of the ledger (or of one meeting) holds."""
    rows = [m for m in reads.meetings() if meeting is None or m["meeting"] == meeting]
    if meeting is not None and not rows:
        raise UnknownMeeting(f"no meeting '{meeting}' in the ledger")
    return rows


def histories(
    reads: ReadsForExport, meetings: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Each meeting's history steps, by slug; a withdrawn statement (recorded in error) is no
    part of any export."""
    return {str(m["meeting"]): recorded(reads, str(m["meeting"])) for m in meetings}


def all_steps(reads: ReadsForExport, meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history steps of the given meetings, meeting by meeting (withdrawn ones left out)."""
    return [step for row in meetings for step in recorded(reads, str(row["meeting"]))]


def recorded(reads: ReadsForExport, slug: str) -> list[dict[str, Any]]:
    """A meeting's history steps but those withdrawn (recorded in error)."""
    return [step for step in reads.history(slug) or [] if not step.get("withdrawn")]
