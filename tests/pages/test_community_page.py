"""The Community page under AppTest (by address and by search), and the home map's dates, flows and clicks."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.figures.community import community_table
from geo.figures.flows import OUT, flows
from geo.figures.metrics import METRICS
from geo.figures.timeline import as_of, since_counts
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
BAKHMUT, MYKOLAIV = "UA1402001", "UA4806015"

if str(ROOT) not in sys.path:  # the page imports the shell from app.py, as Streamlit's own run does
    sys.path.insert(0, str(ROOT))


def community_page(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "community.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def home(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def components(at: AppTest) -> list[dict]:
    """The arguments of each map (streamlit-folium component) on the page."""
    return [json.loads(e.proto.json_args) for e in at.main if getattr(e, "type", None) == "component_instance"]


def chart_specs(at: AppTest) -> list[dict]:
    """The Vega-Lite spec of each of Streamlit's own charts on the page."""
    return [json.loads(e.proto.spec) for e in at.main if getattr(e, "type", None) == "vega_lite_chart"]


# --- The Community page ------------------------------------------------------------------------


def test_page_by_address_shows_the_community(demo):
    """?community=UA1402001 opens Bakhmut: its name, displaced residents, where they live, the hubs serving them."""
    at = community_page(community=BAKHMUT, lang="en")
    assert not at.exception
    assert at.title[0].value == "Bakhmutska community"
    figures = tiles(at)
    displaced = int(flows(demo.idp_counts, BAKHMUT, OUT, None)["people"].sum())
    assert figures["Residents displaced elsewhere"] == f"{displaced:,}"
    table = at.dataframe[0].value
    assert table["Community"].iloc[0] == "Dniprovska" and table["Displaced people"].iloc[0] == "8,000"
    hubs = at.dataframe[-1].value
    assert hubs["Name"].tolist() == ["Bakhmut community hub, Dnipro", "Bakhmut community hub, Vinnytsia"]
    community_map, flow_map = components(at)  # the community on the map of all, then its flows
    for drawn in (community_map, flow_map):
        assert all(u.startswith("/app/static/") for u in drawn["js_links"])  # drawn offline
        assert drawn["returned_objects"] == ["last_object_clicked_tooltip"]


def test_page_opens_in_ukrainian_by_default():
    """Without ?lang the page speaks Ukrainian, like the rest of the app."""
    _ = gettext_for("uk")
    at = community_page(community=MYKOLAIV)
    assert not at.exception
    assert at.title[0].value == _("{name} community").format(name="Миколаївська")
    assert _("Open needs") in tiles(at)


def test_a_katotth_code_in_the_address_finds_the_community():
    """A KATOTTH code in the link opens the community, and the address is tidied to its P-code."""
    at = community_page(community="UA14020010000012345", lang="en")
    assert at.title[0].value == "Bakhmutska community"
    assert param(at, "community") == BAKHMUT


def test_an_unknown_code_says_so_and_offers_the_search():
    """A mistyped code shows a plain message and the search box, not an error."""
    at = community_page(community="UA9999999", lang="en")
    assert not at.exception
    assert "No community has the code" in at.warning[0].value
    search = at.text_input(key="community_search_None")
    assert search.label == "Find a community" and search.value == ""


