"""The metric's layer: the communities' colours and figures, and a legend for every metric."""

import json

import pytest

from geo.figures.metrics import METRICS, community_metrics
from geo.maps.choropleth import classify
from geo.maps.choropleth_layer import choropleth_layer
from geo.maps.shapes import Recolour, places_payload
from geo.text.i18n import gettext_for


@pytest.fixture(scope="module")
def metrics(small):
    return community_metrics(small.communities, small.needs, small.hubs, small.idp_counts)


def test_community_tooltips_name_the_community_and_the_metric(small, metrics):
    """Hovering shows the community's name and raion, then the metric's figure."""
    places = json.loads(places_payload(small, "en"))
    position = places["pcode"].index("UA4806037")
    assert places["name"][position] == "Shevchenkivska"
    assert places["raion"]["values"][places["raion"]["codes"][position]] == "Mykolaivskyi"
    recolour = next(
        c for c in choropleth_layer(small, metrics, "idps_hosted", "en")._children.values() if isinstance(c, Recolour)
    )
    data = recolour.payload
    assert data["texts"][position] == "1,000" and data["label"] == "IDPs hosted"
    assert data["palette"][data["colours"][position]] == classify(metrics["idps_hosted"], "idps_hosted").colour(1000)
    hostile = places["pcode"].index("UA6510001")
    assert places["name"][hostile] == "Bilozerska &lt;img src=x onerror=alert(1)&gt;"


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_metric_has_a_legend_with_its_name_and_unit(small, metrics, metric):
    """Switching the metric swaps the coloured layer and a legend that says what the colours mean."""
    _ = gettext_for("uk")
    group = choropleth_layer(small, metrics, metric, "uk")
    legend = next(c for c in group._children.values() if type(c).__name__ == "LegendLayer")
    assert _(METRICS[metric][0]) in legend.html and _(METRICS[metric][1]) in legend.html
    assert group.layer_name.endswith(_(METRICS[metric][0]))
