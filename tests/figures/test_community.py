"""A community's page, as pure functions: figures against the oblast, charts, data quality, hubs, search, clicks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.figures.community import (
    closure_curve,
    community_table,
    data_quality,
    find_communities,
    flow_table,
    headline,
    headline_tiles,
    hub_table,
    hubs_here,
    hubs_serving,
    opened_closed,
    place_line,
    quality_table,
    quality_tiles,
    search_labels,
    sector_status,
    stale_warnings,
    web_address,
)
from geo.figures.flows import OUT, flows
from geo.figures.timeline import dataset_as_of
from geo.maps.map_click import MapClick, clicked_community, parse_click, pcode_mark
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

SHEVCHENKOVE, MISHKOVO, BILOZERKA = "UA4806037", "UA4806017", "UA6510001"  # tests/data


@pytest.fixture(scope="module")
def table(small):
    return community_table(small)


# --- Figures and the oblast's ------------------------------------------------------------------


def test_figures_count_each_status_verification_people_and_idps(table):
    """Shevchenkivska: one need open, one in progress, both verified, 5 people; it hosts 1,000 IDPs."""
    row = table.loc[SHEVCHENKOVE]
    assert (row["needs_open"], row["needs_in_progress"], row["needs_closed"]) == (1, 1, 0)
    assert row["share_verified"] == 100 and row["people_covered"] == 5
    assert row["idps_hosted"] == 1000  # 800 from Bilozerka (October's count, not July's) + 200


def test_median_days_to_close_and_residents_displaced_elsewhere(table):
    """Mishkovo closed its needs in 21 and 14 days (median 17.5); 200 of its residents live in Shevchenkivska."""
    row = table.loc[MISHKOVO]
    assert row["median_days_to_close"] == 17.5
    assert row["displaced_elsewhere"] == 200
    assert pd.isna(table.loc[SHEVCHENKOVE, "displaced_elsewhere"])  # no count names it as an origin


def test_each_figure_is_compared_with_the_oblast(small, table):
    """Counts against the oblast's average community; shares and medians against the oblast's pooled figure."""
    frame = headline(table, small.needs, SHEVCHENKOVE)
    oblast = frame["oblast"]
    assert oblast["needs_open"] == 0.5  # Mykolaiv oblast: 1 open need over 2 communities
    assert oblast["needs_closed"] == 1.0
    assert oblast["share_verified"] == 50  # 2 of the oblast's 4 needs
    assert oblast["median_days_to_close"] == 17.5
    assert oblast["idps_hosted"] == 500
    assert frame.loc["share_verified", "value"] == 100


def test_tiles_say_the_difference_and_whether_it_is_good(small, table):
    """More open needs than the oblast is red (inverse), more verified is green, and the average is named."""
    tiles = {t.label: t for t in headline_tiles(headline(table, small.needs, SHEVCHENKOVE), "en")}
    assert tiles["Needs: open"].delta == "+0.5" and tiles["Needs: open"].delta_color == "inverse"
    assert tiles["Needs: open"].delta_description == "oblast average: 0.5"
    assert tiles["Share verified"].value == "100%" and tiles["Share verified"].delta == "+50 pp"
    assert tiles["Share verified"].delta_color == "normal"
    assert tiles["Needs: closed"].delta == "-1"  # a leading minus: Streamlit's arrow points down
    assert (
        tiles["Median days from report to closure"].value == "—"
        and tiles["Median days from report to closure"].delta is None
    )


def test_tiles_in_ukrainian_use_ukrainian_numbers(demo):
    """Ukrainian tiles write thousands with a space (1 961), not a comma (1,961)."""
    table = community_table(demo)
    tiles = headline_tiles(headline(table, demo.needs, "UA4806015"), "uk")
    hosted = int(table.loc["UA4806015", "idps_hosted"])
    assert hosted > 1000
    assert tiles[6].value.replace("\u00a0", " ").replace("\u202f", " ") == f"{hosted:,}".replace(",", " ")


def test_an_oblast_without_any_needs_is_not_compared_on_needs(demo):
    """Donetsk oblast has no needs platform in the demo: Bakhmut's "0 open needs" is not set against an average of 0."""
    frame = headline(community_table(demo), demo.needs, "UA1402001")
    assert math.isnan(frame.loc["needs_open", "oblast"])
    assert frame.loc["displaced_elsewhere", "value"] > 10_000


def test_as_of_changes_the_figures(small):
    """On 20 June, Mishkovo's need closed on 1 July was still open, and the July need did not exist yet."""
    then = community_table(dataset_as_of(small, "2025-06-20")).loc[MISHKOVO]
    assert (then["needs_open"], then["needs_closed"]) == (1, 0)


