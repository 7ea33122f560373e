"""How forum mode looks: large type and high contrast for a washed-out projector, at the back of a hall.

Two style sheets, both plain constants (no data ever goes into them):

- ``FORUM_CSS`` for the Streamlit page (``pages/forum.py`` puts it on that page only, so the other
  pages keep their sidebar): the sidebar and Streamlit's header, toolbar and "running" badge are
  hidden, the title and the headline tiles are large, text is near-black on white, and keyboard
  focus is a thick outline that a presenter can see from the lectern.
- ``FORUM_MAP_CSS`` for inside the map (added to the map by ``geo.forum.forum_map``):
  a larger legend, layer list, tooltips and cluster numbers. The darker community borders are
  Leaflet path options instead (``border_style``): the polygons are drawn on a canvas, which no
  style sheet reaches.

The colours are named once in ``PALETTE``; every pair of text and background colour that the
style sheets use is listed in ``TEXT_PAIRS`` and tested to reach WCAG AAA contrast (7:1), which
survives a projector that washes dark greys out. No web font: the system's sans-serif.
"""

from __future__ import annotations

PALETTE = {
    "ink": "#111111",  # body text, titles, tile values
    "paper": "#ffffff",
    "muted": "#2b2b2b",  # captions and labels: still ~14:1 on white
    "accent": "#0b3d91",  # the Next button, links and the focus outline (dark blue: safe for colour-blind eyes)
    "accent_ink": "#ffffff",  # text on the accent
    "line": "#111111",  # tile borders
    "off_ink": "#4d4d4d",  # a button that cannot be used (the first stop's Previous): grey on grey, dashed
    "off_paper": "#ececec",
}

# (text, background) pairs used below, each of which must reach 7:1 (tests/forum/test_forum_style.py).
TEXT_PAIRS = (
    ("ink", "paper"),
    ("muted", "paper"),
    ("accent", "paper"),
    ("accent_ink", "accent"),
    ("off_ink", "off_paper"),
)

# The CSS class of the container that holds the PageUp/PageDown buttons (``st.container(key=...)``).
HIDDEN_KEYS = "forum_clicker_keys"

FORUM_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
.st-key-%(hidden)s { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
    padding: 1rem 2rem 1rem 2rem !important; max-width: 100%% !important; }
.stApp, [data-testid="stMain"] { background: %(paper)s; color: %(ink)s; }
.stApp h1 { font-size: 2.75rem !important; line-height: 1.15; color: %(ink)s; font-weight: 800; padding: 0.25rem 0; }
.stApp p, .stApp li, .stApp label, .stApp [data-testid="stMarkdownContainer"] { color: %(ink)s; }
.st-key-forum_text p { font-size: 1.75rem !important; line-height: 1.35; }
.st-key-forum_position p { font-size: 1.6rem !important; font-weight: 700; text-align: right; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: %(muted)s !important; font-size: 1.1rem; }
[data-testid="stMetric"] { border: 2px solid %(line)s !important; background: %(paper)s; padding: 0.5rem 0.9rem !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p {
    font-size: 1.35rem !important; color: %(muted)s !important; font-weight: 600; white-space: normal !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div { font-size: 2.6rem !important; color: %(ink)s !important;
    font-weight: 800; line-height: 1.1; }
.st-key-forum_notes p, .st-key-forum_notes li { font-size: 1.3rem !important; }
.stApp button p { font-size: 1.35rem !important; font-weight: 700; }
.st-key-forum_next button { background: %(accent)s !important; border-color: %(accent)s !important; }
.st-key-forum_next button, .st-key-forum_next button p { color: %(accent_ink)s !important; }
.st-key-forum_previous button { border: 2px solid %(ink)s !important; background: %(paper)s !important; }
.st-key-forum_next button:disabled, .st-key-forum_previous button:disabled {
    background: %(off_paper)s !important; border: 2px dashed %(off_ink)s !important; cursor: not-allowed; }
.st-key-forum_next button:disabled p, .st-key-forum_previous button:disabled p {
    color: %(off_ink)s !important; font-weight: 400; }
[class*="st-key-forum_lang_"] button { border: 2px solid %(ink)s !important; }
[class*="st-key-forum_lang_"] button[aria-checked="true"] {
    background: %(accent)s !important; border-color: %(accent)s !important; }
[class*="st-key-forum_lang_"] button[aria-checked="true"] p { color: %(accent_ink)s !important; }
.stApp a { color: %(accent)s; }
.stApp :focus-visible, .stApp button:focus, .stApp [role="radio"]:focus-visible {
    outline: 4px solid %(accent)s !important; outline-offset: 3px !important; }
"""

FORUM_MAP_CSS = """
.hm-legend { font-size: 20px; line-height: 28px; max-width: 360px; padding: 10px 14px;
             background: rgba(255,255,255,0.97); border: 2px solid #111; color: #111; }
.hm-legend .hm-unit { color: #222; }
.hm-legend i { width: 26px; height: 22px; margin: 3px 8px 0 0; border: 1px solid #111; }
.leaflet-control-layers { font-size: 18px; color: #111; border: 2px solid #111 !important; }
.leaflet-control-layers label { margin: 4px 0; }
.leaflet-control-layers input { width: 18px; height: 18px; vertical-align: middle; }
.leaflet-tooltip { font-size: 18px; color: #111; }
.leaflet-popup-content, .hm-table { font-size: 16px; }
.hm-cluster span { font-size: 16px; font-weight: 700; }
.hm-place { font: 700 13px/1 sans-serif; }
.leaflet-control-attribution { font-size: 13px; color: #111; }
.leaflet-control-scale-line { font-size: 14px; border-color: #111; color: #111; }
"""

# Community borders by the stop's zoom: at the country's zoom 1,768 borders must not drown the
# colours; closer in, thick dark borders keep neighbours apart on a projector.
BORDER_COLOUR = "#262626"
BORDER_WEIGHTS = ((6, 0.6), (7, 0.9), (8, 1.4))  # (up to this zoom, weight in pixels); beyond: 2
WIDEST_BORDER = 2.0


def forum_css() -> str:
    """The page's style sheet with its colours filled in (a constant: nothing from data)."""
    return FORUM_CSS % {**PALETTE, "hidden": HIDDEN_KEYS}


def style_tag(css: str) -> str:
    """``css`` in a ``<style>`` element, for ``st.html`` (which puts a style-only block out of the layout)."""
    if "</" in css:
        raise ValueError("a style sheet cannot contain '</'")
    return f"<style>{css}</style>"


def border_style(zoom: int) -> dict[str, object]:
    """Dark community borders for a map opened at ``zoom``, as Leaflet path options (the fill colours stay the map's)."""
    return {"color": BORDER_COLOUR, "weight": border_weight(zoom), "opacity": 1}


def border_weight(zoom: int) -> float:
    """The community border width for a map opened at ``zoom``."""
    for up_to, weight in BORDER_WEIGHTS:
        if zoom <= up_to:
            return weight
    return WIDEST_BORDER


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(text: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21; AAA body text needs 7)."""
    lighter, darker = sorted((relative_luminance(text), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
