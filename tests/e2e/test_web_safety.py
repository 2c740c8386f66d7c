"""What a page does with ledger text it cannot trust: links and invisible characters.

The statement model already refuses non-http(s) urls on input; the pages check again, since a
ledger may come from an older version or another tool (`diplo import` of an export).
"""

from __future__ import annotations

import pytest

from diplo.web.text import safe_url, visible


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/path",
        "/relative/path",
        "https://user:secret@example.org/",
        "https://exa\u202emple.org/",
        "https://example.org/a b",
        "http://",
        None,
    ],
)
def test_only_plain_http_and_https_urls_become_links(url: str | None) -> None:
    assert safe_url(url) is None


def test_http_and_https_urls_stay_as_they_are() -> None:
    assert safe_url("https://p.dw.com/p/3UZbK") == "https://p.dw.com/p/3UZbK"
    assert safe_url("http://example.org/a?b=c#d") == "http://example.org/a?b=c#d"


def test_bidi_overrides_and_controls_are_shown_as_code_points() -> None:
    assert visible("abc\u202edef\u202c") == "abc<U+202E>def<U+202C>"
    assert visible("a\u2066b\u2069\u200fc\x07") == "a<U+2066>b<U+2069><U+200F>c<U+0007>"
    assert visible("line\nbreak and tab\t") == "line\nbreak and tab\t"  # harmless: kept
    assert visible(["US", "RU"]) == "US, RU"
    assert visible(None) == ""
