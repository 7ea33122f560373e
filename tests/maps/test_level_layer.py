"""The home map at a level: the units' shapes, colours, tooltips and legend, and what a click on one opens."""

import dataclasses
import json
import re

import pandas as pd
import pytest
import shapely

from geo.figures.level_metrics import level_metrics
from geo.figures.units import units_at
from geo.ingest.indicators import load_indicator_files
from geo.ingest.reading import Source
from geo.maps.choropleth import ZERO_COLOUR, classify
from geo.maps.legend import LegendEntry
from geo.maps.level_layer import (
    LevelShapes,
    data_level,
    drawn_level,
    finer,
    level_bounds,
    level_layer,
    level_note,
    level_of,
    level_shapes_payload,
    metric_choices,
    metric_frame,
    metric_widget,
    unit_code,
    unit_focus,
    unit_outline,
)
from geo.maps.map_click import clicked_community, clicked_unit
from geo.maps.shapes import Recolour, decode, shapes_payload, simplified
from geo.text.i18n import gettext_for


@pytest.fixture(scope="module")
def oblast_shapes(demo):
    return json.loads(level_shapes_payload(demo, "oblast"))


@pytest.fixture(scope="module")
def oblast_metrics(demo):
    return level_metrics(demo, "oblast")


def as_shape(encoded: list) -> shapely.MultiPolygon:
    """A shape as the browser decodes it, back to shapely (x, y)."""
    polygons = [[[(x, y) for y, x in ring] for ring in rings] for rings in decode(encoded)]
    return shapely.MultiPolygon([shapely.Polygon(rings[0], rings[1:]) for rings in polygons])


def payload_of(group) -> dict:
    layer = next(c for c in group._children.values() if isinstance(c, LevelShapes))
    return json.loads(layer.payload)


def legend_of(group) -> dict:
    return next(c for c in group._children.values() if isinstance(c, LegendEntry)).section


def test_each_level_has_its_units_shapes_that_cover_the_hromadas(demo, oblast_shapes):
    """27 oblasts and 139 raions, every one drawn, and together they cover what the hromadas cover."""
    raions = json.loads(level_shapes_payload(demo, "raion"))
    assert len(oblast_shapes["pcode"]) == 27 and len(raions["pcode"]) == 139
    assert oblast_shapes["pcode"] == list(units_at(demo.communities, "oblast")["pcode"])
    assert all(oblast_shapes["shapes"]) and all(raions["shapes"])
    hromadas = shapely.union_all(simplified(demo.communities.geometry))
    oblasts = shapely.union_all([as_shape(shape) for shape in oblast_shapes["shapes"]])
    assert abs(oblasts.area - hromadas.area) / hromadas.area < 0.001


def test_a_level_sends_tens_of_kilobytes_not_the_hromadas_hundreds(demo):
    """The reason the level's shapes travel only while it is shown is that they are small."""
    hromadas = len(shapes_payload(demo))
    assert len(level_shapes_payload(demo, "oblast")) < hromadas / 4
    assert len(level_shapes_payload(demo, "raion")) < hromadas / 2


@pytest.mark.parametrize(("lang", "word"), [("en", "Oblast"), ("uk", "Область")])
def test_oblast_tooltips_say_the_level_and_name_the_oblast_for_a_click(demo, oblast_shapes, oblast_metrics, lang, word):
    group = level_layer(demo, oblast_metrics, "open_needs", "oblast", lang)
    payload = payload_of(group)
    tips = dict(zip(payload["shapes"]["pcode"], payload["colour"]["tips"], strict=True))
    name = units_at(demo.communities, "oblast").set_index("pcode").loc["UA48", "name_en" if lang == "en" else "name_uk"]
    assert tips["UA48"].startswith(f"{word}: <b>{name}</b>")
    assert tips["UA48"].endswith("<span hidden>[pcode=UA48]</span>")
    _ = gettext_for(lang)
    figure = re.search(re.escape(_("Unmet needs")) + r": ([\d\s\u00a0,]+)", tips["UA48"]).group(1)
    assert int(re.sub(r"\D", "", figure)) == oblast_metrics.loc["UA48", "open_needs"]
    # What streamlit-folium sends back for a click on it names the oblast.
    text = re.sub(r"<[^>]+>", "", tips["UA48"])
    assert clicked_unit({"last_object_clicked_tooltip": text}, oblast_metrics.index) == "UA48"


def test_the_classes_come_from_the_levels_own_values(demo, oblast_metrics):
    """An oblast's counts are larger than a hromada's: the legend's last class ends at the largest oblast's."""
    group = level_layer(demo, oblast_metrics, "open_needs", "oblast", "en")
    legend = legend_of(group)
    assert legend["title"] == "Unmet needs, by oblast"
    largest = int(oblast_metrics["open_needs"].max())
    assert largest > level_metrics(demo, "hromada")["open_needs"].max()
    assert legend["items"][-1]["label"].endswith(f"{largest:,}")
    payload = payload_of(group)["colour"]
    colours = dict(zip(payload_of(group)["shapes"]["pcode"], payload["colours"], strict=True))
    darkest = classify(oblast_metrics["open_needs"], "open_needs").colours[-1]
    top = oblast_metrics["open_needs"].idxmax()
    assert payload["palette"][colours[top]] == darkest
    none = oblast_metrics.index[oblast_metrics["open_needs"] == 0][0]
    assert colours[none] == -1 and payload["zero"] == ZERO_COLOUR


