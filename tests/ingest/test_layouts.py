"""The real layouts load as they ship, with no mapping chosen by anyone: DTM, HNO, KSE and COD-AB.

Each file is made here, small, in the layout of the real one (../shared/realdata has the real ones).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from functools import cache

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from test_header_row import workbook

from geo.figures.data_summary import inputs_table
from geo.ingest.columns import Report, rename_columns
from geo.ingest.loaders import load_communities, load_units
from geo.ingest.reading import Source, read_table
from geo.ingest.validate import report_lines, validate

NOTE = "* Estimates in Donetska, Zaporizka, Luhanska and Khersonska Oblasts are likely under-represented."
DTM_HEADER = ["Round", "Country Name", "Reported Date", "Oblast", "Oblast pcode", "Estimated max. de facto IDPs present"]
DTM_TAGS = ["#meta+round", "#country+name", "#date+reported", "#adm1+Name", "#adm1+code", "#affected+idp+ind"]
TOP5 = {"Current Location of IDPs": [["Top 5 IDP hosting oblasts", "% of IDPs"], ["Mykolaivska Oblast", 0.14]]}


@cache
def fixture_communities() -> gpd.GeoDataFrame:
    """Three hromadas as COD-AB ships them, with their raion and oblast codes."""
    shapes = gpd.GeoDataFrame(
        {
            "ADM3_PCODE": ["UA4806037", "UA4806017", "UA6510001"],
            "ADM3_UA": ["Шевченківська", "Мішково-Погорілівська", "Білозерська"],
            "ADM3_EN": ["Shevchenkivska", "Mishkovo-Pohorilivska", "Bilozerska"],
            "ADM2_PCODE": ["UA4806", "UA4806", "UA6510"],
            "ADM1_PCODE": ["UA48", "UA48", "UA65"],
            "ADM1_EN": ["Mykolaivska", "Mykolaivska", "Khersonska"],
            "ADM1_UA": ["Миколаївська", "Миколаївська", "Херсонська"],
        },
        geometry=[box(31.0, 47.0, 31.5, 47.5), box(31.5, 47.0, 32.0, 47.5), box(32.0, 46.5, 32.5, 47.0)],
        crs=4326,
    )
    result = load_communities(Source("Hromadas.geojson", shapes.to_json().encode()))
    assert result.ok, [p.describe("en") for p in result.problems]
    return result.frame


def dtm_workbook(with_idps: bool = True) -> bytes:
    """IOM DTM's IDP estimates per oblast: header, HXL row, a note in a column with no header, top-5 sheets."""
    header = [*DTM_HEADER, "Estimated max. returnee pop. Present", None, None]
    tags = [*DTM_TAGS, "#affected+returnees+ind", None, NOTE]
    day = dt.datetime(2023, 9, 30)
    rows = [
        [14, "Ukraine", day, "Mykolaivska", "UA48", 121000, 62000],
        [14, "Ukraine", day, "Khersonska", "UA65", 68000, 196000],
    ]
    if not with_idps:
        header, tags = header[:5] + header[6:], tags[:5] + tags[6:]
        rows = [row[:5] + row[6:] for row in rows]
    return workbook({"Estimated Population": [header, tags, *rows], **TOP5})


def test_dtm_idp_estimates_load_per_oblast_and_say_where_they_were_read():
    result = validate("idp_counts", Source("idps_round_14.xlsx", dtm_workbook()), fixture_communities())
    assert result.ok, [p.describe("en") for p in result.problems]
    people = dict(zip(result.frame["host_pcode"], result.frame["people"], strict=True))
    assert people == {"UA48": 121000, "UA65": 68000}  # the IDPs, never the returnees (62,000 and 196,000)
    assert result.read_from == {"sheet": "Estimated Population", "header_row": 1}
    assert report_lines(result, "en")[1] == "Read sheet “Estimated Population”, header on row 1."
    assert report_lines(result, "uk")[1] == "Прочитано аркуш «Estimated Population», заголовок у рядку 1."
    assert "column I (no header)" in result.unused_columns  # the note, not "Unnamed: 8"
    assert "column H (no header)" not in result.unused_columns  # an empty column is no column
    data_page = inputs_table({"idp_counts": result}, "uk", kinds=["idp_counts"])
    assert "стовпець I (без заголовка)" in data_page.iloc[:, 0].str.cat(sep=" ")  # "columns left out", in Ukrainian
    assert "Unnamed" not in data_page.iloc[:, 0].str.cat(sep=" ")


