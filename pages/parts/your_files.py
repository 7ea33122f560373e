"""The sidebar's "Your files": one upload per input, its verdict, and the column mapping when it is needed.

An upload whose columns match loads at once. One that is refused because a required column is missing
(or whose required column holds something else) gets the mapping panel: each field of the data format with
its best guess among the file's columns (``geo.ingest.mapping``), for the user to confirm or change, and
the file loads again with that mapping. The mapping can be downloaded (JSON, CSV) and given back.
An indicators file refused because no column of unit codes was found gets a panel of its own: the column
of codes (the columns that hold most codes first), the metrics and their scales (``your_indicators``).
The oblasts' and raions' own boundaries (COD-AB ADM1/ADM2) can be given too, under "More boundaries":
a good file replaces the shapes dissolved from the hromadas for its level; a bad one changes nothing.
``app.shell`` calls ``your_files`` and ``your_indicators``; the load itself is ``app``'s (passed in, so
that nothing here imports app).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.exports.report import report_csv, report_frame
from geo.figures.data_summary import COLUMN_LABELS
from geo.ingest.contract import COLUMNS, KIND_LABELS, KINDS
from geo.ingest.loaders import Dataset, LoadResult
from geo.ingest.mapping import (
    INDICATORS,
    REASONS,
    SCALES,
    ColumnMapping,
    Inspection,
    MappingError,
    inspect_boxed,
    make_mapping,
    parse_mapping,
)
from geo.ingest.name_match import match_table
from geo.ingest.problems import ERROR, sort_problems
from geo.ingest.reading import MAX_BYTES, Source
from geo.text.formatting import number
from geo.text.i18n import N_, gettext_for
from geo.text.safe_markdown import md

MAX_SHOWN = 12  # problems shown in the sidebar; the CSV report has them all
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg", "zip"]
BOUNDARY_TYPES = ["geojson", "json", "gpkg", "zip"]  # boundaries are shapes: read as the communities file is
# A level's own boundaries (geo.ingest.loaders.UNIT_KINDS), as the sidebar names them.
BOUNDARY_LABELS = {"oblasts": N_("Oblast boundaries (ADM1)"), "raions": N_("Raion boundaries (ADM2)")}
NOT_HERE = "\u0000none"  # the selectbox's "— not in this file —" (no column can be called so)
# Problems that say a required column may hold something else than its name says: worth a guess.
_UNSURE_CODES = ("bad_code", "bad_unit_code", "bad_int", "bad_float", "bad_date", "bad_word", "bad_location")

Loader = Callable[[dict[str, Source], str], tuple[Dataset | None, dict[str, LoadResult]]]


def show_report(lang: str, kind: str, name: str, accepted: bool, results: dict[str, LoadResult]) -> None:
    """The verdict on an upload, its problems (errors first) and the whole report as a CSV."""
    _ = gettext_for(lang)
    if accepted:
        st.success(_("{file} is loaded.").format(file=md(name)))
    else:
        st.error(_("{file} was not loaded; the data shown before stays.").format(file=md(name)))
    # The uploaded file's own problems, and what it does to the other files (rows left out).
    problems = sort_problems(
        [
            p
            for k, r in results.items()
            for p in r.problems
            if k == kind or p.severity == ERROR or p.code in ("row_left_out", "point_left_out")
        ]
    )
    for problem in problems[:MAX_SHOWN]:
        show = st.error if problem.severity == ERROR else st.warning
        show(md(problem.describe(lang)))  # it quotes the file's name and cells: text, never Markdown
    if len(problems) > MAX_SHOWN:
        st.caption(_("{count} more in the report.").format(count=len(problems) - MAX_SHOWN))
    if problems:
        st.download_button(
            _("Download the report (CSV)"),
            report_csv(report_frame(results, lang), lang),
            file_name=f"report-{kind}.csv",
            mime="text/csv",
            key=f"report_{kind}",
        )
    matches = results[kind].matches if kind in results else None
    if matches is not None:  # names without codes (geo.ingest.name_match): the codes found, the names that gave none
        st.download_button(
            _("Download the match table (CSV)"),
            report_csv(match_table(matches, lang), lang),
            file_name=f"matches-{kind}.csv",
            mime="text/csv",
            key=f"matches_upload_{kind}",
        )


def your_files(lang: str, sources: dict[str, Source], load: Loader) -> dict[str, Source]:
    """Uploads replace one input at a time; a file with errors is refused and the old data stays."""
    _ = gettext_for(lang)
    reports = st.session_state.setdefault("upload_reports", {})
    panels = st.session_state.setdefault("mapping_panels", {})
    with st.sidebar.expander(_("Your files"), expanded=bool(reports)):
        st.caption(
            _("Replace any input with your own CSV, Excel or GeoJSON file (up to {limit} MB).").format(
                limit=MAX_BYTES // 2**20
            )
        )
        for kind in KINDS:
            upload = st.file_uploader(_(KIND_LABELS[kind]), type=UPLOAD_TYPES, key=f"upload_{kind}")
            if upload is None:
                panels.pop(kind, None)
            elif st.session_state.get(f"seen_{kind}") != upload.file_id:
                st.session_state[f"seen_{kind}"] = upload.file_id
                panels.pop(kind, None)
                source = Source(upload.name, upload.getvalue())
                sources = _try(kind, source, sources, load, reports)
                if not reports[kind][1] and _worth_a_mapping(reports[kind][2].get(kind)):
                    inspection = inspect_boxed(source, kind)
                    if inspection.needed or _missing(reports[kind][2].get(kind)):
                        panels[kind] = {"file_id": upload.file_id, "inspection": inspection, "used": None}
            if kind in reports:
                show_report(lang, kind, *reports[kind])
            panel = panels.get(kind)
            if upload is not None and panel and panel["file_id"] == upload.file_id and reports[kind][1]:
                _downloads(lang, kind, panel["used"], loaded=True)  # loaded with the mapping: keep it for the next file
            elif upload is not None and panel and panel["file_id"] == upload.file_id:
                chosen = _mapping_panel(lang, kind, panel)
                if chosen is not None:
                    panel["used"] = chosen
                    source = Source(upload.name, upload.getvalue(), mapping=chosen)
                    _try(kind, source, sources, load, reports)
                    st.rerun()  # the verdict above the panel is the new one
        sources = _boundaries(lang, st.session_state.get("sources", sources), load, reports)
        if st.session_state.get("sources") and st.button(_("Back to the demo data"), key="reset_data"):
            st.session_state.pop("sources")
            st.session_state.pop("last_upload", None)
            reports.clear()
            panels.clear()
            st.rerun()
    return st.session_state.get("sources", sources)


def _try(kind: str, source: Source, sources: dict[str, Source], load: Loader, reports: dict) -> dict[str, Source]:
    """Load ``source`` as the new ``kind``; kept (in the session) when it loads, else the data before stays."""
    candidate = {**sources, kind: source}
    dataset, results = load(candidate, kind)
    reports[kind] = (source.name, dataset is not None, results)
    if dataset is None:
        return sources
    st.session_state["sources"] = candidate
    st.session_state["last_upload"] = kind
    return candidate


def _missing(result: LoadResult | None) -> bool:
    return result is not None and any(p.code == "missing_columns" for p in result.problems)


def _worth_a_mapping(result: LoadResult | None) -> bool:
    """A refusal that a mapping may mend: a required column missing, or a required one that holds other things."""
    if result is None:
        return False
    required = {c.name for c in COLUMNS.get(result.kind, ()) if c.required}
    return _missing(result) or any(p.code in _UNSURE_CODES and p.column in required for p in result.problems)


def _mapping_panel(lang: str, kind: str, panel: dict) -> ColumnMapping | None:
    """Each field with its guess; the mapping the user confirms (None until they do)."""
    _ = gettext_for(lang)
    inspection: Inspection = panel["inspection"]
    if panel.get("used") is not None:
        _downloads(lang, kind, panel["used"], loaded=False)
    with st.container(key=f"mapping_{kind}", border=True):
        st.markdown("**" + _("Which column is which?") + "**")
        st.caption(
            _(
                "The file's headers do not say it all. Each column of the data format is shown with its best guess "
                "among your file's columns: check them, change what is wrong, and load the file again."
            )
        )
        fields, below = st.container(), st.container()  # the mapping file goes below the fields, read first
        with below:
            given = _given_mapping(lang, kind, inspection)
        defaults = {g.field: (g.column, g.scale, g.reason) for g in inspection.guesses}
        if given is not None:
            defaults.update({f.field: (f.column, f.scale, "mapping") for f in given.fields})
        if inspection.personal:
            fields.caption(
                _("Personal columns are never read, whatever the mapping: {columns}.").format(
                    columns=md(", ".join(inspection.personal))
                )
            )
        options = [NOT_HERE, *inspection.columns]
        labels = COLUMN_LABELS[kind]
        version = panel.setdefault("version", 0)
        with fields, st.form(key=f"mapping_form_{kind}_{version}", border=False):
            picks: dict[str, tuple[str | None, float]] = {}
            for spec in COLUMNS[kind]:
                column, scale, reason = defaults.get(spec.name, (None, 1.0, None))
                label = _(labels.get(spec.name, spec.name))
                title = (_("{label} · {name}, required") if spec.required else _("{label} · {name}")).format(
                    label=label, name=spec.name
                )
                help_text = _("Guessed {reason}.").format(reason=_(REASONS[reason])) if reason else _("No column fits.")
                choices = options if not spec.required else options[1:]
                index = choices.index(column) if column in choices else (0 if not spec.required else None)
                numeric = spec.kind in ("int", "float") and spec.name not in ("lat", "lon")
                picked = st.selectbox(
                    md(title),
                    choices,
                    index=index,
                    format_func=lambda c: _("— not in this file —") if c == NOT_HERE else c,
                    placeholder=_("Choose a column"),
                    help=help_text,
                    key=f"map_{kind}_{spec.name}_{version}",
                )
                factor = 1.0
                if numeric:
                    factor = st.selectbox(
                        _("Scale of {name}").format(name=spec.name),
                        SCALES,
                        index=SCALES.index(int(scale)) if scale in SCALES else 0,
                        format_func=lambda s: "× " + number(s, lang),
                        help=_("Figures published in thousands: × 1 000."),
                        key=f"scale_{kind}_{spec.name}_{version}",
                    )
                picks[spec.name] = (None if picked in (None, NOT_HERE) else picked, float(factor))
            confirmed = st.form_submit_button(_("Load with these columns"), type="primary")
    if not confirmed:
        return None
    unset = [spec.name for spec in COLUMNS[kind] if spec.required and picks[spec.name][0] is None]
    if unset:
        st.error(_("Choose a column for {fields}.").format(fields=md(", ".join(unset))))
        return None
    try:
        return make_mapping(kind, [(name, column, scale) for name, (column, scale) in picks.items()])
    except MappingError as error:
        st.error(md(error.message(lang)))
        return None


def _given_mapping(
    lang: str, kind: str, inspection: Inspection, panel: dict | None = None, key: str | None = None
) -> ColumnMapping | None:
    """A mapping file the user gives back (as downloaded before); its columns become the panel's defaults."""
    _ = gettext_for(lang)
    given = st.file_uploader(
        _("A mapping file saved before (JSON or CSV)"), type=["json", "csv", "txt"], key=f"mapping_upload_{key or kind}"
    )
    if given is None:
        return None
    try:
        mapping = parse_mapping(kind, given.getvalue())
    except MappingError as error:
        st.error(md(error.message(lang)))
        return None
    absent = [c for c in mapping.named_columns if c not in inspection.columns]
    if absent:
        st.error(_("This file has no column {column}, which the mapping names.").format(column=md("“" + absent[0] + "”")))
        return None
    panels = panel if panel is not None else st.session_state["mapping_panels"][kind]
    if panels.get("given") != given.file_id:  # new widgets, so that they start from the given mapping
        panels["given"] = given.file_id
        panels["version"] = panels.get("version", 0) + 1
        st.rerun()
    return mapping


