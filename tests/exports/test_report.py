"""The load report as people take it away: a CSV that Excel opens, with nothing in it that runs."""

import io

import pandas as pd

from geo.exports.report import report_csv, report_frame
from geo.ingest.loaders import load_needs
from geo.ingest.reading import Source


def _report(small, lang: str) -> bytes:
    text = 'need_id,pcode,sector,status,reported_on,people\nN-1,UA4806037,food,open,someday,"=HYPERLINK(""http://x"")"\n'
    result = load_needs(Source("needs.csv", text.encode()), small.communities)
    return report_csv(report_frame({"needs": result}, lang), lang)


def test_report_opens_in_ukrainian_excel(small):
    """The Ukrainian report has a BOM and ; separators, so Excel in Ukraine splits it into columns."""
    data = _report(small, "uk")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert "Проблема і що зробити" in frame.columns and len(frame) >= 1


def test_report_cells_cannot_run_as_formulas(small):
    """A value quoted from the user's file that looks like a formula stays text in the report."""
    frame = pd.read_csv(io.BytesIO(_report(small, "en")), encoding="utf-8-sig", dtype=str)
    values = frame["Value"].dropna().tolist()
    assert any("=HYPERLINK" in v for v in values)
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
