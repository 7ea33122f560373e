"""The glossary of headline figures: one definition each, labels that say their base, days to a set day."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from geo.figures.glossary import FIGURES, idp_figures, need_figures, tiles, written
from geo.figures.metrics import METRICS
from geo.text.i18n import gettext_for

DAY = dt.date(2025, 8, 11)


def test_the_statuses_partition_the_needs_and_unmet_is_open_plus_in_progress(small):
    """A coordinator adds open, in progress and closed up to all needs; unmet is what is not closed."""
    figures = need_figures(small.needs, DAY)
    parts = figures["needs_open"] + figures["needs_in_progress"] + figures["needs_closed"]
    assert parts == figures["needs_total"] == len(small.needs) == 5
    assert figures["needs_unmet"] == figures["needs_open"] + figures["needs_in_progress"] == 3


def test_shares_are_of_the_needs_given(small):
    """Verified and closed, as a share of all the needs passed in (every status)."""
    figures = need_figures(small.needs, DAY)
    assert figures["share_verified"] == pytest.approx(100 * 3 / 5)  # N-1, N-2 and N-5 are verified
    assert figures["share_closed"] == pytest.approx(100 * 2 / 5)  # N-3 and N-4
    none = need_figures(small.needs.iloc[:0], DAY)
    assert math.isnan(none["share_verified"]) and written("share_verified", none["share_verified"], "en") == "–"


def test_days_waiting_count_to_the_day_given_and_leave_the_closed_out(small):
    """N-1 (2 June), N-2 (5 June) and N-5 (1 August) wait for 70, 67 and 10 days on 11 August: the
    median is 67; a later reference day makes them older, the closed needs never count."""
    assert need_figures(small.needs, DAY)["median_days_open"] == 67
    assert need_figures(small.needs, DAY + dt.timedelta(days=10))["median_days_open"] == 77
    assert need_figures(small.needs, DAY)["median_days_to_close"] == 17.5  # 21 and 14 days


def test_idps_hosted_take_the_newest_count_of_each_pair(small):
    hosted = idp_figures(small.idp_counts)["idps_hosted"]
    assert hosted == idp_figures(small.idp_counts.iloc[::-1])["idps_hosted"] > 0
    assert idp_figures(small.idp_counts, population=hosted * 10)["idps_per_1000"] == pytest.approx(100)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_one_label_per_figure_that_says_its_base(lang):
    """No two figures share a label; the shares say of what; every figure has its definition."""
    _ = gettext_for(lang)
    labels = [_(f.label) for f in FIGURES.values()]
    assert len(set(labels)) == len(labels)
    assert all(_(f.help) and _(f.help) != _(f.label) for f in FIGURES.values())
    for key in ("share_verified", "share_closed", "share_verified_listed"):
        assert "%" in _(FIGURES[key].label)
    if lang == "uk":
        assert all(re.search("[а-яіїєґ]", label.lower()) for label in labels)


def test_the_map_metrics_use_the_glossarys_labels():
    """The choropleth's "Unmet needs" and "Closed, % of all needs" are the headline's words."""
    assert METRICS["open_needs"][0] == FIGURES["needs_unmet"].label
    assert METRICS["share_closed"][0] == FIGURES["share_closed"].label
    assert METRICS["idps_hosted"][0] == FIGURES["idps_hosted"].label
    assert METRICS["idps_per_1000"][0] == FIGURES["idps_per_1000"].label


def test_tiles_are_in_the_order_asked_with_their_help(small):
    shown = tiles(need_figures(small.needs, DAY), ("needs_total", "share_verified"), "uk")
    assert [value for _label, value, _help in shown] == ["5", "60%"]
    assert shown[0][0] == gettext_for("uk")("Needs registered")


def test_millions_are_written_short_enough_for_a_tile():
    """A country's IDPs from DTM (3,654,000) fit a tile above the map: "3,65 млн", not "3 654 …" cut off."""
    assert written("idps_hosted", 3_654_000, "uk") == "3,65 млн"
    assert written("idps_hosted", 3_654_000, "en") == "3.65M"
    assert written("idps_hosted", 285_000, "en") == "285,000"
