"""The loaders follow docs/data-format.md: what loads, what is caught, and what never gets through."""

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from fakes import FIXTURE_SECRETS
from shapely.geometry import Point, Polygon

from geo.ingest.loaders import (
    ENV_VARS,
    default_sources,
    load_communities,
    load_dataset,
    load_hubs,
    load_idp_counts,
    load_needs,
)
from geo.ingest.reading import Source

FIXTURES = Path(__file__).resolve().parents[1] / "data"
NEEDS_HEADER = "need_id,pcode,lat,lon,sector,status,verified,reported_on,closed_on,provider,people,vulnerable_groups\n"


@pytest.fixture(scope="module")
def communities(small):
    return small.communities


def csv(name: str, text: str, encoding: str = "utf-8") -> Source:
    return Source(name, text.encode(encoding))


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


# --- communities ---------------------------------------------------------------------------


def test_cod_ab_columns_map_onto_the_contract(communities):
    """OCHA's ADM3_* columns load as they ship, with names in both languages."""
    row = communities.set_index("pcode").loc["UA4806037"]
    assert row["name_uk"] == "Шевченківська" and row["name_en"] == "Shevchenkivska"
    assert row["raion"] == "Mykolaivskyi" and row["oblast_uk"] == "Миколаївська"
    assert row["population"] == 12400  # "12 400" as Excel writes it
    assert pd.isna(communities.set_index("pcode").loc["UA4806017", "population"])


def _projected_fixture() -> gpd.GeoDataFrame:
    frame = gpd.read_file(FIXTURES / "communities.geojson")
    return frame.to_crs(32636)


def test_geopackage_in_a_projected_crs_is_reprojected(tmp_path):
    """Boundaries in metres (UTM) come out in degrees where they belong."""
    path = tmp_path / "hromadas.gpkg"
    _projected_fixture().to_file(path)
    result = load_communities(Source.from_path(path))
    assert result.ok, codes(result)
    minx, miny, maxx, maxy = result.frame.total_bounds
    assert (round(minx, 3), round(miny, 3), round(maxx, 3), round(maxy, 3)) == (31.0, 46.5, 32.5, 47.5)


