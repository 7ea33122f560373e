"""The map's legend: a section for every layer, built from the layer's own symbols and sizes, escaped."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo.figures.distance import Origin
from geo.figures.filters import Filters, apply
from geo.figures.flows import IN, OUT
from geo.figures.metrics import community_metrics
from geo.figures.needs_view import open_counts, ordered, prepare_needs
from geo.figures.summary import attribution_text
from geo.ingest.contract import HUB_TYPES
from geo.maps.choropleth import classify
from geo.maps.flow_layer import MAX_WEIGHT, flow_features, flow_layer, flow_map, flow_weight, largest_flow
from geo.maps.hub_layer import hub_payload, hubs_layer
from geo.maps.idp_layer import idp_layer, idp_radius
from geo.maps.legend import HUB_SHAPES, SECTIONS, LegendEntry, MapLegend, class_labels, newest_record, reference_values
from geo.maps.map_builder import build_map
from geo.maps.needs_map import needs_base_map, needs_layers
from geo.maps.shapes import shapes_payload
from geo.text.i18n import gettext_for
from geo.text.safe_html import esc

HOSTILE = "<img src=x onerror=alert(1)> {{ 7*7 }}"
FLOWING = "UA1414005"  # a demo community many displaced people left


def elements(element, kind: type) -> list:
    """Every element of ``kind`` at any depth, in the order they are drawn."""
    found = [element] if isinstance(element, kind) else []
    for child in getattr(element, "_children", {}).values():
        found += elements(child, kind)
    return found


def sections(element) -> dict[str, dict]:
    return {entry.section["key"]: entry.section for entry in elements(element, LegendEntry)}


@pytest.fixture(scope="module")
def demo_metrics(demo):
    return community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)


def test_every_layer_of_the_home_map_has_its_section_in_its_own_group(demo):
    """Colours, open and closed needs, hubs and IDP circles each carry a section, inside their layer's group,
    so that Leaflet shows it only while the layer is on; the map has one legend."""
    m = build_map(demo, "open_needs", "uk", attribution_text(demo, "uk", True))
    found = sections(m)
    assert set(found) == {"colours", "open_needs", "closed_needs", "hubs", "idps"}
    _ = gettext_for("uk")
    names = {_("Unmet needs"): "open_needs", _("Closed needs"): "closed_needs", _("Hubs"): "hubs", _("IDP counts"): "idps"}
    for group in m._children.values():
        if getattr(group, "layer_name", None) in names:
            (entry,) = elements(group, LegendEntry)
            assert entry.section["key"] == names[group.layer_name]
    assert len(elements(m, MapLegend)) == 1
    assert [s["order"] for s in sorted(found.values(), key=lambda s: s["order"])] == sorted(SECTIONS.index(k) for k in found)


def test_the_legend_names_the_source_and_the_newest_record(demo):
    """The attribution the pages show, and the date of the newest need or IDP count."""
    source = attribution_text(demo, "uk", True)
    (legend,) = elements(build_map(demo, "open_needs", "uk", source), MapLegend)
    newest = max(demo.needs["reported_on"].max(), demo.needs["closed_on"].max(), demo.idp_counts["as_of"].max())
    assert newest_record(demo) == newest.date()
    assert legend.config["source"] == esc(source) and source
    assert legend.config["newest"] == gettext_for("uk")("Newest record: {date}").format(date=newest.date().isoformat())
    assert legend.config["title"] == "Умовні позначення"


def test_the_legend_escapes_what_it_is_given(demo):
    """A file named with markup reaches the legend as text, in JSON that is safe in a script."""
    legend = MapLegend("en", f"Boundaries: {HOSTILE}", dt.date(2025, 1, 2))
    assert "<img" not in legend.config["source"] and "&lt;img" in legend.config["source"]
    assert "<" not in legend.payload and "\\u003c" not in legend.payload.replace("\\u0026lt;", "")


def test_hubs_are_listed_by_the_types_present_with_the_symbols_the_map_draws(demo):
    """Each type in the data once, in the contract's order, with the shape its markers have on the map."""
    _ = gettext_for("uk")
    section = sections(hubs_layer(demo, "uk"))["hubs"]
    present = [k for k in HUB_TYPES if k in set(demo.hubs["hub_type"])]
    assert [item["label"] for item in section["items"]] == [_(HUB_TYPES[k][0]) for k in present]
    payload = hub_payload(demo, "uk")
    for item, key in zip(section["items"], present, strict=True):
        assert item["shape"] == payload["shapes"][list(HUB_TYPES).index(key)] == HUB_SHAPES[key]
    assert len(set(HUB_SHAPES.values())) == len(HUB_TYPES)  # every type its own shape


