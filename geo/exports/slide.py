"""A map made ready for a slide: the offline HTML file with the stop beside the map, and the page the PNG is drawn from.

Both start from ``geo.exports.standalone.standalone_html`` (everything inline, nothing fetched) and add
what a presenter would otherwise paste in by hand:

- ``slide_html``, the file for a laptop: a side panel with the stop's title, where and when, its
  text, its headline tiles, the data's date and the attribution, beside the map (above it on a
  narrow screen); the map stays a map, to pan and zoom.
- ``picture_html``, the page ``geo.exports.snapshot.render_png`` draws: the title and the subtitle
  above the map, the data's date and the attribution below it, the legend open, and none of the
  map's buttons (zoom, the layer list, the legend's fold button), which mean nothing on a slide.

Every text is plain text and is escaped here (``geo.text.safe_html``): a stop's text shows exactly its
characters, as on the Forum page (``geo.text.safe_markdown.md``), never as markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import folium

from geo.exports.standalone import standalone_html
from geo.text.formatting import date
from geo.text.i18n import gettext_for, normalize_language
from geo.text.safe_html import esc

FONT = 'system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
NARROW_PX = 800  # below this width the panel goes above the map
INK, MUTED = "#111111", "#2b2b2b"  # the forum's colours (geo.forum.forum_style): 7:1 and more on white

# Inside the map, on both: the legend's own source line says what the page says already.
MAP_CSS = """
.hm-legend-source { display: none !important; }
"""
PANEL_CSS = """
html, body { height: 100%%; }
body.hm-slide { display: flex; flex-direction: row; margin: 0; font-family: %(font)s; color: %(ink)s; background: #fff; }
.hm-slide-panel { flex: 0 0 min(440px, 36%%); box-sizing: border-box; height: 100%%; overflow-y: auto;
                  padding: 24px 24px 16px; border-right: 2px solid %(ink)s; display: flex; flex-direction: column;
                  gap: 14px; }
.hm-slide-panel h1 { margin: 0; font-size: 30px; line-height: 1.2; font-weight: 800; overflow-wrap: anywhere; }
.hm-slide-sub { margin: 0; font-size: 19px; font-weight: 600; color: %(muted)s; }
.hm-slide-text { margin: 0; font-size: 19px; line-height: 1.45; overflow-wrap: anywhere; }
.hm-slide-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 0; }
.hm-slide-tile { border: 2px solid %(ink)s; padding: 8px 12px; }
.hm-slide-tile dt { font-size: 16px; font-weight: 600; color: %(muted)s; }
.hm-slide-tile dd { margin: 2px 0 0; font-size: 30px; font-weight: 800; line-height: 1.15; }
.hm-slide-foot { margin-top: auto; font-size: 14px; line-height: 1.4; color: %(muted)s; }
.hm-slide-foot p { margin: 4px 0 0; }
body.hm-slide .folium-map { flex: 1 1 auto; min-width: 0; width: auto !important; height: 100%% !important; }
@media (max-width: %(narrow)spx) {
  html, body { height: auto; }
  body.hm-slide { flex-direction: column; }
  .hm-slide-panel { flex: none; height: auto; border-right: 0; border-bottom: 2px solid %(ink)s; padding: 16px; }
  .hm-slide-panel h1 { font-size: 24px; }
  .hm-slide-foot { margin-top: 0; }
  body.hm-slide .folium-map { flex: none; width: 100%% !important; height: 75vh !important; }
}
"""
PICTURE_CSS = """
body.hm-picture { display: flex; flex-direction: column; margin: 0; font-family: %(font)s; color: %(ink)s;
                  background: #fff; }
.hm-picture-head { flex: none; padding: 18px 32px 14px; border-bottom: 3px solid %(ink)s; }
.hm-picture-head h1 { margin: 0; font-size: 44px; line-height: 1.15; font-weight: 800; overflow-wrap: anywhere; }
.hm-picture-head p { margin: 6px 0 0; font-size: 26px; font-weight: 600; color: %(muted)s; }
body.hm-picture .folium-map { order: 1; flex: 1 1 auto; min-height: 0; height: auto !important; }
.hm-picture-foot { order: 2; flex: none; display: flex; justify-content: space-between; gap: 40px;
                   padding: 10px 32px 12px; border-top: 2px solid %(ink)s; font-size: 19px; line-height: 1.3; }
.hm-picture-foot .hm-picture-source { text-align: right; color: %(muted)s; }
/* A picture has nothing to click: no zoom buttons, no layer list, no fold button, no attribution
   box (the line below the map says it, larger); the legend open. */
.leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution, .hm-legend-caret { display: none !important; }
.hm-legend-folded .hm-legend-body { display: block !important; }
.hm-legend-toggle { cursor: default; }
"""


@dataclass(frozen=True)
class Slide:
    """What is said over a map on a slide: a tour stop's words and figures, as plain text.

    ``area``: the place the figures are for; ``as_of``: the stop's date, if it shows the past;
    ``tiles``: (label, value) of the headline figures (``geo.forum.tour_figures.stop_tiles``);
    ``data_as_of``: the data's date (``geo.figures.data_date``: the deployment's date or the newest
    record); ``attribution``: the source and licence line (``geo.figures.summary.attribution_text``).
    """

    title: str
    lang: str = "uk"
    area: str = ""
    as_of: dt.date | None = None
    text: str = ""
    tiles: Sequence[tuple[str, str]] = ()
    data_as_of: dt.date | None = None
    attribution: str = ""

    @property
    def data_date(self) -> dt.date | None:
        """The date the data shown is of: the data's own, or the stop's when that is earlier (the map shows the past)."""
        dates = [d for d in (self.as_of, self.data_as_of) if d is not None]
        return min(dates) if dates else None

    def subtitle(self) -> str:
        """Where and when: "Mykolaiv oblast · as of 2025-09-01" (either part may be missing)."""
        _ = gettext_for(self.lang)
        parts = [self.area] if self.area else []
        if self.as_of:
            parts.append(_("as of {date}").format(date=date(self.as_of)))
        return " · ".join(parts)

    def date_line(self) -> str:
        _ = gettext_for(self.lang)
        return _("Data as of {date}.").format(date=date(self.data_date)) if self.data_date else ""


def _plain(text: str) -> str:
    """A text from the tour as one escaped paragraph: its characters exactly, runs of spaces as one."""
    return esc(" ".join(str(text).split()))


def _insert(page: str, css: str, body_class: str, first: str, last: str, lang: str) -> str:
    """``page`` with a style sheet at the end of its head, a class on its body, ``first`` opening the body
    and ``last`` closing it (both before the map's script, which runs after the body is read)."""
    page = re.sub(r"<html(\s[^>]*)?>", lambda m: f'<html lang="{lang}"{m.group(1) or ""}>', page, count=1)
    page = page.replace("</head>", f"<style>{css}</style>\n</head>", 1)
    page, found = re.subn(r"<body([^>]*)>", lambda m: f'<body class="{body_class}"{m.group(1)}>\n{first}', page, count=1)
    if not found or "</body>" not in page:
        raise ValueError("The map's page has no <body> to add the slide's text to")
    head, _sep, tail = page.rpartition("</body>")
    return f"{head}{last}\n</body>{tail}"


def _foot(slide: Slide) -> str:
    lines = [line for line in (slide.date_line(), slide.attribution) if line]
    return "".join(f"<p>{_plain(line)}</p>" for line in lines)


def slide_html(m: folium.Map, slide: Slide) -> str:
    """The map as one offline HTML file, with the stop's title, text and tiles in a panel beside it.

    As ``standalone_html`` (the same checks: nothing may be fetched from the internet), the browser
    tab named by the title; on a screen narrower than ``NARROW_PX`` the panel stands above the map.
    """
    lang = normalize_language(slide.lang)
    page = standalone_html(m, slide.title)
    parts = [f"<h1>{_plain(slide.title)}</h1>"]
    if subtitle := slide.subtitle():
        parts.append(f'<p class="hm-slide-sub">{_plain(subtitle)}</p>')
    if slide.text.strip():
        parts.append(f'<p class="hm-slide-text">{_plain(slide.text)}</p>')
    if slide.tiles:
        tiles = "".join(
            f'<div class="hm-slide-tile"><dt>{_plain(label)}</dt><dd>{_plain(value)}</dd></div>'
            for label, value in slide.tiles
        )
        parts.append(f'<dl class="hm-slide-tiles">{tiles}</dl>')
    if foot := _foot(slide):
        parts.append(f'<div class="hm-slide-foot">{foot}</div>')
    panel = f'<aside class="hm-slide-panel" data-testid="slide-panel">{"".join(parts)}</aside>'
    css = PANEL_CSS % {"font": FONT, "ink": INK, "muted": MUTED, "narrow": NARROW_PX} + MAP_CSS
    return _insert(page, css, "hm-slide", panel, "", lang)


def picture_html(m: folium.Map, slide: Slide) -> str:
    """The page for a picture of the map (``geo.exports.snapshot.render_png``): the title and subtitle above
    the map, the data's date and the attribution below it, the legend open, the map's buttons hidden."""
    lang = normalize_language(slide.lang)
    page = standalone_html(m, slide.title)
    subtitle = slide.subtitle()
    head = f'<header class="hm-picture-head" data-testid="picture-title"><h1>{_plain(slide.title)}</h1>' + (
        f"<p>{_plain(subtitle)}</p></header>" if subtitle else "</header>"
    )
    foot = (
        f'<footer class="hm-picture-foot" data-testid="picture-source"><span>{_plain(slide.date_line())}</span>'
        f'<span class="hm-picture-source">{_plain(slide.attribution)}</span></footer>'
    )
    css = PICTURE_CSS % {"font": FONT, "ink": INK, "muted": MUTED} + MAP_CSS
    return _insert(page, css, "hm-picture", head, foot, lang)
