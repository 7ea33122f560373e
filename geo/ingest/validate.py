"""Checking files as the app and ``python -m geo validate`` do: every read in a box, one report.

Reading a visitor's file runs in ``geo.ingest.box`` (a child process with a time and a memory limit),
so a file that would take the server's memory or time is refused with a message, and the data
already loaded stays. The functions here are the only way the app and the command line read
files; the loaders themselves (``geo.ingest.loaders``) stay pure and are tested directly.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import geopandas as gpd

from geo.ingest import box
from geo.ingest.contract import KINDS
from geo.ingest.indicators import load_indicators
from geo.ingest.indicators import rows_loaded as indicator_rows
from geo.ingest.limits import OWN_LIMITS
from geo.ingest.loaders import (
    UNIT_KINDS,
    Dataset,
    LoadResult,
    guarded,
    load_communities,
    load_dataset,
    load_hubs,
    load_idp_counts,
    load_needs,
    load_units,
)
from geo.ingest.problems import ERROR, Problem, sort_problems
from geo.ingest.reading import Source
from geo.text.i18n import gettext_for

logger = logging.getLogger(__name__)

_LOADERS = {"needs": load_needs, "hubs": load_hubs, "idp_counts": load_idp_counts, "indicators": load_indicators}
_STOPS = {"time": "box_time", "memory": "box_memory", "crash": "box_crash"}


def stopped_problem(name: str, stopped: box.Stopped) -> Problem:
    """What the user reads when the box stopped the read of ``name``."""
    params = {
        "seconds": f"{stopped.limits.seconds:g}",
        "memory": f"{stopped.limits.memory_mb:,}",
        "stage": box.STAGES.get(stopped.stage, box.STAGES["reading"]),
    }
    return Problem(name, _STOPS[stopped.reason], params=params)


def _validate(kind: str, source: Source, communities: gpd.GeoDataFrame | None) -> LoadResult:
    if kind == "communities":
        return guarded(kind, source, load_communities, source)
    if kind in UNIT_KINDS:  # a level's own boundaries: checked on their own
        return guarded(kind, source, load_units, source, UNIT_KINDS[kind])
    return guarded(kind, source, _LOADERS[kind], source, communities)


def validate(
    kind: str, source: Source, communities: gpd.GeoDataFrame | None = None, limits: box.BoxLimits | None = None
) -> LoadResult:
    """Load one file as the app would, in a box; ``communities`` is needed for every kind but communities."""
    if kind not in ("communities", *UNIT_KINDS) and communities is None:
        raise ValueError(f"checking {kind} needs the communities")
    try:
        return box.run(_validate, kind, source, communities, limits=limits).value
    except box.Stopped as stopped:
        return LoadResult(kind, source.name, None, [stopped_problem(source.name, stopped)])
    except box.ChildError as error:  # a bug of ours outside the loaders' own guard
        logger.error("checking %s from %s failed in the box:\n%s", kind, source.name, error)
        return LoadResult(kind, source.name, None, [Problem(source.name, "unexpected")])


def load_boxed(
    sources: Mapping[str, Source],
    new: str | None = None,
    *,
    keep_personal: bool = False,
    limits: box.BoxLimits | None = None,
) -> tuple[Dataset | None, dict[str, LoadResult]]:
    """``geo.ingest.loaders.load_dataset`` in a box. When the box stops it, the file blamed is ``new``
    (the upload), or else the communities (everything else is checked against them).

    ``limits``: the box's size. Unless given, a load of the deployment's own files only (no ``new``, and every
    file read under ``OWN_LIMITS``) gets the deployment's larger box (``box.BoxLimits.own_from_env``);
    any load with a visitor's file in it gets the visitor's (``box.BoxLimits.from_env``), on top of what the
    deployment's own files took when that was much (``visitor_box``).
    """
    own = new is None and own_files_only(sources)
    if limits is None:
        limits = box.BoxLimits.own_from_env() if own else visitor_box(box.BoxLimits.from_env(), _own_cost)
    kind = new if new in (*KINDS, "indicators", *UNIT_KINDS) and new in sources else "communities"
    # The indicators are several files (a tuple of Sources): the message names them all.
    name = sources[kind].name if isinstance(sources[kind], Source) else ", ".join(s.name for s in sources[kind])
    try:
        run = box.run(load_dataset, sources, new, keep_personal=keep_personal, limits=limits)
        if own:
            _own_cost[:] = [run.seconds, run.peak_mb]
        return run.value
    except box.Stopped as stopped:
        return None, {kind: LoadResult(kind, name, None, [stopped_problem(name, stopped)])}
    except box.ChildError as error:
        logger.error("loading the data failed in the box:\n%s", error)
        return None, {kind: LoadResult(kind, name, None, [Problem(name, "unexpected")])}


# What the last load of the deployment's own files only cost its box: [seconds, peak MB] ([] before one).
_own_cost: list[float] = []


def visitor_box(visitor: box.BoxLimits, own_cost: list[float]) -> box.BoxLimits:
    """The box of a load with a visitor's file in it. Such a load reads the deployment's files again;
    when they alone took more than half of the visitor's box (a national registry: 11 s and 1.35 GB for
    1,000,000 needs), the visitor's box comes on top of what they took, so that the upload has the whole
    of it and a refusal is about the upload. Below that, the visitor's box as it is."""
    if not own_cost:
        return visitor
    seconds, peak_mb = own_cost
    if seconds <= visitor.seconds / 2 and peak_mb <= visitor.memory_mb / 2:
        return visitor
    return box.BoxLimits(seconds=visitor.seconds + seconds, memory_mb=visitor.memory_mb + int(peak_mb + 0.5))


