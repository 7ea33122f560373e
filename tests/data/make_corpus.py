"""Remake the files of tests/data/bad and tests/data/good whose exact bytes matter.

Plain UTF-8 text files (most of the corpus) are kept as they are, by hand. This script writes
the rest: workbooks, GeoPackage and zipped Shapefile, a PDF and a Word file, and the text files
whose encoding (Windows-1251, UTF-8 with BOM, UTF-16), line ends (CRLF) or tabs an editor would
quietly change. The files it makes are committed; run it again after changing it:

    .venv/bin/python tests/data/make_corpus.py

The manifests (bad/expected.csv, good/expected.csv) are kept by hand: list a new file there.

The hostile corpus is not committed: ``make_hostile`` (what an attacker tried: VRT documents,
CRS links, GeoPackage views, zip and XML bombs, ...) and ``make_mutations`` (a fixed-seed set of
damaged copies of the good files) write it into a folder that tests/ingest/test_corpus.py gives them,
with what the reader must answer for each file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import sqlite3
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
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


# ------------------------------------------------------------------------------------------
# The hostile corpus (tests/ingest/test_corpus.py): what an attacker tried, and mutations of the good
# files. Written into the folder a test gives (a temporary one), never into the repository.


@dataclass(frozen=True)
class Bait:
    """What a hostile file points at: a file outside the upload, and a local HTTP server.

    The test creates the canary (a CSV holding ``token``), runs the server and watches both:
    the token must appear in no output, the server must record no request, and no process may
    open the canary.
    """

    canary: Path
    token: str
    url: str  # http://127.0.0.1:PORT, no trailing slash


@dataclass(frozen=True)
class Case:
    """One generated file and what the reader must answer for it.

    ``codes``: the file is refused with at least one of these errors; with ``loads`` it loads,
    with these as warnings. Empty ``codes`` (the mutations): any answer but a bug of ours.
    """

    path: str  # relative to the corpus folder
    kind: str
    codes: frozenset[str] = frozenset()
    loads: bool = False
    note: str = ""
    group: str = "hostile"  # or "mutation"


def _put(folder: Path, relative: str, data: bytes) -> str:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def _case(folder: Path, relative: str, data: bytes, kind: str, codes, note: str, loads: bool = False) -> Case:
    return Case(_put(folder, relative, data), kind, frozenset({codes} if isinstance(codes, str) else codes), loads, note)


def _fixture_geojson() -> dict:
    return json.loads(COMMUNITIES.read_text(encoding="utf-8"))


def _geojson(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, allow_nan=True).encode()


# --- zip archives whose sizes may lie ------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    name: str
    payload: bytes  # as stored
    crc: int
    size: int  # as declared (the unpacked size)
    method: int = zipfile.ZIP_DEFLATED


def _deflated(name: str, data: bytes) -> _Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _Member(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _deflated_repeat(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> _Member:
    """``head + chunk * times + tail`` deflated without building it: a full flush after each part
    resets the compressor, so the chunk's compressed bytes are the same each time (a 1 MB chunk
    of zeros packs into 1 KB: 2 GB into 2 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_chunk = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_tail = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _time in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    payload = packed_head + packed_chunk * times + packed_tail
    return _Member(name, payload, crc, len(head) + len(chunk) * times + len(tail))