def test_zipped_shapefile_inside_a_folder(tmp_path):
    """A Shapefile zipped with its .prj, in a folder, as official boundaries are shipped."""
    folder = tmp_path / "shp"
    folder.mkdir()
    _projected_fixture().to_file(folder / "hromadas.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, f"ukr_admbnda/{part.name}")
    result = load_communities(Source("ukr_admbnda.zip", buffer.getvalue()))
    assert result.ok, codes(result)
    assert sorted(result.frame["pcode"]) == ["UA4806017", "UA4806037", "UA6510001"]
    assert result.frame.crs.to_epsg() == 4326


def test_csv_with_wkt_geometry():
    """Boundaries kept in a spreadsheet as WKT text load too."""
    text = "pcode;name_uk;geometry\nUA4806037;Шевченківська;POLYGON ((31 47, 31.5 47, 31.5 47.5, 31 47))\n"
    result = load_communities(csv("c.csv", text))
    assert result.ok and result.frame.geometry.iloc[0].area > 0
    assert result.frame["name_en"].iloc[0] == "Шевченківська"  # English falls back to Ukrainian


def _communities_file(geoms, pcodes) -> Source:
    frame = gpd.GeoDataFrame({"pcode": pcodes, "name_uk": ["Громада"] * len(pcodes)}, geometry=geoms, crs=4326)
    return Source("c.geojson", frame.to_json().encode())


def test_empty_shapes_are_skipped_with_a_warning_and_bowties_repaired():
    """Two empty shapes in COD-AB do not stop the map; an invalid polygon is repaired."""
    square = Polygon([(31, 47), (32, 47), (32, 48), (31, 48)])
    bowtie = Polygon([(33, 47), (34, 48), (34, 47), (33, 48)])
    result = load_communities(_communities_file([square, Polygon(), bowtie], ["UA0000001", "UA0000002", "UA0000003"]))
    assert result.ok
    assert list(result.frame["pcode"]) == ["UA0000001", "UA0000003"]
    assert result.frame.geometry.is_valid.all()
    assert {"empty_geometry", "repaired_geometry"} <= set(codes(result))
    assert all(p.severity == "warning" for p in result.problems)


def test_points_and_duplicate_codes_are_errors():
    """A communities file of points, or with a code twice, is refused with the rows named."""
    square = Polygon([(31, 47), (32, 47), (32, 48), (31, 48)])
    result = load_communities(_communities_file([square, square, Point(31, 47)], ["UA0000001", "UA0000001", "UA0000002"]))
    assert not result.ok and result.frame is None
    assert {(p.code, p.row) for p in result.problems} >= {("duplicate_id", 2), ("bad_geometry", 3)}


def test_missing_required_columns_lists_what_was_found():
    """The message names the missing column and the columns the file does have."""
    result = load_communities(csv("c.csv", "code_x,name\nUA1,A\n"))
    problem = next(p for p in result.problems if p.code == "missing_columns")
    assert "pcode" in problem.message("en") and "code_x, name" in problem.message("en")


# --- needs ---------------------------------------------------------------------------------


def test_personal_columns_never_get_past_the_loader(fixture_sources, communities):
    """Names, phones, addresses and notes are dropped on reading, with a warning saying so."""
    result = load_needs(fixture_sources["needs"], communities)
    assert result.ok
    frame_text = result.frame.astype(str).to_csv()
    for secret in FIXTURE_SECRETS:
        assert secret not in frame_text
    assert not {"contact_name", "phone", "address", "notes"} & set(result.frame.columns)
    assert "personal_dropped" in codes(result)


def test_needs_read_words_codes_and_points(small):
    """Ukrainian status words, KATOTTH codes, day-first dates and points all become contract values."""
    needs = small.needs.set_index("need_id")
    assert needs.loc["N-2", "pcode"] == "UA4806037"  # from a KATOTTH code
    assert needs.loc["N-2", "status"] == "in_progress"  # "в роботі"
    assert needs.loc["N-2", "reported_on"] == pd.Timestamp("2025-06-05")  # 05.06.2025 is 5 June
    assert bool(needs.loc["N-2", "verified"]) is True  # "так"
    assert needs.loc["N-4", "pcode"] == "UA4806017"  # the community containing (47.1, 31.9)
    assert needs.loc["N-4", "status"] == "closed"  # "закрита"
    assert needs.loc["N-1", "vulnerable_groups"] == "elderly;disability"
    assert "lat" not in small.needs.columns  # a household's own coordinates are not kept


def test_day_first_dates_are_never_swapped(communities):
    """01.03.2025 is the 1st of March, never the 3rd of January."""
    text = NEEDS_HEADER + "N-1,UA4806037,,,food,open,,01.03.2025,,,,\n"
    result = load_needs(csv("n.csv", text), communities)
    assert result.frame.loc[0, "reported_on"] == pd.Timestamp("2025-03-01")


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        ("N-1,UA4806099,,,food,open,,2025-06-01,,,,", "unknown_code", "pcode"),
        ("N-1,UA99,,,food,open,,2025-06-01,,,,", "bad_code", "pcode"),
        ("N-1,,31.2,47.2,food,open,,2025-06-01,,,,", "need_swapped", "lat"),
        ("N-1,,52.52,13.40,food,open,,2025-06-01,,,,", "need_outside", "lat"),
        ("N-1,,46.9x,32.0,food,open,,2025-06-01,,,,", "bad_location", "lat"),
        ("N-1,UA4806037,,,food,open,,2025-06-01,,,08.Лип,", "excel_date", "people"),
        ("N-1,,,,food,open,,2025-06-01,,,,", "no_location", "pcode"),
        ("N-1,UA4806037,,,food,open,,2025-13-45,,,,", "bad_date", "reported_on"),
        ("N-1,UA4806037,,,food,closed,,2025-06-10,2025-06-01,,,", "closed_before_reported", "closed_on"),
        ("N-1,UA4806037,,,snacks,open,,2025-06-01,,,,", "bad_word", "sector"),
        ("N-1,UA4806037,,,food,maybe,,2025-06-01,,,,", "bad_word", "status"),
        ("N-1,UA4806037,,,food,open,perhaps,2025-06-01,,,,", "bad_bool", "verified"),
        ("N-1,UA4806037,,,food,open,,2025-06-01,,,n/a,", "bad_int", "people"),
        ("N-1,UA4806037,,,food,open,,2025-06-01,,,-3,", "bad_int", "people"),
        ("N-1,UA4806037,,,food,open,,2025-06-01,,,,pets", "bad_word", "vulnerable_groups"),
        ("N-1,UA4806037,,,food,open,,,,,,", "missing_value", "reported_on"),
    ],
)
def test_bad_rows_are_named(communities, row, code, column):
    """Each mistake names the file, the Excel row and the column, and the file is not loaded."""
    result = load_needs(csv("needs.csv", NEEDS_HEADER + row + "\n"), communities)
    assert not result.ok and result.frame is None
    problem = next(p for p in result.problems if p.code == code)
    assert (problem.file, problem.row, problem.column) == ("needs.csv", 2, column)
    assert problem.message("uk") and problem.message("en")


