"""The inline timeline's markup depends on what is drawn, never on how matplotlib named it."""

from __future__ import annotations

from diplo.web.svg import clean_svg

DRAWN = """<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt">
 <defs>
  <clipPath id="{first}"><rect x="1.5" y="2" width="3" height="4"/></clipPath>
  <clipPath id="{second}"><rect x="0" y="0" width="9" height="9"/></clipPath>
 </defs>
 <path d="M 0 0 L 1 1" clip-path="url(#{first})"/>
 <path d="M 1 1 L 2 2" clip-path="url(#{second})"/>
 <path d="M 2 2 L 3 3" clip-path="url(#{first})"/>
</svg>"""


def cleaned(first: str, second: str) -> str:
    return clean_svg(DRAWN.format(first=first, second=second).encode(), "a timeline")


def test_the_same_clip_rectangles_under_other_names_give_the_same_markup() -> None:
    # matplotlib hashes a clip rectangle's exact floats into its id, and their last bits
    # differ between processes drawing the same picture
    assert cleaned("p0a1b2c3d4e", "p5f6a7b8c9d") == cleaned("pffffffffff", "p0000000000")


def test_each_drawing_keeps_the_clip_rectangle_it_was_given() -> None:
    markup = cleaned("pA", "pB")
    assert "pA" not in markup and "pB" not in markup
    uses = [part.split(")")[0] for part in markup.split('clip-path="url(#')[1:]]
    assert len(set(uses)) == 2 and uses[0] == uses[2] != uses[1]
    for name, rect in ((uses[0], 'x="1.5" y="2"'), (uses[1], 'x="0" y="0"')):
        assert f'<clipPath id="{name}"><rect {rect}' in markup
