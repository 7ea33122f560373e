"""The demo's boundaries: COD-AB's units made one coverage (scripts/demo_data/boundaries.py).

The real file is not in the project, so these tests build its faults by hand: an overlap between
neighbours, a gap between them, and a unit without a shape whose place is a hole in a neighbour.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from demo_data.boundaries import clean_coverage, population_by_pcode, simplified  # noqa: E402


def test_an_overlap_goes_to_the_smaller_unit_and_nothing_is_covered_twice():
    """A town inside a rural unit whose simplified border reaches into the town keeps its own land."""
    rural = box(0, 0, 10, 10).difference(box(4, 4, 6, 6)).union(box(4, 4, 5, 6))  # takes half the town
    town = box(4, 4, 6, 6)
    rural_out, town_out = clean_coverage([rural, town], ["R1", "R1"])
    assert town_out.equals(town)
    assert shapely.coverage_is_valid(np.array([rural_out, town_out], dtype=object))
    assert rural_out.union(town_out).equals(box(0, 0, 10, 10))


def test_a_gap_goes_to_the_neighbour_sharing_most_border():
    """A sliver between neighbours is no one's land on the source's map; after, it is someone's."""
    bottom, top = box(0, 0, 10, 1), box(0, 9, 10, 10)
    left, lower_right, upper_right = box(0, 1, 4.9, 9), box(5, 1, 10, 5), box(5, 5, 10, 9)
    out = clean_coverage([bottom, top, left, lower_right, upper_right], ["R1"] * 5)
    assert shapely.union_all(out).equals(box(0, 0, 10, 10))
    assert shapely.coverage_is_valid(np.array(out, dtype=object))
    assert out[2].area == pytest.approx(4.9 * 8 + 0.1 * 8)  # the 0.1 x 8 gap: 8 of its border is the left unit's
    assert [round(g.area, 6) for g in (out[0], out[1], out[3], out[4])] == [10.0, 10.0, 20.0, 20.0]


def test_a_unit_without_a_shape_takes_the_one_uncovered_hole_of_its_raion():
    """Myrnivska has no shape in COD-AB; the hole in its neighbour Shtormivska is its place."""
    around = box(0, 0, 10, 10).difference(box(4, 4, 5, 5))
    other_raion = box(10, 0, 20, 10).difference(box(14, 4, 15, 5))
    out = clean_coverage([around, shapely.Polygon(), other_raion], ["R1", "R1", "R2"])
    assert out[1].equals(box(4, 4, 5, 5))
    assert out[2].equals(box(10, 0, 20, 10))  # a hole in another raion is a gap, filled by its unit


def test_a_unit_without_a_shape_and_no_hole_to_take_stays_empty():
    """Shkilnenska: nothing in the file says where it is, so nothing is invented."""
    out = clean_coverage([box(0, 0, 10, 10), shapely.Polygon()], ["R1", "R1"])
    assert out[1].is_empty and out[0].equals(box(0, 0, 10, 10))


def test_simplifying_keeps_one_border_between_neighbours():
    """Neighbours simplified together still meet exactly: no new gap, no new overlap."""
    wiggle = [(5 + 0.02 * ((i % 2) * 2 - 1), i / 10) for i in range(101)]
    left = shapely.Polygon([(0, 0), *wiggle, (0, 10)])
    right = shapely.Polygon([(10, 0), (10, 10), *reversed(wiggle)])
    out = simplified(clean_coverage([left, right], ["R1", "R1"]), tolerance=0.1)
    assert (
        shapely.get_num_coordinates(np.array(out, dtype=object)).sum()
        < shapely.get_num_coordinates(np.array([left, right], dtype=object)).sum() / 4
    )
    assert shapely.coverage_is_valid(np.array(out, dtype=object))
    assert shapely.union_all(out).area == pytest.approx(100.0, rel=1e-3)


def test_population_is_read_by_the_pcode_a_katotth_code_begins_with():
    codes = ["UA05020010000053508", "UA05020030000031457 ", None]
    table = pd.DataFrame({"hromada_code": codes, "total_population_2022": ["9361", "387439", "5"]})
    assert population_by_pcode(table) == {"UA0502001": 9361, "UA0502003": 387439}
