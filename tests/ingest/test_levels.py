"""Codes of the three levels in the inputs: IDP counts per oblast or raion, boundary files of ADM1 and ADM2,
and a communities file of the wrong level said in those words."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box, mapping

from geo.figures.level_metrics import level_metrics
from geo.ingest.loaders import DEFAULT_FILES, load_communities, load_dataset, load_idp_counts, load_units, unit_sources
from geo.ingest.reading import Source

DEMO = Path(__file__).resolve().parents[2] / "data"

HEADER = "host_pcode,origin_pcode,people,households,as_of\n"


def sources_in(folder: Path) -> dict[str, Source]:
    return {kind: Source.from_path(folder / name) for kind, name in DEFAULT_FILES.items()}


def csv(name: str, text: str) -> Source:
    return Source(name, text.encode("utf-8"))


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def geojson(name: str, rows: list[dict]) -> Source:
    """A FeatureCollection of squares with the given properties, as COD-AB ships its layers."""
    features = [
        {"type": "Feature", "properties": props, "geometry": mapping(box(30 + i, 46, 30.9 + i, 47))}
        for i, props in enumerate(rows)
    ]
    return Source(name, json.dumps({"type": "FeatureCollection", "features": features}).encode())


@pytest.fixture(scope="module")
def communities(demo):
    return demo.communities


# --- IDP counts at any level --------------------------------------------------------------------


def test_idp_counts_of_oblasts_and_raions_load_beside_the_hromadas(demo, communities):
    text = HEADER + (
        "UA48,,498000,,2023-09-25\n"  # a DTM oblast estimate
        "UA48060000000000000,,40000,,2023-09-25\n"  # a raion by its KATOTTH code
        "UA4806001,UA14,300,,2023-09-25\n"  # a hromada hosting people from an oblast
        "UA4806001,UA1402001,120,50,2023-09-25\n"  # hromada to hromada: as before
    )
    sources = sources_in(DEMO) | {"idp_counts": csv("dtm.csv", text)}
    dataset, results = load_dataset(sources)
    assert dataset is not None, [p.describe("en") for p in results["idp_counts"].problems]
    # Every consumer of idp_counts (flows, the IDP layer, the Community page) sees hromadas only.
    assert list(dataset.idp_counts["host_pcode"]) == ["UA4806001"]
    assert list(dataset.idp_counts["origin_pcode"]) == ["UA1402001"]
    coarse = dataset.idp_coarse.set_index("host_pcode")
    assert coarse.loc["UA48", ["host_level", "people"]].tolist() == ["oblast", 498000]
    assert coarse.loc["UA4806", ["host_level", "people"]].tolist() == ["raion", 40000]
    assert coarse.loc["UA4806001", ["host_level", "origin_pcode", "origin_level"]].tolist() == ["hromada", "UA14", "oblast"]
    # Summed upward: the hromada's two rows are its own; the raion's figure stands for its hromadas.
    hromadas = level_metrics(dataset, "hromada")
    assert hromadas.loc["UA4806001", "idps_hosted"] == 420
    raion = level_metrics(dataset, "raion", lang="en").loc["UA4806"]
    assert (raion["idps_hosted"], raion["idps_hosted_below"]) == (40000, 420)
    oblast = level_metrics(dataset, "oblast", lang="en").loc["UA48"]
    assert oblast["idps_hosted"] == 498000 and oblast["idps_note"].startswith("given for the oblast: 498,000")


def test_a_file_of_hromadas_only_has_no_coarse_rows(demo):
    assert demo.idp_coarse is None


def test_unknown_units_are_named_by_their_level(communities):
    text = HEADER + "UA99,,10,,\nUA4899,,5,,\nUA4806001,UA9999,3,,\nUA123,,1,,\n"
    result = load_idp_counts(csv("idp.csv", text), communities)
    assert not result.ok
    by_row = {p.row: p for p in result.problems}
    assert by_row[2].message("en") == "“UA99” is not an oblast of the communities file (nor of the oblasts' boundaries)."
    assert by_row[3].code == "unknown_raion" and by_row[4].code == "unknown_raion"
    assert by_row[4].column == "origin_pcode"
    assert by_row[5].code == "bad_unit_code" and "UA4806013" in by_row[5].message("en")
    assert "не є областю" in by_row[2].message("uk")


def test_kyiv_and_sevastopol_are_named_by_a_code_of_any_level(communities):
    text = HEADER + "UA80,,1000,,\nUA8000,UA85,20,,\nUA80000000000093317,,7,,2024-01-01\n"
    result = load_idp_counts(csv("idp.csv", text), communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    assert set(result.frame["host_pcode"]) == {"UA8000000"}
    assert list(result.frame["origin_pcode"].dropna()) == ["UA8500000"]


def test_a_raion_known_only_from_its_own_boundaries_is_accepted(demo, communities):
    raions = gpd.GeoDataFrame(
        {"pcode": ["UA4898"], "name_uk": ["Новий"], "name_en": ["Novyi"]}, geometry=[box(31, 46, 32, 47)]
    )
    text = HEADER + "UA4898,,10,,\n"
    assert not load_idp_counts(csv("idp.csv", text), communities).ok
    assert load_idp_counts(csv("idp.csv", text), communities, raions=raions).ok


# --- the boundaries of oblasts and raions ------------------------------------------------------


def test_cod_ab_oblasts_and_raions_load_as_shipped(tmp_path):
    oblasts = geojson(
        "Oblasts.geojson",
        [
            {"ADM1_PCODE": "UA48", "ADM1_UA": "Миколаївська", "ADM1_EN": "Mykolaivska", "ADM0_PCODE": "UA"},
            {"ADM1_PCODE": "UA65", "ADM1_UA": "Херсонська", "ADM1_EN": "Khersonska", "ADM0_PCODE": "UA"},
        ],
    )
    result = load_units(oblasts, "oblast")
    assert result.ok, [p.describe("en") for p in result.problems]
    assert list(result.frame["pcode"]) == ["UA48", "UA65"]
    assert result.frame.loc[0, "name_uk"] == "Миколаївська" and result.frame.loc[1, "name_en"] == "Khersonska"
    raions = geojson("Raions.geojson", [{"ADM2_PCODE": "UA4806", "ADM2_UA": "Миколаївський", "ADM1_PCODE": "UA48"}])
    frame = load_units(raions, "raion").frame
    assert frame.loc[0, ["pcode", "name_uk", "name_en", "oblast_pcode"]].tolist() == [
        "UA4806", "Миколаївський", "Миколаївський", "UA48",
    ]  # fmt: skip
    # A zipped shapefile as COD-AB ships it (10-character field names are the same for ADM1/ADM2).
    shp = gpd.read_file(oblasts.data.decode()).set_crs(4326, allow_override=True)
    shp.to_file(tmp_path / "ukr_admbnda_adm1.shp")
    archive = tmp_path / "ukr_adm1.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("ukr_admbnda_adm1.*"):
            zipped.write(part, part.name)
    shipped = load_units(Source.from_path(archive), "oblast")
    assert shipped.ok, [p.describe("en") for p in shipped.problems]
    assert list(shipped.frame["pcode"]) == ["UA48", "UA65"] and shipped.frame.loc[0, "name_en"] == "Mykolaivska"


def test_a_boundary_file_of_the_wrong_level_says_which_codes_it_wants():
    result = load_units(geojson("Oblasts.geojson", [{"ADM1_PCODE": "UA480"}]), "oblast")
    assert codes(result) == ["not_oblast_code"]
    assert "UA48" in result.problems[0].message("en") and "ADM1" in result.problems[0].message("en")
    result = load_units(geojson("x.geojson", [{"name": "x"}]), "raion")
    assert codes(result) == ["no_unit_code"]
    raions = [{"ADM2_PCODE": f"UA480{i}", "ADM1_PCODE": "UA48"} for i in (2, 4)]
    result = load_units(geojson("Raions.geojson", raions), "oblast")  # not "UA48 is used again"
    assert codes(result) == ["oblasts_too_fine"] and "ADM2" in result.problems[0].message("uk")
    result = load_units(geojson("Oblasts.geojson", [{"ADM1_PCODE": "UA48"}, {"ADM1_PCODE": "UA65"}]), "raion")
    assert result.problems[0].message("en").startswith("These are oblasts (ADM1); the raions' boundaries need")


def test_boundaries_given_in_the_sources_reach_the_dataset(demo, tmp_path):
    oblasts = geojson("Oblasts.geojson", [{"ADM1_PCODE": "UA48", "ADM1_UA": "Миколаївська", "ADM1_EN": "Mykolaiv"}])
    dataset, _results = load_dataset(sources_in(DEMO) | {"oblasts": oblasts})
    assert dataset is not None and dataset.raions is None
    assert list(dataset.oblasts["pcode"]) == ["UA48"] and dataset.names["oblasts"] == "Oblasts.geojson"
    bad = geojson("Oblasts.geojson", [{"ADM1_PCODE": "nowhere"}])
    dataset, results = load_dataset(sources_in(DEMO) | {"oblasts": bad})
    assert dataset is None and codes(results["oblasts"]) == ["not_oblast_code"]
    path = tmp_path / "o.geojson"
    path.write_bytes(oblasts.data)
    assert set(unit_sources({"HROMADA_OBLASTS": str(path), "HROMADA_RAIONS": ""})) == {"oblasts"}


def test_level_metrics_take_the_oblasts_own_names(demo):
    shapes = gpd.GeoDataFrame(
        {"pcode": ["UA48"], "name_uk": ["Миколаївщина"], "name_en": ["Mykolaiv"]}, geometry=[box(31, 46, 32, 47)]
    )
    data = dataclasses.replace(demo, oblasts=shapes)
    assert "UA48" in level_metrics(data, "oblast").index


# --- a communities file of the wrong level -----------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "code", "words"),
    [
        (
            [{"ADM2_PCODE": f"UA480{i}", "ADM2_UA": "Район", "ADM1_PCODE": "UA48"} for i in (2, 4, 6)],
            "communities_are_raions",
            "These are raions (ADM2); the communities file needs hromadas (ADM3)",
        ),
        (
            [{"ADM1_PCODE": p, "ADM1_UA": "Область", "ADM0_PCODE": "UA"} for p in ("UA48", "UA65")],
            "communities_are_oblasts",
            "These are oblasts (ADM1); the communities file needs hromadas (ADM3)",
        ),
    ],
)
def test_a_communities_file_of_raions_or_oblasts_says_so(rows, code, words):
    result = load_communities(geojson("Raions.geojson", rows))
    assert codes(result) == [code]
    assert words in result.problems[0].message("en")
    assert "ADM3" in result.problems[0].message("uk")


def test_a_communities_file_of_hromadas_is_not_taken_for_raions(fixture_sources):
    assert load_communities(fixture_sources["communities"]).ok
