"""Data: what is loaded, from which files, and what was wrong with them.

Each input's rows are listed, except the needs in the public view: their raw rows carry the
vulnerable groups that the public view hides where fewer than 3 needs of a community share them
(``geo.figures.disclosure``), so the public reads the needs on the Needs page, and the raw needs are
listed here only in the internal view. File names come from uploads: they are escaped (``md``).
"""

from __future__ import annotations

import os

import streamlit as st

from app import shell
from geo.exports.report import report_csv, report_frame
from geo.ingest.contract import KIND_LABELS, KINDS
from geo.ingest.settings import internal_view_enabled
from geo.text.formatting import number
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

context = shell()
lang = context.lang
_ = gettext_for(lang)
results = context.results
internal = internal_view_enabled(os.environ, st.secrets)

st.title(_("Data"))
st.write(_("The four inputs of the map, the files they come from, and what the loaders found in them."))

report = report_frame(results, lang)
if report.empty:
    st.success(_("All files loaded without problems."))
else:
    st.dataframe(report, hide_index=True, width="stretch")
    st.download_button(
        _("Download the report (CSV)"), report_csv(report, lang), file_name="report.csv", mime="text/csv", key="report_csv"
    )

for kind in KINDS:
    result = results.get(kind)
    st.subheader(_(KIND_LABELS[kind]))
    if result is None:
        st.info(_("Not loaded: the communities file must load first."))
        continue
    if result.frame is None:
        st.error(_("{file} could not be loaded.").format(file=md(result.source_name)))
        continue
    st.caption(_("{file}: {rows} rows").format(file=md(result.source_name), rows=number(len(result.frame), lang)))
    if kind == "needs" and not internal:
        st.caption(_("The needs are listed on the Needs page; their raw rows are shown here only in the internal view."))
        continue
    frame = result.frame.drop(columns=["geometry", "_row"], errors="ignore")
    st.dataframe(frame.head(500), hide_index=True, width="stretch")
