"""Ukrainian all the way, in a browser that is not: dates and distances as a Ukrainian reads them.

The visitor's browser is set to American English (its calendar would start on Sunday and name the
months in English, its scale bar would add miles); the page is in Ukrainian, the default. Streamlit's
date boxes, their calendar and Leaflet's scale bar are drawn by the browser, so only a browser shows
them (the chart texts are checked in tests/figures/test_community_charts.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import Visitor, new_visitor, open_and_wait
from playwright.sync_api import Browser, expect

from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

UKRAINIAN_MONTHS = re.compile(
    "січень|лютий|березень|квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень"
)


@pytest.fixture
def american_visitor(browser: Browser) -> Iterator[Visitor]:
    contexts = []
    yield new_visitor(browser, contexts, locale="en-US")
    for context in contexts:
        context.close()


def test_dates_and_distances_read_the_ukrainian_way(american_visitor, demo_server):
    """On the Ukrainian map, in an en-US browser: the "As of" box reads dd.mm.yyyy (day first), its calendar
    names the month in Ukrainian and starts the week on Monday, and the scale bar is in kilometres only."""
    visitor = american_visitor
    open_and_wait(visitor, demo_server, ".leaflet-control-scale-line", "the map and its scale bar")
    page = visitor.page

    scale = visitor.map.locator(".leaflet-control-scale-line")
    expect(scale).to_have_count(1)  # Leaflet's default adds a second line in miles or feet
    expect(scale).to_have_text(re.compile(r"^\d+ k?m$"))

    as_of = page.locator('[data-testid="stDateInput"]').filter(has_text=gettext_for("uk")("As of"))
    expect(as_of.locator('[data-testid="stDateInputField"]')).to_have_text("dd.mm.yyyy")
    page.wait_for_function("navigator.language === 'uk-UA'")  # app.calendar_language has run
    as_of.locator('[data-testid="stDateInputCalendarButton"]').click()
    calendar = page.locator('[data-testid="stDateInputCalendar"]')
    expect(calendar.locator("th")).to_have_text(["П", "В", "С", "Ч", "П", "С", "Н"])  # Monday first
    expect(calendar).to_contain_text(UKRAINIAN_MONTHS)
    assert visitor.external == [], "requests that left localhost"