def _zip(members: list[_Member]) -> bytes:
    """A zip written field by field, so that a member may declare any size (up to 4 GB)."""
    out, central = bytearray(), bytearray()
    for member in members:
        offset = len(out)
        name = member.name.encode()
        sizes = (member.crc, len(member.payload), member.size, len(name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, member.method, 0, 0x21, *sizes, 0) + name + member.payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, member.method, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset
        )
        central += name
    count = len(members)
    return bytes(out + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0))


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zipped(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts``, the same bytes each time (no clock in the members' dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- workbooks, part by part ---------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _xlsx_parts(sheet: bytes, shared: bytes | None = None) -> dict[str, bytes]:
    """The parts of a minimal workbook (one sheet, optionally shared strings), as Excel names them."""
    override = '<Override PartName="/xl/{0}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{1}"/>'
    types = [override.format("workbook.xml", "sheet.main+xml"), override.format("worksheets/sheet1.xml", "worksheet+xml")]
    rels = [f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared is not None:
        types.append(override.format("sharedStrings.xml", "sharedStrings+xml"))
        rels.append(f'<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>')
    package = "http://schemas.openxmlformats.org/package/2006"
    parts = {
        "[Content_Types].xml": _XML
        + (
            f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(types) + "</Types>"
        ).encode(),
        "_rels/.rels": _XML
        + (
            f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": _XML
        + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets><sheet name="Потреби" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": _XML
        + (f'<Relationships xmlns="{package}/relationships">' + "".join(rels) + "</Relationships>").encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return parts


def _sheet_xml(rows: list[str], dimension: str = "A1") -> bytes:
    return (
        _XML
        + (f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/><sheetData>' + "".join(rows)).encode()
        + (b"</sheetData></worksheet>")
    )


def _shared_cells(rows: int, columns: int) -> list[str]:
    """Rows of cells that all show shared string 0."""
    out = []
    for number in range(1, rows + 1):
        cells = "".join(f'<c r="{_letters(column)}{number}" t="s"><v>0</v></c>' for column in range(columns))
        out.append(f'<row r="{number}">{cells}</row>')
    return out


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as Excel names it."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _shared_xml(strings: list[str], doctype: str = "") -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        _XML + (doctype + f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    )


def _openpyxl_book(fill) -> bytes:
    """A workbook that openpyxl writes, after ``fill(worksheet)``."""
    import openpyxl

    book = openpyxl.Workbook()
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_dimension(data: bytes, dimension: str) -> bytes:
    """The same workbook, its sheet's ``<dimension ref=...>`` rewritten (a file that lies about its size)."""
    parts = _unzipped(data)
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), sheet, count=1
    )
    return _zipped(parts)


# --- the cases -----------------------------------------------------------------------------

HOSTILE = []  # the generators, in order: each writes its files into a folder and returns their cases


def hostile(generator):
    """Register a generator of hostile cases: ``generator(folder, bait) -> list[Case]``."""
    HOSTILE.append(generator)
    return generator


def _vrt(source: str, layer: str, newline: str = "\n") -> str:
    """An OGR VRT document, laid out as GDAL's documentation writes them (one element a line)."""
    parts = [
        "<OGRVRTDataSource>",
        '  <OGRVRTLayer name="x">',
        f"    <SrcDataSource>{source}</SrcDataSource>",
        f"    <SrcSQL>SELECT * FROM {layer}</SrcSQL>",
        "  </OGRVRTLayer>",
        "</OGRVRTDataSource>",
    ]
    return newline.join(parts) + "\n"


@hostile
def vrt_documents(folder: Path, bait: Bait) -> list[Case]:
    """An OGR VRT document (GDAL would read the file or URL it names) under a table's or a map's name."""
    targets = {
        "canary": _vrt(f"CSV:{bait.canary}", bait.canary.stem),
        "vsicurl": _vrt(f"/vsicurl/{bait.url}/secret.csv", "secret"),
        "http": _vrt(f"{bait.url}/secret.geojson", "secret"),
    }
    cases = []
    for target, document in targets.items():
        data = document.encode()
        shp = _zipped({"layer.shp": data, "layer.dbf": data})
        for name, kind, codes, content in (
            ("needs.geojson", "needs", "not_geojson", data),
            ("needs.csv", "needs", "missing_columns", data),
            ("needs.xlsx", "needs", "not_workbook", data),
            ("communities.gpkg", "communities", "not_geopackage", data),
            ("communities.geojson", "communities", "not_geojson", data),
            ("communities.zip", "communities", "bad_geo", shp),
        ):
            cases.append(
                _case(folder, f"vrt-{target}-{name.replace('.', '-')}/{name}", content, kind, codes, f"VRT ({target})")
            )
    # The whole document on one line: a CSV of a header and no rows.
    one_line = _vrt(f"CSV:{bait.canary}", bait.canary.stem, newline="").encode()
    cases.append(_case(folder, "vrt-canary-one-line/needs.csv", one_line, "needs", "empty_file", "VRT (canary), one line"))
    # A URL or a GDAL path instead of a file's content.
    for number, line in enumerate((f"/vsicurl/{bait.url}/secret.geojson", f"{bait.url}/secret.geojson")):
        cases.append(
            _case(folder, f"path-as-content-{number}/needs.geojson", line.encode(), "needs", "not_geojson", "a URL")
        )
    return cases


@hostile
def crs_members(folder: Path, bait: Bait) -> list[Case]:
    """A GeoJSON "crs" that GDAL would look up on the network, or try as a file."""
    cases = []
    for name, crs in (
        ("link", {"type": "link", "properties": {"href": f"{bait.url}/crs", "type": "proj4"}}),
        ("name-path", {"type": "name", "properties": {"name": str(bait.canary)}}),
        ("name-url", {"type": "name", "properties": {"name": f"{bait.url}/crs"}}),
        ("name-proj", {"type": "name", "properties": {"name": f"+proj=longlat +nadgrids={bait.canary}"}}),
    ):
        document = _fixture_geojson()
        document["crs"] = crs
        cases.append(
            _case(folder, f"crs-{name}/communities.geojson", _geojson(document), "communities", "unsupported_crs", name)
        )
    return cases


def _geopackage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gpd.read_file(COMMUNITIES)
    frame.to_file(path, driver="GPKG", layer="communities")


@hostile
def geopackage_tricks(folder: Path, bait: Bait) -> list[Case]:
    """SQL that runs when a layer is read: a view, a VirtualOGR table; and SQLite that is no GeoPackage."""
    view = folder / "gpkg-view" / "communities.gpkg"
    _geopackage(view)
    with sqlite3.connect(view) as connection:
        connection.execute("CREATE VIEW evil_view AS SELECT * FROM communities")
        connection.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES ('evil_view', 'features', 'evil_view', 4326)"
        )
        connection.execute("INSERT INTO gpkg_geometry_columns VALUES ('evil_view', 'geometry', 'POLYGON', 4326, 0, 0)")
    connection.close()

    virtual = folder / "gpkg-virtual-ogr" / "communities.gpkg"
    _geopackage(virtual)
    connection = sqlite3.connect(virtual)
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('evil', 'features', 'evil', 4326)"
    )
    connection.execute("INSERT INTO gpkg_geometry_columns VALUES ('evil', 'geometry', 'POLYGON', 4326, 0, 0)")
    connection.commit()
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'evil', 'evil', 0, ?)",
        (f"CREATE VIRTUAL TABLE evil USING VirtualOGR('{bait.canary}')",),
    )
    connection.commit()
    connection.close()

    plain = folder / "gpkg-plain-sqlite" / "communities.gpkg"
    plain.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE communities (pcode TEXT, name_uk TEXT, geometry BLOB)")
    connection.execute("INSERT INTO communities VALUES ('UA4806037', 'Шевченківська', NULL)")
    connection.commit()
    connection.close()

    # A layer whose spatial reference names a grid file outside the upload, and one on the network.
    grids = folder / "gpkg-srs-grid" / "communities.gpkg"
    _geopackage(grids)
    with sqlite3.connect(grids) as connection:
        for (trigger,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            connection.execute(f'DROP TRIGGER "{trigger}"')
        connection.execute(
            "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition) "
            "VALUES ('grid', 990001, 'NONE', 990001, ?)",
            (_prj_with_proj4(f"+proj=longlat +ellps=WGS84 +nadgrids={bait.canary},@{bait.url}/grid.tif +no_defs"),),
        )
        connection.execute("UPDATE gpkg_contents SET srs_id = 990001")
        connection.execute("UPDATE gpkg_geometry_columns SET srs_id = 990001")
    connection.close()
    return [
        Case("gpkg-view/communities.gpkg", "communities", frozenset({"unsafe_geopackage"}), note="a view"),
        Case("gpkg-virtual-ogr/communities.gpkg", "communities", frozenset({"unsafe_geopackage"}), note="VirtualOGR"),
        Case("gpkg-plain-sqlite/communities.gpkg", "communities", frozenset({"not_geopackage"}), note="plain SQLite"),
        Case("gpkg-srs-grid/communities.gpkg", "communities", _REFUSED_CRS, note="PROJ grid outside"),
    ]


_REFUSED_CRS = frozenset({"unsupported_crs", "bad_geo"})


def _prj_with_proj4(proj4: str) -> str:
    """A WGS 84 definition (as a .prj or GeoPackage holds it) that carries a PROJ string of its own."""
    return (
        'GEOGCS["x",DATUM["x",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],'
        f'UNIT["degree",0.0174532925199433],EXTENSION["PROJ4","{proj4}"]]'
    )


@hostile
def shapefile_projection(folder: Path, bait: Bait) -> list[Case]:
    """Zipped Shapefiles whose .prj names files outside the upload (a grid, an init file) and a URL."""
    with tempfile.TemporaryDirectory() as tmp:
        gpd.read_file(COMMUNITIES).to_file(Path(tmp) / "layer.shp")
        parts = {f"layer{p.suffix}": p.read_bytes() for p in sorted(Path(tmp).iterdir())}
    cases = []
    for name, proj4 in (
        ("grid", f"+proj=longlat +ellps=WGS84 +nadgrids={bait.canary},@{bait.url}/grid.tif +no_defs"),
        ("init", f"+init={bait.canary}:4326"),
    ):
        parts["layer.prj"] = _prj_with_proj4(proj4).encode()
        cases.append(
            _case(folder, f"shp-prj-{name}/communities.zip", _zipped(parts), "communities", _REFUSED_CRS, f"PROJ {name}")
        )
    return cases


@hostile
def workbook_bombs(folder: Path, bait: Bait) -> list[Case]:
    """Workbooks that declare, or hold, more than a sheet may: the grid they would make is the bomb."""

    def far_cell(sheet):
        sheet["A1"] = "need_id"
        sheet["XFD1048576"] = "x"

    def wide(sheet):
        sheet.append([f"c{n}" for n in range(16_000)])

    def deep_cell(sheet):
        sheet["A1"] = "need_id"
        sheet["A1048576"] = "x"

    far, broad, deep = _openpyxl_book(far_cell), _openpyxl_book(wide), _openpyxl_book(deep_cell)
    rng = random.Random(1)
    huge = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1_200_000))  # packs into ~0.7 MB
    one_string = _xlsx_parts(_sheet_xml(_shared_cells(50, 20), "A1:T50"), _shared_xml([huge]))
    head = _XML + f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
    chunk = b"a" * 2**20
    tail = b"</t></si></sst>"

    def shared_bomb(megabytes: int) -> bytes:
        parts = _xlsx_parts(_sheet_xml(_shared_cells(1, 1)), b"")
        members = [_deflated(name, content) for name, content in parts.items() if name != "xl/sharedStrings.xml"]
        return _zip([*members, _deflated_repeat("xl/sharedStrings.xml", head, chunk, megabytes, tail)])

    return [
        _case(folder, "xlsx-far-cell/needs.xlsx", far, "needs", "sheet_too_large", "a cell at XFD1048576"),
        _case(folder, "xlsx-16000-columns/needs.xlsx", broad, "needs", "sheet_too_large", "16,000 columns"),
        _case(
            folder,
            "xlsx-16000-columns-lying/needs.xlsx",
            _with_dimension(broad, "A1:B2"),
            "needs",
            "too_many_columns",
            "16,000 columns, dimension A1:B2",
        ),
        _case(
            folder,
            "xlsx-far-cell-lying/needs.xlsx",
            _with_dimension(far, "A1:B2"),
            "needs",
            "too_many_columns",
            "XFD1048576, dimension A1:B2",
        ),
        _case(
            folder,
            "xlsx-deep-cell-lying/needs.xlsx",
            _with_dimension(deep, "A1:B2"),
            "needs",
            "too_many_rows",
            "A1048576, dimension A1:B2",
        ),
        _case(
            folder,
            "xlsx-one-huge-shared-string/needs.xlsx",
            _zipped(one_string),
            "needs",
            "cell_too_long",
            "1,000 cells showing one 1.2 M-character string",
        ),
        _case(
            folder,
            "xlsx-shared-strings-300mb/needs.xlsx",
            shared_bomb(300),
            "needs",
            "archive_too_large",
            "sharedStrings.xml unpacks to 300 MB",
        ),
        _case(
            folder,
            "xlsx-shared-strings-150mb/needs.xlsx",
            shared_bomb(150),
            "needs",
            "archive_ratio",
            "sharedStrings.xml unpacks to 150 MB",
        ),
    ]


