"""The load report as a table: what the Data page shows and offers as a CSV download."""

from __future__ import annotations

import pandas as pd

from geo.exports.tables import to_csv
from geo.ingest.loaders import LoadResult
from geo.ingest.problems import sort_problems
from geo.text.i18n import gettext_for


def report_frame(results: dict[str, LoadResult], lang: str) -> pd.DataFrame:
    """One row per problem, errors first, with translated headers and messages."""
    _ = gettext_for(lang)
    rows = [p.as_dict(lang) for r in results.values() for p in sort_problems(r.problems)]
    frame = pd.DataFrame(rows, columns=["severity", "file", "row", "column", "value", "code", "message"])
    frame["severity"] = frame["severity"].map({"error": _("error"), "warning": _("warning")})
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(
        columns={
            "severity": _("Severity"),
            "file": _("File"),
            "row": _("Row"),
            "column": _("Column"),
            "value": _("Value"),
            "code": _("Code"),
            "message": _("Problem and what to do"),
        }
    )


def report_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """The report as the needs lists are exported (geo.exports.tables.to_csv): UTF-8 with BOM, the
    separator Excel expects in the user's language, and no cell that Excel would run as a formula
    (a bad value quoted from a user's file, such as ``=HYPERLINK(...)``, stays text)."""
    return to_csv(frame, lang)
