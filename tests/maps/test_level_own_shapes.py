"""A level's own boundaries (an ADM2 file, set or uploaded) are what the map draws for their units."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import shapely

from geo.maps.level_layer import level_units


def test_a_raion_of_its_own_file_is_drawn_with_its_shape_the_others_dissolved(small):
    """UA4806 given as a square: drawn as that square; UA6510, not in the file, dissolved from its hromada."""
    square = shapely.box(30.0, 46.0, 31.0, 47.0)
    raions = gpd.GeoDataFrame(
        {"pcode": ["UA4806"], "name_uk": ["Свій"], "name_en": ["Own"], "oblast_pcode": ["UA48"]},
        geometry=[square],
        crs=4326,
    )
    communities = small.communities.assign(raion_pcode=["UA4806", "UA4806", "UA6510"])  # the fixture has none
    dissolved = replace(small, communities=communities)
    units = level_units(replace(dissolved, raions=raions), "raion").set_index("pcode")
    assert units.loc["UA4806", "geometry"].equals_exact(square, 1e-4)
    before = level_units(dissolved, "raion").set_index("pcode")
    assert units.loc["UA6510", "geometry"].equals(before.loc["UA6510", "geometry"])
    assert not before.loc["UA4806", "geometry"].equals_exact(square, 1e-4)
