"""Colour classes a reader can trust: whole ranges that never overlap, round edges, natural breaks."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from branca.utilities import color_brewer

from geo.figures.metrics import METRICS, community_metrics
from geo.maps.choropleth import (
    NO_DATA_COLOUR,
    SCHEMES,
    ZERO_COLOUR,
    classify,
    natural_breaks,
    roundest,
)

RNG = np.random.default_rng(2026)
# Skewed like real figures (a few big hosts, many small), spread evenly, and a handful of values.
SAMPLES = {
    "lognormal": RNG.lognormal(6, 1.6, 1769).round(),
    "uniform": RNG.integers(1, 2000, 1769).astype(float),
    "poisson": RNG.poisson(3, 1769).astype(float),
    "few": np.array([0, 0, 1, 1, 2, 7.0]),
}


@pytest.fixture(scope="module")
def demo_metrics(demo):
    return community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)


def significant_digits(value: float) -> int:
    digits = f"{value:.10g}".replace(".", "").replace("-", "").strip("0")
    return len(digits)


def assert_whole_ranges(classes, values: pd.Series) -> None:
    """Classes as a reader sees them: each starts one step above the one before, the first at one
    step above zero, the last ends at the largest value, and every figure is in the class of its colour."""
    ranges = classes.ranges()
    step = classes.step
    assert ranges[0][0] == pytest.approx(step)
    for (_low, high, _c), (next_low, next_high, _n) in zip(ranges, ranges[1:], strict=False):
        assert next_low == pytest.approx(high + step) and next_high > high  # "1 – 2", then "3 – 5"
    shown = values.dropna().astype(float).round(classes.digits)
    assert ranges[-1][1] == pytest.approx(shown.max())
    for value in shown[shown > 0]:
        low, high, colour = ranges[classes.index(value)]
        assert low - 1e-9 <= value <= high + 1e-9 and classes.colour(value) == colour


def test_zero_missing_and_the_largest_value_have_the_colours_the_legend_explains():
    values = pd.Series([0, 1, 2, 3, 5, 8, 13, 40, None], dtype="Float64")
    classes = classify(values, "open_needs")
    assert classes.bounds[-1] == 40  # the last class ends at the real maximum
    assert classes.colour(0) == ZERO_COLOUR and classes.colour(None) == NO_DATA_COLOUR
    assert classes.colour(40) == classes.colours[-1] and classes.colour(1) == classes.colours[0]
    assert all(b == int(b) for b in classes.bounds)  # counts: whole numbers
    assert_whole_ranges(classes, values)


@pytest.mark.parametrize("sample", list(SAMPLES))
@pytest.mark.parametrize("metric", ["open_needs", "idps_hosted"])
def test_count_classes_are_whole_ranges_with_round_edges(metric, sample):
    """Counts read "1 – 2", "3 – 5", "6 – 20": whole numbers, no overlap, edges of one or two digits."""
    values = pd.Series(SAMPLES[sample])
    classes = classify(values, metric)
    assert_whole_ranges(classes, values)
    assert all(significant_digits(edge) <= 2 for edge in classes.bounds[:-1])
    used = {classes.index(v) for v in values if v > 0}
    assert used == set(range(len(classes.bounds)))  # no class on the legend without a community on the map


def test_every_demo_metric_has_classes_a_reader_can_trust(demo_metrics):
    for metric in METRICS:
        values = demo_metrics[metric]
        classes = classify(values, metric)
        assert_whole_ranges(classes, values)
        assert len(set(classes.colours)) == len(classes.colours)
        assert ZERO_COLOUR not in classes.colours and NO_DATA_COLOUR not in classes.colours


def test_open_needs_breaks_separate_few_some_many(demo_metrics):
    """On a log scale the breaks keep the communities with most needs apart and use every colour:
    on a linear scale almost every community would share the lightest."""
    values = demo_metrics["open_needs"]
    classes = classify(values, "open_needs")
    assert len(classes.bounds) == 5
    counts = pd.Series([classes.index(v) for v in values if v > 0]).value_counts()
    assert counts.max() < 0.6 * counts.sum()
    top = values.sort_values().iloc[-2:]  # the two communities with most open needs
    assert {classes.index(v) for v in top} == {4}


def test_rates_are_classed_as_they_are_shown():
    """IDPs per 1,000 residents show one decimal: 5.04 reads 5.0 and sits in the class that ends at 5.0."""
    values = pd.Series([0.04, 1.2, 2.5, 3.3, 4.96, 5.04, 5.6, 9.8, 14.2, 16.0, 22.0, 31.5, 48.0, 73.86, None])
    classes = classify(values, "idps_per_1000")
    assert classes.digits == 1 and classes.step == pytest.approx(0.1)
    assert_whole_ranges(classes, values)
    assert classes.colour(0.04) == ZERO_COLOUR  # reads "0.0"
    assert classes.index(4.96) == classes.index(5.04) == classes.index(5.0)  # both read "5.0"


def test_shares_use_fixed_fifths():
    """Share of needs closed always reads 1 – 20 %, 21 – 40 %, ..., so two maps compare."""
    classes = classify(pd.Series([10.0, 15.0, 20.4, 20.6]), "share_closed")
    assert classes.bounds == (20, 40, 60, 80, 100)
    assert [(low, high) for low, high, _c in classes.ranges()] == [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    assert classes.index(20.4) == 0 and classes.index(20.6) == 1  # as shown: "20%" and "21%"
    assert classes.colours == tuple(color_brewer(SCHEMES["share_closed"], 6)[1:])


@pytest.mark.parametrize("metric", list(METRICS))
def test_colours_are_colorbrewer_ramps_without_their_lightest(metric):
    """k classes take ColorBrewer's k + 1 scheme without its near-white, which would read as zero."""
    sizes = set()
    for k in range(2, 6):
        values = pd.Series([10**i for i in range(k)] * 3, dtype=float)  # k values far apart: k classes
        classes = classify(values, metric)
        sizes.add(len(classes.colours))
        assert classes.colours == tuple(color_brewer(SCHEMES[metric], len(classes.colours) + 1)[1:])
    if metric != "share_closed":
        assert sizes == {2, 3, 4, 5}