def test_unknown_code_suggests_the_nearest_known_one(communities):
    """A typo in a P-code gets the code the user probably meant."""
    result = load_needs(csv("n.csv", NEEDS_HEADER + "N-1,UA4806038,,,food,open,,2025-06-01,,,,\n"), communities)
    assert "UA4806037" in result.problems[0].message("en")


def test_swapped_coordinates_are_flagged(communities):
    """lat/lon written the wrong way round is caught and the message says to check for it."""
    result = load_needs(csv("n.csv", NEEDS_HEADER + "N-1,,31.75,47.25,food,open,,2025-06-01,,,,\n"), communities)
    assert "swapped" in result.problems[0].message("en")


@pytest.mark.parametrize(
    "row",
    [
        "N-7,,31.7239291,46.4975137,food,open,,2025-06-01,,,,",  # swapped
        "N-7,,52.5200066,13.4049540,food,open,,2025-06-01,,,,",  # Berlin
        "N-7,,46.4975137x,31.7239291,food,open,,2025-06-01,,,,",  # a typo in one of them
        "N-7,,08.Лип,31.7239291,food,open,,2025-06-01,,,,",  # Excel made a date of it
    ],
)
def test_a_households_point_is_never_quoted(communities, row):
    """A problem with a need's point names the need, the row and the column, never the coordinates."""
    result = load_needs(csv("n.csv", NEEDS_HEADER + row + "\n"), communities)
    assert not result.ok
    for problem in result.problems:
        for lang in ("uk", "en"):
            text = problem.describe(lang)
            assert "4975" not in text and "7239" not in text and "5200" not in text and "4049" not in text, text
            assert "Лип" not in text, text
        assert problem.value in (None, "N-7")


def test_a_point_left_out_by_new_boundaries_names_the_need_not_its_point(communities):
    """New, smaller boundaries leave a need out with a warning that names it, not where the household lives."""
    text = NEEDS_HEADER + "N-1,UA4806037,,,food,open,,2025-06-01,,,,\nN-2,,46.4975137,33.7239291,food,open,,2025-06-01,,,,\n"
    result = load_needs(csv("n.csv", text), communities, strict=False)
    assert result.ok and list(result.frame["need_id"]) == ["N-1"]
    (warning,) = [p for p in result.problems if p.code == "point_left_out"]
    assert warning.value == "N-2" and "4975" not in warning.describe("en") and "N-2" in warning.describe("uk")


def test_duplicate_need_ids(communities):
    """The second use of an id points back to the first."""
    text = NEEDS_HEADER + "N-1,UA4806037,,,food,open,,2025-06-01,,,,\n" * 2
    result = load_needs(csv("n.csv", text), communities)
    problem = result.problems[0]
    assert (problem.code, problem.row, problem.params["first_row"]) == ("duplicate_id", 3, 2)


def test_many_bad_rows_are_summarised(communities):
    """A thousand bad dates do not flood the screen: 20 are listed, the rest counted."""
    text = NEEDS_HEADER + "".join(f"N-{i},UA4806037,,,food,open,,someday,,,,\n" for i in range(1000))
    result = load_needs(csv("n.csv", text), communities)
    listed = [p for p in result.problems if p.code == "bad_date"]
    more = [p for p in result.problems if p.code == "more_rows"]
    assert len(listed) == 20 and more[0].params["count"] == 980


def test_ukrainian_headers_and_cp1251(communities):
    """A semicolon file from Excel with Ukrainian headers and a Ukrainian status loads."""
    text = (
        "Номер заявки;Код громади;Сектор;Статус;Дата звернення;Осіб\n"
        "З-1;UA4806037;продукти харчування;відкрита;02.06.2025;4\n"
    )
    result = load_needs(csv("заявки.csv", text, "cp1251"), communities)
    assert result.ok, [p.describe("en") for p in result.problems]
    assert result.frame.loc[0, "sector"] == "food" and result.frame.loc[0, "people"] == 4


# --- hubs and IDP counts -------------------------------------------------------------------


def test_hub_community_is_found_from_its_point(small):
    """A hub without a P-code is placed in the community that contains it."""
    assert small.hubs.set_index("hub_id").loc["H-1", "pcode"] == "UA4806037"


