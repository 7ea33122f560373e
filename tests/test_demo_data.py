"""The committed demo data in data/ tells the story it is meant to tell, and can be remade exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCRIPT = ROOT / "scripts" / "make_demo_data.py"
FILES = ("communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv")

MARIUPOL = "UA1414005"
BAKHMUT = "UA1402001"
VOLODYMYR = "UA0702001"


def read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def communities() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "communities.geojson")


@pytest.fixture(scope="module")
def needs(communities: gpd.GeoDataFrame) -> pd.DataFrame:
    """The needs, with ``community``: the P-code given, or the polygon that contains the point."""
    frame = read_csv("needs.csv")
    points = frame[frame["pcode"] == ""]
    located = gpd.sjoin(
        gpd.GeoDataFrame(
            points,
            geometry=gpd.points_from_xy(points["lon"].astype(float), points["lat"].astype(float)),
            crs=4326,
        ),
        communities[["pcode", "geometry"]].rename(columns={"pcode": "community"}),
        predicate="within",
    )
    frame["community"] = frame["pcode"]
    frame.loc[located.index, "community"] = located["community"]
    return frame


@pytest.fixture(scope="module")
def hubs() -> pd.DataFrame:
    return read_csv("hubs.csv")


@pytest.fixture(scope="module")
def idp_counts() -> pd.DataFrame:
    return read_csv("idp_counts.csv")


def pcode_of(communities: gpd.GeoDataFrame, name_en: str, oblast_prefix: str) -> str:
    hit = communities[(communities["name_en"] == name_en) & communities["pcode"].str.startswith(oblast_prefix)]
    assert len(hit) == 1, f"{name_en} in {oblast_prefix}"
    return hit["pcode"].iloc[0]


def test_communities_are_the_official_units(communities: gpd.GeoDataFrame) -> None:
    """A leader finds their own community: the official COD-AB admin-3 units with their raion and
    oblast, each a valid polygon (one of the 1,769 has no shape in the source and is left out)."""
    assert len(communities) == 1768
    assert communities["pcode"].is_unique and communities["pcode"].str.fullmatch(r"UA\d{7}").all()
    assert communities.crs.to_epsg() == 4326
    assert not communities.geometry.is_empty.any()
    assert communities.geometry.is_valid.all()
    assert set(communities.geom_type) <= {"Polygon", "MultiPolygon"}
    names = ["pcode", "name_uk", "name_en"]
    expected = [*names, "raion_pcode", "raion_uk", "raion", "oblast_pcode", "oblast_uk", "oblast", "population"]
    assert [c for c in communities.columns if c != "geometry"] == expected
    assert (communities["pcode"].str[:6] == communities["raion_pcode"]).all()
    assert (communities["pcode"].str[:4] == communities["oblast_pcode"]).all()
    assert communities["raion_pcode"].nunique() == 139 and communities["oblast_pcode"].nunique() == 27
    assert "UA0108039" in set(communities["pcode"])  # Myrnivska: no shape in the source, repaired
    vertices = shapely.get_num_coordinates(communities.geometry.values).sum()
    assert 30_000 <= vertices <= 60_000, vertices  # REACH's public layer has about 45,000


def test_every_community_outside_crimea_has_its_population(communities: gpd.GeoDataFrame) -> None:
    """ "IDPs per 1,000 residents" can be worked out everywhere the 2022 table reaches: all but
    Crimea, Sevastopol and the empty Chornobyl zone."""
    blank = communities.loc[communities["population"].isna(), "pcode"]
    assert set(blank.str[:4]) <= {"UA01", "UA85", "UA32"}
    assert set(blank[blank.str.startswith("UA32")]) == {"UA3200000"}
    people = communities.set_index("pcode")["population"]
    assert people["UA8000000"] == 2_950_000  # Kyiv, not in KSE's table: the state statistics estimate
    assert people.dropna().gt(0).all() and people.sum() > 35_000_000


def test_neighbouring_communities_do_not_overlap(communities: gpd.GeoDataFrame) -> None:
    """Clicking a spot on the map selects one community, not two stacked ones."""
    assert shapely.coverage_is_valid(communities.geometry.values)


def test_needs_come_from_mykolaiv_and_kherson_oblasts(needs: pd.DataFrame) -> None:
    """The needs layer shows 725 needs: 463 in Mykolaiv oblast and 262 in Kherson oblast."""
    assert len(needs) == 725
    assert needs["need_id"].is_unique
    assert (needs["community"] != "").all(), "a need given as a point lies in no community"
    assert needs["community"].str[:4].value_counts().to_dict() == {"UA48": 463, "UA65": 262}


def test_needs_point_rows_and_code_rows(needs: pd.DataFrame) -> None:
    """About one need in ten is given as a point; each need has a P-code or a point, never both."""
    as_point = needs["pcode"] == ""
    assert 0.05 <= as_point.mean() <= 0.15
    assert (needs.loc[as_point, ["lat", "lon"]] != "").all().all()
    assert (needs.loc[~as_point, ["lat", "lon"]] == "").all().all()


def test_share_of_verified_needs(needs: pd.DataFrame) -> None:
    """About 81% of the needs show as verified."""
    assert set(needs["verified"]) == {"true", "false"}
    assert 0.79 <= (needs["verified"] == "true").mean() <= 0.83


def test_needs_dates_make_sense(needs: pd.DataFrame) -> None:
    """No need is shown closed before it was reported, or outside June-October 2025."""
    reported = pd.to_datetime(needs["reported_on"], format="%Y-%m-%d")
    assert reported.min() >= pd.Timestamp("2025-06-01")
    assert reported.max() <= pd.Timestamp("2025-10-31")
    closed = needs["status"] == "closed"
    assert (needs.loc[~closed, "closed_on"] == "").all()
    closed_on = pd.to_datetime(needs.loc[closed, "closed_on"], format="%Y-%m-%d")
    assert (closed_on >= reported[closed]).all()
    assert closed_on.max() <= pd.Timestamp("2025-10-31")
    assert set(needs["status"]) == {"open", "in_progress", "closed"}


def test_personal_columns_are_obviously_fake(needs: pd.DataFrame) -> None:
    """No real person's name, phone or address ships with the demo."""
    assert needs["contact_name"].str.fullmatch(r"Demo Person \d{4}").all()
    assert needs["phone"].str.fullmatch(r"\+380 00 000 \d{4}").all()
    assert needs["address"].str.fullmatch(r"Demo street \d+").all()
    assert needs["notes"].str.startswith("demo note").all()


