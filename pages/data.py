"""Data: what is loaded, from which files, when, and what was left out of them and why.

In plain words (``geo.figures.data_summary``): one column per input with its file, the time it was
read, its rows read, loaded and left out and why, the columns left out; the problems with what to
do; each input's first rows, labelled. A visitor's upload that was refused is named first, with
its own problems, since the map still shows the data from before.

The needs' rows are listed only in the internal view: their raw rows carry the vulnerable groups
that the public view hides where fewer than 3 needs of a community share them
(``geo.figures.disclosure``), so the public reads the needs on the Needs page. File names come from
uploads: they are escaped (``md``) wherever Markdown shows them, in ``st.table``'s cells too (it reads
them as Markdown); ``st.dataframe`` shows text as text.
"""

from __future__ import annotations

import os

import streamlit as st

from app import shell
from geo.db.read import read_at_line
from geo.exports.report import report_csv
from geo.figures.data_summary import inputs_table, problems_table, rows_table
from geo.ingest.contract import KIND_LABELS, KINDS
from geo.ingest.name_match import match_table
from geo.ingest.settings import internal_view_enabled
from geo.text.formatting import number
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md

LONG_LIST = 12  # problems shown in full; a longer list scrolls in a box of its own, so the rows below stay in reach


def show_problems(frame) -> None:
    height = 600 if len(frame) > LONG_LIST else "content"
    st.container(height=height, border=False).table(frame.map(md), hide_index=True)


context = shell()
lang = context.lang
_ = gettext_for(lang)
results = context.results
internal = internal_view_enabled(os.environ, st.secrets)

st.title(_("Data"))
st.write(
    _(
        "The four inputs of the map: the file each comes from, when it was read, how many of its rows are on "
        "the map, and what was left out and why."
    )
)

for kind, (name, accepted, attempt) in st.session_state.get("upload_reports", {}).items():
    if accepted or kind not in attempt:
        continue
    st.error(_("Your file {file} was not loaded, so the map shows the data from before.").format(file=md(name)))
    st.table(inputs_table(attempt, lang, internal, kinds=[kind]).map(md))
    show_problems(problems_table({kind: attempt[kind]}, lang))
    if attempt[kind].matches is not None:  # the codes its names gave, and the names that gave none
        st.download_button(
            _("Download the match table (CSV)"),
            report_csv(match_table(attempt[kind].matches, lang), lang),
            file_name=f"matches-{kind}.csv",
            mime="text/csv",
            key=f"refused_matches_{kind}",
        )

st.subheader(_("What is loaded"))
if line := read_at_line(results, lang):  # the database source (geo.db): when its tables were last read
    st.caption(line)
st.table(inputs_table(results, lang, internal).map(md))

st.subheader(_("Problems found"))
problems = problems_table(results, lang)
if problems.empty:
    st.success(_("No problems in the data on the map: every file loaded as it is."))
else:
    show_problems(problems)
    st.download_button(
        _("Download the problems (CSV)"),
        report_csv(problems, lang),
        file_name="problems.csv",
        mime="text/csv",
        key="report_csv",
    )
for kind, result in results.items():  # a file of names without codes: the codes found, row by row
    if result.matches is not None:
        st.download_button(
            _("Download the match table of {file} (CSV)").format(file=md(result.source_name)),
            report_csv(match_table(result.matches, lang), lang),
            file_name=f"matches-{kind}.csv",
            mime="text/csv",
            key=f"matches_{kind}",
        )

st.subheader(_("The rows as loaded"))
for kind, tab in zip(KINDS, st.tabs([_(KIND_LABELS[kind]) for kind in KINDS]), strict=True):
    result = results.get(kind)
    with tab:
        if result is None or result.frame is None:
            st.info(_("Not loaded: see the table above."))
        elif kind == "needs" and not internal:
            st.caption(_("The needs are listed on the Needs page; their rows are shown here only in the internal view."))
        else:
            rows = rows_table(kind, result.frame, lang, communities=results["communities"].frame)
            some = len(rows) < len(result.frame)
            caption = _("{file}: the first {shown} of {rows} rows.") if some else _("{file}: all {rows} rows.")
            shown, total = number(len(rows), lang), number(len(result.frame), lang)
            st.caption(caption.format(file=md(result.source_name), shown=shown, rows=total))
            st.dataframe(rows, hide_index=True, width="stretch")
