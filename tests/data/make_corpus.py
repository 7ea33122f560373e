"""Remake the files of tests/data/bad and tests/data/good whose exact bytes matter.

Plain UTF-8 text files (most of the corpus) are kept as they are, by hand. This script writes
the rest: workbooks, GeoPackage and zipped Shapefile, a PDF and a Word file, and the text files
whose encoding (Windows-1251, UTF-8 with BOM, UTF-16), line ends (CRLF) or tabs an editor would
quietly change. The files it makes are committed; run it again after changing it:

    .venv/bin/python tests/data/make_corpus.py

The manifests (bad/expected.csv, good/expected.csv) are kept by hand: list a new file there.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good"
COMMUNITIES = HERE / "communities.geojson"

NEEDS_HEADER = [
    "need_id", "pcode", "lat", "lon", "sector", "status", "verified",
    "reported_on", "closed_on", "provider", "people", "vulnerable_groups",
]  # fmt: skip

# Ukrainian letters that Windows-1251 has and that a wrong decoding turns into something else.
PROVIDER_UK = "Благодійний фонд «Їжак’є» / ГО «Ґрунт і Єдність»"


def text(path: Path, lines: list[str], encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> None:
    data = newline.join(lines) + newline
    raw = data.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)


def workbook(path: Path, sheets: dict[str, pd.DataFrame | list[list[str]]]) -> None:
    """An .xlsx with the given sheets in order; a list of rows is written cell by cell (no header)."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, content in sheets.items():
            if isinstance(content, pd.DataFrame):
                content.to_excel(writer, sheet_name=name, index=False)
            else:
                pd.DataFrame(content).to_excel(writer, sheet_name=name, index=False, header=False)


def needs_frame(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=NEEDS_HEADER)


def projected_communities() -> gpd.GeoDataFrame:
    """The three fixture communities in UTM zone 36N (EPSG:32636), as official files often are.

    The fixture's hostile name (an <img> tag, for the escaping tests) is cleaned: these are good files.
    """
    frame = gpd.read_file(COMMUNITIES).to_crs(32636)
    for column in ("ADM3_UA", "ADM3_EN"):
        frame[column] = frame[column].str.replace(r"\s*<[^>]*>", "", regex=True)
    return frame


# ------------------------------------------------------------------------------------------
# bad/


