"""Errors that suggest: an unknown meeting slug or statement id names the closest known one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from projections.queries import ReadSide


def hint(word: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest known word, or "" if none is close."""
    from ledger.suggestions import closest

    near = closest(word, known)
    return f"; did you mean '{near}'?" if near else ""


def meeting_slugs(reads: ReadSide) -> list[str]:
    """Every meeting's slug, including meetings whose every statement was withdrawn."""
    return sorted(reads.slugs())


def unknown_meeting(reads: ReadSide, slug: str) -> click.ClickException:
    """The one-line error for a slug that names no meeting, with the nearest slug."""
    return click.ClickException(
        f"no meeting '{slug}' in the ledger{hint(slug, meeting_slugs(reads))}"
    )


def require_meeting(reads: ReadSide, slug: str) -> None:
    """Nothing if the ledger stores events of meeting `slug` (read raw, so a damaged ledger
    can still be verified); else the one-line error with the nearest slug."""
    from ledger.events import meeting_id

    if not reads.projector.recorder.select_events(meeting_id(slug), limit=1):
        raise unknown_meeting(reads, slug)


def unknown_statement(reads: ReadSide, statement_id: str) -> click.ClickException:
    """The one-line error for an id no statement has, with the nearest id."""
    known = reads.statement_ids(statement_id[:1], limit=5000)
    return click.ClickException(
        f"no statement '{statement_id}' in the ledger"
        f"{hint(statement_id, (found for found in known if found != statement_id))}"
    )


def meeting_of(reads: ReadSide, statement_id: str, meeting: str | None) -> str:
    """The meeting a command about one statement is on: `--meeting` if the statement is on it,
    else the only meeting that has it; otherwise a one-line error naming where it is."""
    if meeting is None:
        return only_meeting(reads, statement_id)
    if reads.statement(meeting, statement_id) is not None:
        return meeting
    slugs = reads.locate(statement_id)
    if slugs:
        live = [slug for slug in slugs if _is_live(reads, slug, statement_id)]
        where = " and ".join(f"'{s}'" + ("" if s in live else " (withdrawn there)") for s in slugs)
        give = f"give --meeting {live[0]}, or leave --meeting out" if len(live) == 1 else None
        raise click.ClickException(
            f"no statement '{statement_id}' on meeting '{meeting}': it is on {where} "
            f"({give or 'give --meeting with one of them'})"
        )
    if meeting not in meeting_slugs(reads):
        raise unknown_meeting(reads, meeting)
    raise unknown_statement(reads, statement_id)


def _is_live(reads: ReadSide, slug: str, statement_id: str) -> bool:
    return (reads.statement(slug, statement_id) or {}).get("withdrawn") is None


def only_meeting(reads: ReadSide, statement_id: str) -> str:
    """The one meeting that has a statement with this id, or a one-line error. Where a moved
    statement is in two, the one it was moved to."""
    slugs = reads.locate(statement_id)
    if not slugs:
        raise unknown_statement(reads, statement_id)
    if len(slugs) > 1:
        live = [slug for slug in slugs if _is_live(reads, slug, statement_id)]
        slugs = live if len(live) == 1 else slugs
    if len(slugs) > 1:
        raise click.ClickException(
            f"'{statement_id}' is in several meetings ({', '.join(slugs)}): give --meeting"
        )
    return slugs[0]