def _downloads(lang: str, kind: str, mapping: ColumnMapping, loaded: bool, key: str | None = None) -> None:
    """The mapping just used, to keep for the next file of the same layout (and to give back, or to ``--map-file``)."""
    _ = gettext_for(lang)
    if loaded:
        st.caption(_("Loaded with your choice of columns. Keep the mapping for the next file of the same layout:"))
    key = key or kind
    formats = (
        (_("Download the mapping (JSON)"), mapping.to_json, "json", "application/json"),
        (_("Download the mapping (CSV)"), mapping.to_csv, "csv", "text/csv"),
    )
    for label, write, suffix, mime in formats:
        st.download_button(label, write(), file_name=f"mapping-{kind}.{suffix}", mime=mime, key=f"mapping_{suffix}_{key}")


# ---- A level's own boundaries ------------------------------------------------------------------


def _boundaries(lang: str, sources: dict[str, Source], load: Loader, reports: dict) -> dict[str, Source]:
    """The oblasts' and raions' own boundaries, under a collapsed expander: few need them."""
    _ = gettext_for(lang)
    opened = any(kind in reports for kind in BOUNDARY_LABELS)
    with st.expander(_("More boundaries: oblasts, raions"), expanded=opened):
        st.caption(
            _(
                "Without them, oblasts and raions are drawn by joining their hromadas; a COD-AB ADM1 or ADM2 file "
                "(GeoJSON, zipped Shapefile or GeoPackage) draws their own shapes instead."
            )
        )
        for kind, label in BOUNDARY_LABELS.items():
            upload = st.file_uploader(_(label), type=BOUNDARY_TYPES, key=f"upload_{kind}")
            if upload is not None and st.session_state.get(f"seen_{kind}") != upload.file_id:
                st.session_state[f"seen_{kind}"] = upload.file_id
                sources = _try(kind, Source(upload.name, upload.getvalue()), sources, load, reports)
            if kind in reports:
                show_report(lang, kind, *reports[kind])
    return sources


