"""The Needs page under AppTest: every filter, the link that holds them, and what the public may see."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from fakes import DEMO_SECRETS, FIXTURE_SECRETS
from served_args import map_args
from streamlit.testing.v1 import AppTest

from geo.figures.data_date import demo_reference_day
from geo.figures.disclosure import SUPPRESSED_COLUMN
from geo.figures.distance import resolve_origin
from geo.figures.filters import NO_PROVIDER, Filters, apply
from geo.figures.needs_view import ordered, prepare_needs
from geo.figures.paging import DEFAULT_PAGE_SIZE
from geo.ingest.loaders import DEFAULT_FILES, ENV_VARS
from geo.ingest.settings import INTERNAL_VIEW_ENV
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "needs.py"
FIXTURES = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 120
SECRETS = FIXTURE_SECRETS + DEMO_SECRETS
EVERY = ("open", "in_progress", "closed")


def today() -> date:
    """The day the demo's "days open" count to: its own reference day (data/demo.toml), not the clock."""
    return demo_reference_day(ROOT / "data")


def start(params: dict | None = None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def listed(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def every_page(at: AppTest) -> pd.DataFrame:
    """The whole list as a visitor reads it: 500 rows a page, then "Next" until the last page."""
    at.button_group(key="needs_page_size").set_value(500).run()
    pages = [listed(at)]
    while nexts := [b for b in at.button if b.key == "needs_page_next" and not b.disabled]:
        nexts[0].click().run()
        pages.append(listed(at))
    return pd.concat(pages, ignore_index=True)


def ids(at: AppTest) -> list[str]:
    return sorted(listed(at)[gettext_for(at.query_params.get("lang", "uk"))("Need")])


def figures(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def map_total(at: AppTest) -> int:
    """The needs the map's markers hold, added up from the layer streamlit-folium sends."""
    counts = re.search(r'"count":\s*\[([^\]]*)\]', map_args(at)["feature_group"]).group(1)
    return sum(int(n) for n in counts.split(",") if n.strip())


def params(at: AppTest) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items() if k != "lang"}


def matching(demo, filters: Filters) -> list[str]:
    """Every need the filters find, in the list's order: what the map counts and the downloads hold."""
    found = apply(prepare_needs(demo, internal=False), filters, today())
    return ordered(found, today(), resolve_origin(filters.near, demo.hubs))["need_id"].tolist()


def expected(demo, filters: Filters) -> list[str]:
    """The needs the list shows: the first page of ``matching`` (tests/pages/test_needs_paging.py pages on)."""
    return sorted(matching(demo, filters)[:DEFAULT_PAGE_SIZE])


def everything_shown(at: AppTest) -> str:
    """All the text of the page a visitor could see or that reaches the browser: elements, table, map."""
    parts = [
        str(e.value) for kind in ("title", "caption", "markdown", "warning", "error", "info") for e in getattr(at, kind)
    ]
    parts += [df.value.to_csv() for df in at.dataframe]
    args = map_args(at)
    parts += [args["script"], args["feature_group"] or "", args["html"], args["header"]]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def page() -> AppTest:
    return start()


def test_opens_with_the_unmet_needs_on_map_and_list(page, demo):
    """A first visit lists the open and in-progress needs, counts them, and maps exactly those."""
    assert not page.exception
    assert page.title[0].value == "Needs that are waiting for help"
    unmet = matching(demo, Filters())
    assert len(unmet) > DEFAULT_PAGE_SIZE  # the demo's default list is paged: its first page is shown
    assert ids(page) == expected(demo, Filters())
    assert figures(page)["Needs listed"] == f"{len(unmet):,}"
    assert map_total(page) == len(unmet)  # the map has every need, not only the page's
    assert params(page) == {}  # the default view's link is the page's own address
    args = map_args(page)
    assert all(url.startswith("/app/static/") for url in args["js_links"])
    assert args["returned_objects"] == ["last_object_clicked", "last_active_drawing"]  # clicks, not pans


def test_opens_in_ukrainian_by_default():
    """Without ?lang the page speaks Ukrainian, headers and figures included."""
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT).run()
    _ = gettext_for("uk")
    assert at.title[0].value == _("Needs that are waiting for help")
    assert _("Need") in listed(at).columns and _("Median days waiting, unmet needs") in figures(at)


# (widget, key, value, the filters it means, the parameter the link gets)
WIDGET_CASES = [
    ("button_group", "needs_status", ["closed"], Filters(status=("closed",)), {"status": ["closed"]}),
    ("multiselect", "needs_sector", ["food", "wash"], Filters(sector=("food", "wash")), {"sector": ["food", "wash"]}),
    ("button_group", "needs_verified", "no", Filters(verified=False), {"verified": ["no"]}),
    ("multiselect", "needs_oblast", ["Khersonska"], Filters(oblast=("Khersonska",)), {"oblast": ["Khersonska"]}),
    ("multiselect", "needs_community", ["UA4806037"], Filters(community=("UA4806037",)), {"community": ["UA4806037"]}),
    (
        "date_input",
        "needs_reported_from",
        date(2025, 9, 15),
        Filters(reported_from=date(2025, 9, 15)),
        {"from": ["2025-09-15"]},
    ),
    ("date_input", "needs_reported_to", date(2025, 7, 1), Filters(reported_to=date(2025, 7, 1)), {"to": ["2025-07-01"]}),
    ("number_input", "needs_min_days_open", 450, Filters(min_days_open=450), {"min_days_open": ["450"]}),
    ("multiselect", "needs_group", ["disability"], Filters(group=("disability",)), {"group": ["disability"]}),
    ("multiselect", "needs_provider", [NO_PROVIDER], Filters(provider=(NO_PROVIDER,)), {"provider": ["none"]}),
    (
        "multiselect",
        "needs_provider",
        ["Red Cross volunteers"],
        Filters(provider=("Red Cross volunteers",)),
        {"provider": ["Red Cross volunteers"]},
    ),
]


@pytest.mark.parametrize(
    ("widget", "key", "value", "filters", "link"), WIDGET_CASES, ids=[c[1] + str(i) for i, c in enumerate(WIDGET_CASES)]
)
def test_each_filter_narrows_list_map_and_link(demo, widget, key, value, filters, link):
    """Setting a filter changes the list, the figures and the map alike, and puts the filter in the address."""
    at = start()
    before = map_args(at)["script"]
    getattr(at, widget)(key=key).set_value(value).run()
    assert not at.exception
    want = matching(demo, filters)
    assert want != matching(demo, Filters())  # the case really filters something
    assert ids(at) == expected(demo, filters)
    assert figures(at)["Needs listed"] == f"{len(want):,}"
    assert map_total(at) == len(want)
    assert params(at) == link
    assert map_args(at)["script"] == before  # the base map is unchanged: the browser does not reload it


def test_nearest_first_sorts_by_distance_from_a_hub(demo):
    """Choosing a hub lists the nearest needs first, with the distance shown."""
    at = start()
    hub = demo.hubs.set_index("hub_id").loc["imariupol-kyiv-1"]
    at.selectbox(key="needs_near").set_value("imariupol-kyiv-1").run()
    table = listed(at)
    distances = table["Distance, km"].tolist()
    assert distances == sorted(distances) and distances[0] > 0
    assert table.columns[2] == "Distance, km"
    assert params(at) == {"near": ["imariupol-kyiv-1"]}
    assert "Nearest first from" in at.selectbox(key="needs_near").format_func("imariupol-kyiv-1")
    assert hub["name_en"] in at.selectbox(key="needs_near").format_func("imariupol-kyiv-1")


def test_a_link_reproduces_the_view_for_anyone(demo):
    """Filters set by one visitor, copied as a link and opened by another, give the same list and widgets."""
    first = start()
    first.button_group(key="needs_status").set_value(["open", "in_progress", "closed"]).run()
    first.multiselect(key="needs_sector").set_value(["shelter_nfi", "heating_utilities"]).run()
    first.multiselect(key="needs_oblast").set_value(["Mykolaivska"]).run()
    first.date_input(key="needs_reported_from").set_value(date(2025, 7, 1)).run()
    first.multiselect(key="needs_provider").set_value([NO_PROVIDER, "Volunteer initiative"]).run()
    first.selectbox(key="needs_near").set_value("imariupol-kyiv-1").run()
    link = params(first)
    assert set(link) == {"status", "sector", "oblast", "from", "provider", "near"}

    second = start(link)  # a new session: only the link is shared
    assert not second.exception
    assert listed(second).equals(listed(first))
    assert figures(second) == figures(first)
    assert params(second) == link
    assert second.multiselect(key="needs_sector").value == ["shelter_nfi", "heating_utilities"]  # the sectors' order
    assert second.multiselect(key="needs_provider").value == [NO_PROVIDER, "Volunteer initiative"]
    assert second.date_input(key="needs_reported_from").value == date(2025, 7, 1)
    assert second.selectbox(key="needs_near").value == "imariupol-kyiv-1"


def test_a_link_in_ukrainian_words_works_too(demo):
    """A hand-written link with Ukrainian words and a KATOTTH code is understood and rewritten canonically."""
    at = start({"status": "закрита", "sector": "житло", "community": "UA48060370000012345"})
    assert not at.exception and not at.warning
    assert ids(at) == expected(demo, Filters(status=("closed",), sector=("shelter_nfi",), community=("UA4806037",)))
    assert params(at) == {"status": ["closed"], "sector": ["shelter_nfi"], "community": ["UA4806037"]}


def test_values_not_in_the_data_are_ignored_with_a_visible_note(demo):
    """A stale link opens without an error; each value that matches nothing is named in a note."""
    at = start(
        {"sector": ["food", "fod"], "community": "UA9999999", "from": "someday", "provider": "Nobody Ltd", "near": "x"}
    )
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    for value in ("sector=fod", "community=UA9999999", "from=someday", "provider=Nobody Ltd", "near=x"):
        assert value in notes
    assert ids(at) == expected(demo, Filters(sector=("food",)))
    assert params(at) == {"sector": ["food"]}  # the address keeps only what was used


def markdown_shown(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown: titles, messages, captions, metric labels."""
    kinds = ("title", "header", "subheader", "caption", "markdown", "warning", "error", "info", "success")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)] + [m.label for m in at.metric]


@pytest.mark.parametrize(("param", "value"), [("from", "1989-12-31"), ("to", "2101-01-01"), ("from", "01.01.3000")])
def test_a_link_date_the_data_cannot_have_is_ignored_with_a_note(demo, param, value):
    """/needs?from=1989-12-31 (or to=2101-01-01) opens the page, not an error: the date box stays empty and
    a note names the date and the dates the data can have."""
    at = start({param: value})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert f"{param}={md(value)} is outside the dates the data can have" in notes
    assert "(1990-01-01 to 2100-12-31)" in notes
    assert at.date_input(key="needs_reported_from" if param == "from" else "needs_reported_to").value is None
    assert ids(at) == expected(demo, Filters())
    assert params(at) == {}


def test_markdown_in_a_link_shows_as_text():
    """/needs?sector=![x](http://…/p.png)&provider=[click](https://…): the notes show those characters, so no
    visitor's browser fetches the image and no note offers the link."""
    image, link = "![x](http://127.0.0.1:9/p.png)", "[click](https://example.org)"
    at = start({"sector": image, "provider": link})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert f"sector={md(image)}" in notes and f"provider={md(link)}" in notes
    for text in markdown_shown(at):
        assert "](" not in text and "![" not in text and "://" not in text, text


def test_the_public_list_hides_groups_that_could_name_a_household(demo):
    """A visitor who lists every need sees "not shown: fewer than 3 in the community" where a household is
    one of fewer than 3 in its community with its groups, and the page says why."""
    at = start({"status": "all"})
    hidden = prepare_needs(demo, internal=False).query(SUPPRESSED_COLUMN)["need_id"]
    groups = every_page(at).set_index("Need")["Vulnerable groups"].astype("string")
    assert len(groups) == len(demo.needs)
    assert len(hidden) and (groups[hidden] == "not shown: fewer than 3 in the community").all()
    assert any("fewer than 3 needs of a community share a combination" in c.value for c in at.caption)


def test_the_notes_go_when_the_filters_change():
    """Once the visitor changes a filter, the notes about the old link disappear."""
    at = start({"sector": "fod"})
    assert at.warning
    at.multiselect(key="needs_sector").set_value(["food"]).run()
    assert not at.warning


def test_clear_all_filters_and_show_all_communities(demo):
    """'Show all communities' drops the community only; 'Clear all filters' returns to the default view."""
    at = start({"community": "UA4806037", "sector": "food"})
    assert ids(at) == expected(demo, Filters(community=("UA4806037",), sector=("food",)))
    at.button(key="needs_all_communities").click().run()
    assert ids(at) == expected(demo, Filters(sector=("food",)))
    assert params(at) == {"sector": ["food"]}
    at.button(key="needs_reset").click().run()
    assert ids(at) == expected(demo, Filters()) and params(at) == {}


def test_nothing_found_is_an_empty_list_not_an_error():
    """Filters that match no need show zero, an empty list and an empty map."""
    at = start({"sector": "education", "group": "single_parent", "verified": "no", "min_days_open": "99999"})
    assert not at.exception
    assert figures(at)["Needs listed"] == "0" and listed(at).empty and map_total(at) == 0


def test_exports_are_offered(page):
    """CSV, Excel and GeoJSON downloads are on the page."""
    labels = [b.label for b in page.get("download_button")]
    assert labels == ["Download the list (CSV)", "Download the list (Excel)", "Download the points (GeoJSON)"]


@pytest.fixture
def fixture_data(monkeypatch):
    """The app on the small hostile fixture set, whose needs file has personal columns."""
    for kind, name in DEFAULT_FILES.items():
        monkeypatch.setenv(ENV_VARS[kind], str(FIXTURES / name))
    monkeypatch.delenv(INTERNAL_VIEW_ENV, raising=False)


@pytest.mark.parametrize("extra", [{}, {"internal": "1", "view": "internal", "internal_view": "true"}])
def test_public_view_shows_no_personal_data(fixture_data, extra):
    """Names, phones, addresses and notes reach neither the page, nor the map, nor the list; no URL turns them on."""
    at = start({"status": "all", **extra})
    assert not at.exception
    assert len(listed(at)) == 5
    shown = everything_shown(at)
    for secret in SECRETS:
        assert secret not in shown
    assert "Public view" in shown and "Internal view" not in shown
    assert not {"Contact name", "Phone", "Address", "Notes"} & set(listed(at).columns)


def test_hostile_text_is_escaped_on_the_map(fixture_data):
    """Providers and names with markup reach the map only as escaped text."""
    at = start({"status": "all"})
    args = map_args(at)
    payload = args["script"] + args["feature_group"]
    assert "<script>alert" not in payload and "\\u003cscript\\u003e" not in payload
    assert "<img src=x" not in payload and "\\u003cimg" not in payload
    assert "${alert" not in payload


def test_internal_view_is_a_deployment_setting(fixture_data, monkeypatch):
    """HROMADA_INTERNAL_VIEW=1 (or internal_view in the secrets) shows the internal view's warning."""
    monkeypatch.setenv(INTERNAL_VIEW_ENV, "1")
    at = start()
    assert any("Internal view" in w.value for w in at.warning)
    monkeypatch.delenv(INTERNAL_VIEW_ENV)
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.secrets["internal_view"] = True
    at.run()
    assert any("Internal view" in w.value for w in at.warning)


def test_internal_view_lists_who_to_call(fixture_data, monkeypatch):
    """In the internal view the list has the contact columns the team needs to call back."""
    monkeypatch.setenv(INTERNAL_VIEW_ENV, "1")
    at = start({"status": "all"})
    table = listed(at)
    assert "Secret Person One" in table["Contact name"].tolist()


def test_an_upload_that_drops_a_provider_keeps_the_page_working():
    """Filtering by a provider, then loading needs without it: the filter is dropped with a note, no error."""
    at = start({"provider": "Red Cross volunteers"})
    assert len(listed(at)) > 0
    other = "need_id;pcode;sector;status;reported_on;provider\nA-1;UA4806037;food;open;02.06.2025;Другий фонд\n"
    at.sidebar.file_uploader(key="upload_needs").upload("ours.csv", other.encode("utf-8"), "text/csv")
    at.run()
    assert not at.exception
    assert "provider=Red Cross volunteers" in " ".join(w.value for w in at.warning)
    assert ids(at) == ["A-1"] and params(at) == {}