def test_every_pcode_is_a_known_community(
    communities: gpd.GeoDataFrame, needs: pd.DataFrame, hubs: pd.DataFrame, idp_counts: pd.DataFrame
) -> None:
    """Every need, hub and IDP count lands on a community on the map."""
    known = set(communities["pcode"])
    referenced = pd.concat(
        [
            needs["pcode"],
            hubs["pcode"],
            hubs["serves_pcode"],
            idp_counts["host_pcode"],
            idp_counts["origin_pcode"],
        ]
    )
    assert set(referenced[referenced != ""]) <= known
    assert (hubs["pcode"] != "").all() and (idp_counts["host_pcode"] != "").all()


def test_hubs_stand_in_their_community(communities: gpd.GeoDataFrame, hubs: pd.DataFrame) -> None:
    """Each hub's marker sits inside the community the hub list names."""
    points = gpd.GeoDataFrame(
        hubs, geometry=gpd.points_from_xy(hubs["lon"].astype(float), hubs["lat"].astype(float)), crs=4326
    )
    located = gpd.sjoin(points, communities[["pcode", "geometry"]], predicate="within")
    assert len(located) == len(hubs)
    assert (located["pcode_left"] == located["pcode_right"]).all()


def test_imariupol_network(hubs: pd.DataFrame) -> None:
    """The I'Mariupol network shows 25 centres in 17 host cities, all serving Mariupol."""
    serving = hubs[hubs["serves_pcode"] == MARIUPOL]
    assert len(serving) == 25
    assert serving["pcode"].nunique() == 17
    assert (serving["hub_type"] == "support_centre").all()
    assert serving["name_en"].str.startswith("I'Mariupol").all()


def test_bakhmut_hubs_in_dnipro_and_vinnytsia(communities: gpd.GeoDataFrame, hubs: pd.DataFrame) -> None:
    """Bakhmut's IDP hubs show in Dnipro (8,000 registered) and Vinnytsia (1,850)."""
    dnipro = pcode_of(communities, "Dniprovska", "UA12")
    vinnytsia = pcode_of(communities, "Vinnytska", "UA05")
    bakhmut = hubs[hubs["serves_pcode"] == BAKHMUT].set_index("pcode")
    assert set(bakhmut.index) == {dnipro, vinnytsia}
    assert bakhmut.loc[dnipro, "registered_people"] == "8000"
    assert bakhmut.loc[vinnytsia, "registered_people"] == "1850"


def test_idp_counts_tell_the_story(idp_counts: pd.DataFrame) -> None:
    """IDPs hosted: Volodymyr 3,100; Bakhmut people 8,000 in Dnipro and 1,850 in Vinnytsia."""
    frame = idp_counts.assign(people=idp_counts["people"].astype(int))
    newest = frame.sort_values("as_of").groupby(["host_pcode", "origin_pcode"]).tail(1)
    hosted = newest.groupby("host_pcode")["people"].sum()
    assert hosted[VOLODYMYR] == 3100
    from_bakhmut = newest[newest["origin_pcode"] == BAKHMUT].set_index("host_pcode")["people"]
    assert from_bakhmut["UA1202001"] == 8000
    assert from_bakhmut["UA0502003"] == 1850
    assert newest["origin_pcode"].eq(MARIUPOL).sum() >= 17
    assert len(frame) >= 150


def test_files_are_plain_utf8_csv_with_one_header() -> None:
    """The CSV files open cleanly in a spreadsheet: UTF-8, commas, one header row."""
    for name in ("needs.csv", "hubs.csv", "idp_counts.csv"):
        raw = (DATA / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        lines = raw.decode("utf-8").splitlines()
        assert "," in lines[0] and lines.count(lines[0]) == 1


def test_regenerating_gives_identical_files(tmp_path: Path) -> None:
    """Running make demo-data again changes nothing in data/."""
    spec = importlib.util.spec_from_file_location("make_demo_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