# ---- Indicators ----------------------------------------------------------------------------------


def your_indicators(lang: str, sources: dict, defaults: dict, load: Loader) -> dict:
    """The indicators uploader (several files at once): they replace the indicators shown before, and
    removing them all brings back the deployment's. Files with an error are refused; the data shown stays.
    A file refused for want of a column of unit codes gets the mapping panel (``_indicator_panel``)."""
    _ = gettext_for(lang)
    reports = st.session_state.setdefault("upload_reports", {})
    panels = st.session_state.setdefault("indicator_panels", {})  # upload's file_id -> its panel
    with st.sidebar.expander(_("Indicators"), expanded="indicators" in reports):
        st.caption(
            _(
                "Figures per oblast, raion or hromada (people in need, severity, population, a score): each column of "
                "numbers becomes a metric to colour the map by. Your files replace the indicators shown before; remove "
                "them all to go back."
            )
        )
        uploads = st.file_uploader(
            _("Indicators (one or more files)"), type=UPLOAD_TYPES, accept_multiple_files=True, key="upload_indicators"
        )
        uploads = list(uploads or ())
        ids = tuple(upload.file_id for upload in uploads)
        if ids != st.session_state.get("seen_indicators", ()):
            st.session_state["seen_indicators"] = ids
            panels.clear()
            files = tuple(Source(u.name, u.getvalue()) for u in uploads) if ids else defaults["indicators"]
            sources = _try_indicators(files, sources, load, reports, names=", ".join(u.name for u in uploads))
            result = reports.get("indicators", (None, True, {}))[2].get(INDICATORS)
            if ids and not reports["indicators"][1] and result is not None:
                for upload, source in zip(uploads, files, strict=True):
                    if any(p.code == "indicator_no_code_column" and p.file == upload.name for p in result.problems):
                        inspection = inspect_boxed(source, INDICATORS)
                        if not inspection.problems:
                            panels[upload.file_id] = {"inspection": inspection, "used": None}
        if "indicators" in reports:
            show_report(lang, INDICATORS, *reports["indicators"])
        for number, upload in enumerate(uploads):
            panel = panels.get(upload.file_id)
            if panel is None:
                continue
            if panel["used"] is not None and reports["indicators"][1]:
                _downloads(lang, INDICATORS, panel["used"], loaded=True, key=f"indicators_{number}")
                continue
            chosen = _indicator_panel(lang, upload.name, panel, f"indicators_{number}")
            if chosen is not None:
                panel["used"] = chosen
                files = tuple(
                    Source(u.name, u.getvalue(), mapping=panels[u.file_id]["used"] if u.file_id in panels else None)
                    for u in uploads
                )
                _try_indicators(files, sources, load, reports, names=", ".join(u.name for u in uploads))
                st.rerun()  # the verdict above the panel is the new one
    return st.session_state.get("sources", sources)


