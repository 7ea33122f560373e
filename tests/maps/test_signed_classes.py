"""Indicators below zero (a change in population, a balance): coloured on a scale diverging around zero, never "no data"."""

import dataclasses
import json

import pandas as pd
import pytest

from geo.figures.units import units_at
from geo.maps.choropleth import NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.maps.legend import LegendEntry, colour_section
from geo.maps.level_layer import LevelShapes, level_layer, metric_frame
from geo.maps.signed_classes import SignedClasses, diverging_ramp, signed_classify

VALUES = pd.Series([-1200.0, -300.0, -40.0, -5.0, 0.0, 3.0, 50.0, 800.0, None])


def test_values_of_both_signs_diverge_around_zero_with_none_read_as_no_data():
    """Below zero reds, darker further down; above zero blues; zero white; only a blank cell is "no data"."""
    classes = signed_classify(VALUES, "ind_change", 0)
    assert isinstance(classes, SignedClasses)
    colours = [classes.colour(v) for v in VALUES]
    assert colours[4] == ZERO_COLOUR and colours[8] == NO_DATA_COLOUR
    assert NO_DATA_COLOUR not in colours[:4] + colours[5:8]
    reds, blues = diverging_ramp(len(classes.below), len(classes.above))
    assert set(colours[:4]) <= set(reds) and set(colours[5:8]) <= set(blues)
    assert colours[0] == reds[0] and colours[3] == reds[-1]  # the most negative the darkest red
    ranges = classes.ranges()
    assert [low for low, _high, _c in ranges] == sorted(low for low, _high, _c in ranges)
    for (_low, high, _c), (low, _high, _d) in zip(ranges, ranges[1:], strict=False):
        assert high < low  # the classes never overlap
    assert all(high < 0 for _low, high, _c in ranges[: len(classes.below)])


def test_values_all_at_or_above_zero_are_classed_as_before():
    values = pd.Series([0.0, 3.0, 50.0, 800.0, None])
    assert signed_classify(values, "ind_x", 0) == classify(values, "ind_x", 0)


def test_values_all_below_zero_take_the_reds_alone():
    classes = signed_classify(pd.Series([-1.5, -0.2, -3.0]), "ind_x", 1)
    assert classes.above == () and all(high < 0 for _low, high, _c in classes.ranges())
    assert classes.colour(-0.2) != NO_DATA_COLOUR and classes.colour(-3.0) != classes.colour(-0.2)


@pytest.mark.parametrize("lang, no_data", [("en", "no data"), ("uk", "немає даних")])
def test_the_legend_runs_from_the_most_negative_through_zero_to_the_largest(lang, no_data):
    classes = signed_classify(VALUES, "ind_change", 0)
    labels = [item["label"] for item in colour_section(classes, VALUES, "Change", "people", lang)["items"]]
    zero = labels.index("0")
    assert zero == len(classes.below)  # the negative classes above it, the positive below
    assert labels[0].startswith("-1") and labels[-1] == no_data
    assert all(label.startswith("-") for label in labels[:zero])


def test_a_negative_indicator_is_drawn_with_its_colour_on_the_map(demo):
    """A population change per raion: the raions that lost people are red, not grey "no data"."""
    raions = units_at(demo.communities, "raion")["pcode"].iloc[:5].to_list()
    indicators = pd.DataFrame(
        {
            "key": "ind_00000000ab",
            "label_uk": "Зміна населення",
            "label_en": "Population change",
            "unit": "people",
            "source": "test",
            "level": "raion",
            "pcode": raions,
            "value": [-5200.0, -40.0, 0.0, 310.0, None],
        }
    )
    dataset = dataclasses.replace(demo, indicators=indicators)
    group = level_layer(dataset, metric_frame(dataset, "ind_00000000ab"), "ind_00000000ab", "raion", "en")
    layer = next(c for c in group._children.values() if isinstance(c, LevelShapes))
    payload = json.loads(layer.payload)
    colour = dict(zip(payload["shapes"]["pcode"], payload["colour"]["colours"], strict=True))
    palette = payload["colour"]["palette"]
    tips = dict(zip(payload["shapes"]["pcode"], payload["colour"]["tips"], strict=True))
    assert palette[colour[raions[0]]] != NO_DATA_COLOUR and palette[colour[raions[1]]] != NO_DATA_COLOUR
    assert colour[raions[2]] == -1  # zero: the zero colour
    assert palette[colour[raions[4]]] == NO_DATA_COLOUR
    assert "Population change: -5,200" in tips[raions[0]]
    legend = next(c for c in group._children.values() if isinstance(c, LegendEntry)).section
    assert [item["label"] for item in legend["items"]][-1] == "no data"
