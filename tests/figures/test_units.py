"""Raions and oblasts made from the hromadas: the units that DTM's and the HNO's figures are published for."""

import geopandas as gpd
import pytest
import shapely

from geo.figures.units import unit_of, units_at


def test_demo_levels_cover_ukraine_once(demo):
    """The demo's 1,768 hromadas make COD-AB's 139 raions and 27 oblasts, each the union of its hromadas."""
    communities = demo.communities
    oblasts = units_at(communities, "oblast")
    raions = units_at(communities, "raion")
    assert len(oblasts) == 27 and len(raions) == 139
    assert oblasts["hromadas"].sum() == raions["hromadas"].sum() == len(communities)
    odesa = oblasts.set_index("pcode").loc["UA51"]
    assert odesa["name_uk"] == "Одеська" and odesa["name_en"] == "Odeska"
    hromadas = communities[communities["oblast_pcode"] == "UA51"]
    assert odesa.geometry.area == pytest.approx(shapely.union_all(hromadas.geometry.to_numpy()).area, rel=1e-3)
    assert raions.set_index("pcode").loc["UA5108", "parent_pcode"] == "UA51"


def test_population_is_summed_only_when_every_hromada_has_one(demo):
    oblasts = units_at(demo.communities, "oblast").set_index("pcode")
    odesa = demo.communities[demo.communities["oblast_pcode"] == "UA51"]
    assert oblasts.loc["UA51", "population"] == odesa["population"].sum()
    assert oblasts["population"].isna().loc["UA01"]  # Crimea: KSE has no 2022 population, so no rate


def test_own_shapes_win_and_hromadas_map_to_their_units(demo):
    communities = demo.communities
    square = shapely.box(30, 46, 31, 47)
    own = gpd.GeoDataFrame({"pcode": ["UA51"], "name_uk": ["Одещина"], "name_en": [None]}, geometry=[square])
    oblasts = units_at(communities, "oblast", shapes=own).set_index("pcode")
    assert oblasts.loc["UA51"].geometry.equals(square)
    assert oblasts.loc["UA51", "name_uk"] == "Одещина" and oblasts.loc["UA51", "name_en"] == "Odeska"
    assert unit_of(communities, "raion").loc["UA5108001"] == "UA5108"
