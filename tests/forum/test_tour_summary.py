"""The tour's figures for the minutes: one printable page with a table and bar charts, and a CSV."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from geo.forum.tour_summary import summary_csv, summary_html
from geo.text.formatting import number
from geo.text.i18n import gettext_for

HOSTILE = "<script>alert(1)</script>"


def figures() -> pd.DataFrame:
    """Four stops as geo.forum.tour_figures.tour_figures gives them; the third has no needs."""
    return pd.DataFrame(
        {
            "stop": ["country", "south", "quiet", "evil"],
            "title": ["Україна", "Херсонщина", "West", HOSTILE],
            "area": ["Україна", "Херсонська область", "Львівська область", '=HYPERLINK("http://x","y")'],
            "needs": [725, 412, 0, 12],
            "verified_share": [0.5, 0.456, np.nan, 1.0],
            "closed_share": [0.25, 0.1, np.nan, 0.0],
            "idps_hosted": [123456, 5000, 700, 0],
            "hubs": [44, 10, 2, 0],
        }
    )


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, re.DOTALL)


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', svg)]


def test_hostile_text_is_shown_as_text():
    """A stop title, area, page title or date line with HTML in it cannot run anything in the summary."""
    page = summary_html(figures(), "en", HOSTILE, HOSTILE)
    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title, heading, date line, table row
    assert "4. &lt;script&gt;al" in "".join(svgs(page))  # the charts' labels too (cut to fit)


def test_numbers_are_written_the_ukrainian_way():
    """Counts and shares read as the presenter's language writes them; a stop without needs shows a dash."""
    page = summary_html(figures(), "uk", "Форум", "Станом на 2025-09-01")
    assert number(123456, "uk") in page and number(123456, "uk") != "123456"
    assert "46%" in page and "25%" in page
    row = re.search(r"<tr><td class=\"num\">3</td>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", row) == ["West", "Львівська область", "0", "–", "–", "700", "2"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_headers_and_captions_are_translated(lang):
    """The table's headers and the charts' captions are in the chosen language."""
    _ = gettext_for(lang)
    page = summary_html(figures(), lang, "Forum", "")
    for label in ("Needs registered", "Verified, % of all needs", "Closed, % of all needs", "IDPs hosted", "Hubs"):
        assert f">{_(label)}<" in page
    assert f'<html lang="{lang}">' in page


def test_bars_are_as_long_as_their_values():
    """The largest value draws the longest bar; zero and missing values draw none; shares use a 0–100% scale."""
    needs, closed, idps = svgs(summary_html(figures(), "en", "Forum", ""))
    widths = bar_widths(needs)
    assert len(widths) == 3 and widths[0] == max(widths)  # 725, 412, 12; the quiet stop has none
    assert widths[1] / widths[0] == pytest.approx(412 / 725, rel=0.01)
    shares = bar_widths(closed)
    assert len(shares) == 2 and shares[0] / shares[1] == pytest.approx(2.5, rel=0.01)  # 25% and 10%
    assert len(bar_widths(idps)) == 3


def test_summary_is_plain_html_for_print():
    """No script and nothing fetched: it prints the same in a hall with no network."""
    page = summary_html(figures(), "uk", "Форум", "")
    assert "<script" not in page
    assert not re.search(r"src=|href=|url\(|@import|@font-face", page)
    assert "@page { size: A4 landscape" in page


@pytest.mark.parametrize("lang, separator, decimal", [("uk", ";", ","), ("en", ",", ".")])
def test_csv_round_trips_with_translated_headers(lang, separator, decimal):
    """The CSV opens in Excel in the user's locale and reads back as the same figures."""
    _ = gettext_for(lang)
    data = summary_csv(figures(), lang)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=separator, decimal=decimal, encoding="utf-8-sig")
    assert list(back.columns) == [
        _("No."),
        _("Stop"),
        _("Area"),
        _("Needs registered"),
        _("Verified, % of all needs"),
        _("Closed, % of all needs"),
        _("IDPs hosted"),
        _("Hubs"),
    ]
    assert back[_("No.")].tolist() == [1, 2, 3, 4]
    assert back[_("Stop")].tolist() == ["Україна", "Херсонщина", "West", HOSTILE]
    assert back[_("Needs registered")].tolist() == [725, 412, 0, 12]
    assert back[_("Verified, % of all needs")].tolist()[:2] == [50.0, 45.6]
    assert back[_("Verified, % of all needs")].isna().tolist() == [False, False, True, False]
    assert back[_("IDPs hosted")].tolist() == [123456, 5000, 700, 0]


def test_csv_cell_cannot_run_as_a_formula():
    """An area that looks like an Excel formula stays text."""
    back = pd.read_csv(io.BytesIO(summary_csv(figures(), "en")), encoding="utf-8-sig")
    assert back["Area"].iloc[3] == '\'=HYPERLINK("http://x","y")'
