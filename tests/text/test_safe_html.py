"""Text from data cannot become code in the viewer's browser."""

import re

import pandas as pd
import pytest

from geo.text.safe_html import esc, safe_url, table
from geo.text.safe_markdown import md


def test_esc_neutralises_html_and_template_literals():
    """Markup, quotes and JavaScript template syntax come out as inert text."""
    out = esc("<img src=x onerror=alert(1)> ${alert(1)} `x` \"q\" 'a' {{x}}")
    for dangerous in ("<", ">", "${", "`", '"', "'", "{{"):
        assert dangerous not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_esc_blanks():
    """Missing values show as nothing, not as 'nan' or '<NA>'."""
    assert [esc(v) for v in (None, float("nan"), pd.NA, pd.NaT)] == ["", "", "", ""]


def test_table_escapes_both_sides_and_skips_blanks():
    """A popup table shows labels and values as text and leaves out empty rows."""
    html = table([("<b>", "<i>x</i>"), ("empty", None)], title="<script>")
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "<th>&lt;b&gt;</th>" in html
    assert "empty" not in html


def test_safe_url_allows_only_web_links():
    """A hub's website can be a link; a javascript: address cannot."""
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JAVASCRIPT:alert(1)") is None
    assert safe_url(None) is None
    assert safe_url(pd.NA) is None  # a hub with no website in its row


@pytest.mark.parametrize(
    "value", ["[x](https://example.org).csv", "see http://phish.example now", "www.example.org", "a@b.org", "FTP://x.org"]
)
def test_a_bare_address_from_data_does_not_become_a_link(value):
    """Streamlit's Markdown makes links of bare addresses (GFM autolinks) even when every character is
    escaped; a word joiner where the address would be recognised keeps a file's name plain text, its
    letters unchanged. (Checked in Chromium: no <a> in a caption of any of these.)"""
    shown = md(value)
    plain = shown.replace("\\", "")
    assert plain.replace("\u2060", "") == value  # the same characters, as the visitor reads them
    assert not re.search(r"(?i)(https?|ftp)://|www\.|\w@\w", plain)  # what GFM would take for an address
