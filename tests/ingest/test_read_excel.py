"""Workbooks as users really keep them."""

import io

import pandas as pd

from geo.ingest.reading import Source, read_table


def test_excel_workbook(tmp_path):
    """An .xlsx list loads from its first sheet."""
    buffer = io.BytesIO()
    pd.DataFrame({"need_id": ["N-1"], "people": [3]}).to_excel(buffer, index=False)
    frame, problems = read_table(Source("needs.xlsx", buffer.getvalue()))
    assert not problems and frame.loc[0, "need_id"] == "N-1" and frame.loc[0, "people"] == "3"