_NEED = ["N-1", "UA4806037", "", "", "food", "open", "true", "2025-06-02", "", "", "3", ""]


def _needs_sheet(header_shared: bool = True) -> bytes:
    """A sheet of the needs header (shared strings 0..11, or inline) and one need (inline)."""

    def cell(reference: str, text: str) -> str:
        return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'

    if header_shared:
        header = "".join(f'<c r="{_letters(n)}1" t="s"><v>{n}</v></c>' for n in range(len(NEEDS_HEADER)))
    else:
        header = "".join(cell(f"{_letters(n)}1", name) for n, name in enumerate(NEEDS_HEADER))
    need = "".join(cell(f"{_letters(n)}2", value) for n, value in enumerate(_NEED) if value)
    return _sheet_xml([f'<row r="1">{header}</row>', f'<row r="2">{need}</row>'], "A1:L2")


@hostile
def xml_entities(folder: Path, bait: Bait) -> list[Case]:
    """Entity expansion ("billion laughs") and external entities (XXE) in a workbook's XML.

    The first workbook is the control: the same parts with no DOCTYPE load, so the others are
    refused for their entities, not for being hand-made.
    """
    laughs = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    cases = [
        _case(
            folder, "xlsx-control/needs.xlsx", _zipped(_xlsx_parts(_needs_sheet(), _shared_xml(NEEDS_HEADER))), "needs",
            set(), "the hand-made workbook, no entity", loads=True,
        )
    ]  # fmt: skip
    for name, doctype, text in (
        ("laughs", f"<!DOCTYPE sst [{laughs}]>", "&l9;"),
        ("xxe-file", f'<!DOCTYPE sst [<!ENTITY x SYSTEM "file://{bait.canary}">]>', "&x;"),
        ("xxe-http", f'<!DOCTYPE sst [<!ENTITY x SYSTEM "{bait.url}/xxe">]>', "&x;"),
        ("xxe-parameter", f'<!DOCTYPE sst [<!ENTITY % p SYSTEM "{bait.url}/xxe.dtd"> %p;]>', NEEDS_HEADER[0]),
    ):
        shared = _shared_xml([text, *NEEDS_HEADER[1:]], doctype)
        cases.append(
            _case(folder, f"xlsx-{name}-shared/needs.xlsx", _zipped(_xlsx_parts(_needs_sheet(), shared)), "needs",
                  "not_workbook", name)
        )  # fmt: skip
    # The same tricks in the sheet itself and in the workbook part.
    sheet = _needs_sheet(header_shared=False)
    body = sheet[len(_XML) :].replace(b"<t>need_id</t>", b"<t>&l9;</t>", 1)
    laughing = _XML + f"<!DOCTYPE worksheet [{laughs}]>".encode() + body
    cases.append(
        _case(folder, "xlsx-laughs-sheet/needs.xlsx", _zipped(_xlsx_parts(laughing)), "needs", "not_workbook", "laughs")
    )
    parts = _xlsx_parts(sheet)
    parts["xl/workbook.xml"] = (
        parts["xl/workbook.xml"]
        .replace(b"<workbook", f'<!DOCTYPE workbook [<!ENTITY x SYSTEM "file://{bait.canary}">]><workbook'.encode(), 1)
        .replace("Потреби".encode(), b"&x;")
    )
    cases.append(
        _case(folder, "xlsx-xxe-workbook/needs.xlsx", _zipped(parts), "needs", "not_workbook", "XXE in the sheet name")
    )
    return cases


