"""The Data page in a real browser: what was loaded, in Ukrainian, and a refused upload said in words.

The app is served by ``streamlit run`` on the demo data and drawn by Debian's Chromium
(tests/browser_support.py). Expected texts come from ``geo`` (the translations, the number format)
and the counts from the demo files themselves.

Run: ``.venv/bin/python -m pytest tests/pages/test_browser_data.py -q``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from browser_support import new_visitor, wait_for_app_run
from playwright.sync_api import Browser, expect

from geo.text.formatting import number
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BAD_NEEDS = ROOT / "tests" / "data" / "bad" / "needs_semicolon_bad_date.csv"  # row 3: "04.06.25" is not a date
MAIN = '[data-testid="stMain"]'


def test_the_data_page_names_files_and_counts_in_ukrainian(browser: Browser, demo_server):
    """In Ukrainian: each input's file, its rows read, when it was read (day first) and the personal columns
    hidden, with no raw code, "None" or timestamp; a refused upload is named with its row, column and reason."""
    _ = gettext_for("uk")
    contexts = []
    visitor = new_visitor(browser, contexts)
    page = visitor.page
    try:
        page.goto(f"{demo_server}data?lang=uk")  # the module's server is new: this is its very first visitor
        wait_for_app_run(page)
        # A server's first visitor who opens a page by its address gets the translated pages in the sidebar,
        # not Streamlit's list of the files (app, about, community, ...).
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text(_("Data"))
        assert "community" not in nav.inner_text() and "app" not in nav.inner_text().split()
        main = page.locator(MAIN)
        expect(main.get_by_role("heading", name=_("What is loaded"))).to_be_visible()
        expect(main.locator('[data-testid="stTable"]').first).to_contain_text("idp_counts.csv")  # drawn after its heading
        text = main.inner_text()
        for name in ("communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv"):
            assert name in text
        assert _("Rows in the file") in text and _("Read (Kyiv time)") in text
        for name in ("needs.csv", "hubs.csv", "idp_counts.csv"):
            assert number(len(pd.read_csv(ROOT / "data" / name)), "uk") in text, name
        assert number(1768, "uk") in text  # the communities (a thousands space, as Ukrainian writes it)
        assert re.search(r"\b\d\d\.\d\d\.\d{4} \d\d:\d\d\b", text)  # read at, Kyiv time
        assert "приховано персональні дані — стовпців: 4 (контактна особа, телефон, адреса, примітки)" in text
        for raw in ("None", "00:00:00", "personal_dropped", "contact_name", "name_uk", "hub_id", "shelter_nfi"):
            assert raw not in text, raw

        page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').first.click()
        page.locator(".st-key-upload_needs input[type=file]").set_input_files(str(BAD_NEEDS))
        refused = _("Your file {file} was not loaded, so the map shows the data from before.").format(file=BAD_NEEDS.name)
        expect(main.get_by_text(refused)).to_be_visible()
        wait_for_app_run(page)
        text = main.inner_text()
        assert _("{reason} (rows: {count})").format(reason=_("the date is not a date"), count=1) in text
        assert _("Reported on") in text and _("error: the file is not loaded") in text
        assert "reported_on" not in text and "None" not in text
        assert visitor.external == []
    finally:
        for context in contexts:
            context.close()