def test_dtm_columns_are_mapped_by_their_hxl_tags_and_returnees_are_not_idps():
    frame, _problems = read_table(Source("dtm.xlsx", dtm_workbook()), kind="idp_counts")
    renamed = rename_columns(frame, "idp_counts", Report("dtm.xlsx"))
    assert renamed["host_pcode"].tolist() == ["UA48", "UA65"]
    assert renamed["people"].tolist() == ["121000", "68000"] and "2023-09-30" in renamed.loc[0, "as_of"]
    assert frame["_row"].tolist() == [3, 4]  # the rows Excel shows, under the HXL row


def test_a_dtm_file_with_returnees_only_says_the_idp_column_is_missing():
    result = validate("idp_counts", Source("returnees.xlsx", dtm_workbook(with_idps=False)), fixture_communities())
    assert not result.ok and result.frame is None
    missing = [p for p in result.problems if p.code == "missing_columns"]
    assert missing and "people" in missing[0].params["columns"]
    assert "people" in missing[0].message("en") and "Estimated max. returnee pop. Present" in missing[0].message("en")
    assert "people" in missing[0].message("uk") and "Не знайдено" in missing[0].message("uk")


def test_dtm_api_tables_are_hosted_in_the_raions_with_or_without_hxl():
    header = "admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,numPresentIdpInd,reportingDate"
    tags = "#country+code,#adm1+name,#adm1+code,#adm2+name,#adm2+code,#affected+idps,#date+reported"
    row = "UA,Mykolaivska,UA48,Mykolaivskyi,UA4806,5400,2025-06-30"
    for text in (f"{header}\n{tags}\n{row}\n", f"{header}\n{row}\n"):
        frame, _problems = read_table(Source("dtm_api.csv", text.encode()), kind="idp_counts")
        renamed = rename_columns(frame, "idp_counts", Report("dtm_api.csv"))
        assert renamed.loc[0, ["host_pcode", "people", "as_of"]].tolist() == ["UA4806", "5400", "2025-06-30"]


def hno_workbook() -> bytes:
    """A HNO-style workbook: a ReadMe, then tables under a title block and a two-row header, HXL tags with spaces."""
    title = [["Ukraine: Humanitarian Needs Overview 2025"], ["People in need by hromada"], []]
    groups = [None, "Location", None, "People in need", None]
    pin = [[*title[0]], [*title[1]], [], groups, ["No.", "Oblast", "Hromada P-code", "IDPs in need", "Total"]]
    pin += [[None, "#adm1 +name", "#adm3 +code", "#inneed +idps", "#inneed +ind"]]
    pin += [[1, "Mykolaivska", "UA4806037", 900, 4000]]
    idps = [*title, [None, "Location", None, "Displacement", None]]
    idps += [["No.", "Oblast", "Hromada P-code", "IDPs", "Households"]]
    idps += [[None, "#ADM1 +NAME", "#ADM3 +CODE", "#Affected +IDPs", "#affected +hh +idps"]]
    idps += [[1, "Mykolaivska", "UA4806037", 1200, 500], [2, "Khersonska", "UA6510001", "many", 60]]
    readme = [["About"], ["This workbook holds the HNO 2025 figures."], ["Questions: the cluster."]]
    return workbook({"ReadMe": readme, "PiN": pin, "IDPs": idps})


