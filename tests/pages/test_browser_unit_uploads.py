"""A visitor's own raion boundaries and an indicators file with a code column of its own, in a real browser.

One visit in English, at the raion level: a hromadas file given as the raions' boundaries is refused with
the wrong-level message and the map keeps its 139 raions dissolved from the hromadas; a raions file
(ADM2_PCODE, ADM2_UA, ADM2_EN: three raions of the demo, named as no other file names them) is loaded and
the map draws those three with the file's shapes and names, the other raions as before. Then an
indicators CSV whose column of codes has a header no alias knows and a total row: refused, with the mapping
panel; the guess confirmed, it loads and its metric is offered to colour the map by.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from browser_support import (
    COMMUNITY_CANVAS,
    TIMEOUT_MS,
    open_and_wait,
    open_expander,
    unit_point,
    units_on_map,
    visitors,
    wait_for_app_run,
)
from playwright.sync_api import Browser, expect

from geo.ingest.problems import MESSAGES
from geo.text.i18n import gettext_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RAIONS = ("UA4802", "UA4806", "UA6510")  # Bashtanskyi, Mykolaivskyi, Khersonskyi: the demo's needs are there
OWN = " (own boundary)"  # the uploaded raions' English names end so: the tooltip says whose shape it is
_ = gettext_for("en")
INDICATORS = ("Район (код);Коментар;Тяжкість\nUA4802;;3\nUA4806;;4\nUA6510;;2\nРазом;усього три;\n1;примітка;\n").encode()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Three raions dissolved from the demo's hromadas, as COD-AB ships them; three hromadas; the indicators."""
    folder = tmp_path_factory.mktemp("units")
    communities = gpd.read_file(ROOT / "data" / "communities.geojson")
    chosen = communities[communities["raion_pcode"].isin(RAIONS)]
    raions = chosen.dissolve("raion_pcode", as_index=False, aggfunc="first")
    raions = raions.rename(columns={"raion_pcode": "ADM2_PCODE", "raion_uk": "ADM2_UA", "raion": "ADM2_EN"})
    raions["ADM2_EN"] = raions["ADM2_EN"] + OWN
    out = {
        "raions": folder / "raions.geojson",
        "hromadas": folder / "hromadas.geojson",
        "indicators": folder / "severity.csv",
    }
    out["raions"].write_text(raions[["ADM2_PCODE", "ADM2_UA", "ADM2_EN", "geometry"]].to_json())
    out["hromadas"].write_text(chosen.head(3)[["pcode", "name_uk", "name_en", "geometry"]].to_json())
    out["indicators"].write_bytes(INDICATORS)
    return out


def _units(visitor, count: int) -> set[str]:
    """The raions the map draws, once it draws ``count`` of them."""
    for _attempt in range(TIMEOUT_MS // 100):
        if len(units := units_on_map(visitor.map)) == count:
            return set(units)
        visitor.page.wait_for_timeout(100)
    raise AssertionError(f"never {count} raions on the map: {len(units_on_map(visitor.map))}")


def test_raion_boundaries_and_an_indicators_mapping_are_uploaded(browser: Browser, demo_server, files):
    """A wrong-level file changes nothing; the raions' own file is drawn; the indicators load with the panel's guess."""
    with visitors(browser) as new:
        visitor = new(viewport={"width": 1366, "height": 768})
        page = visitor.page
        sidebar = page.locator('[data-testid="stSidebar"]')
        open_and_wait(visitor, f"{demo_server}?lang=en&level=raion", COMMUNITY_CANVAS, "the map by raion")
        assert len(_units(visitor, 139)) == 139
        open_expander(sidebar, _("Your files"))
        open_expander(sidebar, _("More boundaries: oblasts, raions"))
        raions_input = page.locator(".st-key-upload_raions input[type=file]")

        raions_input.set_input_files(str(files["hromadas"]))
        expect(sidebar.get_by_text(_(MESSAGES["raions_too_fine"]), exact=False)).to_be_visible()
        expect(
            sidebar.get_by_text(_("{file} was not loaded; the data shown before stays.").format(file="hromadas.geojson"))
        ).to_be_visible()
        assert len(_units(visitor, 139)) == 139  # the shapes shown before stay

        raions_input.set_input_files(str(files["raions"]))
        expect(sidebar.get_by_text(_("{file} is loaded.").format(file="raions.geojson"))).to_be_visible()
        wait_for_app_run(page)
        assert set(RAIONS) <= _units(visitor, 139)
        point = unit_point(visitor.map, RAIONS[1])
        page.mouse.move(point["x"], point["y"])  # the raion drawn is the file's: its name says so
        expect(visitor.map.locator(".leaflet-tooltip").first).to_contain_text(OWN.strip())

        open_expander(sidebar, _("Indicators"))
        page.locator(".st-key-upload_indicators input[type=file]").set_input_files(str(files["indicators"]))
        panel = page.locator(".st-key-mapping_indicators_0")
        expect(panel).to_be_visible()
        expect(
            sidebar.get_by_text(_("{file} was not loaded; the data shown before stays.").format(file="severity.csv"))
        ).to_be_visible()
        code = panel.locator('[data-testid="stSelectbox"]').filter(has_text=_("Unit codes")).get_by_role("combobox")
        expect(code).to_have_value("Район (код)")  # the column that holds codes, though its header says nothing known
        panel.get_by_role("button", name=_("Load with these columns")).click()
        expect(sidebar.get_by_text(_("{file} is loaded.").format(file="severity.csv"))).to_be_visible()
        expect(page.locator(".st-key-mapping_indicators_0")).to_have_count(0)
        expect(sidebar.get_by_role("button", name=_("Download the mapping (JSON)"))).to_be_visible()
        metric = page.get_by_role("radiogroup", name=_("Colour communities by")).get_by_role("radio", name="Тяжкість")
        expect(metric).to_be_visible()  # its column of figures, offered to colour the map by
        assert not visitor.external
