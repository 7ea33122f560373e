"""A community's headline figures: its counts, shares and medians, each against its oblast's, and their tiles."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from geo.figures.community import community_table, headline, headline_tiles, two_idp_figures, unit_tiles
from geo.figures.community_search import unit_line
from geo.figures.level_metrics import level_metrics
from geo.figures.metrics import community_metrics
from geo.figures.timeline import dataset_as_of
from geo.figures.units import units_at
from geo.text.i18n import gettext_for

SHEVCHENKOVE, MISHKOVO = "UA4806037", "UA4806017"  # tests/data


@pytest.fixture(scope="module")
def table(small):
    return community_table(small)


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
    assert tiles["Open needs"].delta == "+0.5" and tiles["Open needs"].delta_color == "inverse"
    assert tiles["Open needs"].delta_description == "oblast average: 0.5"
    assert tiles["Verified, % of all needs"].value == "100%" and tiles["Verified, % of all needs"].delta == "+50 pp"
    assert tiles["Verified, % of all needs"].delta_color == "normal"
    assert tiles["Closed needs"].delta == "-1"  # a leading minus: Streamlit's arrow points down
    assert (
        tiles["Median days to close, closed needs"].value == "—"
        and tiles["Median days to close, closed needs"].delta is None
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


def test_ukrainian_labels_exist_for_the_page(small):
    """The page's words go through the catalogue (English passes through unchanged)."""
    assert gettext_for("en")("Open needs") == "Open needs"


# --- An oblast's or a raion's page ------------------------------------------------------------------------------

ODESKA_OBLAST, ODESKYI_RAION = "UA51", "UA5110"


def _coarse_idps(host: str, level: str, people: int) -> pd.DataFrame:
    """One IDP count given for a raion or an oblast (as H1's loaders keep them in ``Dataset.idp_coarse``)."""
    return pd.DataFrame(
        {
            "host_pcode": pd.Series([host], dtype="string"),
            "host_level": pd.Series([level], dtype="string"),
            "origin_pcode": pd.Series([pd.NA], dtype="string"),
            "origin_level": pd.Series([pd.NA], dtype="string"),
            "people": pd.Series([people], dtype="Int64"),
            "households": pd.Series([pd.NA], dtype="Int64"),
            "as_of": pd.Series([pd.NaT], dtype="datetime64[ns]"),
        }
    )


def test_an_oblasts_tiles_are_the_sums_of_its_communities(demo):
    """Odeska oblast's tiles add up its 91 communities' needs, hubs and IDPs; the rate is worked out on the sums; its
    line says its communities and population."""
    metrics = level_metrics(demo, "oblast")
    hromadas = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    mine = hromadas[(demo.communities.set_index("pcode")["oblast_pcode"] == ODESKA_OBLAST).reindex(hromadas.index)]
    shown = {t.label: t.value for t in unit_tiles(metrics, ODESKA_OBLAST, "en")}
    assert shown["Hubs"] == f"{mine['hubs'].sum():,}"
    assert shown["IDPs hosted"] == f"{mine['idps_hosted'].sum():,}" != "0"
    assert shown["IDPs per 1,000 residents"] == f"{mine['idps_hosted'].sum() * 1000 / mine['population'].sum():.1f}"
    assert shown["Open needs"] == f"{mine['needs_open'].sum():,}"
    uk = [t.label for t in unit_tiles(metrics, ODESKA_OBLAST, "uk")]
    assert gettext_for("uk")("IDPs hosted") in uk and gettext_for("uk")("Hubs") in uk
    units = units_at(demo.communities, "oblast")
    line = unit_line(units, ODESKA_OBLAST, "en")
    assert line == f"P-code UA51 · communities: 91 · population {int(mine['population'].sum()):,}"
    assert unit_line(units, ODESKA_OBLAST, "uk").startswith("P-код UA51 · громад: 91 · населення ")


def test_an_oblast_estimate_and_its_communities_registered_idps_are_both_said_never_added(demo):
    """A DTM estimate of 8,000 IDPs for Odeska oblast, whose communities register 5,143: the tile shows 8,000, the note
    says both and the difference; with no estimate there is no note."""
    below = int(level_metrics(demo, "oblast").loc[ODESKA_OBLAST, "idps_hosted"])
    assert two_idp_figures(level_metrics(demo, "oblast"), ODESKA_OBLAST, "oblast", "en") is None
    data = replace(demo, idp_coarse=_coarse_idps(ODESKA_OBLAST, "oblast", 8_000))
    metrics = level_metrics(data, "oblast")
    tiles = {t.label: t.value for t in unit_tiles(metrics, ODESKA_OBLAST, "en")}
    assert tiles["IDPs hosted"] == "8,000"  # the oblast's own figure, not 8,000 + the communities'
    note = two_idp_figures(metrics, ODESKA_OBLAST, "oblast", "en")
    assert "8,000 given for the oblast itself" in note and f"{below:,} summed from its raions and communities" in note
    assert "never added" in note and note.endswith(f"higher by {8_000 - below:,}.")
    uk = two_idp_figures(metrics, ODESKA_OBLAST, "oblast", "uk")
    assert "8\xa0000" in uk and "ніколи не додаються" in uk
    raion = replace(demo, idp_coarse=_coarse_idps(ODESKYI_RAION, "raion", 1_000))
    note = two_idp_figures(level_metrics(raion, "raion"), ODESKYI_RAION, "raion", "en")
    assert note.startswith("Two IDP figures exist for this raion: 1,000") and f"higher by {below - 1_000:,}" in note
