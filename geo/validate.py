"""One validation report for a file, shared by the app's upload panel and ``python -m geo validate``."""

from __future__ import annotations

import geopandas as gpd

from geo.i18n import gettext_for
from geo.loaders import LoadResult, guarded, load_communities, load_hubs, load_idp_counts, load_needs
from geo.problems import ERROR, sort_problems
from geo.reading import Source

_LOADERS = {"needs": load_needs, "hubs": load_hubs, "idp_counts": load_idp_counts}


def validate(kind: str, source: Source, communities: gpd.GeoDataFrame | None = None) -> LoadResult:
    """Load one file as the app would; ``communities`` is needed for every kind but communities."""
    if kind == "communities":
        return guarded(kind, source, load_communities, source)
    if communities is None:
        raise ValueError(f"checking {kind} needs the communities")
    return guarded(kind, source, _LOADERS[kind], source, communities)


def report_json(result: LoadResult, lang: str) -> dict:
    """``{"ok", "rows_loaded", "errors", "warnings"}``; each problem with row, column, value, code, message."""
    problems = sort_problems(result.problems)

    def entry(p):
        return {"row": p.row, "column": p.column, "value": p.value, "code": p.code, "message": p.message(lang)}

    return {
        "ok": result.ok,
        "rows_loaded": 0 if result.frame is None else len(result.frame),
        "errors": [entry(p) for p in problems if p.severity == ERROR],
        "warnings": [entry(p) for p in problems if p.severity != ERROR],
    }


def report_lines(result: LoadResult, lang: str) -> list[str]:
    """The report as lines of text: a verdict, then errors, then warnings."""
    _ = gettext_for(lang)
    summary = report_json(result, lang)
    if summary["ok"]:
        verdict = _("{file}: loads, {rows} rows.").format(file=result.source_name, rows=summary["rows_loaded"])
    else:
        verdict = _("{file}: does not load.").format(file=result.source_name)
    lines = [verdict]
    for heading, severity in ((_("Errors"), ERROR), (_("Warnings"), "warning")):
        chosen = [p for p in sort_problems(result.problems) if p.severity == severity]
        if chosen:
            lines.append(f"{heading} ({len(chosen)}):")
            lines.extend(f"  - {p.describe(lang)}" for p in chosen)
    return lines