# --- Charts ------------------------------------------------------------------------------------


def test_sector_status_counts_every_need_once(small):
    """Five needs in five sectors, each under its own status; sectors in the contract's order."""
    frame = sector_status(small.needs)
    assert int(frame.to_numpy().sum()) == len(small.needs)
    assert list(frame.columns) == ["open", "in_progress", "closed"]
    assert frame.index.tolist() == ["food", "shelter_nfi", "heating_utilities", "wash", "health"]
    assert frame.loc["wash", "closed"] == 1


def test_opened_and_closed_per_month_and_week(small):
    """June: 3 reported; July: 1 reported, 2 closed; every week between shows up, empty ones as 0."""
    months = opened_closed(small.needs, "M")
    assert months.to_dict("index") == {
        "2025-06": {"opened": 3, "closed": 0},
        "2025-07": {"opened": 1, "closed": 2},
        "2025-08": {"opened": 1, "closed": 0},
    }
    weeks = opened_closed(small.needs, "W")
    assert weeks.index[0] == "2025-06-02"  # the Monday of the first report's week
    assert weeks.loc["2025-06-16"].tolist() == [0, 0]
    assert weeks["opened"].sum() == 5 and weeks["closed"].sum() == 2


def test_closure_curve_climbs_to_the_totals(small):
    """The cumulative curve ends with every reported need and every closure counted, and never goes down."""
    curve = closure_curve(small.needs)
    assert curve.iloc[-1].tolist() == [5, 2]
    assert curve["reported"].is_monotonic_increasing and curve["closed"].is_monotonic_increasing
    assert (curve["closed"] <= curve["reported"]).all()
    longer = closure_curve(small.needs, until="2025-09-30")
    assert longer.index[-1] == pd.Timestamp("2025-09-30") and longer.iloc[-1].tolist() == [5, 2]


# --- Data quality ------------------------------------------------------------------------------


def test_quality_counts_unverified_old_open_needs_and_no_provider(small):
    """On 1 September, Shevchenkivska's two needs are open for over 30 days, one over 90; one has no provider."""
    quality = quality_table(small.needs, small.idp_counts, "2025-09-01")
    row = quality.loc[SHEVCHENKOVE]
    assert (row["open_over_30"], row["open_over_90"], row["no_provider"]) == (2, 1, 1)
    assert quality.loc[MISHKOVO, "share_unverified"] == 100
    assert row["newest_need"] == pd.Timestamp("2025-06-05")
    assert row["newest_count"] == pd.Timestamp("2025-10-01")


def test_stale_figures_are_said_plainly(small):
    """Needs last touched three months before the date, and a count older than 90 days, are both flagged."""
    quality = data_quality(small.needs, small.idp_counts, SHEVCHENKOVE, "2026-02-01")
    assert quality["needs_stale"] and quality["counts_stale"]
    warnings = stale_warnings(quality, "en")
    assert len(warnings) == 2 and "out of date" in warnings[0]
    fresh = data_quality(small.needs, small.idp_counts, BILOZERKA, "2025-08-15")
    assert not fresh["needs_stale"] and stale_warnings(fresh, "en") == []


def test_a_community_without_data_has_blank_quality(small):
    """A community no file mentions: no needs, no dates, nothing stale, and the tiles show dashes."""
    quality = data_quality(small.needs.iloc[:0], small.idp_counts.iloc[:0], SHEVCHENKOVE, "2025-09-01")
    assert quality["needs"] == 0 and pd.isna(quality["newest_need"]) and not quality["needs_stale"]
    tiles = quality_tiles(quality, "2025-09-01", "en")
    assert tiles[0].value == "—" and tiles[-1].value == "—"


def test_age_of_the_newest_record_is_shown(small):
    """The newest need record reads with its date and how old it was on the chosen day."""
    quality = data_quality(small.needs, small.idp_counts, SHEVCHENKOVE, "2025-07-05")
    tile = quality_tiles(quality, "2025-07-05", "en")[4]
    assert tile.value == "2025-06-05" and tile.delta_description == "30 d before 2025-07-05"


# --- Hubs and flows as tables ------------------------------------------------------------------


def test_hubs_in_the_community_and_those_elsewhere_that_serve_it(small):
    """Bilozerka has its own aid point, and I'Mariupol in Shevchenkivska serves its displaced people."""
    assert hubs_here(small, BILOZERKA)["hub_id"].tolist() == ["H-2"]
    assert hubs_serving(small, BILOZERKA)["hub_id"].tolist() == ["H-1"]
    assert hubs_serving(small, SHEVCHENKOVE).empty


