"""Errors that suggest: an unknown meeting slug or statement id names the closest known one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import click

from projections.queries import ReadSide


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to `word` (difflib's ratio of at least 0.6), or None."""
    found = difflib.get_close_matches(word, list(known), n=1)
    return found[0] if found else None


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
    """Nothing if `slug` names a meeting; else the one-line error with a suggestion."""
    if slug not in meeting_slugs(reads):
        raise unknown_meeting(reads, slug)


def unknown_statement(reads: ReadSide, statement_id: str) -> click.ClickException:
    """The one-line error for an id no statement has, with the nearest id."""
    prefix = statement_id[:1]
    return click.ClickException(
        f"no statement '{statement_id}' in the ledger"
        f"{hint(statement_id, reads.statement_ids(prefix, limit=5000))}"
    )
