"""The map as one HTML file that opens on a laptop without the app and without internet.

The app serves Leaflet and its plugins from ``/app/static/vendor`` (geo.maps.assets); a file opened
from disk has no such server. ``standalone_html`` renders the folium map and puts every one of
those files into the page itself: scripts as inline ``<script>``, style sheets as ``<style>``,
and the images the style sheets use (Leaflet's layer and marker icons) as ``data:`` URIs. The
files are read from the installed XStatic packages, so the export does not depend on the app's
``static/`` folder.

Anything that would still be fetched from another host (a script, a style sheet, an image, a
font) raises ``ValueError`` naming it: an export that silently needs the internet is the failure
this module exists to prevent. A tile layer's URL template lives inside the map's JavaScript and
is not checked: the caller chooses tiles (the forum map has none, so it draws offline).
"""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import folium

from geo.maps.assets import LOCAL_ASSETS, STATIC_URL, localize, vendor_folders
from geo.text.safe_html import esc

VENDOR_PREFIXES = ("/" + STATIC_URL + "/", STATIC_URL + "/")
# Tags whose src/href the browser fetches by itself (an <a href> is only followed when clicked).
FETCHED = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src", "audio": "src", "video": "src"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)
SOURCE_MAP = re.compile(r"^\s*(//[#@] sourceMappingURL=.*|/\*[#@] sourceMappingURL=.*?\*/)\s*$", re.MULTILINE)
SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
CHARSET_META = re.compile(r"<meta\s+http-equiv=['\"]?content-type['\"]?[^>]*>\s*", re.IGNORECASE)

# Leaflet finds its default marker images through the CSS file's URL; inlined, there is no such
# URL, so the images are handed to it directly (folium.Marker's default icon then draws offline).
LEAFLET_ICONS = {
    "iconUrl": "images/marker-icon.png",
    "iconRetinaUrl": "images/marker-icon-2x.png",
    "shadowUrl": "images/marker-shadow.png",
}


def is_external(url: str) -> bool:
    """True for a URL the browser would fetch from some host: http(s) or protocol-relative."""
    text = url.strip().lower()
    return text.startswith(("http:", "https:", "//", "ftp:", "ws:", "wss:"))