def test_a_hno_workbook_is_read_from_its_first_table_that_fits_with_excel_row_numbers():
    result = validate("idp_counts", Source("hno_2025.xlsx", hno_workbook()), fixture_communities())
    assert result.read_from == {"sheet": "IDPs", "header_row": 5}
    assert report_lines(result, "en")[1] == "Read sheet “IDPs”, header on row 5."
    data_page = inputs_table({"idp_counts": result}, "en", kinds=["idp_counts"])
    assert data_page.iloc[0, 0] == "hno_2025.xlsx — Read sheet “IDPs”, header on row 5."  # the Data page's "File"
    bad = [p for p in result.problems if p.code == "bad_int"]
    assert [(p.row, p.column) for p in bad] == [(8, "people")]  # "many" stands on Excel's row 8
    assert "“many”" in bad[0].message("en") and "many" in bad[0].message("uk")
    assert "рядок 8" in bad[0].describe("uk") and "row 8" in bad[0].describe("en")


def test_kse_tables_map_by_their_own_names():
    text = (
        "hromada_code,hromada_name,raion_code,raion_name,oblast_code,oblast_name,total_population_2022\n"
        "UA48060370000012345,Шевченківська,UA48060000000012345,Миколаївський,UA48000000000012345,Миколаївська,12400\n"
    )
    frame, _problems = read_table(Source("hromada.csv", text.encode()))
    renamed = rename_columns(frame, "communities", Report("hromada.csv"))
    assert set(renamed.columns) >= {"pcode", "name_uk", "raion_pcode", "raion_uk", "oblast_pcode", "oblast_uk"}
    assert renamed.loc[0, "population"] == "12400" and renamed.loc[0, "name_uk"] == "Шевченківська"


def test_cod_ab_shapefile_with_ten_character_names_loads_as_communities(tmp_path):
    shapes = gpd.GeoDataFrame(
        {
            "admin3Pcod": ["UA4806037", "UA6510001"],
            "admin3Name": ["Shevchenkivska", "Bilozerska"],
            "admin3Na_1": ["Шевченківська", "Білозерська"],
            "admin2Pcod": ["UA4806", "UA6510"],
            "admin1Pcod": ["UA48", "UA65"],
        },
        geometry=[box(31.0, 47.0, 31.5, 47.5), box(32.0, 46.5, 32.5, 47.0)],
        crs=4326,
    )
    shapes.to_file(tmp_path / "ukr_admbnda_adm3.shp", engine="pyogrio")
    archive = tmp_path / "ukr_adm3.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("ukr_admbnda_adm3.*"):
            zipped.write(part, part.name)
    result = load_communities(Source.from_path(archive))
    assert result.ok, [p.describe("en") for p in result.problems]
    frame = pd.DataFrame(result.frame.drop(columns="geometry"))
    assert frame["pcode"].tolist() == ["UA4806037", "UA6510001"]
    assert frame.loc[0, ["name_uk", "name_en", "raion_pcode", "oblast_pcode"]].tolist() == [
        "Шевченківська", "Shevchenkivska", "UA4806", "UA48",
    ]  # fmt: skip


def test_cod_ab_raion_shapefile_with_ten_character_names_loads_as_raions(tmp_path):
    shapes = gpd.GeoDataFrame(
        {"admin2Pcod": ["UA4806"], "admin2Name": ["Mykolaivskyi"], "admin2Na_1": ["Миколаївський"], "admin1Pcod": ["UA48"]},
        geometry=[box(31.0, 47.0, 32.0, 47.5)],
        crs=4326,
    )
    shapes.to_file(tmp_path / "ukr_admbnda_adm2.shp", engine="pyogrio")
    archive = tmp_path / "ukr_adm2.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("ukr_admbnda_adm2.*"):
            zipped.write(part, part.name)
    result = load_units(Source.from_path(archive), "raion")
    assert result.ok, [p.describe("en") for p in result.problems]
    assert result.frame.loc[0, ["pcode", "name_uk", "name_en", "oblast_pcode"]].tolist() == [
        "UA4806", "Миколаївський", "Mykolaivskyi", "UA48",
    ]  # fmt: skip
