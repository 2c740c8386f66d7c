"""Shell completion of meeting slugs and statement ids, read from the ledger being named."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from diplo.cli.session import Session

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from projections.queries import ReadSide


def _completions(ctx: click.Context, names: Callable[[ReadSide], list[str]]) -> list[str]:
    """Names read from the ledger named on the command line, or none: never break the shell."""
    try:
        session = Session(ctx.find_root().params.get("db"), None)
        try:
            return names(session.caught_up())
        finally:
            session.shutdown()
    except Exception:
        return []


def complete_meetings(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Meeting slugs, for shell completion."""
    from click.shell_completion import CompletionItem

    slugs = _completions(ctx, lambda reads: [m["meeting"] for m in reads.meetings()])
    return [CompletionItem(slug) for slug in slugs if slug.startswith(incomplete)]


def complete_statement_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Statement ids, for shell completion."""
    from click.shell_completion import CompletionItem

    ids = _completions(ctx, lambda reads: reads.statement_ids(incomplete))
    return [CompletionItem(statement_id) for statement_id in ids]
