"""Text for a terminal: its controls shown escaped, never sent raw; plain text as it is."""

from __future__ import annotations

from diplo.safety import safe


def test_plain_text_is_given_as_it_is() -> None:
    assert safe("Peskov: no summit in Paris.") == "Peskov: no summit in Paris."
    assert safe("Møde i Paris") == "Møde i Paris"
    assert safe(None) == ""


def test_tabs_new_lines_and_crlf_stay_and_every_other_control_is_escaped() -> None:
    assert safe("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert safe("\x1b[31mred") == "\\x1b[31mred"
    assert safe("bell\x07 del\x7f lone\rcr") == "bell\\x07 del\\x7f lone\\x0dcr"
    assert safe("c1 \x9b and \u202eevil") == "c1 \\x9b and \\u202eevil"
