"""One truth on every page: a figure that two pages show is the same number on both.

Each page is run under Streamlit's AppTest on the demo data and its tiles are read as a visitor
reads them (label → value). The labels are the glossary's (geo/figures/glossary.py): one label
for one definition, whose base it says. Sums are checked as a coordinator would check them: the
communities' open and in-progress needs add up to the map's unmet needs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.figures.community import community_table
from geo.figures.glossary import FIGURES
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
MYKOLAIV = "UA4806015"  # Mykolaivska, the city: the demo's community with the most needs (117)
if str(ROOT) not in sys.path:  # the pages import the shell from app.py, as Streamlit's own run does
    sys.path.insert(0, str(ROOT))


def run(page: str, lang: str, **params: str) -> dict[str, str]:
    """The page's tiles, label → value, as a visitor reads them who follows a link to it. (The Forum
    page links to the others, so it runs inside the app, as test_forum_page.py runs it.)"""
    at = AppTest.from_file(str(ROOT / ("app.py" if page == "pages/forum.py" else page)), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page == "pages/forum.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module", params=["uk", "en"])
def pages(request) -> dict:
    lang = request.param
    return {
        "lang": lang,
        "home": run("app.py", lang),
        "forum": run("pages/forum.py", lang, stop="1"),  # the demo tour's first stop: all of Ukraine
        "needs_all": run("pages/needs.py", lang, status="all"),
        "needs_unmet": run("pages/needs.py", lang),  # the page's default: the unmet needs
        "needs_community": run("pages/needs.py", lang, status="all", community=MYKOLAIV),
        "needs_community_open": run("pages/needs.py", lang, status="open", community=MYKOLAIV),
        "community": run("pages/community.py", lang, community=MYKOLAIV),
    }


def label(pages: dict, key: str) -> str:
    return gettext_for(pages["lang"])(FIGURES[key].label)


def test_the_country_figures_agree_on_the_map_the_forum_and_the_needs_page(pages):
    """Needs registered, verified and closed shares and IDPs hosted: the same on the home map, the
    forum's whole-country stop and the Needs page showing every status."""
    home, forum, needs = pages["home"], pages["forum"], pages["needs_all"]
    for key in ("needs_total", "share_verified", "share_closed", "idps_hosted"):
        assert home[label(pages, key)] == forum[label(pages, key)], key
    assert home[label(pages, "needs_total")] == needs[label(pages, "needs_listed")]
    assert home[label(pages, "share_verified")] == needs[label(pages, "share_verified_listed")]


def test_unmet_needs_are_the_same_count_everywhere(pages, demo):
    """The map's unmet needs are the Needs page's default list, and the communities' open plus in
    progress needs (the Community page's tiles) add up to them."""
    home = pages["home"]
    assert home[label(pages, "needs_unmet")] == pages["needs_unmet"][label(pages, "needs_listed")]
    table = community_table(demo)
    communities = int((table["needs_open"] + table["needs_in_progress"]).sum())
    assert home[label(pages, "needs_unmet")].replace("\xa0", "").replace(",", "") == str(communities)


def test_a_communitys_figures_agree_with_the_needs_page_filtered_to_it(pages):
    """The Community page's open needs and verified share are the Needs page's, filtered to that community."""
    community = pages["community"]
    assert community[label(pages, "share_verified")] == pages["needs_community"][label(pages, "share_verified_listed")]
    assert community[label(pages, "needs_open")] == pages["needs_community_open"][label(pages, "needs_listed")]
    listed_all = int(pages["needs_community"][label(pages, "needs_listed")].replace("\xa0", "").replace(",", ""))
    parts = sum(
        int(community[label(pages, key)].replace("\xa0", "").replace(",", ""))
        for key in ("needs_open", "needs_in_progress", "needs_closed")
    )
    assert parts == listed_all  # the three statuses partition the community's needs


def test_every_label_says_one_figure(pages):
    """No two figures share a label in a language, and every page's tile of a figure uses its label."""
    _ = gettext_for(pages["lang"])  # noqa: F841 - read below
    labels = [_(figure.label) for figure in FIGURES.values()]
    assert len(set(labels)) == len(labels)
    shown = {name for key in ("home", "forum", "needs_all", "community") for name in pages[key]}
    # The old labels that said no base ("Share verified": 81 % of all needs on the map, 65 % of open ones
    # on the Needs page) are gone.
    assert not shown & {"Share verified", "Share closed", "Частка верифікованих", "Частка закритих"}