def test_hub_outside_ukraine_is_an_error(communities):
    """A hub with coordinates in the wrong country, or swapped, is refused with the right advice."""
    text = "hub_id,name_uk,lat,lon,hub_type\nH-1,Хаб,31.2,47.2,idp_hub\nH-2,Хаб,52.52,13.40,idp_hub\n"
    result = load_hubs(csv("hubs.csv", text), communities)
    assert not result.ok and [p.code for p in result.problems] == ["swapped", "outside"]


def test_idp_counts_need_known_communities(communities):
    """An IDP count for a community the map does not know is refused, naming the row."""
    text = "host_pcode,origin_pcode,people\nUA4806037,UA6510001,10\nUA0000000,,5\n"
    result = load_idp_counts(csv("idp.csv", text), communities)
    assert [(p.code, p.row, p.column) for p in result.problems] == [("unknown_code", 3, "host_pcode")]


# --- all four ------------------------------------------------------------------------------


def test_one_bad_file_stops_the_dataset_but_reports_every_file(fixture_sources):
    """A bad needs file yields no dataset, and the report still covers the good files."""
    bad = {**fixture_sources, "needs": csv("needs.csv", "foo,bar\n1,2\n")}
    dataset, results = load_dataset(bad)
    assert dataset is None
    assert results["communities"].ok and results["hubs"].ok and not results["needs"].ok


def test_settings_swap_in_other_files(tmp_path):
    """HROMADA_COMMUNITIES points the app at official boundaries with no code change."""
    official = tmp_path / "Hromadas.geojson"
    paths = default_sources(Path("data"), {ENV_VARS["communities"]: str(official)})
    assert paths["communities"] == official and paths["needs"] == Path("data/needs.csv")


def test_new_boundaries_leave_unmatched_rows_of_other_files_out_with_a_warning(fixture_sources, demo):
    """Uploading a small communities file keeps the other inputs, minus rows it cannot place."""
    demo_sources = {
        kind: Source.from_path(Path(__file__).resolve().parents[2] / "data" / name)
        for kind, name in (("needs", "needs.csv"), ("hubs", "hubs.csv"), ("idp_counts", "idp_counts.csv"))
    }
    sources = {"communities": fixture_sources["communities"], **demo_sources}
    strict, results = load_dataset(sources)
    assert strict is None and any(p.code == "unknown_code" for p in results["needs"].problems)
    dataset, results = load_dataset(sources, new="communities")
    assert dataset is not None
    assert set(dataset.needs["pcode"]) <= {"UA4806037", "UA4806017", "UA6510001"}
    assert 0 < len(dataset.needs) < len(demo.needs)
    left_out = [p for p in results["needs"].problems if p.code == "row_left_out"]
    assert left_out and all(p.severity == "warning" for p in left_out)


def test_hubs_english_services_and_hours_are_read_by_header_or_hxl_tag(communities):
    """A hubs file may give its services and hours in English beside the Ukrainian, by the contract's
    names (or aliases) or by HXL tags with +i_en; a file without them loads with them empty."""
    by_header = (
        "hub_id,name_uk,lat,lon,hub_type,services,services_eng,hours,hours_en\n"
        "H-1,Хаб,47.2,31.2,idp_hub,питна вода,drinking water,Пн–Пт 09:00–18:00,Mon–Fri 09:00–18:00\n"
    )
    hub = load_hubs(csv("hubs.csv", by_header), communities).frame.iloc[0]
    assert (hub["services"], hub["services_en"], hub["hours_en"]) == ("питна вода", "drinking water", "Mon–Fri 09:00–18:00")
    by_tag = (
        "id,назва,широта,довгота,тип,Послуги,Services,Графік,Hours\n"
        "#loc+id,#loc+name,#geo+lat,#geo+lon,#loc+type,#service+i_uk,#service+i_en,#meta+hours,#meta+hours+i_en\n"
        "H-1,Хаб,47.2,31.2,idp_hub,питна вода,drinking water,Пн–Пт 09:00–18:00,Mon–Fri 09:00–18:00\n"
    )
    hub = load_hubs(csv("hubs.csv", by_tag), communities).frame.iloc[0]
    assert (hub["services"], hub["services_en"], hub["hours"], hub["hours_en"]) == (
        "питна вода", "drinking water", "Пн–Пт 09:00–18:00", "Mon–Fri 09:00–18:00",
    )  # fmt: skip
    plain = load_hubs(csv("hubs.csv", "hub_id,name_uk,lat,lon,hub_type\nH-1,Хаб,47.2,31.2,idp_hub\n"), communities)
    assert plain.ok and plain.frame[["services_en", "hours_en"]].isna().all().all()