def make_bad() -> None:
    BAD.mkdir(exist_ok=True)

    # A CSV that someone renamed to .xlsx so that the upload box would accept it.
    text(
        BAD / "needs_csv_renamed.xlsx",
        [",".join(NEEDS_HEADER), "N-3101,UA4806037,,,food,open,true,2025-06-02,,,3,"],
    )

    # A real workbook renamed to .csv: zip bytes, not text.
    buffer = io.BytesIO()
    needs_frame([["N-3201", "UA4806037", "", "", "food", "open", "true", "2025-06-02", "", "", "3", ""]]).to_excel(
        buffer, index=False
    )
    (BAD / "needs_workbook_renamed.csv").write_bytes(buffer.getvalue())

    # A scan of the list as PDF, and the list typed into Word.
    (BAD / "needs_scan.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Список потреб: N-1 UA4806037 продукти</w:t>'
            "</w:r></w:p></w:body></w:document>",
        )
    (BAD / "needs_list.docx").write_bytes(docx.getvalue())

    # Excel in a Ukrainian locale: Windows-1251, semicolons, CRLF, Ukrainian headers, a status word
    # that is not in the contract ("скасовано", cancelled).
    text(
        BAD / "needs_cp1251_bad_status.csv",
        [
            "Номер заявки;Код громади;Сектор;Статус;Дата звернення;Виконавець;Кількість осіб",
            f"З-3301;UA4806037;продукти харчування;відкрита;02.06.2025;{PROVIDER_UK};4",
            "З-3302;UA4806017;житло;скасовано;03.06.2025;;2",
        ],
        encoding="cp1251",
        newline="\r\n",
    )

    # Semicolons, CRLF and a two-digit year.
    text(
        BAD / "needs_semicolon_bad_date.csv",
        [
            ";".join(NEEDS_HEADER),
            "N-3401;UA4806037;;;food;open;так;02.06.2025;;;3;",
            "N-3402;UA6510001;;;health;open;так;04.06.25;;;1;",
        ],
        newline="\r\n",
    )

    # Tab-separated, without the date column.
    text(
        BAD / "needs_tab_missing_date.tsv",
        [
            "\t".join(["need_id", "pcode", "sector", "status", "provider", "people"]),
            "\t".join(["N-3501", "UA4806037", "food", "open", "Карітас Миколаїв", "3"]),
        ],
    )

    # Excel's "Unicode text" (UTF-16 with BOM, tabs): the format Excel suggests for Cyrillic.
    lines = ["\t".join(NEEDS_HEADER), "\t".join(["N-3601", "UA4806037", "", "", "food", "open", "так", "02.06.2025",
                                                  "", "", "3", ""])]  # fmt: skip
    (GOOD / "needs_excel_unicode_text.txt").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))

    # A workbook with an empty cover sheet (just a title) and the data, with a bad number, on sheet 2.
    workbook(
        BAD / "needs_workbook_cover_bad_people.xlsx",
        {
            "Титульна": [["Потреби громад Миколаївщини, червень 2025"]],
            "Потреби": needs_frame(
                [
                    ["N-3701", "UA4806037", "", "", "food", "open", "так", "02.06.2025", "", "", "3", ""],
                    ["N-3702", "UA4806017", "", "", "wash", "open", "так", "03.06.2025", "", "", "багато", ""],
                ]
            ),
        },
    )

    # A zipped Shapefile download that lost its .shp on the way (only the table and the projection).
    with tempfile.TemporaryDirectory() as tmp:
        projected_communities().to_file(Path(tmp) / "hromadas.shp")
        with zipfile.ZipFile(BAD / "communities_zip_without_shp.zip", "w") as archive:
            for suffix in (".dbf", ".prj", ".cpg"):
                part = Path(tmp) / f"hromadas{suffix}"
                if part.exists():
                    archive.write(part, f"hromadas{suffix}")


# ------------------------------------------------------------------------------------------
# good/