@hostile
def controls(folder: Path, bait: Bait) -> list[Case]:
    """The GeoPackage and the zipped Shapefile that the tricks are made from, untouched: they load."""
    _geopackage(folder / "gpkg-control" / "communities.gpkg")
    with tempfile.TemporaryDirectory() as tmp:
        gpd.read_file(COMMUNITIES).to_file(Path(tmp) / "layer.shp")
        parts = {f"layer{p.suffix}": p.read_bytes() for p in sorted(Path(tmp).iterdir())}
    return [
        Case("gpkg-control/communities.gpkg", "communities", loads=True, note="the GeoPackage the tricks edit"),
        _case(folder, "shp-control/communities.zip", _zipped(parts), "communities", set(), "the Shapefile", loads=True),
    ]


@hostile
def archive_bombs(folder: Path, bait: Bait) -> list[Case]:
    """Zipped Shapefiles that unpack, or say they unpack, to far more than they weigh."""
    with tempfile.TemporaryDirectory() as tmp:
        gpd.read_file(COMMUNITIES).to_file(Path(tmp) / "layer.shp")
        dbf = (Path(tmp) / "layer.dbf").read_bytes()
        shp = (Path(tmp) / "layer.shp").read_bytes()
    zeros = b"\0" * 2**20
    forged = _deflated("layer.shp", shp)
    return [
        _case(
            folder, "shp-zeros-2gb/communities.zip",
            _zip([_deflated_repeat("layer.shp", b"", zeros, 2048, b""), _deflated("layer.dbf", dbf)]),
            "communities", "archive_too_large", "2 MB unpacking to 2 GB",
        ),
        _case(
            folder, "shp-zeros-150mb/communities.zip",
            _zip([_deflated_repeat("layer.shp", b"", zeros, 150, b""), _deflated("layer.dbf", dbf)]),
            "communities", "archive_ratio", "150 KB unpacking to 150 MB",
        ),
        _case(
            folder, "shp-declares-4gb/communities.zip",
            _zip([_Member(forged.name, forged.payload, forged.crc, 4_000_000_000), _deflated("layer.dbf", dbf)]),
            "communities", "archive_too_large", "declares 4 GB",
        ),
        _case(
            folder, "shp-many-members/communities.zip",
            _zipped({"layer.shp": shp, "layer.dbf": dbf, **{f"junk/{n}.txt": b"" for n in range(1_500)}}),
            "communities", "archive_members", "1,500 members",
        ),
    ]  # fmt: skip


