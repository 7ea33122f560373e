"""A served map's large payloads in one static file, not inside the script of every run.

streamlit-folium sends the whole map script again on every run whose map changes at all: a new
metric's colours (38 KB) came with the 1 MB of shapes, needs, hubs and IDP circles that had not
changed, which the browser then decoded, copied into the map's frame and parsed again (issue 14's
timeline: the map's message arrived 0.24 s after the rest of the page). ``serve_data`` moves each
payload over ``MIN_BYTES`` into one file under ``static/data``, named by its content, that the map
frame loads before it runs the script (as it loads Leaflet), and leaves in the script only
``window.hmData["<key>"]``. The file is the same for every visitor with the same data, language
and day, so a browser that has it fetches it no more (Streamlit answers with its ETag), and it is
gzipped as the page is.

The payloads are JSON text made safe for a ``<script>`` (``geo.maps.shapes.json_text``): the file is
that same text, assigned. Old files are pruned (``KEEP`` newest), since every upload makes new ones.
Tests and exports keep the payloads inline: only the pages call ``serve_data``, on a map built for
that run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.maps.assets import walk, write_whole

MIN_BYTES = 10_000  # smaller payloads stay inline: a file costs the first visit a round trip
KEEP = 64  # newest files kept; one per data set, language and day (and map) in use
DATA_URL = "app/static/data"  # where Streamlit serves <app dir>/static/data
PAYLOAD_ATTRIBUTES = ("data", "payload")  # where the map's elements keep their JSON text (geo.maps.shapes, map_elements)


class ServedData(JSCSSMixin, MacroElement):
    """The map's data file among its scripts: streamlit-folium loads it, after the bundle, before the map runs."""

    _template = Template("")

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "ServedData"
        self.default_js = [("hm_data", url)]


def serve_data(m: folium.Map, folder: Path, min_bytes: int = MIN_BYTES) -> Path | None:
    """Move the payloads of ``m`` over ``min_bytes`` into one file in ``folder`` (in place); its path, or
    None when no payload is that large. ``m`` must be built for this run: its elements are changed."""
    moved: dict[str, str] = {}
    for element in walk(m):
        for attribute in PAYLOAD_ATTRIBUTES:
            text = getattr(element, attribute, None)
            if isinstance(text, str) and len(text) >= min_bytes:
                key = hashlib.sha256(text.encode()).hexdigest()[:24]
                moved[key] = text
                setattr(element, attribute, f'window.hmData["{key}"]')
    if not moved:
        return None
    body = "".join(f'd["{key}"] = {text};\n' for key, text in moved.items())
    code = f"(function (d) {{\n{body}}})(window.hmData = window.hmData || {{}});\n"
    path = folder / f"{hashlib.sha256(code.encode()).hexdigest()[:32]}.js"
    _write_once(path, code)
    ServedData(f"/{DATA_URL}/{path.name}").add_to(m)
    return path


def _write_once(path: Path, code: str) -> None:
    """Write ``path`` unless it is there (its name is its content), then keep only the ``KEEP`` newest."""
    if path.is_file():
        os.utime(path)  # in use: the newest, whatever pruning comes next
        return
    write_whole(path, code)
    files = sorted(path.parent.glob("*.js"), key=_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # pruned by another process meanwhile
        return 0.0
