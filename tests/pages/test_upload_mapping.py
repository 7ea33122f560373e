"""The column mapping in the upload panel: a file with headers of its own gets the panel, its guesses
confirmed load it (in a real browser), and a mapping saved before, given back, sets the panel (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import new_visitor, wait_for_app_run
from playwright.sync_api import Browser, expect
from streamlit.testing.v1 import AppTest

from geo.ingest.mapping import mapping_from_specs
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]

# IDP counts with Ukrainian headers that no alias knows, the figures in thousands.
ODD_IDP = (
    "Код громади перебування (КАТОТТГ);Звідки прибули;ВПО, тис. осіб;Дата обліку\n"
    "UA48060370000012345;UA6510001;1,5;01.10.2025\n"
    "UA4806017;;0,25;01.10.2025\n"
).encode()


@pytest.mark.browser
def test_a_file_with_odd_headers_loads_with_the_guessed_mapping(browser: Browser, demo_server, tmp_path):
    """Upload, see each field with its guess (in Ukrainian), confirm: the file loads, the figures scaled."""
    _ = gettext_for("uk")
    contexts = []
    try:
        visitor = new_visitor(browser, contexts, accept_downloads=True)
        page = visitor.page
        page.goto(f"{demo_server}data?lang=uk")
        wait_for_app_run(page)
        page.get_by_text(_("Your files"), exact=True).click()
        upload = tmp_path / "впо.csv"
        upload.write_bytes(ODD_IDP)
        page.locator(".st-key-upload_idp_counts input[type=file]").set_input_files(str(upload))
        panel = page.locator(".st-key-mapping_idp_counts")
        expect(panel).to_be_visible()
        wait_for_app_run(page)
        expect(panel.get_by_text(_("Which column is which?"))).to_be_visible()
        host = _("{label} · {name}, required").format(label=_("Host community (code)"), name="host_pcode")
        expect(panel.get_by_text(host)).to_be_visible()
        # The guesses: by content, the scale of the figures in thousands.
        boxes = panel.locator('[data-testid="stSelectbox"]')

        def chosen(label: str):
            return boxes.filter(has_text=label).first.get_by_role("combobox")

        expect(chosen(host)).to_have_value("Код громади перебування (КАТОТТГ)")
        expect(chosen(_("Scale of {name}").format(name="people"))).to_have_value("× 1\u00a0000")
        expect(chosen("households")).to_have_value(_("— not in this file —"))
        panel.get_by_role("button", name=_("Load with these columns")).click()
        wait_for_app_run(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(_("{file} is loaded.").format(file="впо.csv"))).to_be_visible()
        expect(page.locator(".st-key-mapping_idp_counts")).to_have_count(0)
        # The Data page counts the file's people times 1,000: 1,500 + 250.
        expect(page.get_by_text("1\u00a0750", exact=False).first).to_be_visible()
        with page.expect_download() as download:
            sidebar.get_by_role("button", name=_("Download the mapping (JSON)")).click()
        saved = json.loads(download.value.path().read_bytes())
        assert saved["kind"] == "idp_counts"
        assert saved["columns"]["people"] == {"column": "ВПО, тис. осіб", "scale": 1000}
        assert saved["columns"]["host_pcode"] == "Код громади перебування (КАТОТТГ)"
        assert not visitor.external
    finally:
        for context in contexts:
            context.close()


def test_a_mapping_given_back_sets_the_panel():
    """The mapping file downloaded before, uploaded with the next file: its choices, not the guesses, are shown."""
    _ = gettext_for("en")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.sidebar.file_uploader(key="upload_idp_counts").upload("odd.csv", ODD_IDP, "text/csv")
    at.run()
    origin = _("{label} · {name}").format(label=_("Community of origin (code)"), name="origin_pcode")
    boxes = {s.label.replace("\\", ""): s for s in at.sidebar.selectbox}
    assert boxes[origin].value == "Звідки прибули"  # guessed from its codes
    saved = mapping_from_specs(
        "idp_counts", ["host_pcode=Код громади перебування (КАТОТТГ)", "people=ВПО, тис. осіб*1000", "origin_pcode="]
    )
    at.sidebar.file_uploader(key="mapping_upload_idp_counts").upload("mapping.json", saved.to_json(), "application/json")
    at.run()
    boxes = {s.label.replace("\\", ""): s for s in at.sidebar.selectbox}
    assert boxes[origin].value != "Звідки прибули"  # "not in this file", as the mapping says
    assert boxes[_("Scale of {name}").format(name="people")].value == 1000
    # (Submitting the form is the browser test's: under AppTest this app's form submit does not reach the run.)