@hostile
def table_bombs(folder: Path, bait: Bait) -> list[Case]:
    """CSVs whose grid of cells is the bomb: separators only, thousands of columns, one endless line."""
    header = ",".join(NEEDS_HEADER)
    return [
        _case(folder, "csv-semicolons-one-line/needs.csv", b";" * 10_000_000, "needs", "line_too_long", "10 MB of ;"),
        _case(
            folder, "csv-semicolons-500/needs.csv", (b";" * 500 + b"\n") * 20_000, "needs", "too_many_columns",
            "20,000 lines of 500 ;",
        ),
        _case(
            folder, "csv-semicolons-499/needs.csv", (b";" * 499 + b"\n") * 41_000, "needs", "too_many_cells",
            "41,000 lines of 500 empty cells",
        ),
        _case(
            folder, "csv-10000-columns/needs.csv",
            (",".join(f"c{n}" for n in range(10_000)) + "\n" + "," * 9_999 + "\n").encode(), "needs", "too_many_columns",
            "10,000 columns",
        ),
        _case(
            folder, "csv-100000-columns/needs.csv",
            (",".join(f"c{n}" for n in range(100_000)) + "\n" + "1," * 99_999 + "1\n").encode(), "needs", "too_many_columns",
            "100,000 columns",
        ),
        _case(
            folder, "csv-8mb-line/needs.csv", (header + "\nN-1," + "x" * 8_000_000).encode(), "needs", "line_too_long",
            "an 8 MB line, no newline",
        ),
    ]  # fmt: skip