def _vendor_file(url: str) -> Path | None:
    """The installed file behind a ``/app/static/vendor/...`` URL, or None if the URL is not one."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for prefix in VENDOR_PREFIXES:
        if path.startswith(prefix):
            folder, _, rest = path[len(prefix) :].partition("/")
            break
    else:
        return None
    folders = vendor_folders()
    if folder not in folders or not rest:
        return None
    base = folders[folder].resolve()
    file = (base / rest).resolve()
    if not file.is_relative_to(base) or not file.is_file():
        return None
    return file


@cache
def _data_uri(file: Path) -> str:
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _inline_css_urls(css: str, where: str, folder: Path | None) -> str:
    """``url(...)`` in a style sheet: local files become data: URIs; an external URL raises."""
    imported = CSS_IMPORT.search(css)
    if imported:
        raise ValueError(f"{where} imports another style sheet ({imported.group(1)}), which cannot be inlined")

    def replace(match: re.Match) -> str:
        url = match.group(2).strip()
        if is_external(url):
            raise ValueError(f"{where} loads {url} from the internet; the exported map must not")
        if url.startswith(("data:", "#")) or not url:
            return match.group(0)
        file = (folder / url).resolve() if folder is not None else None
        if file is None or not file.is_file() or not file.is_relative_to(folder.resolve()):
            raise ValueError(f"{where} refers to {url}, which is not an installed file that can be inlined")
        return f'url("{_data_uri(file)}")'

    return CSS_URL.sub(replace, css)


@cache
def _inline_script(file: Path) -> str:
    """A script file as the body of an inline <script>: no ``</script`` can end it early."""
    code = SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
    # "<\/script" means the same inside a JavaScript string, regex or comment, and ends no HTML element.
    code = SCRIPT_END.sub(r"<\\/\1", code)
    if file.name == Path(LOCAL_ASSETS["leaflet"]).name:
        icons = {option: _data_uri(file.parent / name) for option, name in LEAFLET_ICONS.items()}
        options = ", ".join(f'{option}: "{uri}"' for option, uri in icons.items())
        code += f'\nL.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({{{options}}});\n'
    return code


@cache
def _inline_style(file: Path) -> str:
    css = SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
    css = _inline_css_urls(css, f"The style sheet {file.name}", file.parent)
    return STYLE_END.sub(r"<\\/\1", css)


class _Tags(HTMLParser):
    """Where each tag that loads something starts and ends (script bodies are skipped as text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, int, str, dict[str, str]]] = []  # (start, end, tag, attrs)
        self.styles: list[tuple[int, int]] = []  # inline <style> bodies
        self._open: tuple[int, str, dict[str, str]] | None = None
        self._style_start: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and "src" in values:
            self._open = (start, tag, values)  # replaced up to and with its </script>
        elif tag == "style":
            self._style_start = end
        elif tag == "link" or (tag in FETCHED and tag != "script"):
            self.found.append((start, end, tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._open is not None:  # <script src=... /> is still open in HTML; be strict
            raise ValueError("a self-closing <script /> cannot be inlined")

    def handle_endtag(self, tag: str) -> None:
        position = self._offset()
        if tag == "script" and self._open is not None:
            start, name, values = self._open
            self.found.append((start, self.rawdata.index(">", position) + 1, name, values))
            self._open = None
        elif tag == "style" and self._style_start is not None:
            self.styles.append((self._style_start, position))
            self._style_start = None


def _replacement(tag: str, attrs: dict[str, str]) -> str | None:
    """The inline element for one loading tag; None to leave it as it is."""
    if tag == "link":
        href = attrs.get("href", "")
        rel = attrs.get("rel", "").lower().split()
        if not href or href.startswith("data:"):
            return None
        if is_external(href):
            raise ValueError(f"The map loads {href} from the internet (a <link>); the exported map must not")
        if "stylesheet" not in rel:
            raise ValueError(f"The map links to {href} (rel={attrs.get('rel')!r}), which would not open from a file")
        file = _vendor_file(href)
        if file is None:
            raise ValueError(f"The map's style sheet {href} is not an installed file that can be inlined")
        return f"<style>{_inline_style(file)}</style>"
    src = attrs.get(FETCHED[tag], "")
    if not src or src.startswith("data:"):
        return None
    if is_external(src):
        raise ValueError(f"The map loads {src} from the internet (a <{tag}>); the exported map must not")
    if tag != "script":
        raise ValueError(f"The map refers to {src} (an <{tag}>), which would not open from a file")
    file = _vendor_file(src)
    if file is None:
        raise ValueError(f"The map's script {src} is not an installed file that can be inlined")
    return f"<script>{_inline_script(file)}</script>"


def standalone_html(m: folium.Map, title: str) -> str:
    """The map as one self-contained HTML page (UTF-8) that draws offline from a ``file://`` path.

    ``m`` is localized first (``geo.maps.assets.localize``, in place), so a map element whose assets we
    do not serve raises ``geo.maps.assets.UnknownAssetError`` (a ``ValueError``). ``title`` is the
    browser tab's title and is escaped. Raises ``ValueError`` naming the URL if a script, style
    sheet, image or CSS ``url()`` would still be fetched from the internet.
    """
    localize(m, bundled=False)  # each file inlined on its own (the Leaflet one gets its icons)
    page = m.get_root().render()
    tags = _Tags(page)
    tags.feed(page)
    tags.close()
    for start, end in tags.styles:
        _inline_css_urls(page[start:end], "An inline style on the map", None)
    parts, last = [], 0
    for start, end, tag, attrs in sorted(tags.found):
        new = _replacement(tag, attrs)
        if new is not None:
            parts += [page[last:start], new]
            last = end
    page = "".join(parts) + page[last:]
    page = CHARSET_META.sub("", page, count=1)
    head = f'<meta charset="utf-8">\n    <title>{esc(title)}</title>\n    '
    return re.sub(r"(<head[^>]*>\s*)", lambda match: match.group(1) + head, page, count=1, flags=re.IGNORECASE)
