"""IDP flows: newest counts per pair, largest first, the rest summed; and the layer that draws them."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from geo.figures.flows import COMMUNITY, IN, OTHER, OUT, UNKNOWN, displaced_from, flow_total, flows, latest_counts
from geo.figures.metrics import idps_hosted
from geo.maps.flow_layer import MAX_WEIGHT, MIN_WEIGHT, arc, flow_features, flow_layer, flow_map, flow_weight


def counts(rows: list[tuple]) -> pd.DataFrame:
    """IDP counts typed as the loader types them: (host, origin, people, households, as_of)."""
    frame = pd.DataFrame(rows, columns=["host_pcode", "origin_pcode", "people", "households", "as_of"])
    for column in ("host_pcode", "origin_pcode"):
        frame[column] = frame[column].astype("string")
    frame["people"] = frame["people"].astype("Int64")
    frame["households"] = frame["households"].astype("Int64")
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


ORIGIN = "UA1414005"
MANY = counts(
    [(f"UA80{i:05d}", ORIGIN, 1000 - i, i, "2025-10-01") for i in range(300)]  # 300 hosts, 1000 down to 701 people
    + [("UA8000000", ORIGIN, 5, None, "2025-01-01")]  # an older count of the biggest pair: not counted
)


def test_only_the_newest_count_of_each_pair_counts():
    """A pair counted in July and October shows October's figure, as the map's "IDPs hosted" does."""
    frame = counts(
        [
            ("UA1202001", "UA1402001", 7000, 3000, "2025-07-01"),
            ("UA1202001", "UA1402001", 8000, None, "2025-10-01"),
            ("UA1202001", None, 150, 60, "2025-10-01"),
        ]
    )
    latest = latest_counts(frame)
    assert sorted(latest["people"].tolist()) == [150, 8000]
    table = flows(frame, "UA1202001", IN)
    assert table["people"].sum() == idps_hosted(frame)["UA1202001"] == 8150


def test_hundreds_of_flows_become_top_n_and_the_rest_summed():
    """Mariupol's 300 host communities: the 15 largest each on a row, the other 285 in one, nothing lost."""
    table = flows(MANY, ORIGIN, OUT, top=15)
    assert table["kind"].tolist() == [COMMUNITY] * 15 + [OTHER]
    assert table["people"].iloc[0] == 1000 and table["pcode"].iloc[0] == "UA8000000"
    assert table["people"].is_monotonic_decreasing or table["people"].iloc[:15].is_monotonic_decreasing
    other = table.iloc[-1]
    assert other["communities"] == 285 and pd.isna(other["pcode"])
    assert other["people"] == sum(1000 - i for i in range(15, 300))
    assert flow_total(table) == sum(1000 - i for i in range(300)) == displaced_from(MANY)[ORIGIN]


def test_no_other_row_when_everything_fits():
    """With fewer flows than the limit, every host has its own row and there is no "other" row."""
    table = flows(MANY, ORIGIN, OUT, top=None)
    assert len(table) == 300 and OTHER not in set(table["kind"])


def test_a_host_sees_where_its_idps_came_from_with_unknown_origins_apart(small):
    """Shevchenkivska hosts people from two communities; Kherson's count without an origin is its own row."""
    into = flows(small.idp_counts, "UA4806037", IN)
    assert dict(zip(into["pcode"], into["people"], strict=True)) == {"UA6510001": 800, "UA4806017": 200}
    kherson = flows(small.idp_counts, "UA6510001", IN)
    assert kherson["kind"].tolist() == [UNKNOWN] and kherson["people"].tolist() == [150]
    out = flows(small.idp_counts, "UA6510001", OUT)
    assert out["pcode"].tolist() == ["UA4806037"] and out["people"].tolist() == [800]


def test_a_community_without_counts_has_no_flows(small):
    """No count names the community: both directions are empty, not an error."""
    assert flows(small.idp_counts, "UA4806017", IN).empty
    with pytest.raises(ValueError):
        flows(small.idp_counts, "UA4806017", "sideways")


def test_bakhmut_residents_live_in_dnipro_vinnytsia_and_more(demo):
    """The demo's Bakhmut community: the largest group in Dnipro (8,000), then Vinnytsia (1,850)."""
    table = flows(demo.idp_counts, "UA1402001", OUT)
    assert table["pcode"].iloc[:2].tolist() == ["UA1202001", "UA0502003"]
    assert table["people"].iloc[:2].tolist() == [8000, 1850]


def test_arcs_run_from_origin_to_host_and_bend():
    """An arc starts at the origin, ends at the host, and leaves the straight line in between."""
    line = arc((48.6, 37.99), (48.46, 35.04))
    assert line[0] == [37.99, 48.6] and line[-1] == [35.04, 48.46]
    middle = line[len(line) // 2]
    assert abs(middle[1] - (48.6 + 48.46) / 2) > 0.1  # off the chord


def test_width_follows_people():
    """The largest flow is the widest line; a small one is thinner but never invisible."""
    assert flow_weight(8000, 8000) == MAX_WEIGHT
    assert flow_weight(4000, 8000) == MAX_WEIGHT / 2
    assert flow_weight(1, 8000) == MIN_WEIGHT


def test_layer_draws_one_line_per_host_with_escaped_tooltips(small):
    """Kherson's people in Shevchenkivska: one arc, its tooltip names both, and the hostile name is escaped."""
    lines, ends = flow_features(small, "UA6510001", OUT, "en", 15)
    assert len(lines["features"]) == 1 and len(ends["features"]) == 1
    tip = lines["features"][0]["properties"]["tip"]
    assert "&lt;img src=x onerror=alert(1)&gt; → Shevchenkivska" in tip and "<img" not in tip
    assert "[pcode=UA4806037]" in ends["features"][0]["properties"]["tip"]  # a click opens the host's page


def test_layer_shows_the_hubs_that_serve_the_origin(small):
    """The hub that serves Kherson's displaced people is on Kherson's flow layer, with its escaped popup."""
    group = flow_layer(small, "UA6510001", "uk", (OUT,), hub_popups=True)
    assert isinstance(group, folium.FeatureGroup)
    html = json.dumps([getattr(c, "data", None) for c in group._children.values()], ensure_ascii=False)
    assert "Я – Маріуполь &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


def test_flow_map_draws_offline(small):
    """The Community page's flow map loads nothing from the internet and fits the flows."""
    html = flow_map(small, "UA6510001", "uk", (OUT,), "Demo data").get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert "<img src=x" not in html and "\\u003cimg" not in html
