"""The timeline picture of a meeting as SVG fit to sit inline in a page under a strict CSP.

`diplo.timeline.draw_meeting` writes the SVG; this module reads it back with lxml and keeps
only drawing: no metadata (it holds the time of drawing), no comments, no scripts or event
handlers, links only within the picture, and `style` attributes turned into presentation
attributes (a Content-Security-Policy without 'unsafe-inline' ignores inline styles, but not
presentation attributes). Drawn with a fixed hash salt, the same steps give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from hashlib import sha256
from pathlib import Path
from typing import Any

import orjson
from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from diplo.web.kept_drawings import KeptDrawings

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HASH_SALT = "diplomatic-ledger"
CACHE_SIZE = 64
DROPPED = ("metadata", "style", "script", "foreignObject")
_cache: OrderedDict[bytes, str] = OrderedDict()
_kept: KeptDrawings | None = None
"""The drawings of the site being written, if one is."""

Drawing = tuple[str, list[dict[str, Any]], str]
"""What a timeline is drawn from: the meeting's slug, its steps and the picture's label."""


def timeline_svg(slug: str, steps: list[dict[str, Any]], label: str) -> str:
    """The meeting's timeline as an inline <svg> element (cached by its steps; kept with the
    site being written, if any)."""
    key = _key((slug, steps, label))
    if key in _cache:
        return _remember(key, _cache[key])
    found = _kept.find(key, label) if _kept is not None else None
    return _remember(key, found or drawn((slug, steps, label)))


@contextmanager
def keeping_drawings(site: Path, earlier: Path | None) -> Iterator[KeptDrawings]:
    """While a site is written in `site`: keep each drawing used there, and take those an
    `earlier` site kept instead of drawing them again (`diplo.web.kept_drawings`)."""
    global _kept
    _kept = KeptDrawings(site, earlier, clean_svg)
    try:
        yield _kept
    finally:
        _kept = None


def drawn(drawing: Drawing) -> str:
    """The timeline's inline <svg>, drawn now (in whichever process runs it)."""
    slug, steps, label = drawing
    return clean_svg(_draw(slug, steps), label)


def watch_parent(parent: int) -> None:
    """In a drawing process: end it within a second of its parent's end (a parent killed with
    SIGKILL cannot shut its processes down, which would then wait for work for ever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def draw_ahead(drawings: Sequence[Drawing], pool: Executor) -> bool:
    """Draw those of the timelines not cached yet in `pool`'s processes, at most CACHE_SIZE,
    so that `timeline_svg` finds them; False if the pool has broken (a worker was killed):
    the timelines are then drawn here, one by one, when asked for."""
    wanted = {_key(drawing): drawing for drawing in drawings}
    if _kept is not None:  # (those an earlier site kept are not drawn again)
        for key, (_, _, label) in wanted.items():
            if key not in _cache and (found := _kept.find(key, label)) is not None:
                _remember(key, found)
    missing = {key: drawing for key, drawing in wanted.items() if key not in _cache}
    try:
        for key, markup in zip(missing, pool.map(drawn, missing.values()), strict=True):
            _remember(key, markup)
    except BrokenProcessPool:
        return False
    return True


def _key(drawing: Drawing) -> bytes:
    """What a drawn timeline is cached by: everything it is drawn from."""
    slug, steps, label = drawing
    return orjson.dumps([slug, label, steps])


def _remember(key: bytes, markup: str) -> str:
    """Cache a drawing as the latest used, and keep it with the site being written."""
    if _kept is not None:
        _kept.keep(key, markup)
    _cache[key] = markup
    _cache.move_to_end(key)
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
    _name_clips_by_content(root)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "timeline")
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, encoding="unicode"))


def _name_clips_by_content(root: Any) -> None:
    """Name each clip path by its place and its shape as written. matplotlib names one by a
    hash of its rectangle's exact floats, whose last bits differ from one process to another
    for the same picture (its layout adds in another order), so the same steps gave other
    bytes in another process."""
    names = {}
    for number, clip in enumerate(root.iter(f"{{{SVG_NS}}}clipPath")):
        shape = b"".join(etree.tostring(part, with_tail=False) for part in clip)
        names[f"url(#{clip.get('id')})"] = name = f"clip{number}-{sha256(shape).hexdigest()[:8]}"
        clip.set("id", name)
    for element in root.iter():
        if element.get("clip-path") in names:
            element.set("clip-path", f"url(#{names[element.get('clip-path')]})")


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
