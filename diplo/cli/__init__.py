"""`diplo`: the command line, a thin shell over the ledger application and its read side.

This module is the composition root: the click group `main` (global options, the `Session` each
command receives) and the registration of the commands, one module per help section. A command's
module is imported only when that command runs (or its help is shown): `diplo --version`,
`diplo --help` and a query never load what the other commands need (the write side, YAML, the
exports, matplotlib, the web stack).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


class Lazy(NamedTuple):
    """Where a command lives (`module`, `attribute`) and the first paragraph of its help, which
    `diplo --help` and shell completion show without importing the module."""

    module: str
    attribute: str
    summary: str


SECTIONS = {
    "record": ("import", "append", "correct", "cite", "withdraw", "move", "people"),
    "query": ("meetings", "status", "history", "show", "diff", "search", "timeline"),
    "audit": ("verify", "export"),
    "administer": ("rebuild", "project", "copy"),
    "publish": ("serve", "site"),
}
"""The help's sections, each a module of this package, and the commands they list in order."""

COMMANDS: dict[str, Lazy] = {
    "import": Lazy(
        "diplo.cli.record",
        "import_",
        "Append the statements of YAML or JSON Lines files ('-' reads standard input).",
    ),
    "append": Lazy(
        "diplo.cli.record",
        "append",
        "Append one statement; prints its id (by default `<meeting>-<kind>-<said_on>`).",
    ),
    "correct": Lazy(
        "diplo.cli.errata",
        "correct",
        "Correct fields of a recorded statement (an erratum); the original stays in history.",
    ),
    "cite": Lazy(
        "diplo.cli.errata",
        "cite",
        "Add a source to a recorded statement: one more outlet reported it.",
    ),
    "withdraw": Lazy(
        "diplo.cli.errata",
        "withdraw",
        "Withdraw a statement recorded in error (not a walk-back): it stays in the history, "
        "marked withdrawn, and counts for nothing.",
    ),
    "move": Lazy(
        "diplo.cli.errata",
        "move",
        "Move a statement recorded on the wrong meeting: it is withdrawn there and recorded on "
        "the right one, linked both ways.",
    ),
    "people": Lazy(
        "diplo.cli.people",
        "people",
        "The people registry: canonical names, sides and aliases (the --people file).",
    ),
    "meetings": Lazy(
        "diplo.cli.query",
        "meetings",
        "List the meetings in the ledger with their current status.",
    ),
    "status": Lazy(
        "diplo.cli.query",
        "status",
        "Where a meeting stands: now, as of a date, or as the ledger had it at a moment.",
    ),
    "history": Lazy(
        "diplo.cli.query",
        "history",
        "The audit trail: every statement in said_on order and what it changed.",
    ),
    "show": Lazy(
        "diplo.cli.query",
        "show_",
        "Show one statement with its full provenance and any errata.",
    ),
    "diff": Lazy(
        "diplo.cli.explore",
        "diff",
        "What changed in a meeting's status, stances and plan between two dates, and the "
        "statements that changed it. FROM and TO are days, months or years (their last day).",
    ),
    "search": Lazy(
        "diplo.cli.explore",
        "search",
        "Statements whose quote, summary, translation or speaker hold every word of TEXT.",
    ),
    "timeline": Lazy(
        "diplo.cli.query",
        "timeline",
        "Draw how a meeting's plan changed (or all meetings as status bands) to PNG or SVG.",
    ),
    "verify": Lazy(
        "diplo.cli.audit",
        "verify_",
        "Check the file, every meeting's hash chain and the view; exit 1 if anything is wrong.",
    ),
    "export": Lazy(
        "diplo.cli.audit",
        "export_",
        "Export the ledger: its events (JSON Lines), or as PLOVER, CAMEO or iCalendar.",
    ),
    "rebuild": Lazy(
        "diplo.cli.administer",
        "rebuild",
        "Throw the view away and rebuild it from the event log.",
    ),
    "project": Lazy(
        "diplo.cli.administer",
        "project",
        "Bring the view up to date; with --follow, keep it current until interrupted.",
    ),
    "copy": Lazy(
        "diplo.cli.administer",
        "copy_",
        "Copy a whole ledger event for event (SQLite to PostgreSQL and back).",
    ),
    "serve": Lazy("diplo.web.commands", "serve", "Browse the ledger in a web browser (read-only)."),
    "site": Lazy(
        "diplo.web.commands",
        "site",
        "Write the pages, their JSON and the feeds as static files, ready to publish.",
    ),
}
"""Every command: its module, its attribute there and its help's first paragraph (a test checks
that each is the command's own)."""


class DiploGroup(click.Group):
    """Commands imported on first use, listed by section in --help, and a suggestion for a
    mistyped command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now if it has not been yet."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            where = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(where.module), where.attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def summary_of(self, name: str, limit: int) -> str:
        """A command's short help, from its module only if that is imported already (else
        from a stand-in with its summary as help, shortened the same way)."""
        command = self.commands.get(name) or click.Command(name, help=COMMANDS[name].summary)
        return command.get_short_help_str(limit=limit)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for section, names in SECTIONS.items():
            rows = [(name, self.summary_of(name, 70)) for name in names]
            with formatter.section(f"Commands to {section}"):
                formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names (with their short help) and the group's options, importing no
        command's module."""
        from click.shell_completion import CompletionItem

        names = [name for name in self.list_commands(ctx) if name.startswith(incomplete)]
        items = [CompletionItem(name, help=self.summary_of(name, 45)) for name in names]
        return items + click.Command.shell_complete(self, ctx, incomplete)


@click.group(cls=DiploGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-ledger", prog_name="diplo")
@click.option(
    "--db",
    envvar="DIPLO_DB",
    default=None,
    help="SQLite file or postgresql:// URL [env DIPLO_DB; default .diplo/ledger.sqlite].",
)
@click.option(
    "--people",
    "people_file",
    envvar="DIPLO_PEOPLE",
    default=None,
    type=click.Path(dir_okay=False),
    help="People registry (YAML) mapping name aliases to canonical names [env DIPLO_PEOPLE].",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for bug reports).")
@click.pass_context
def main(ctx: click.Context, db: str | None, people_file: str | None, debug: bool) -> None:
    """diplo: the ledger of record for how diplomatic plans change.

    \b
    Example:
      diplo import fixtures/*.yaml && diplo meetings
    """
    from diplo.cli.session import Session

    ctx.obj = Session(db, people_file, debug)
    ctx.call_on_close(ctx.obj.shutdown)


__all__ = ["COMMANDS", "SECTIONS", "main"]
