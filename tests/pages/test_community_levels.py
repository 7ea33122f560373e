"""The Community page at every level in a real browser: a community's page links up to its oblast, whose page lists
its raions and gives them to download.

The links up are Streamlit page links (``st.page_link``): only a browser, running the app's navigation, follows them
in the same tab. Run: ``.venv/bin/python -m pytest tests/pages/test_community_levels.py -q``.
"""

from __future__ import annotations

import pytest
from browser_support import visitors, wait_for_app_run
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

ODESA = "UA5110027"


def test_a_communitys_page_links_up_to_its_oblast_whose_raions_download(demo_server: str, browser: Browser):
    """Odeska community's page names Odeska oblast as a link; following it (same tab) opens the oblast's page, with
    its seven raions in a table, and its CSV download holds them with their figures, in the page's language."""
    with visitors(browser) as new:
        page = new(viewport={"width": 390, "height": 844}).page  # a phone: the links and the table must fit there too
        page.goto(f"{demo_server}community?community={ODESA}&lang=en")
        wait_for_app_run(page)
        expect(page.locator("h1").first).to_have_text("Odeska community")
        up = page.locator('[data-testid="stPageLink"] a', has_text="Odeska oblast")
        expect(up).to_have_count(1)
        up.click()
        expect(page.locator("h1").first).to_have_text("Odeska oblast")
        wait_for_app_run(page)
        assert "community=UA51" in page.url and len(page.context.pages) == 1  # the same tab
        expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the table (CSV)").click()
        text = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
        assert text[0].startswith("Name,P-code,Open needs")
        assert len(text) == 8 and text[1].startswith("Odeskyi,UA5110,")
        assert download.value.suggested_filename.startswith("UA51-")
