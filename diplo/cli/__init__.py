"""`diplo`: the command line, a thin shell over the ledger application and its read side.

This module is the composition root: the click group `main` (global options, the `Session` each
command receives) and the registration of the commands, one module per help section.
"""

from __future__ import annotations

import difflib

import click

from diplo.cli import administer, audit, errata, explore, people, query, record
from diplo.cli.session import Session
from diplo.web.commands import serve, site

SECTIONS = {
    "record": ("import", "append", "correct", "cite", "withdraw", "move", "people"),
    "query": ("meetings", "status", "history", "show", "diff", "search", "timeline"),
    "audit": ("verify", "export"),
    "administer": ("rebuild", "project", "copy"),
    "publish": ("serve", "site"),
}
"""The help's sections, each a module of this package, and the commands they list in order."""

COMMANDS: tuple[click.Command, ...] = (
    record.import_,
    record.append,
    errata.correct,
    errata.cite,
    errata.withdraw,
    errata.move,
    people.people,
    query.meetings,
    query.status,
    query.history,
    query.show_,
    explore.diff,
    explore.search,
    query.timeline,
    audit.verify_,
    audit.export_,
    administer.rebuild,
    administer.project,
    administer.copy_,
    serve,
    site,
)


class DiploGroup(click.Group):
    """Commands listed by section in --help, and a suggestion for a mistyped command."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for section, names in SECTIONS.items():
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=70)))
            if rows:
                with formatter.section(f"Commands to {section}"):
                    formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)


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
    ctx.obj = Session(db, people_file, debug)
    ctx.call_on_close(ctx.obj.shutdown)


for _command in COMMANDS:
    main.add_command(_command)

__all__ = ["SECTIONS", "Session", "main"]
