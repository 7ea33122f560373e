"""The Needs page's list, one page at a time: the line that says which rows, the controls, the downloads.

The demo's default view lists 399 unmet needs: four pages at 100 a page. What a page should show comes
from the data through the page's own order (``geo.figures.needs_view.ordered``), never from the page.
AppTest for the widgets; one browser test for the download, which only a browser fetches.

Run: ``.venv/bin/python -m pytest tests/pages/test_needs_paging.py -q``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browser_support import COMMUNITY_CANVAS, Visitor, new_visitor, open_and_wait, wait_for_app_run
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

from geo.exports.tables import CSV_STYLES
from geo.figures.data_date import demo_reference_day
from geo.figures.distance import resolve_origin
from geo.figures.filters import Filters, apply
from geo.figures.needs_view import ordered, prepare_needs
from geo.text.formatting import number
from geo.text.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "needs.py"
TIMEOUT = 120
LABEL = "Needs {first}–{last} of {total}"


def start(lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def in_order(demo, filters: Filters) -> list[str]:
    """Every need the filters find, in the list's order (longest waiting first, or nearest first)."""
    day = demo_reference_day(ROOT / "data")
    found = apply(prepare_needs(demo, internal=False), filters, day)
    return ordered(found, day, resolve_origin(filters.near, demo.hubs))["need_id"].tolist()


def shown(at: AppTest) -> list[str]:
    """The needs of the page shown, top to bottom."""
    return at.dataframe[0].value["Need"].tolist()


def label(first: int, last: int, total: int, lang: str = "en") -> str:
    return gettext_for(lang)(LABEL).format(first=number(first, lang), last=number(last, lang), total=number(total, lang))


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def buttons(at: AppTest) -> dict[str, bool]:
    """The paging buttons on the page, key -> disabled."""
    return {b.key: b.disabled for b in at.button if b.key in ("needs_page_previous", "needs_page_next")}


@pytest.fixture(scope="module")
def unmet(demo) -> list[str]:
    needs = in_order(demo, Filters())
    assert len(needs) == 399  # the demo's default list: the page's first view is paged
    return needs


def test_the_first_page_shows_the_first_100_needs_and_says_so(unmet):
    """A first visit lists the 100 longest waiting needs, says "Needs 1–100 of 399", and can go on, not back."""
    at = start()
    assert not at.exception
    assert shown(at) == unmet[:100]
    assert label(1, 100, 399) in captions(at)
    assert buttons(at) == {"needs_page_previous": True, "needs_page_next": False}
    assert at.number_input(key="needs_page").value == 1
    assert any("every need of the list, on every page" in c for c in captions(at))


def test_the_label_speaks_ukrainian():
    at = start("uk")
    assert "Потреби 1–100 з 399" in captions(at)
    assert {b.label for b in at.button if b.key in buttons(at)} == {"Назад", "Далі"}


def test_next_page_moves_the_label_and_the_first_row(unmet):
    """ "Next" shows needs 101–200: the 101st longest waiting need is now the first row; "Previous" goes back."""
    at = start()
    at.button(key="needs_page_next").click().run()
    assert shown(at) == unmet[100:200] and shown(at)[0] == unmet[100]
    assert label(101, 200, 399) in captions(at) and label(1, 100, 399) not in captions(at)
    assert buttons(at) == {"needs_page_previous": False, "needs_page_next": False}
    at.button(key="needs_page_previous").click().run()
    assert shown(at) == unmet[:100] and label(1, 100, 399) in captions(at)


def test_a_page_number_typed_goes_there_and_the_last_page_holds_the_rest(unmet):
    at = start()
    at.number_input(key="needs_page").set_value(4).run()
    assert shown(at) == unmet[300:]
    assert label(301, 399, 399) in captions(at)
    assert buttons(at) == {"needs_page_previous": False, "needs_page_next": True}


def test_the_order_is_kept_across_pages(demo):
    """Nearest first from a hub: page 2 goes on where page 1 stopped, farther away."""
    at = start(near="imariupol-kyiv-1")
    assert shown(at) == in_order(demo, Filters(near="imariupol-kyiv-1"))[:100]
    last_of_first = at.dataframe[0].value["Distance, km"].iloc[-1]
    at.button(key="needs_page_next").click().run()
    page = at.dataframe[0].value
    assert page["Need"].tolist() == in_order(demo, Filters(near="imariupol-kyiv-1"))[100:200]
    assert page["Distance, km"].iloc[0] >= last_of_first


