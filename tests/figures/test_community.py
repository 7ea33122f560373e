"""A community's headline figures: its counts, shares and medians, each against its oblast's, and their tiles."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from geo.figures.community import community_table, headline, headline_tiles
from geo.figures.timeline import dataset_as_of
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
