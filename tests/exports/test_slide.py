"""Maps ready for a slide: the HTML file with the stop beside the map, the page the PNG is drawn from."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from geo.exports.slide import Slide, picture_html, slide_html
from geo.maps.map_builder import build_map
from geo.text.i18n import gettext_for

HOSTILE = '<img src=x onerror="alert(1)">'
TEXT = "Most needs are in **Mykolaiv**; see [the list](https://tour.example.net/list) ${x} <script>alert(2)</script>"
ESCAPED_TITLE = "Mykolaiv oblast: 463 needs &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
TILES = (("Needs registered", "463"), ("Verified, % of all needs", "81%"), (HOSTILE, "<b>9</b>"))


def slide(lang: str = "en", **changes) -> Slide:
    values = dict(
        title=f"Mykolaiv oblast: 463 needs {HOSTILE}",
        lang=lang,
        area="Mykolaivska",
        as_of=None,
        text=TEXT,
        tiles=TILES,
        data_as_of=dt.date(2025, 10, 31),
        attribution="Demo data. Boundaries: OCHA COD-AB (CC BY-IGO)",
    )
    return Slide(**{**values, **changes})


class Tags(HTMLParser):
    """The elements of a page, and every URL it would fetch by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.fetched: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag in ("script", "img", "iframe") and values.get("src"):
            self.fetched.append(values["src"])
        if tag == "link" and values.get("href"):
            self.fetched.append(values["href"])


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@pytest.fixture(scope="module")
def small_map(small):
    return lambda: build_map(small, "open_needs", "en", "attribution")


def test_html_file_has_the_stops_title_text_and_tiles_beside_the_map(small_map):
    """The file holds the title, the text, every tile, the data's date and the attribution, all escaped, in a
    panel that comes before the map; it fetches nothing, so it still opens offline."""
    page = slide_html(small_map(), slide())
    assert "<title>Mykolaiv oblast: 463 needs &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in page
    panel = re.search(r'<aside class="hm-slide-panel" data-testid="slide-panel">(.*?)</aside>', page, re.DOTALL).group(1)
    assert f"<h1>{ESCAPED_TITLE}</h1>" in panel
    assert '<p class="hm-slide-sub">Mykolaivska</p>' in panel
    for label, value in (("Needs registered", "463"), ("Verified, % of all needs", "81%")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in panel
    assert "<dt>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</dt><dd>&lt;b&gt;9&lt;/b&gt;</dd>" in panel
    assert "<p>Data as of 2025-10-31.</p><p>Demo data. Boundaries: OCHA COD-AB (CC BY-IGO)</p>" in panel
    assert page.index("hm-slide-panel") < page.index('class="folium-map"')
    tags = parsed(page)
    assert tags.fetched == []
    assert not [t for t, attrs in tags.tags if t in ("img", "a", "strong", "b") or "onerror" in attrs]
    assert '<html lang="en">' in page and '<body class="hm-slide">' in page


def test_the_stops_text_shows_its_characters_not_markup(small_map):
    """Markdown and HTML in a stop's text read as the characters typed, as on the Forum page: no link, no
    bold, no script, no template placeholder."""
    page = slide_html(small_map(), slide())
    text = re.search(r'<p class="hm-slide-text">(.*?)</p>', page).group(1)
    assert text == (
        "Most needs are in **Mykolaiv**; see [the list](https://tour.example.net/list) &#36;&#123;x&#125; "
        "&lt;script&gt;alert(2)&lt;/script&gt;"
    )
    assert "https://tour.example.net/list" not in page.replace(text, "")


def test_a_stop_without_text_or_tiles_has_a_shorter_panel(small_map):
    page = slide_html(small_map(), slide(text="  ", tiles=(), area="", data_as_of=None, attribution=""))
    panel = re.search(r'<aside class="hm-slide-panel" data-testid="slide-panel">(.*?)</aside>', page, re.DOTALL).group(1)
    assert panel == f"<h1>{ESCAPED_TITLE}</h1>"


def test_the_picture_page_names_the_stop_and_hides_the_maps_buttons(small_map):
    """Above the map the title and where and when; below it the data's date and the attribution; the zoom
    buttons, the layer list, the legend's fold button and the attribution box are hidden, the legend open."""
    page = picture_html(small_map(), slide(as_of=dt.date(2025, 9, 1)))
    head = re.search(r'<header class="hm-picture-head" data-testid="picture-title">(.*?)</header>', page).group(1)
    assert head == f"<h1>{ESCAPED_TITLE}</h1><p>Mykolaivska · as of 2025-09-01</p>"
    foot = re.search(r'<footer class="hm-picture-foot" data-testid="picture-source">(.*?)</footer>', page).group(1)
    assert "Data as of 2025-09-01." in foot and "Demo data. Boundaries: OCHA COD-AB (CC BY-IGO)" in foot
    css = page[page.index("body.hm-picture") :]
    rule = re.search(r"\n([^{}\n]*leaflet-control-zoom[^{}]*)\{ display: none !important; \}", css).group(1)
    hidden = {selector.strip() for selector in rule.split(",")}
    assert {".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-attribution", ".hm-legend-caret"} <= hidden
    assert ".hm-legend-folded .hm-legend-body { display: block !important; }" in css
    assert page.index("<header class") < page.index('class="folium-map"') < page.index("<footer class")
    assert page.index("<footer class") < page.index("</body>") < page.index("L.map(")  # laid out before the map starts
    assert parsed(page).fetched == []


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_data_date_is_the_stops_when_it_shows_the_past(lang):
    """A stop "as of" a day before the data's newest record shows the data of that day, and says so."""
    _ = gettext_for(lang)
    past = slide(lang, as_of=dt.date(2025, 8, 1))
    assert past.data_date == dt.date(2025, 8, 1)
    assert past.date_line() == _("Data as of {date}.").format(date="2025-08-01")
    assert past.subtitle() == "Mykolaivska · " + _("as of {date}").format(date="2025-08-01")
    assert slide(lang).data_date == dt.date(2025, 10, 31) and slide(lang).subtitle() == "Mykolaivska"
    assert slide(lang, data_as_of=None).date_line() == ""
    if lang == "uk":
        assert past.date_line() == "Дані станом на 2025-08-01."
