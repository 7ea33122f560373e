"""Files that are not what they claim, too large, or not there: refused by the dispatch, with a problem."""

import pytest

from geo.ingest.reading import MAX_BYTES, Source, read_table


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("needs.csv", b"", "empty_file"),
        ("needs.csv", b"  \n\n", "empty_file"),
        ("needs.csv", b"<!DOCTYPE html><html><body>Login</body></html>", "html"),
        ("needs.csv", b"PK\x03\x04\x00\x00binary", "binary"),
        ("needs.pdf", b"%PDF-1.4", "unsupported_format"),
        ("communities.geojson", b"{not json", "bad_json"),
        ("needs.xlsx", b"not a workbook", "not_workbook"),
    ],
)
def test_files_that_are_not_what_they_claim(name, data, code):
    """An empty file, a saved web page or a binary gets a clear problem, not a crash."""
    frame, problems = read_table(Source(name, data))
    assert frame is None
    assert [p.code for p in problems] == [code]
    assert problems[0].file == name


def test_files_over_the_limit_are_refused_before_reading():
    """A huge upload is refused with its size and the limit."""
    frame, problems = read_table(Source("big.csv", b"a\n" + b"1\n" * (MAX_BYTES // 2 + 1)))
    assert frame is None and problems[0].code == "too_large"
    assert "MB" in problems[0].message("en")


def test_missing_configured_file_says_where_it_looked(tmp_path):
    """A wrong HROMADA_* path names the path and how to fix it."""
    frame, problems = read_table(Source.from_path(tmp_path / "nope.csv"))
    assert frame is None and problems[0].code == "not_found"
    assert str(tmp_path / "nope.csv") in problems[0].message("en")