def test_unit_names_from_data_are_escaped(demo):
    communities = demo.communities.copy()
    communities.loc[communities["oblast_pcode"] == "UA48", "oblast"] = "<img src=x onerror=alert(1)>"
    dataset = dataclasses.replace(demo, communities=communities)
    group = level_layer(dataset, level_metrics(dataset, "oblast"), "open_needs", "oblast", "en")
    text = json.dumps(payload_of(group))
    assert "<img" not in text and "&lt;img src=x" in text


def test_the_hromada_level_is_the_map_as_before(demo):
    """The default level is the map as it always was: the community shapes recoloured, the metric's own title."""
    metrics = level_metrics(demo, "hromada")
    group = level_layer(demo, metrics, "idps_hosted", "hromada", "uk")
    assert any(isinstance(c, Recolour) for c in group._children.values())
    assert not any(isinstance(c, LevelShapes) for c in group._children.values())
    assert legend_of(group)["title"] == "Прийнято ВПО, за громадами"


@pytest.mark.parametrize(
    "lang, titles",
    [
        ("en", {"oblast": "Unmet needs, by oblast", "raion": "Unmet needs, by raion", "hromada": "Unmet needs, by hromada"}),
        (
            "uk",
            {
                "oblast": "Незакриті потреби, за областями",
                "raion": "Незакриті потреби, за районами",
                "hromada": "Незакриті потреби, за громадами",
            },
        ),
    ],
)
def test_the_legend_title_says_the_level_at_every_level(demo, lang, titles):
    for level, title in titles.items():
        group = level_layer(demo, level_metrics(demo, level), "open_needs", level, lang)
        assert legend_of(group)["title"] == title


def test_many_indicators_are_offered_in_a_select_box_in_their_order_and_language(demo):
    """An indicators file of 12 numeric columns: 16 choices, past 8 a select box; the order is the file's."""
    raions = units_at(demo.communities, "raion")["pcode"].to_list()[:3]
    header = "pcode;" + ";".join(f"Показник {i}" for i in range(1, 13))
    rows = [f"{code};" + ";".join(str(i * 10 + r) for i in range(1, 13)) for r, code in enumerate(raions)]
    text = "\n".join([header, *rows]).encode()
    loaded = load_indicator_files([Source("many.csv", text)], demo.communities)
    assert loaded.frame is not None, [p.describe("en") for p in loaded.problems]
    indicators = loaded.frame
    dataset = dataclasses.replace(demo, indicators=indicators)
    for lang in ("uk", "en"):
        choices = metric_choices(dataset, lang)
        assert len(choices) == 16 and metric_widget(choices) == "select"
        assert list(choices.values())[4:] == [f"Показник {i}" for i in range(1, 13)]
    built_in = metric_choices(demo, "en")
    assert metric_widget(built_in) == "segmented" and list(built_in.values())[0] == "Unmet needs"
    assert list(metric_choices(demo, "uk").values())[0] == "Незакриті потреби"
    eight = dict(list(metric_choices(dataset, "en").items())[:8])
    assert metric_widget(eight) == "segmented" and metric_widget({**eight, "x": "x"}) == "select"


def test_an_oblasts_own_map_is_fitted_to_it_and_outlined_on_its_border(demo):
    """The oblast page's map: fitted to the oblast, its outline the shape the map draws for it (above the fills)."""
    shapes = level_shapes_payload(demo, "oblast")
    group = unit_focus(demo, "UA51", "oblast", shapes)
    lines = [c for c in group._children.values() if type(c).__name__ == "PolyLine"]
    assert len(lines) == 2  # the halo and the line
    assert not lines[0].options.get("interactive", True)
    outline = unit_outline(shapes, "UA51")
    south, west = min(p[0] for ring in outline for p in ring), min(p[1] for ring in outline for p in ring)
    (s, w), (n, e) = level_bounds(demo, "UA51")
    assert s <= south + 0.01 and w <= west + 0.01 and n - s < 5  # inside the fitted bounds: the oblast, not the country
    follow = next(c for c in group._children.values() if type(c).__name__ == "FollowBounds")
    assert json.loads(follow.payload)["bounds"] == level_bounds(demo, "UA51")
    assert unit_outline(shapes, "UA99") == [] and unit_focus(demo, "UA99", "oblast", shapes) is None