def own_files_only(sources: Mapping[str, Source | tuple[Source, ...]]) -> bool:
    """Whether every file (the indicators' too) is the deployment's own, read under ``OWN_LIMITS``: a file
    built from an upload's bytes carries the upload limits (``Source.limits``), so one such file is enough
    to keep the visitor's box."""
    files = [f for value in sources.values() for f in (value if isinstance(value, tuple | list) else (value,))]
    return all(f.limits == OWN_LIMITS for f in files)


def _rows(frame) -> int:
    return 0 if frame is None else len(frame)


def report_json(result: LoadResult, lang: str) -> dict:
    """``{"ok", "rows_loaded", "errors", "warnings"}``; each problem with row, column, value, code, message."""
    problems = sort_problems(result.problems)

    def entry(p):
        return {"row": p.row, "column": p.column, "value": p.value, "code": p.code, "message": p.message(lang)}

    return {
        "ok": result.ok,
        "rows_loaded": indicator_rows(result.frame) if result.kind == "indicators" else _rows(result.frame),
        "errors": [entry(p) for p in problems if p.severity == ERROR],
        "warnings": [entry(p) for p in problems if p.severity != ERROR],
    }


def read_from_lines(result: LoadResult, lang: str) -> list[str]:
    """Which sheet and header row were read, when a reader had to find them (``geo.ingest.header_row``)."""
    _ = gettext_for(lang)
    where = result.read_from or {}
    if where.get("sheet") is not None:
        return [_("Read sheet “{sheet}”, header on row {row}.").format(sheet=where["sheet"], row=where["header_row"])]
    if where.get("header_row", 1) != 1:
        return [_("Header on row {row}.").format(row=where["header_row"])]
    return []


def report_lines(result: LoadResult, lang: str) -> list[str]:
    """The report as lines of text: a verdict, then errors, then warnings."""
    _ = gettext_for(lang)
    summary = report_json(result, lang)
    if summary["ok"]:
        verdict = _("{file}: loads, {rows} rows.").format(file=result.source_name, rows=summary["rows_loaded"])
    else:
        verdict = _("{file}: does not load.").format(file=result.source_name)
    lines = [verdict, *read_from_lines(result, lang)]
    for heading, severity in ((_("Errors"), ERROR), (_("Warnings"), "warning")):
        chosen = [p for p in sort_problems(result.problems) if p.severity == severity]
        if chosen:
            lines.append(f"{heading} ({len(chosen)}):")
            lines.extend(f"  - {p.describe(lang)}" for p in chosen)
    return lines
