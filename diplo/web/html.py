"""The Jinja2 environment: package templates, autoescape always on, the text filters."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from diplo.web.links import Links, page_path
from diplo.web.text import human_date, language_of, safe_url, visible

STATUS_MARK = {
    "unannounced": "○",
    "proposed": "◔",
    "agreed": "◑",
    "postponed": "◷",
    "cancelled": "✕",
    "held": "●",
}
"""A shape per status, so the status reads without colour (greyscale print, colour blindness)."""
STANCE_MARK = {"supports": "✔", "denies": "✘", "silent": "–"}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("diplo.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,  # package files: never re-read (an include in a loop would stat)
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(visible=visible, human_date=human_date, lang=language_of, safe_url=safe_url)
    env.globals.update(STATUS_MARK=STATUS_MARK, STANCE_MARK=STANCE_MARK, page_path=page_path)
    return env


def render(template: str, links: Links, **context: Any) -> str:
    """A page: `template` with `context`; `link(path, params)` writes hrefs for `links`."""
    return environment().get_template(template).render(link=links.href, links=links, **context)