def _star(vertices: int, step: int) -> list[list[float]]:
    """A ring through ``vertices`` points of a circle, ``step`` points apart: it crosses itself everywhere."""
    ring = []
    for index in range(vertices):
        angle = 2 * math.pi * (index * step % vertices) / vertices
        ring.append([round(31.5 + 0.4 * math.cos(angle), 6), round(47.0 + 0.3 * math.sin(angle), 6)])
    return [*ring, ring[0]]


def _one_community(ring: list[list[float]]) -> bytes:
    document = _fixture_geojson()
    document["features"] = document["features"][:1]
    document["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    return _geojson(document)


@hostile
def hangs(folder: Path, bait: Bait) -> list[Case]:
    """Self-intersecting boundaries whose repair never ends: over the vertex limit, and under it."""
    bowtie = "POLYGON ((" + ",".join(["0 0,1 1,1 0,0 1"] * 50_000) + ",0 0))"  # 200,001 vertices in 800 KB
    wkt = f"pcode;name_uk;geometry\nUA4806037;Шевченківська;{bowtie}\n".encode()
    return [
        _case(
            folder, "star-200000/communities.geojson", _one_community(_star(200_000, 99_999)), "communities",
            "shape_too_complex", "a 200,000-vertex star",
        ),
        _case(
            folder, "wkt-bowtie-200000/communities.csv", wkt, "communities", "shape_too_complex",
            "a 200,000-vertex bowtie",
        ),
        # 400 vertices: repaired in well under a second (GEOS's "structure" method; tracing every
        # crossing took minutes). 3,000: some 2 million crossings, and only the box stops the repair.
        _case(
            folder, "star-400/communities.geojson", _one_community(_star(400, 199)), "communities",
            "repaired_geometry", "a 400-vertex star", loads=True,
        ),
        _case(
            folder, "star-3000/communities.geojson", _one_community(_star(3000, 1499)), "communities",
            ("box_time", "box_memory"), "a 3,000-vertex star (its repair outgrows the box)",
        ),
    ]  # fmt: skip


@hostile
def broken_files(folder: Path, bait: Bait) -> list[Case]:
    """Files that used to crash the readers."""
    document = _fixture_geojson()
    text_geojson = COMMUNITIES.read_bytes()
    cases = [
        _case(folder, "bom-utf8/needs.csv", b"\xef\xbb\xbf", "needs", "empty_file", "a UTF-8 BOM only"),
        _case(folder, "bom-utf16/needs.csv", b"\xff\xfe", "needs", "empty_file", "a UTF-16 BOM only"),
        _case(folder, "bom-utf16-be/needs.csv", b"\xfe\xff", "needs", "empty_file", "a UTF-16 BE BOM only"),
    ]
    for name, number in (("nan", math.nan), ("infinity", math.inf), ("minus-infinity", -math.inf)):
        broken = json.loads(json.dumps(document))
        broken["features"][1]["geometry"]["coordinates"][0][2][0] = number
        cases.append(
            _case(folder, f"geojson-{name}/communities.geojson", _geojson(broken), "communities", "bad_coordinates", name)
        )
    cut = text_geojson.index("Мішково".encode()) + 3  # inside a Cyrillic letter (two bytes each)
    cases.append(
        _case(
            folder,
            "geojson-invalid-utf8/communities.geojson",
            text_geojson[:cut] + b"\xff\xfe" + text_geojson[cut:],
            "communities",
            "not_utf8",
            "invalid UTF-8",
        )
    )
    wkt = (GOOD / "communities_wkt.csv").read_bytes()
    second = wkt.index(b"POLYGON ((31.5")
    flipped = bytearray(wkt)
    flipped[wkt.index(b"((", second)] ^= 0x01  # "((" becomes ")(": one bit of one byte
    cases += [
        _case(folder, "wkt-truncated/communities.csv", wkt[: second + 40], "communities", "bad_wkt", "cut in a WKT cell"),
        _case(folder, "wkt-byte-flipped/communities.csv", bytes(flipped), "communities", "bad_wkt", "a flipped byte"),
    ]
    lines = wkt.decode().splitlines()
    lines[2] = lines[2][: lines[2].rindex(";") + 1]  # the second community's shape left blank
    cases.append(
        _case(
            folder,
            "wkt-blank-cell/communities.csv",
            ("\n".join(lines) + "\n").encode(),
            "communities",
            "empty_geometry",
            "one blank WKT cell",
            loads=True,
        )
    )
    deep = '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    cases.append(
        _case(
            folder, "geojson-100000-deep/communities.geojson", deep.encode(), "communities", {"too_deep", "bad_json"}, "deep"
        )
    )
    return cases


