"""Text output of `diff` and `search`."""

from __future__ import annotations

from typing import Any

from rich.padding import Padding
from rich.text import Text

from diplo.render import _short, console, plural, status_text, when
from diplo.safety import safe


def render_diff(data: dict[str, Any]) -> None:
    """Before and after, each changed field on a line, then the statements that changed it."""
    out = console()
    heading = Text(f"{safe(data['meeting'])}: ")
    heading.append_text(status_text(data["before"]))
    heading.append(f" on {when(data['from'])} -> ")
    heading.append_text(status_text(data["after"]))
    heading.append(f" on {when(data['to'])}")
    out.print(heading)
    if not data["changes"]:
        out.print("nothing changed")
        return
    for change in data["changes"]:
        name = change["field"]
        out.print(f"  {name}: {_short(change['before'], name)} -> {_short(change['after'], name)}")
    count = len(data["statements"])
    out.print(f"{count} {plural(count, 'statement')} changed it:")
    for step in data["statements"]:
        out.print(
            Text(
                f"  {when(step['said_on'])}  {step['kind']}  {safe(step['speaker'])} "
                f"({safe(step['side'])})  {safe(step['id'])}"
            )
        )


def render_search(text: str, hits: list[dict[str, Any]]) -> None:
    """Each hit: its day, meeting, speaker and id, then its words."""
    out = console()
    if not hits:
        out.print(f"no statement holds '{safe(text)}'")
        return
    out.print(f"{len(hits)} {plural(len(hits), 'statement')}:")
    for hit in hits:
        out.print()
        out.print(
            Text(
                f"{when(hit['said_on'])}  {safe(hit['meeting'])}  {hit['kind'] or ''}  "
                f"{safe(hit['speaker'])} ({safe(hit['side'])})  {safe(hit['id'])}"
            )
        )
        words = safe(hit["quote"] or hit["summary"])
        if hit["translation"]:
            words += f" [{safe(hit['translation'])}]"
        out.print(Padding(Text(words), (0, 0, 0, 2)))
