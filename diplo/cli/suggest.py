"""Errors that suggest: an unknown meeting slug or statement id names the closest known one."""

from __future__ import annotations

from collections.abc import Iterable

import click

from ledger.events import meeting_id
from ledger.suggestions import closest
from projections.queries import ReadSide


def hint(word: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest known word, or "" if none is close."""
    near = closest(word, known)
    return f"; did you mean '{near}'?" if near else ""


def meeting_slugs(reads: ReadSide) -> list[str]:
    """Every meeting's slug, including meetings whose every statement was withdrawn."""
    return [row["meeting"] for row in reads.meetings(include_empty=True)]


def unknown_meeting(reads: ReadSide, slug: str) -> click.ClickException:
    """The one-line error for a slug that names no meeting, with the nearest slug."""
    return click.ClickException(
        f"no meeting '{slug}' in the ledger{hint(slug, meeting_slugs(reads))}"
    )


def require_meeting(reads: ReadSide, slug: str) -> None:
    """Nothing if the ledger stores events of meeting `slug` (read raw, so a damaged ledger
    can still be verified); else the one-line error with the nearest slug."""
    if not reads.projector.recorder.select_events(meeting_id(slug), limit=1):
        raise unknown_meeting(reads, slug)


def unknown_statement(reads: ReadSide, statement_id: str) -> click.ClickException:
    """The one-line error for an id no statement has, with the nearest id."""
    prefix = statement_id[:1]
    return click.ClickException(
        f"no statement '{statement_id}' in the ledger"
        f"{hint(statement_id, reads.statement_ids(prefix, limit=5000))}"
    )