def test_idp_reference_circles_are_drawn_as_the_map_draws_circles(demo, demo_metrics):
    """Two or three round numbers, the largest at or below the biggest host, each with the radius the
    layer gives that many people."""
    section = sections(idp_layer(demo, demo_metrics, "en"))["idps"]
    (item,) = section["items"]
    top = float(demo_metrics["idps_hosted"].max())
    labels = [c["label"] for c in item["circles"]]
    assert 2 <= len(labels) <= 3
    values = [int(label.replace(",", "")) for label in labels]
    assert values == sorted(values, reverse=True) and values[0] <= top < 10 * values[0]
    assert [c["radius"] for c in item["circles"]] == [float(idp_radius(v, top)) for v in values]


def test_flow_widths_share_one_scale_with_their_legend(demo):
    """Both directions are drawn on one scale, and the legend's widths are that scale's."""
    largest = largest_flow(demo, FLOWING, (OUT, IN), 15)
    widths = []
    for direction in (OUT, IN):
        lines, _ends = flow_features(demo, FLOWING, direction, "en", 15, largest)
        widths += [f["properties"]["style"]["weight"] for f in lines["features"]]
    assert max(widths) == MAX_WEIGHT
    section = sections(flow_layer(demo, FLOWING, "en", top=15, hub_popups=False))["flows"]
    lines = [i for i in section["items"] if i["kind"] == "line" and re.fullmatch(r"[\d,]+", i["label"])]
    assert len(lines) >= 2
    for item in lines:
        assert item["weight"] == flow_weight(int(item["label"].replace(",", "")), largest)
    assert any(i["kind"] == "ring" for i in section["items"])  # the ring round the hubs that serve them


def test_the_community_pages_flow_map_has_a_legend(demo):
    m = flow_map(demo, FLOWING, "uk", (OUT, IN), "source")
    assert len(elements(m, MapLegend)) == 1 and "flows" in sections(m)


def test_the_needs_page_layers_have_their_sections(small):
    """Filtered needs, their colours and the point distances are measured from; hubs in the base."""
    today = dt.date(2025, 6, 1)
    needs = ordered(apply(prepare_needs(small, False), Filters(), today), today)
    groups = needs_layers(needs, open_counts(needs), small, "en", False, Origin(47.0, 32.0))
    found = {}
    for group in groups:
        found.update(sections(group))
    assert {"needs", "colours", "origin"} <= set(found)
    assert found["colours"]["title"] == "Unmet needs matching the filters"
    base = needs_base_map(small, "en", "source", shapes_payload(small, "en"))
    assert "hubs" in sections(base) and len(elements(base, MapLegend)) == 1


def test_class_labels_are_whole_ranges_in_the_language(demo_metrics):
    """Ukrainian writes 10 001 with a space, English 10,001; a one-value class reads as that value."""
    classes = classify(demo_metrics["idps_hosted"], "idps_hosted")
    uk, en = class_labels(classes, "uk"), class_labels(classes, "en")
    assert en[-1].startswith("10,001\u00a0– ") and re.match(r"10\s001\u00a0– ", uk[-1])
    single = classify(demo_metrics["open_needs"], "open_needs")
    assert class_labels(single, "en")[0] == "1"


def test_reference_values_are_round_and_below_the_largest():
    assert reference_values(23092) == [20000, 5000, 1000]
    assert reference_values(4931, (1, 1 / 2, 1 / 4)) == [4000, 2000, 1000]
    assert reference_values(7) == [7, 1]
    assert reference_values(0) == []


def test_the_legend_adds_little_to_a_metric_switch(demo, demo_metrics):
    """What a metric switch sends grows by the colour section only: under 2 KB."""
    from geo.maps.choropleth_layer import choropleth_layer

    group = choropleth_layer(demo, demo_metrics, "idps_hosted", "uk")
    (entry,) = elements(group, LegendEntry)
    assert len(entry.payload.encode()) < 2048
    assert json.loads(entry.payload)["key"] == "colours"