def test_no_positive_values():
    """A map with nothing to show still draws (one class, no crash)."""
    classes = classify(pd.Series([0, 0, None]), "idps_hosted")
    assert classes.colour(0) == ZERO_COLOUR and len(classes.colours) == 1


def test_natural_breaks_are_mapclassifys_fisher_jenks():
    """Our exact Jenks (numpy, on distinct values with their counts) gives mapclassify's breaks."""
    mapclassify = pytest.importorskip("mapclassify")
    rng = np.random.default_rng(7)
    checked = 0
    for _trial in range(40):
        data = np.sort(rng.integers(1, 80, rng.integers(8, 150)).astype(float))
        k = int(rng.integers(2, 6))
        distinct, counts = np.unique(data, return_counts=True)
        if len(distinct) < k:
            continue
        ends = natural_breaks(distinct, counts, k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed": its pure Python is slow, not wrong
            expected = mapclassify.FisherJenks(data, k=k).bins
        assert [distinct[end - 1] for end in ends] == pytest.approx(list(expected))
        checked += 1
    assert checked > 30


def test_roundest_picks_the_roundest_number_in_a_gap():
    assert roundest(654, 894) == 800
    assert roundest(1715, 1961) == 1800
    assert roundest(6609, 12029) == 10000
    assert roundest(2, 3) == 2  # no room: the class's own top
    assert roundest(21, 54) == 50
    for low, high in [(3, 17), (118, 131), (999, 1001)]:
        edge = roundest(low, high)
        assert low <= edge < high


def test_a_national_set_is_classed_quickly():
    """1,769 distinct-ish values: grouped to two significant digits, the breaks take milliseconds."""
    import time

    values = pd.Series(np.random.default_rng(3).lognormal(7, 1.5, 1769).round() + 1)
    start = time.perf_counter()
    classes = classify(values, "idps_hosted")
    assert time.perf_counter() - start < 0.5
    assert_whole_ranges(classes, values)
    assert math.isclose(classes.bounds[-1], values.max())