def make_good() -> None:
    GOOD.mkdir(exist_ok=True)
    rows = [
        "N-1,UA4806037,,,food,open,true,2025-06-02,,,3,elderly;disability",
        f'N-2,UA48060170000012345,,,heating/utilities,in_progress,yes,05.06.2025,,"{PROVIDER_UK}",2,children',
        "N-3,UA6510001,,,shelter_nfi,closed,1,2025-06-10,2025-07-01,Карітас Миколаїв,5,large_family",
    ]
    text(GOOD / "needs_utf8_bom.csv", [",".join(NEEDS_HEADER), *rows], bom=True)
    text(GOOD / "needs_crlf.csv", [",".join(NEEDS_HEADER), *rows], newline="\r\n")

    # What Excel in a Ukrainian locale saves: cp1251, semicolons, CRLF, Ukrainian headers and
    # words, decimal commas in coordinates, spaces as thousands separators, day-first dates.
    text(
        GOOD / "needs_cp1251_semicolon.csv",
        [
            "Номер заявки;Код громади;Широта;Довгота;Сектор;Статус;Перевірено;Дата звернення;Дата закриття;"
            "Виконавець;Кількість осіб;Вразливі групи",
            f"З-1;UA4806037;;;продукти харчування;відкрита;так;02.06.2025;;{PROVIDER_UK};4;люди похилого віку",
            "З-2;;47,1;31,9;вода, санітарія та гігієна;в роботі;ні;03.06.2025;;ГО «Джерело надії»;2;",
            "З-3;UA65100010000012345;;;здоров’я;виконано;так;04.06.2025;20.06.2025;Червоний Хрест;2;діти, інвалідність",
        ],
        encoding="cp1251",
        newline="\r\n",
    )
    # Excel leaves ";;;;" lines where rows below the data were once formatted or cleared.
    text(
        GOOD / "needs_trailing_empty_rows.csv",
        [
            ";".join(NEEDS_HEADER),
            "N-1;UA4806037;;;food;open;так;02.06.2025;;;3;",
            "N-2;UA4806017;;;wash;open;так;03.06.2025;;;2;",
            ";" * (len(NEEDS_HEADER) - 1),
            ";" * (len(NEEDS_HEADER) - 1),
        ],
        newline="\r\n",
    )
    text(
        GOOD / "needs_tab.tsv",
        [
            "\t".join(NEEDS_HEADER),
            "\t".join(["N-1", "UA4806037", "", "", "food", "open", "так", "02.06.2025", "", "Карітас Миколаїв", "3", ""]),
            "\t".join(["N-2", "", "47,25", "31,75", "wash", "нова", "ні", "2025-06-03", "", "", "2", "elderly"]),
        ],
    )

    # Typed cells, as a person types them in Excel: real dates, whole numbers, decimal coordinates.
    first = pd.DataFrame(
        {
            "need_id": ["N-1", "N-2", "N-3"],
            "pcode": ["UA4806037", "UA6510001", None],
            "lat": [None, None, 47.25],
            "lon": [None, None, 31.75],
            "sector": ["food", "health", "protection"],
            "status": ["open", "closed", "в роботі"],
            "verified": [True, False, True],
            "reported_on": [datetime(2025, 6, 2), datetime(2025, 6, 4), datetime(2025, 6, 5)],
            "closed_on": [None, datetime(2025, 6, 10), None],
            "provider": [PROVIDER_UK, None, "Право на захист"],
            "people": [3, 1, 2],
            "vulnerable_groups": [None, "elderly", "single parent; children"],
        }
    )
    workbook(GOOD / "needs_first_sheet.xlsx", {"Потреби": first, "Довідка": [["Джерело: реєстр громади"]]})

    # Two sheets with data: the archive first, this year's list second (pick it with --sheet 2025).
    this_year = needs_frame(
        [
            ["Н-25-1", "UA4806037", "", "", "food", "відкрита", "так", "02.06.2025", "", "", "3", ""],
            ["Н-25-2", "UA4806017", "", "", "wash", "в роботі", "так", "03.06.2025", "", "", "2", ""],
            ["Н-25-3", "UA6510001", "", "", "health", "виконано", "ні", "04.06.2025", "20.06.2025", "", "1", ""],
        ]
    )
    archive = needs_frame(
        [
            ["Н-24-1", "UA4806037", "", "", "shelter", "закрита", "так", "02.12.2024", "10.01.2025", "", "4", ""],
            ["Н-24-2", "UA6510001", "", "", "heating", "закрита", "так", "05.12.2024", "15.01.2025", "", "2", ""],
        ]
    )
    workbook(GOOD / "needs_named_sheet.xlsx", {"2024": archive, "2025": this_year})

    projected = projected_communities()
    projected.to_file(GOOD / "communities_utm36.gpkg", driver="GPKG")
    # GeoJSON with a projected "crs" member (the 2008 GeoJSON spec, still written by QGIS and GDAL).
    (GOOD / "communities_crs_utm36.geojson").unlink(missing_ok=True)
    projected.to_file(GOOD / "communities_crs_utm36.geojson", driver="GeoJSON", COORDINATE_PRECISION=2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        projected.to_file(folder / "hromadas_utm36.shp")
        with zipfile.ZipFile(GOOD / "communities_shapefile_utm36.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
            for part in sorted(folder.iterdir()):
                zipped.write(part, f"ukr_admbnda_utm36/{part.name}")


if __name__ == "__main__":
    make_bad()
    make_good()
    print(f"wrote {BAD} and {GOOD}")
