"""The timeline picture of a meeting as SVG fit to sit inline in a page under a strict CSP.

`diplo.timeline.draw_meeting` writes the SVG; this module reads it back with lxml and keeps
only drawing: no metadata (it holds the time of drawing), no comments, no scripts or event
handlers, links only within the picture, and `style` attributes turned into presentation
attributes (a Content-Security-Policy without 'unsafe-inline' ignores inline styles, but not
presentation attributes). Drawn with a fixed hash salt, the same steps give the same bytes.
"""

from __future__ import annotations

import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import orjson
from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HASH_SALT = "diplomatic-ledger"
CACHE_SIZE = 64
DROPPED = ("metadata", "style", "script", "foreignObject")
_cache: OrderedDict[bytes, str] = OrderedDict()


def timeline_svg(slug: str, steps: list[dict[str, Any]], label: str) -> str:
    """The meeting's timeline as an inline <svg> element (cached by its steps)."""
    key = orjson.dumps([slug, label, steps])
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    markup = clean_svg(_draw(slug, steps), label)
    _cache[key] = markup
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return markup


def clear_drawings() -> None:
    """Forget every cached drawing."""
    _cache.clear()


def _draw(slug: str, steps: list[dict[str, Any]]) -> bytes:
    import matplotlib

    from diplo.timeline import draw_meeting  # matplotlib: load only when a picture is drawn

    with tempfile.TemporaryDirectory(prefix="diplo-svg-") as folder:
        out = Path(folder) / "timeline.svg"
        with matplotlib.rc_context({"svg.hashsalt": HASH_SALT}):
            draw_meeting(slug, steps, out)
        return out.read_bytes()


def clean_svg(data: bytes, label: str) -> str:
    """Drawing only, styles as attributes, sized by the page, labelled for screen readers."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(data, parser)
    for name in DROPPED:
        for element in root.iter(f"{{{SVG_NS}}}{name}"):
            element.getparent().remove(element)
    for element in root.iter():
        _keep_safe_attributes(element)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "timeline")
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, encoding="unicode"))


def _keep_safe_attributes(element: Any) -> None:
    for name in list(element.attrib):
        value = element.attrib[name]
        local = name.rsplit("}", 1)[-1].lower()
        if local.startswith("on") or (local == "href" and not value.startswith("#")):
            del element.attrib[name]
        elif local == "style":
            del element.attrib[name]
            for declaration in value.split(";"):
                prop, _, setting = declaration.partition(":")
                if prop.strip() and setting.strip():
                    element.set(prop.strip(), setting.strip())
