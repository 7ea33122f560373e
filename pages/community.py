"""Community: one community's page, as its residents and its council see it.

Reached by clicking a community on a map, by the search box, or by address:
``?community=UA1402001`` (a KATOTTH code works too), ``&as_of=2025-09-01`` (the needs with the
status they had that day), ``&since=2025-08-15`` (what opened and closed from that day on). An oblast's
or a raion's code (``UA51``, ``UA5110``, or its KATOTTH code) opens that oblast's or raion's page.
"""

from __future__ import annotations

import streamlit as st

from app import date_controls, shell
from geo.figures.community import headline, headline_tiles
from geo.figures.community_search import community_name, place_line
from geo.figures.community_tables import changes_table
from geo.figures.data_quality import data_quality, quality_tiles, stale_warnings
from geo.figures.timeline import changes_since, since_counts
from geo.ingest.codes import code_level, normalize_code
from geo.text.formatting import date
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md
from pages.parts import community_sections
from pages.parts.cached import community_search_labels, dated_community_table, level_units

context = shell()
lang = context.lang
_ = gettext_for(lang)
dataset = context.dataset

if dataset is None:
    st.title(_("Community"))
    st.error(_("The data could not be loaded. Open the Data page to see what is wrong."))
    st.stop()


def _go_to(pcode: str) -> None:
    st.query_params["community"] = pcode
    st.rerun()


labels = community_search_labels(context, lang)
wanted = st.query_params.get("community")
pcode = normalize_code(wanted)
coded = code_level(wanted) if pcode not in labels else None  # Kyiv's KATOTTH code is its hromada's page
unit_level = coded[0] if coded and coded[0] != "hromada" else None  # an oblast's or a raion's page
if unit_level:
    pcode = coded[1] if coded[1] in set(level_units(context, unit_level)["pcode"]) else None
today = context.day  # the reference day (geo.figures.data_date), not the clock

header = st.container()  # the title, above the search box that chooses it

# --- Finding a community, and the dates -------------------------------------------------------
search, as_of_col, since_col = st.columns([3, 1, 1])
with search:  # the box and the communities it finds (pages/parts/community_sections.find)
    community_sections.find(context, pcode if pcode in labels or (unit_level and pcode) else None, lang)
as_of, since = date_controls(as_of_col, since_col, lang)

if unit_level and pcode:
    st.query_params["community"] = pcode
    community_sections.unit_page(context, header, unit_level, pcode, as_of, lang)
    st.stop()

if pcode is None or pcode not in labels:
    header.title(_("Community"))
    if wanted:
        st.warning(_("No community has the code “{code}”.").format(code=md(wanted)))
    st.info(
        _(
            "Find a community by its name or by its centre's, in Ukrainian or English, or by its code; "
            "or click it on the map."
        )
    )
    st.stop()

st.query_params["community"] = pcode
on = as_of or today
dated, table = dated_community_table(context, as_of)
mine = dated.needs[dated.needs["pcode"] == pcode]
name = community_name(dataset.communities, pcode, lang)

header.title(_("{name} community").format(name=md(name)))
header.caption(place_line(dataset.communities, pcode, lang))
community_sections.way_up_links(header, context, pcode, "hromada", lang)
if as_of:
    st.info(_("As of {date}: each need with the status it had on that day.").format(date=date(as_of)))

# --- Headline figures --------------------------------------------------------------------------
tiles = headline_tiles(headline(table, dated.needs, pcode), lang)
for row in (tiles[:4], tiles[4:]):
    for col, tile in zip(st.columns(len(row)), row, strict=True):
        col.metric(
            tile.label,
            tile.value,
            tile.delta,
            delta_color=tile.delta_color,
            delta_description=tile.delta_description,
            border=True,
            help=tile.help,
        )

if since:
    counts = since_counts(mine, since, on)
    opened_col, closed_col = st.columns(2)
    opened_col.metric(_("Opened since {date}").format(date=date(since)), counts["opened"], border=True)
    closed_col.metric(_("Closed since {date}").format(date=date(since)), counts["closed"], border=True)
    changes = changes_since(mine, since, on)
    if not changes.empty:
        with st.expander(_("The needs opened and closed since {date}").format(date=date(since))):
            st.dataframe(changes_table(changes, lang), hide_index=True, width="stretch")

# --- The community on the map: zoomed to and outlined (pages/parts/community_sections.py) ------
community_sections.on_the_map(context, pcode, as_of, lang)

# --- Data quality ------------------------------------------------------------------------------
st.subheader(_("How fresh and complete the data is"))
quality = data_quality(dated.needs, dated.idp_counts, pcode, on)
quality_shown = quality_tiles(quality, on, lang)
for row in (quality_shown[:3], quality_shown[3:]):
    for col, tile in zip(st.columns(len(row)), row, strict=True):
        col.metric(tile.label, tile.value, delta_description=tile.delta_description, border=True)
for warning in stale_warnings(quality, lang, on):
    st.warning(warning)

# --- Charts, flows and hubs (pages/parts/community_sections.py) --------------------------------
community_sections.needs_over_time(dataset, mine, as_of, lang)
community_sections.where_people_went(context, dated, pcode, labels, as_of, lang, _go_to)
community_sections.hubs(dataset, pcode, lang)
