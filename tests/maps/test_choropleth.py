"""Colour classes a reader can trust."""

import pandas as pd

from geo.maps.choropleth import NO_DATA_COLOUR, RAMPS, ZERO_COLOUR, classify


def test_classes_cover_the_data_and_zero_and_missing_have_their_own_colours():
    """Zero, missing and the largest value each get a colour that the legend explains."""
    values = pd.Series([0, 1, 2, 3, 5, 8, 13, 40, None], dtype="Float64")
    classes = classify(values, "open_needs")
    assert classes.bounds[-1] == 40  # the last class ends at the real maximum
    assert classes.colour(0) == ZERO_COLOUR and classes.colour(None) == NO_DATA_COLOUR
    assert classes.colour(40) == classes.colours[-1] and classes.colour(1) == classes.colours[0]
    assert list(classes.bounds) == sorted(set(classes.bounds))
    assert all(b == int(b) for b in classes.bounds)  # counts: whole numbers


def test_shares_use_fixed_fifths():
    """Share of needs closed always reads in steps of 20%, so two maps compare."""
    classes = classify(pd.Series([10.0, 15.0]), "share_closed")
    assert classes.bounds == (20, 40, 60, 80, 100)
    assert classes.colours == RAMPS["share_closed"]


def test_no_positive_values():
    """A map with nothing to show still draws (one class, no crash)."""
    classes = classify(pd.Series([0, 0, None]), "idps_hosted")
    assert classes.colour(0) == ZERO_COLOUR and len(classes.colours) == 1
