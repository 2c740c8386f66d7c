"""Ledger text made safe and readable for a page: visible bidi controls, http(s) links only,
human dates. Escaping itself is Jinja2's autoescape; these filters return plain strings."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from ledger.dates import date_bounds

BIDI_AND_CONTROL = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
"""Characters that would reorder or hide text, or that XML cannot hold (the Atom feed):
shown as their code point instead."""
SAFE_SCHEMES = frozenset({"http", "https"})


def visible(text: object) -> str:
    """The text (a list: joined by commas; a flag: yes or no, as the command line says it),
    each bidi override or control shown as <U+XXXX>."""
    if text is None:
        return ""
    if isinstance(text, bool):
        return "yes" if text else "no"
    if isinstance(text, list | tuple):
        text = ", ".join(str(item) for item in text)
    return BIDI_AND_CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(text))


def safe_url(url: object) -> str | None:
    """The url if it is an absolute http(s) url without credentials or controls, else None."""
    if not isinstance(url, str) or BIDI_AND_CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def day_text(day: date) -> str:
    """23 October 2018."""
    return f"{day.day} {day:%B %Y}"


def human_date(text: object) -> str:
    """An ISO or EDTF date in words: 11 November 2018; November 2018; any day from 22 to ...."""
    if not text:
        return "not given"
    try:
        first, last = date_bounds(str(text))
    except ValueError:
        return visible(text)
    if first == last:
        return day_text(first)
    whole_months = first.day == 1 and (last.month == 12 or _next_day(last).day == 1)
    if whole_months and (first.month, last.month) == (1, 12) and first.year == last.year:
        return str(first.year)
    if whole_months and (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if whole_months and first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"any day from {first.day} to {day_text(last)}"
    if first.year == last.year:
        return f"any day from {first.day} {first:%B} to {day_text(last)}"
    return f"any day from {day_text(first)} to {day_text(last)}"


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def language_of(tag: object) -> str:
    """A BCP 47 tag fit for a `lang` attribute ('und' if it is not one)."""
    text = str(tag or "")
    return text if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", text) else "und"