@hostile
def slow_paths(folder: Path, bait: Bait) -> list[Case]:
    """Files that are slow to check row by row: every code unknown, an HXL row of 412 columns."""
    rows = [",".join(NEEDS_HEADER)]
    number = 0
    while sum(len(row) + 1 for row in rows) < 130_000:
        number += 1
        rows.append(f"N-{number},UA{9_000_000 + number:07d},,,food,open,true,2025-06-02,,,3,")
    unknown = _case(
        folder,
        "needs-unknown-codes/needs.csv",
        ("\n".join(rows) + "\n").encode(),
        "needs",
        {"unknown_code", "more_rows"},
        f"{number:,} rows of unknown codes",
    )
    tags = ["#meta+id", "#adm3+code", "#geo+lat", "#geo+lon", "#sector", "#status", "#status+verified",
            "#date+reported", "#date+closed", "#org", "#affected", "#group"]  # fmt: skip
    extra = [f"extra_{n}" for n in range(400)]
    hxl = [
        ",".join(NEEDS_HEADER + extra),
        ",".join(tags + [f"#meta+x{n}" for n in range(400)]),
        *(",".join([f"N-{n}", "UA4806037", "", "", "food", "open", "true", "2025-06-02", "", "", "3", ""]
                   + ["v"] * 400) for n in range(1, 201)),
    ]  # fmt: skip
    return [
        unknown,
        _case(
            folder,
            "needs-hxl-412-columns/needs.csv",
            ("\n".join(hxl) + "\n").encode(),
            "needs",
            set(),
            "an HXL row of 412 columns",
            loads=True,
        ),
    ]


def make_hostile(folder: Path, bait: Bait) -> list[Case]:
    """Every hostile case, written into ``folder`` (one subfolder each, so names can be real ones)."""
    return [case for generator in HOSTILE for case in generator(folder, bait)]


# --- mutations of the good files -----------------------------------------------------------

MUTATION_SEED = 20250601
_BINARY = (".xlsx", ".zip", ".gpkg")
_SPLICES = (b'"', b"\n", b"\r", b"\x00", b";", b",", b"\t", b"\xff", b"{", b"]", b"\xd0", "ї".encode(), b"\xef\xbb\xbf")


def mutation_sources() -> list[tuple[Path, str]]:
    """The good files and the small fixture set, with the kind each one is."""
    with (GOOD / "expected.csv").open(encoding="utf-8", newline="") as fh:
        sources = [(GOOD / entry["file"], entry["kind"]) for entry in csv.DictReader(fh)]
    fixtures = [
        (HERE / f"{kind}.{'geojson' if kind == 'communities' else 'csv'}", kind)
        for kind in ("communities", "needs", "hubs", "idp_counts")
    ]
    return sorted(sources) + fixtures