def test_a_filter_change_goes_back_to_page_1(demo, unmet):
    """On page 3, showing every status lists 725 needs from the first again; so does a change of the order."""
    at = start()
    at.number_input(key="needs_page").set_value(3).run()
    assert shown(at) == unmet[200:300]
    at.button_group(key="needs_status").set_value(["open", "in_progress", "closed"]).run()
    everything = in_order(demo, Filters(status=("open", "in_progress", "closed")))
    assert shown(at) == everything[:100]
    assert label(1, 100, 725) in captions(at) and at.number_input(key="needs_page").value == 1

    at.number_input(key="needs_page").set_value(2).run()
    at.selectbox(key="needs_near").set_value("imariupol-kyiv-1").run()
    assert label(1, 100, 725) in captions(at)
    assert shown(at) == in_order(demo, Filters(status=("open", "in_progress", "closed"), near="imariupol-kyiv-1"))[:100]


def test_a_filter_that_shortens_the_list_never_leaves_an_empty_page(demo):
    """On page 4 of 399, narrowing to one sector shows that sector's needs, all on one page without controls."""
    at = start()
    at.number_input(key="needs_page").set_value(4).run()
    at.multiselect(key="needs_sector").set_value(["education"]).run()
    few = in_order(demo, Filters(sector=("education",)))
    assert 0 < len(few) < 50
    assert shown(at) == few


def test_a_short_list_looks_as_before_paging(demo):
    """Fewer needs than a page: the whole list, and no line, buttons, page box or size choice."""
    at = start(sector="education")
    assert shown(at) == in_order(demo, Filters(sector=("education",)))
    assert not any(text.startswith("Needs ") and " of " in text for text in captions(at))
    assert buttons(at) == {}
    assert not {"needs_page", "needs_page_size"} & {w.key for w in [*at.number_input, *at.button_group]}
    assert not any("every need of the list" in c for c in captions(at))


def test_a_new_page_size_keeps_the_row_read_in_view(unmet):
    """On page 2 (from need 101) at 50 a page the list shows 101–150; at 500 all 399, without page buttons."""
    at = start()
    at.button(key="needs_page_next").click().run()
    at.button_group(key="needs_page_size").set_value(50).run()
    assert shown(at) == unmet[100:150] and label(101, 150, 399) in captions(at)
    assert at.number_input(key="needs_page").value == 3
    at.button_group(key="needs_page_size").set_value(500).run()
    assert shown(at) == unmet and label(1, 399, 399) in captions(at)
    assert buttons(at) == {} and at.button_group(key="needs_page_size").value == 500  # the choice can be undone


@pytest.mark.browser
def test_the_download_holds_every_need_not_only_the_page(browser, demo_server, unmet):
    """On page 2 in a browser the line says 101–200 of 399; the CSV downloaded there has all 399 needs."""
    _ = gettext_for("uk")
    contexts: list = []
    try:
        visitor = new_visitor(browser, contexts, Visitor, viewport={"width": 1366, "height": 768}, accept_downloads=True)
        open_and_wait(visitor, demo_server + "needs", COMMUNITY_CANVAS, "the Needs page's map")  # Ukrainian
        line = visitor.page.get_by_text(label(1, 100, 399, "uk"), exact=True)
        expect(line).to_be_visible()
        visitor.page.locator(".st-key-needs_page_next button").locator("visible=true").click()
        expect(visitor.page.get_by_text(label(101, 200, 399, "uk"), exact=True)).to_be_visible()
        wait_for_app_run(visitor.page)

        with visitor.page.expect_download() as download:
            visitor.page.locator(".st-key-needs_csv button").click()
        text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=CSV_STYLES["uk"][0]))
        assert [row[rows[0].index(_("Need"))] for row in rows[1:]] == unmet  # every page's needs, in the list's order
        assert visitor.external == []
    finally:
        for context in contexts:
            context.close()