def _try_indicators(files: tuple[Source, ...], sources: dict, load: Loader, reports: dict, names: str) -> dict:
    """Load ``files`` as the indicators; kept when they load (none: the deployment's come back)."""
    candidate = {**sources, INDICATORS: files}
    dataset, results = load(candidate, INDICATORS)
    if names:
        reports[INDICATORS] = (names, dataset is not None, results)
    else:
        reports.pop(INDICATORS, None)
    if dataset is None:
        return sources
    st.session_state["sources"] = candidate
    st.session_state["last_upload"] = INDICATORS
    return candidate


def _indicator_panel(lang: str, name: str, panel: dict, key: str) -> ColumnMapping | None:
    """The column of unit codes (best guess first), the metrics and their scales; the mapping once confirmed."""
    _ = gettext_for(lang)
    inspection: Inspection = panel["inspection"]
    if panel.get("used") is not None:
        _downloads(lang, INDICATORS, panel["used"], loaded=False, key=key)
    with st.container(key=f"mapping_{key}", border=True):
        st.markdown("**" + md(_("Which column holds the unit codes in {file}?").format(file=name)) + "**")
        st.caption(
            _(
                "No column of this file was found to hold P-codes or KATOTTH codes of oblasts, raions or hromadas. "
                "Choose it (the columns that hold most codes come first), check the metrics, and load the file again."
            )
        )
        fields, below = st.container(), st.container()
        with below:
            given = _given_mapping(lang, INDICATORS, inspection, panel, key)
        code = next(g for g in inspection.guesses if g.field == "code")
        column, reason = code.column, code.reason
        metrics = {g.column: g.scale for g in inspection.guesses if g.field == "metric"}
        if given is not None:
            column, reason = given.columns.get("code", column), "mapping"
            if given.metrics:
                metrics = {f.column: f.scale for f in given.metrics}
        version = panel.setdefault("version", 0)
        options = list(inspection.ranked)
        with fields, st.form(key=f"mapping_form_{key}_{version}", border=False):
            help_text = _("Guessed {reason}.").format(reason=_(REASONS[reason])) if reason else _("No column fits.")
            if code.unsure and reason != "mapping":
                help_text += " " + _("Not all its cells are unit codes: check it.")
            picked = st.selectbox(
                md(_("{label} · {name}, required").format(label=_("Unit codes"), name="code")),
                options,
                index=options.index(column) if column in options else None,
                placeholder=_("Choose a column"),
                help=help_text,
                key=f"map_{key}_code_{version}",
            )
            chosen = st.multiselect(
                _("Metrics"),
                options,
                default=[c for c in metrics if c in options],
                help=_("The columns of figures to colour the map by. None chosen: every column of numbers."),
                placeholder=_("Choose columns"),
                key=f"map_{key}_metrics_{version}",
            )
            scales = {}
            for metric, scale in metrics.items():
                scales[metric] = st.selectbox(
                    md(_("Scale of {name}").format(name=metric)),
                    SCALES,
                    index=SCALES.index(int(scale)) if scale in SCALES else 0,
                    format_func=lambda s: "× " + number(s, lang),
                    help=_("Figures published in thousands: × 1 000."),
                    key=f"scale_{key}_{metric}_{version}",
                )
            confirmed = st.form_submit_button(_("Load with these columns"), type="primary")
    if not confirmed:
        return None
    if picked is None:
        st.error(_("Choose a column for {fields}.").format(fields="code"))
        return None
    entries = [("code", picked, None)]
    entries += [("metric", metric, scales.get(metric, 1.0)) for metric in chosen if metric != picked]
    try:
        return make_mapping(INDICATORS, entries)
    except MappingError as error:
        st.error(md(error.message(lang)))
        return None