def test_hub_table_never_offers_a_javascript_link(small):
    """A website that is not http(s) is left out of the table, so it cannot become a link."""
    frame = hub_table(small.hubs, small, "en")
    assert frame["Website"].tolist()[0] == "https://example.org/hubs/H-1"
    assert web_address("javascript:alert(1)") is None and web_address(None) is None
    assert "None" not in frame.astype(str).to_numpy()  # empty cells are empty, not "None"


def test_flow_table_names_the_summed_rows(demo):
    """Mariupol's flows cut to 5: five named communities and one "Other communities (n)" row."""
    table = flows(demo.idp_counts, "UA1414005", OUT, top=5)
    frame = flow_table(demo, table, "en")
    assert len(frame) == 6 and frame["Community"].iloc[-1].startswith("Other communities (")


# --- Finding a community -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("UA1402001", "UA1402001"),
        ("ua 1402001", "UA1402001"),
        ("UA14020010000012345", "UA1402001"),  # a KATOTTH code
        ("Бахмутська", "UA1402001"),
        ("бахмутська громада", "UA1402001"),
        ("Bakhmutska", "UA1402001"),
        ("Маріупол", "UA1414005"),
        ("mariupol", "UA1414005"),
    ],
)
def test_search_finds_a_community_by_name_or_code(demo, query, expected):
    """A Ukrainian or English name (whole or its start) or a P-code / KATOTTH code finds the community first."""
    assert find_communities(demo.communities, query)[0] == expected


def test_search_finds_nothing_for_nonsense(demo):
    """A code nobody has, or a word in no name, finds nothing rather than a random community."""
    assert find_communities(demo.communities, "UA9999999") == []
    assert find_communities(demo.communities, "zzzz") == []
    assert find_communities(demo.communities, "громада") == []


def test_search_labels_tell_namesakes_apart(demo):
    """Communities that share a name differ in their label by oblast and code."""
    labels = search_labels(demo.communities, "uk")
    assert len(labels) == len(demo.communities) == len(set(labels.values()))
    assert labels["UA1402001"] == "Бахмутська (Bakhmutska), Донецька · UA1402001"


def test_place_line_is_markdown_safe(small):
    """A hostile name or raion shows as text in Streamlit's Markdown."""
    line = place_line(small.communities, BILOZERKA, "en")
    assert "Khersonskyi raion" in line and "P\\-code" not in line and "UA6510001" in line
    assert md("[x](javascript:1) :red[!] $x$") == "\\[x\\]\\(javascript\\:1\\) \\:red\\[\\!\\] \\$x\\$"


# --- Clicking a community on a map -------------------------------------------------------------


def test_a_click_on_a_community_names_it():
    """streamlit-folium's tooltip text ends with the hidden P-code mark: the click names that community."""
    value = {"last_object_clicked_tooltip": "ШевченківськаOpen needs: 2[pcode=UA4806037]"}
    assert parse_click(value) == MapClick("ШевченківськаOpen needs: 2[pcode=UA4806037]", SHEVCHENKOVE)
    assert clicked_community(value, [SHEVCHENKOVE]) == SHEVCHENKOVE


def test_clicks_on_other_things_name_no_community():
    """Before any click, on a hub (no mark), or on a community this data does not know: nothing opens."""
    assert parse_click(None) is None
    assert parse_click({"last_object_clicked_tooltip": None}) is None
    assert clicked_community({"last_object_clicked_tooltip": "Я – Маріуполь, Київ 1"}, [SHEVCHENKOVE]) is None
    assert clicked_community({"last_object_clicked_tooltip": "X[pcode=UA9999999]"}, [SHEVCHENKOVE]) is None


def test_every_community_tooltip_carries_its_hidden_mark(small):
    """The home map's shapes ask the browser to mark each tooltip (geo.maps.shapes); the Needs page's do not."""
    import json

    from geo.maps.shapes import places_payload, shapes_payload

    assert json.loads(shapes_payload(small, marks=True))["marks"] is True
    assert json.loads(shapes_payload(small))["marks"] is False
    places = json.loads(places_payload(small, "uk"))
    for pcode in places["pcode"]:
        assert pcode_mark(pcode) == "<span hidden>[pcode=" + pcode + "]</span>"  # what the browser builds


def test_ukrainian_labels_exist_for_the_page(small):
    """The page's words go through the catalogue (English passes through unchanged)."""
    assert gettext_for("en")("Needs: open") == "Needs: open"