def markdown_shown(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown: titles, messages, captions, metric labels."""
    kinds = ("title", "header", "subheader", "caption", "markdown", "warning", "error", "info", "success")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)] + [m.label for m in at.metric]


def test_markdown_in_the_address_shows_as_text():
    """/community?community=[x](https://example.org) says that no community has the code "[x](https://example.org)",
    written out, not as a link to click."""
    at = community_page(community="[x](https://example.org)", lang="en")
    assert not at.exception
    assert md("[x](https://example.org)") in at.warning[0].value
    for text in markdown_shown(at):
        assert "](" not in text and "://" not in text, text


def test_markdown_typed_in_the_search_shows_as_text():
    """Typing ![x](http://…/p.png) in the search box says that nothing matches it, without fetching the image."""
    at = AppTest.from_file(str(ROOT / "pages" / "community.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.session_state["community_search_None"] = "![x](http://127.0.0.1:9/p.png)"  # typed in the search box
    at.run()
    assert not at.exception
    assert any(md("![x](http://127.0.0.1:9/p.png)") in w.value for w in at.warning)
    for text in markdown_shown(at):
        assert "](" not in text and "![" not in text and "://" not in text, text


def candidates(at: AppTest) -> dict[str, str]:
    """The communities the search lists: P-code -> the button's label."""
    return {b.key.removeprefix("candidate_"): b.label for b in at.button if (b.key or "").startswith("candidate_")}


def test_page_by_search():
    """Typing a centre lists its communities with raion and oblast and opens none; a click on one opens its page
    and puts it in the address; a whole code typed opens its community at once."""
    at = community_page(lang="en")
    assert at.title[0].value == "Community"
    at.text_input(key="community_search_None").input("Nikolaev").run()
    assert not at.exception
    assert at.title[0].value == "Community" and param(at, "community") is None  # nothing opened by itself
    listed = candidates(at)
    assert list(listed)[0] == MYKOLAIV and len(listed) == 10
    assert "Mykolaivskyi raion\\, Mykolaivska oblast" in listed[MYKOLAIV]
    assert any("Matches: 14; the first 10 are shown" in c.value for c in at.caption)  # with the oblast and the raion
    at.button(key=f"candidate_{MYKOLAIV}").click().run()
    assert at.title[0].value == "Mykolaivska community"
    assert param(at, "community") == MYKOLAIV
    assert at.text_input(key=f"community_search_{MYKOLAIV}").value == ""  # the box is empty on the page it opened
    at.text_input(key=f"community_search_{MYKOLAIV}").input("UA14020010000012345").run()
    assert at.title[0].value == "Bakhmutska community"


def test_search_in_ukrainian_says_when_nothing_is_found():
    """In Ukrainian the list speaks Ukrainian (р-н, обл., центр) and a query that finds nothing says so."""
    _ = gettext_for("uk")
    at = community_page()
    at.text_input(key="community_search_None").input("Шевченкове").run()
    listed = candidates(at)
    assert len(listed) == 3 and at.title[0].value == _("Community")
    assert all(" р\\-н\\, " in label and " обл\\. · центр\\: " in label for label in listed.values())
    at.text_input(key="community_search_None").input("zzzz").run()
    assert candidates(at) == {}
    assert any(w.value.startswith("Жодна громада не відповідає «zzzz»") for w in at.warning)


def test_as_of_shows_the_needs_as_they_were(demo):
    """?as_of=2025-08-01 shows Mykolaiv's needs with the status they had that day, and says so."""
    day = "2025-08-01"
    at = community_page(community=MYKOLAIV, lang="en", as_of=day)
    assert not at.exception
    assert any(day in info.value for info in at.info)
    then = community_table(replace(demo, needs=as_of(demo.needs, day))).loc[MYKOLAIV]
    now = community_table(demo).loc[MYKOLAIV]
    figures = tiles(at)
    assert figures["Closed needs"] == str(then["needs_closed"]) != str(now["needs_closed"])
    assert figures["Open needs"] == str(then["needs_open"])


def test_since_shows_what_opened_and_closed(demo):
    """?since=2025-10-01 adds what opened and closed in Mykolaiv from that day on, and lists those needs."""
    at = community_page(community=MYKOLAIV, lang="en", since="2025-10-01")
    assert not at.exception
    expected = since_counts(demo.needs[demo.needs["pcode"] == MYKOLAIV], "2025-10-01")
    figures = tiles(at)
    assert figures["Opened since 2025-10-01"] == str(expected["opened"])
    assert figures["Closed since 2025-10-01"] == str(expected["closed"])
    assert expected["opened"] > 0
    changed = at.dataframe[0].value  # the needs opened and closed since, in the expander
    assert "Need" in changed.columns and "Vulnerable groups" not in changed.columns  # no group to recognise anyone by


def test_the_demo_is_fresh_on_its_own_reference_day():
    """The demo's story is told as of its last day (data/demo.toml): its newest need is 0 days old
    then, no page warns that its figures are stale, and the page says which day the ages count to."""
    at = community_page(community=MYKOLAIV, lang="en")
    figures = tiles(at)
    assert figures["Newest need record"] == "2025-10-31"
    assert "Open for more than 90 days" in figures
    assert not any("may be out of date" in w.value for w in at.warning)
    assert any("Days are counted to 2025-10-31" in c.value for c in at.caption)


def test_a_later_reference_day_set_by_the_deployment_warns_and_names_the_day(monkeypatch):
    """A deployment that counts to a later day (HROMADA_REFERENCE_DAY) sees the demo as stale, and the
    warning says on which day."""
    monkeypatch.setenv("HROMADA_REFERENCE_DAY", "2026-03-01")
    at = community_page(community=MYKOLAIV, lang="en")
    warnings = [w.value for w in at.warning if "may be out of date" in w.value]
    assert warnings and all("2026-03-01" in w for w in warnings)


def test_charts_are_drawn_with_streamlits_own_charts():
    """A community with needs gets the sector, opened/closed and cumulative charts, which load nothing from the internet."""
    at = community_page(community=MYKOLAIV, lang="en")
    specs = chart_specs(at)
    assert len(specs) == 3
    assert "http" not in json.dumps(specs).replace("https://vega.github.io/schema", "")
    assert not chart_specs(community_page(community=BAKHMUT, lang="en"))  # no needs: a note instead of empty charts


# --- The home map: dates, a community's flows, and the click that opens a community's page ------


def test_home_as_of_in_the_address_shows_the_map_of_that_day(demo):
    """?as_of=2025-08-01 on the map counts only the needs reported by then."""
    at = home(lang="en", as_of="2025-08-01")
    assert not at.exception
    assert tiles(at)["Needs registered"] == f"{len(as_of(demo.needs, '2025-08-01')):,}"


def test_home_since_adds_opened_and_closed(demo):
    """?since=2025-10-01 on the map adds how many needs opened and closed since."""
    at = home(lang="en", since="2025-10-01")
    expected = since_counts(demo.needs, "2025-10-01")
    assert tiles(at)["Opened since 2025-10-01"] == f"{expected['opened']:,}"


def test_home_flows_of_a_community_are_a_swappable_layer():
    """?community=UA1402001 adds Bakhmut's flows as a second layer; the base map's script stays the same."""
    plain = components(home(lang="en"))[0]
    focused_at = home(lang="en", community=BAKHMUT)
    assert not focused_at.exception
    focused = components(focused_at)[0]
    assert focused["script"] == plain["script"]  # no reload of the map
    assert "IDP flows: Bakhmutska" in focused["layer_control"]
    assert "IDP flows" not in plain["feature_group"]


def test_a_click_on_a_community_opens_its_page():
    """What the map's click callback leaves behind opens that community's page, on the same "as of" date."""
    at = home(lang="en", as_of="2025-09-01")
    at.session_state["open_community"] = {"community": MYKOLAIV, "lang": "en"}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Mykolaivska community"
    assert any("2025-09-01" in info.value for info in at.info)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_page_without_needs_or_flows_still_runs(lang):
    """A community no file mentions shows its name, zeros and plain notes, in both languages."""
    at = community_page(community="UA2106007", lang=lang)
    assert not at.exception
    assert at.title[0].value.startswith("Ясінянська" if lang == "uk" else "Yasinianska")


# --- An oblast's or a raion's page -------------------------------------------------------------------------------


def test_an_oblasts_page_shows_its_figures_and_its_raions_to_open_and_download():
    """?community=UA51 opens Odeska oblast: its title, its figures summed from its communities, its seven raions in
    a table whose codes link to their pages, and the table to download as CSV and Excel."""
    at = community_page(community="UA51", lang="en")
    assert not at.exception
    assert at.title[0].value == "Odeska oblast"
    figures = tiles(at)
    assert figures["IDPs hosted"] == "5,143" and figures["Hubs"] == "2" and "Population" not in figures
    assert "communities: 91 · population 2,351,392" in at.caption[1].value
    table = at.dataframe[0].value
    assert len(table) == 7 and table["Name"].iloc[0] == "Odeskyi"
    assert table["P-code"].iloc[0] == "community?community=UA5110&lang=en"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download the table (CSV)", "Download the table (Excel)"]


def test_a_raions_page_links_up_to_its_oblast_and_the_search_offers_every_level():
    """Одеський район (?community=UA5110, in Ukrainian) names its oblast as a link that opens it; the search lists the
    oblast, the raion and the community called Одеська, each with its level, and a click opens the oblast's page; a
    community's page links up to its raion and oblast."""
    _ = gettext_for("uk")
    at = community_page(community="UA5110")
    assert not at.exception
    assert at.title[0].value == "Одеський район" and len(at.dataframe[0].value) == 22
    up = at.button(key="way_up_UA51")
    assert up.label == "Одеська область"
    up.click().run()
    assert at.title[0].value == "Одеська область" and param(at, "community") == "UA51"
    at.text_input(key="community_search_UA51").input("Одеська").run()
    listed = candidates(at)
    assert list(listed)[:3] == ["UA51", "UA5110", "UA5110027"]
    assert "область" in listed["UA51"] and "район" in listed["UA5110"] and "громада" in listed["UA5110027"]
    at.button(key="candidate_UA5110027").click().run()
    assert at.title[0].value == _("{name} community").format(name="Одеська")
    assert [b.label for b in at.button if (b.key or "").startswith("way_up_")] == ["Одеська область", "Одеський район"]


def test_an_oblasts_page_colours_its_map_by_the_indicators_too():
    """An oblast's leader colours the oblast's map by the indicators loaded (the demo's), as on the home map, and the
    map is drawn with the chosen one: its legend names it."""
    from geo.ingest.loaders import DEFAULT_FILES, load_dataset
    from geo.ingest.reading import Source
    from geo.maps.level_layer import metric_choices

    files = {kind: Source.from_path(ROOT / "data" / name) for kind, name in DEFAULT_FILES.items()}
    demo, _results = load_dataset({**files, "indicators": (Source.from_path(ROOT / "data" / "indicators.csv"),)})
    at = community_page(community="UA48", lang="en")
    assert not at.exception
    chooser = at.button_group(key="unit_metric") if at.get("button_group") else at.selectbox(key="unit_metric")
    offered = [str(getattr(o, "content", o)) for o in chooser.options]
    expected = metric_choices(demo, "en")
    indicators = [key for key in expected if key not in METRICS]
    assert indicators and offered == list(expected.values()), offered
    at = chooser.set_value(indicators[0]).run()
    assert not at.exception
    legend = json.dumps(components(at)[0], ensure_ascii=False)
    assert expected[indicators[0]] in legend
