"""Forum mode's style: readable from the back of a hall (contrast), and nothing fetched from elsewhere."""

from __future__ import annotations

import re

import pytest

from geo.forum.forum_style import (
    FORUM_MAP_CSS,
    HIDDEN_KEYS,
    PALETTE,
    TEXT_PAIRS,
    border_weight,
    contrast_ratio,
    forum_css,
    style_tag,
)


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_every_text_colour_reaches_seven_to_one(text, background):
    """Each text colour on its background reaches WCAG AAA contrast (7:1), which a washed-out projector needs."""
    assert contrast_ratio(PALETTE[text], PALETTE[background]) >= 7


def test_the_contrast_check_can_fail():
    """The check itself: Streamlit's default red button (white on #ff4b4b) does not pass, black on white does."""
    assert contrast_ratio("#ffffff", "#ff4b4b") < 7
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)


def test_the_page_style_hides_the_chrome_and_the_clicker_buttons():
    """The sidebar, Streamlit's header and the extra PageUp/PageDown buttons are hidden; focus stays visible."""
    css = forum_css()
    assert '[data-testid="stSidebar"]' in css and 'header[data-testid="stHeader"]' in css
    assert f".st-key-{HIDDEN_KEYS} {{ display: none !important; }}" in css
    assert "outline: 4px solid" in css
    assert "%(" not in css  # every colour filled in


def test_no_style_loads_anything():
    """No web font, no @import, no url(): the style sheets draw offline."""
    for css in (forum_css(), FORUM_MAP_CSS):
        assert not re.search(r"@import|@font-face|url\(", css)


def test_style_tag_refuses_to_end_early():
    """A style sheet cannot close its own <style> element."""
    assert style_tag("h1 { color: #111; }") == "<style>h1 { color: #111; }</style>"
    with pytest.raises(ValueError):
        style_tag("</style><script>alert(1)</script>")


def test_borders_grow_with_the_zoom():
    """Country view keeps borders thin (1,767 of them); a close-up gets thick ones."""
    weights = [border_weight(zoom) for zoom in range(4, 13)]
    assert weights == sorted(weights) and weights[0] < 1 and weights[-1] >= 2