def test_a_metric_given_only_per_oblast_is_drawn_by_oblast_with_a_note(demo):
    """IDPs per oblast only (as DTM gives them): whatever level is chosen, the map shows them by oblast."""
    oblasts = units_at(demo.communities, "oblast")["pcode"]
    coarse = pd.DataFrame(
        {
            "host_pcode": oblasts.iloc[:3].to_numpy(),
            "host_level": "oblast",
            "origin_pcode": pd.Series([None] * 3, dtype="string"),
            "origin_level": pd.Series([None] * 3, dtype="string"),
            "people": [1000, 20000, 300],
            "as_of": pd.Timestamp("2025-06-01"),
        }
    )
    dataset = dataclasses.replace(demo, idp_counts=demo.idp_counts.iloc[:0], idp_coarse=coarse)
    assert data_level(dataset, "idps_hosted") == "oblast"
    assert drawn_level(dataset, "idps_hosted", "hromada") == "oblast"
    assert drawn_level(dataset, "open_needs", "hromada") == "hromada"  # needs are still per hromada
    note = level_note(dataset, "idps_hosted", "hromada", "oblast", "en")
    assert note == "IDPs hosted are given per oblast only in this data: the map shows them by oblast."
    assert "област" in level_note(dataset, "idps_hosted", "raion", "oblast", "uk")
    assert level_note(dataset, "idps_hosted", "oblast", "oblast", "en") == ""
    group = level_layer(dataset, level_metrics(dataset, "oblast"), "idps_hosted", "oblast", "en")
    payload = payload_of(group)
    tips = dict(zip(payload["shapes"]["pcode"], payload["colour"]["tips"], strict=True))
    assert "20,000" in tips[oblasts.iloc[1]]
    # The demo's own counts are per hromada: drawn where chosen.
    assert drawn_level(demo, "idps_hosted", "hromada") == "hromada"


def test_a_click_opens_the_next_level_and_a_link_names_a_level():
    assert [finer(level) for level in ("oblast", "raion", "hromada")] == ["raion", "hromada", None]
    assert level_of("oblast") == "oblast" and level_of("Oblast") == "hromada" and level_of(None) == "hromada"
    assert unit_code("UA48") == "UA48" and unit_code(" ua4802 ") == "UA4802" and unit_code("<b>") is None
    for tooltip, known, expected in [
        ("Raion: Mykolaivskyi 12 [pcode=UA4802]", {"UA4802"}, "UA4802"),
        ("Oblast: Odeska [pcode=UA51]", {"UA48"}, None),  # not a unit of this level
        ("Oblast: Odeska [pcode=UA5]", {"UA5"}, None),  # no code
    ]:
        assert clicked_unit({"last_object_clicked_tooltip": tooltip}, known) == expected
    # A community's page still opens only for a hromada.
    assert clicked_community({"last_object_clicked_tooltip": "x [pcode=UA48]"}, {"UA4806013"}) is None


def test_a_click_zooms_into_the_unit_clicked(demo):
    bounds = level_bounds(demo, "UA48")
    inside = demo.communities[demo.communities["oblast_pcode"] == "UA48"].total_bounds
    (south, west), (north, east) = bounds
    assert south <= inside[1] and west <= inside[0] and north >= inside[3] and east >= inside[2]
    assert north - south < 5  # an oblast, not the country
    assert level_bounds(demo, "UA9999") is None


def test_an_indicator_is_drawn_at_its_own_level_with_its_unit_and_source(demo):
    """An indicator given per raion (a severity score from an HNO file) is a choice of its own, drawn by raion."""
    raions = units_at(demo.communities, "raion")["pcode"].iloc[:4].to_list()
    indicators = pd.DataFrame(
        {
            "key": "ind_0123456789",
            "label_uk": "Тяжкість",
            "label_en": "Severity",
            "unit": "score",
            "source": "HNO <2025>",
            "level": "raion",
            "pcode": raions,
            "value": [1.0, 2.5, 4.0, None],
        }
    )
    dataset = dataclasses.replace(demo, indicators=indicators)
    assert metric_choices(dataset, "en")["ind_0123456789"] == "Severity"
    assert list(metric_choices(dataset, "en"))[:4] == ["open_needs", "share_closed", "idps_hosted", "idps_per_1000"]
    assert drawn_level(dataset, "ind_0123456789", "oblast") == drawn_level(dataset, "ind_0123456789", "hromada") == "raion"
    note = level_note(dataset, "ind_0123456789", "hromada", "raion", "en")
    assert note.startswith("Severity: this figure is given per raion")
    group = level_layer(dataset, metric_frame(dataset, "ind_0123456789"), "ind_0123456789", "raion", "en")
    legend = legend_of(group)
    assert legend["title"] == "Severity, by raion"
    assert legend["unit"] == "score · Source: HNO &lt;2025&gt;"  # the file's source is data: escaped
    payload = payload_of(group)
    tips = dict(zip(payload["shapes"]["pcode"], payload["colour"]["tips"], strict=True))
    assert "Severity: 2.5" in tips[raions[1]] and "Severity: no data" in tips[raions[3]]
    colours = dict(zip(payload["shapes"]["pcode"], payload["colour"]["colours"], strict=True))
    assert len({colours[p] for p in raions[:3]}) == 3  # three values, three classes