def _decoded(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _flip in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] ^= rng.randrange(1, 256)
    return bytes(out)


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    spliced = b"".join(rng.choice(_SPLICES) for _splice in range(rng.randint(1, 4)))
    return data[:at] + spliced + data[at:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 16) :]


_ENCODINGS = ("cp1251", "utf-16", "latin-1")  # one a file, in turn: Latin-1 loses the Cyrillic letters


def _text_mutations(data: bytes, rng: random.Random, number: int) -> list[tuple[str, bytes]]:
    text_ = _decoded(data)
    encoding = _ENCODINGS[number % len(_ENCODINGS)]
    lines = text_.splitlines(keepends=True)
    delimiter = max((";", ",", "\t"), key=lambda d: lines[0].count(d)) if lines else ","
    other = rng.choice([d for d in (";", ",", "\t") if d != delimiter])
    line = rng.randrange(len(lines))
    return [
        ("truncate", _truncate(data, rng)),
        ("flip", _flip(data, rng)),
        ("insert", _insert(data, rng)),
        ("delete", _delete(data, rng)),
        (encoding.replace("-", ""), text_.encode(encoding, errors="replace")),
        ("delimiter", text_.replace(delimiter, other).encode()),
        ("duplicate-line", "".join(lines[: line + 1] + lines[line:]).encode()),
        ("unquote", text_.replace('"', "").encode()),
    ]


def _member_mutations(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    """Damage inside one member of a zip, re-zipped with a good CRC: the damage reaches the parser."""
    out = []
    for operation in (_flip, _truncate, _insert, _delete):
        parts = _unzipped(data)
        name = rng.choice(sorted(n for n, content in parts.items() if content))
        parts[name] = operation(parts[name], rng)
        out.append((f"member-{operation.__name__.strip('_')}", _zipped(parts)))
    return out


def _blob_mutations(source: Path, folder: Path, rng: random.Random) -> list[tuple[str, bytes]]:
    """Damage inside the geometry blobs of a GeoPackage: SQLite stays sound, GDAL meets the damage."""
    out = []
    for operation in (_flip, _truncate, _insert):
        copy = folder / "blob.gpkg"
        copy.write_bytes(source.read_bytes())
        connection = sqlite3.connect(copy)
        for (trigger,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            connection.execute(f'DROP TRIGGER "{trigger}"')  # the spatial index's, which call GDAL's SQL functions
        table, column = connection.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchone()
        for rowid, blob in connection.execute(f'SELECT rowid, "{column}" FROM "{table}"').fetchall():
            connection.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (operation(blob, rng), rowid))
        connection.commit()
        connection.close()
        out.append((f"blob-{operation.__name__.strip('_')}", copy.read_bytes()))
        copy.unlink()
    return out


def make_mutations(folder: Path, seed: int = MUTATION_SEED) -> list[Case]:
    """Mutations of every good file (the same ones for the same seed), written into ``folder``.

    Text files get a truncation, byte flips, inserted and deleted bytes, a re-encoding (cp1251,
    UTF-16 or Latin-1, in turn), another delimiter, a duplicated line and removed quotes; workbooks, zips
    and GeoPackages get byte damage to the file, and inside a member or a geometry blob. A
    mutation identical to its source is left out.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for number, (source, kind) in enumerate(mutation_sources()):
        data = source.read_bytes()
        if source.suffix in _BINARY:
            mutations = [(f"{op.__name__.strip('_')}-{n}", op(data, rng)) for op in (_truncate, _flip) for n in (1, 2)]
            mutations += [("insert", _insert(data, rng)), ("delete", _delete(data, rng))]
            if source.suffix == ".gpkg":
                mutations += _blob_mutations(source, folder, rng)
            else:
                mutations += _member_mutations(data, rng)
        else:
            mutations = _text_mutations(data, rng, number)
        seen = {data}
        for operation, mutated in mutations:
            if mutated in seen:
                continue
            seen.add(mutated)
            name = f"{len(cases):03d}-{operation}-{source.name}"
            cases.append(Case(_put(folder, name, mutated), kind, note=f"{operation} of {source.name}", group="mutation"))
    return cases


if __name__ == "__main__":
    make_bad()
    make_good()
    print(f"wrote {BAD} and {GOOD}")
