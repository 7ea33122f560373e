"""The load report as a table: what the Data page shows and offers as a CSV download."""

from __future__ import annotations

import pandas as pd

from geo.i18n import gettext_for
from geo.loaders import LoadResult
from geo.problems import sort_problems


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


def report_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel in a Ukrainian locale opens the Cyrillic text correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")
