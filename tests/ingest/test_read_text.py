"""CSV as users really keep it: Excel's CSV in a Ukrainian locale, cp1251, BOMs, semicolons, blank rows."""

import pytest

from geo.ingest.raw_table import ROW
from geo.ingest.read_text import decode_text, sniff_delimiter
from geo.ingest.reading import Source, read_table

HEADER_UK = "назва;населення\n"
ROWS_UK = "Шполянська;4 450\nЇжакевичі;12\n"


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1251", False)], ids=["utf8", "utf8-bom", "cp1251"]
)
def test_ukrainian_text_survives_every_encoding(encoding, bom):
    """ї, є, ґ and the apostrophe read right whether Excel saved UTF-8, UTF-8 with BOM or Windows-1251."""
    text = "назва,примітка\nЇжакевичі,ґанок’є\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    frame, problems = read_table(Source("x.csv", data))
    assert not problems
    assert list(frame.columns[:2]) == ["назва", "примітка"]
    assert frame.iloc[0, 0] == "Їжакевичі" and frame.iloc[0, 1] == "ґанок’є"


def test_short_cp1251_file_is_not_mistaken_for_another_cyrillic_encoding():
    """A two-line cp1251 file keeps ї/є/ґ (statistical detectors turn them into kz1048 letters)."""
    assert decode_text("ґїє".encode("cp1251")) == "ґїє"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter):
    """Comma, semicolon (Excel in a Ukrainian locale) and tab all split the columns."""
    text = delimiter.join(["a", "b", "c"]) + "\r\n" + delimiter.join(["1", "2,5", "x"]) + "\r\n"
    if delimiter == ",":
        text = text.replace("2,5", '"2,5"')
    assert sniff_delimiter(text) == delimiter
    frame, _ = read_table(Source("t.csv", text.encode()))
    assert frame.loc[0, "b"] == "2,5" and frame.loc[0, "c"] == "x"


def test_rows_are_numbered_as_excel_shows_them():
    """Row 2 is the first data row, so a message's row number is the one the user sees in Excel."""
    frame, _ = read_table(Source("t.csv", (HEADER_UK + ROWS_UK).encode("cp1251")))
    assert frame[ROW].tolist() == [2, 3]


def test_blank_rows_keep_the_numbering_and_are_dropped():
    """Blank and ;;;; rows Excel leaves behind are skipped, and later rows keep their Excel numbers."""
    text = HEADER_UK + "Шполянська;4 450\n\n;\nЇжакевичі;12\n;\n"
    frame, _ = read_table(Source("t.csv", text.encode("utf-8")))
    assert frame[ROW].tolist() == [2, 5] and frame["назва"].tolist() == ["Шполянська", "Їжакевичі"]
