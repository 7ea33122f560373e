"""The map as one HTML file for a laptop without the app: everything inline, nothing from the internet."""

from __future__ import annotations

import base64
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import branca.element
import folium
import folium.plugins
import pytest

from geo.exports.standalone import _inline_script, standalone_html
from geo.maps.assets import UnknownAssetError
from geo.maps.map_builder import build_map

HOSTILE = '</title><script>alert("x")</script>'


def xstatic_file(module: str, name: str) -> Path:
    return Path(importlib.import_module(module).BASE_DIR) / name


class Loads(HTMLParser):
    """Every URL the page would fetch by itself: script/img src and link href."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("script", "img", "iframe") and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"])


def loads(page: str) -> Loads:
    parser = Loads()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def exported(demo) -> str:
    return standalone_html(build_map(demo, "open_needs", "en", "attribution"), "Forum: open needs")


def small_map() -> folium.Map:
    m = folium.Map(location=(47.0, 32.0), zoom_start=7, tiles=None)
    folium.GeoJson({"type": "Point", "coordinates": [32.0, 47.0]}).add_to(m)
    return m


def test_exported_map_loads_nothing_by_itself(exported):
    """No script, style sheet or image is left for the browser to fetch, from the app or the internet."""
    assert loads(exported).urls == []
    assert "/app/static/vendor" not in exported
    css_urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", exported)
    assert css_urls and all(u.startswith(("data:", "#")) for u in css_urls), css_urls


def test_exported_map_carries_leaflet_its_plugins_and_images():
    """Leaflet, the marker cluster plugin, their styles and Leaflet's layer icon are in the file itself."""
    m = small_map()
    folium.plugins.MarkerCluster([(47.0, 32.0), (47.1, 32.1)]).add_to(m)
    folium.LayerControl().add_to(m)
    page = standalone_html(m, "x")
    leaflet = xstatic_file("xstatic.pkg.leaflet", "leaflet.js").read_text(encoding="utf-8")
    cluster = xstatic_file("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js").read_text(encoding="utf-8")
    for library in (leaflet, cluster):  # the minified code is its longest line
        assert max(library.splitlines(), key=len)[:2000] in page
    assert ".leaflet-pane" in page and ".marker-cluster-small" in page
    layers_png = base64.b64encode(xstatic_file("xstatic.pkg.leaflet", "images/layers.png").read_bytes()).decode()
    assert f"data:image/png;base64,{layers_png}" in page
    assert "sourceMappingURL" not in page
    assert loads(page).urls == []


def test_title_is_escaped_and_the_page_says_utf8():
    """A hostile title is shown as text in the tab; the page declares its encoding once."""
    page = standalone_html(small_map(), HOSTILE)
    assert "<script>alert" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert "&lt;/title&gt;&lt;script&gt;alert(" in title
    head = page[: page.index("</head>")]
    assert head.count('<meta charset="utf-8">') == 1 and "http-equiv" not in head.lower()


def test_inlined_script_cannot_close_its_element(tmp_path):
    """A "</script>" inside library code cannot end the inline element early (and run what follows)."""
    file = tmp_path / "lib.js"
    file.write_text('var s = "</script><script>alert(1)</SCRIPT>";\n//# sourceMappingURL=lib.js.map\n')
    code = _inline_script(file)
    assert "</script" not in code.lower()
    assert code.strip() == r'var s = "<\/script><script>alert(1)<\/SCRIPT>";'


def test_a_plugin_whose_files_we_do_not_serve_is_refused():
    """A folium plugin that would load its code from a CDN makes the export fail, naming the asset."""
    m = small_map()
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(UnknownAssetError, match="Control.Fullscreen.js"):
        standalone_html(m, "x")


@pytest.mark.parametrize(
    "element, url",
    [
        (branca.element.JavascriptLink("https://cdn.example.org/lib.js"), "https://cdn.example.org/lib.js"),
        (branca.element.CssLink("//cdn.example.org/style.css"), "//cdn.example.org/style.css"),
        (
            branca.element.Element("<style>.x { background: url('https://t.example.org/a.png'); }</style>"),
            "https://t.example.org/a.png",
        ),
        (branca.element.Element('<img src="http://example.org/logo.png">'), "http://example.org/logo.png"),
    ],
    ids=["script", "protocol-relative css", "css url", "image"],
)
def test_an_element_that_loads_from_the_internet_is_refused(element, url):
    """Whatever way a page would reach the internet, the export stops and names the URL."""
    m = small_map()
    m.get_root().header.add_child(element)
    with pytest.raises(ValueError, match=re.escape(url)):
        standalone_html(m, "x")


def test_a_link_to_an_app_file_that_is_not_installed_is_refused():
    """A script of the app's own that the file cannot carry is an error, not a broken map."""
    m = small_map()
    m.get_root().header.add_child(branca.element.JavascriptLink("/app/static/vendor/leaflet/nothing.js"))
    with pytest.raises(ValueError, match="nothing.js"):
        standalone_html(m, "x")


def test_default_marker_images_are_inline():
    """folium.Marker's default icon finds its images without Leaflet's CSS file next to the page."""
    m = small_map()
    folium.Marker((47.0, 32.0)).add_to(m)
    page = standalone_html(m, "x")
    icon = base64.b64encode(xstatic_file("xstatic.pkg.leaflet", "images/marker-icon.png").read_bytes()).decode()
    assert f'iconUrl: "data:image/png;base64,{icon}"' in page
    assert loads(page).urls == []
