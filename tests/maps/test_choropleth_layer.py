"""The metric's layer: the communities' colours and figures, and the legend's colour classes for every metric."""

import json
import re

import pytest

from geo.figures.metrics import METRICS, community_metrics
from geo.maps.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.legend import LegendEntry
from geo.maps.shapes import Recolour, places_payload
from geo.text.i18n import gettext_for

NUMBER = r"[\d\s\u00a0\u202f,.]+"


@pytest.fixture(scope="module")
def metrics(small):
    return community_metrics(small.communities, small.needs, small.hubs, small.idp_counts)


@pytest.fixture(scope="module")
def demo_metrics(demo):
    return community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)


def child(group, kind):
    return next(c for c in group._children.values() if isinstance(c, kind))


def read_number(text: str, lang: str) -> float:
    """A figure as the legend or a tooltip writes it, back to a number (12 345,6 / 12,345.6; 40%)."""
    text = text.replace("%", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace(",", ".") if lang == "uk" else text.replace(",", "")
    return float(text)


def legend_ranges(section: dict, lang: str) -> dict[str, tuple[float, float] | None]:
    """Each swatch colour of the legend -> the (low, high) its label reads; None for "no data"."""
    ranges = {}
    for item in section["items"]:
        parts = re.fullmatch(rf"({NUMBER})%?(?:\u00a0– ({NUMBER}))?%?", item["label"])
        if parts is None:
            ranges[item["colour"]] = None
            continue
        low = read_number(parts.group(1), lang)
        high = read_number(parts.group(2), lang) if parts.group(2) else low
        ranges[item["colour"]] = (low, high)
    return ranges


def test_community_tooltips_name_the_community_and_the_metric(small, metrics):
    """Hovering shows the community's name and raion, then the metric's figure."""
    places = json.loads(places_payload(small, "en"))
    position = places["pcode"].index("UA4806037")
    assert places["name"][position] == "Shevchenkivska"
    assert places["raion"]["values"][places["raion"]["codes"][position]] == "Mykolaivskyi"
    data = child(choropleth_layer(small, metrics, "idps_hosted", "en"), Recolour).payload
    assert data["texts"][position] == "1,000" and data["label"] == "IDPs hosted"
    assert data["palette"][data["colours"][position]] == classify(metrics["idps_hosted"], "idps_hosted").colour(1000)
    hostile = places["pcode"].index("UA6510001")
    assert places["name"][hostile] == "Bilozerska &lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_metric_has_a_legend_with_its_name_and_unit(small, metrics, metric):
    """Switching the metric swaps the coloured layer and its legend section, which says what the colours mean."""
    _ = gettext_for("uk")
    group = choropleth_layer(small, metrics, metric, "uk")
    legend = child(group, LegendEntry).section
    assert legend["key"] == "colours"
    assert legend["title"] == _(METRICS[metric][0]) and legend["unit"] == _(METRICS[metric][1])
    assert group.layer_name.endswith(_(METRICS[metric][0]))


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("metric", list(METRICS))
def test_each_communitys_figure_is_in_the_legend_range_of_its_colour(demo, demo_metrics, metric, lang):
    """The map and the legend use the same classes: a community's tooltip figure lies in the range the
    legend gives its colour, ranges never overlap, and every colour on the map is in the legend."""
    group = choropleth_layer(demo, demo_metrics, metric, lang)
    recolour, legend = child(group, Recolour).payload, child(group, LegendEntry).section
    ranges = legend_ranges(legend, lang)
    palette = recolour["palette"]
    for colour_index, text in zip(recolour["colours"], recolour["texts"], strict=True):
        colour = palette[colour_index] if colour_index >= 0 else ZERO_COLOUR
        assert colour in ranges, f"{colour} on the map, not in the legend"
        if ranges[colour] is None:
            assert colour == NO_DATA_COLOUR
            continue
        low, high = ranges[colour]
        assert low <= read_number(text, lang) <= high, (text, ranges[colour])
    bounds = sorted(r for r in ranges.values() if r is not None)
    assert all(high < next_low for (_l, high), (next_low, _h) in zip(bounds, bounds[1:], strict=False))


def test_the_legend_shows_zero_and_no_data_only_where_the_map_has_them(demo, demo_metrics):
    """Every community has an open-needs count (no "no data"); shares are missing where there are no needs."""
    _ = gettext_for("en")
    labels = {}
    for metric in ("open_needs", "share_closed"):
        legend = child(choropleth_layer(demo, demo_metrics, metric, "en"), LegendEntry).section
        labels[metric] = [item["label"] for item in legend["items"]]
    assert labels["open_needs"][0] == "0" and _("no data") not in labels["open_needs"]
    assert labels["share_closed"][0] == "0%" and labels["share_closed"][-1] == _("no data")
    fifths = ["1\u00a0– 20%", "21\u00a0– 40%", "41\u00a0– 60%", "61\u00a0– 80%", "81\u00a0– 100%"]
    assert labels["share_closed"][1:-1] == fifths
