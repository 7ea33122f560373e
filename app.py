"""The dashboard's one entry point: the pages, and the shell (sidebar and data) they share.

Run with ``make run`` (see README.md). ``main`` declares the pages; each page begins with
``context = shell()``, which draws the one shared sidebar (language, your own files) and
returns the loaded data, so no page builds its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import folium
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager  # private, but the only sign of the folder mode (1.x)

from geo.db import database_url, read_dataset
from geo.figures.data_date import DataDates, as_of_line, data_dates, demo_reference_day
from geo.figures.metrics import community_metrics
from geo.ingest.contract import KINDS
from geo.ingest.indicators import indicator_paths
from geo.ingest.limits import OWN_LIMITS
from geo.ingest.loaders import DEFAULT_FILES, ENV_VARS, UNIT_KINDS, Dataset, LoadResult, default_sources, unit_sources
from geo.ingest.mapping import ColumnMapping
from geo.ingest.reading import Source
from geo.ingest.settings import (
    BadSetting,
    data_as_of,
    internal_view_enabled,
    mapping_setting,
    reference_day,
    uploads_enabled,
)
from geo.ingest.validate import load_boxed
from geo.maps.assets import install_static
from geo.maps.served_data import serve_data
from geo.text.i18n import LANGUAGE_NAMES, LANGUAGES, gettext_for, normalize_language
from geo.text.safe_markdown import md

APP_DIR = Path(__file__).resolve().parent
DATA_DIR = APP_DIR / "data"
KYIV = ZoneInfo("Europe/Kyiv")  # "today" is Kyiv's day, wherever the server runs
# The page's own layout on a laptop and a phone (Streamlit's test ids; the map's style is geo.maps).
# Segmented controls wrap instead of cutting their last option ("ВПО на 1000 мешканц…"); less
# space above the title, so that on a laptop the map starts higher; on a phone the page keeps its
# width for the map, the headline figures go three to a row instead of one, and the home map comes
# before its controls.
LAYOUT_CSS = """
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; row-gap: 0.25rem; overflow: visible; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
/* a figure's label says its base ("Закрито, % усіх потреб"): it wraps instead of ending in "…" */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 2.75rem 0.5rem 1rem; }
  h1 { font-size: 1.5rem !important; }
  .st-key-data_dates { padding-top: 1.25rem; }  /* clear of the header's sidebar button */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap; gap: 0.5rem;
  }
  [data-testid="stColumn"]:has(> div [data-testid="stMetric"]) {
    min-width: calc(33% - 0.5rem) !important; flex: 1 1 calc(33% - 0.5rem) !important;
  }
  [data-testid="stMetricValue"] { font-size: 1.5rem; }
  /* the home map's controls after the map, so that the map is on the first screen */
  .st-key-home_controls, :has(> .st-key-home_controls) { order: 1; }
}
"""


@st.cache_resource
def _static_ready() -> Path:
    """Leaflet and its plugins copied from the XStatic packages, once per server process."""
    return install_static(APP_DIR / "static")


def served(m: folium.Map) -> folium.Map:
    """``m`` with its large payloads in a static file (``geo.maps.served_data``), for ``st_folium``: a run
    that changes only a layer then sends that layer, not the whole map's data again."""
    serve_data(m, APP_DIR / "static" / "data")
    return m


# The files and what is loaded from them are shared by every session, read-only (cache_resource):
# a copy per run (cache_data) cost 32 MB per session and 40 MB of hashing per run at national
# scale (docs/scaling.md). Nothing downstream changes a loaded frame in place.
@st.cache_resource(show_spinner=False)
def _read_defaults(paths: tuple[tuple[str, str, ColumnMapping | None], ...]) -> dict[str, Source]:
    """The deployment's own files, read under its own limits (``OWN_LIMITS``: larger than an upload's)."""
    return {kind: Source.from_path(path, mapping=mapping, limits=OWN_LIMITS) for kind, path, mapping in paths}


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs={Source: lambda source: source.digest})
def _load(sources: tuple[Source, ...], new: str | None = None, keep_personal: bool = False):
    """Load and check all four inputs, and work out the figures per community once.

    The files are read in a box (``geo.ingest.validate.load_boxed``: a child process with a time and a
    memory limit), so that a hostile upload neither takes the server's memory nor holds up the
    other visitors; the data shown before stays when it is refused. ``keep_personal`` (the
    internal view, a deployment setting) keeps the needs' personal columns.
    """
    files = {**dict(zip(KINDS, sources[: len(KINDS)], strict=True)), "indicators": sources[len(KINDS)]}
    files |= _unit_sources()  # the oblasts' and raions' own boundaries, a deployment's setting
    files |= {kind: s for kind, s in zip(UNIT_KINDS, sources[len(KINDS) + 1 :], strict=True) if s is not None}  # uploaded
    dataset, results = load_boxed(files, new, keep_personal=keep_personal)
    metrics = None
    if dataset is not None:
        metrics = community_metrics(dataset.communities, dataset.needs, dataset.hubs, dataset.idp_counts)
    return dataset, results, metrics


# How long the tables read from the database are kept (seconds): the promise "on the map within a minute".
DATABASE_TTL = int(os.environ.get("HROMADA_DATABASE_TTL", "60") or 60)


@st.cache_resource(ttl=DATABASE_TTL, show_spinner=False, max_entries=2)
def _from_database(url: str, internal: bool):
    """The tables, read again at most once a minute (``geo.db.read_dataset``): a need another organisation
    writes is on the map within that minute, without a restart. Shared by every session, as ``_load`` is."""
    read = read_dataset(url, "internal" if internal else "public")
    metrics = None
    if read.dataset is not None:
        metrics = community_metrics(read.dataset.communities, read.dataset.needs, read.dataset.hubs, read.dataset.idp_counts)
    return read.dataset, read.results, metrics, read.read_at.isoformat()


@st.cache_resource(show_spinner=False)
def _unit_sources() -> dict[str, Source]:
    """HROMADA_OBLASTS / HROMADA_RAIONS (geo.ingest.loaders.unit_sources), read once."""
    return unit_sources(os.environ)


def _internal_view() -> bool:
    """Set by whoever deploys the app (HROMADA_INTERNAL_VIEW=1 or internal_view in secrets), never by a visitor."""
    return internal_view_enabled(os.environ, st.secrets)


def uploads_allowed() -> bool:
    """Whether visitors may upload files (on unless HROMADA_UPLOADS=0 or uploads = false in secrets)."""
    return uploads_enabled(os.environ, st.secrets)


def _as_key(sources: dict[str, Source]) -> tuple:
    """The inputs in KINDS order, the indicators files (a tuple of Sources, perhaps empty), then the
    oblasts' and raions' boundaries a visitor uploaded (None: the deployment's, or dissolved)."""
    return (
        *(sources[kind] for kind in KINDS),
        tuple(sources.get("indicators", ())),
        *(sources.get(kind) for kind in UNIT_KINDS),
    )


def _digests(sources: dict) -> str:
    """Every input file's digest, the indicators files' too: what the data is, in one string."""
    return "".join(s.digest for s in sources.values() if isinstance(s, Source)) + "".join(
        s.digest for s in sources.get("indicators", ())
    )


def set_language(lang: str) -> None:
    """Switch the language (a widget's callback): the sidebar's choice, or forum mode's own switch."""
    st.session_state["lang"] = normalize_language(lang)


def language_key(prefix: str) -> str:
    """A language switch's widget key, new for each language, so that a switch made elsewhere
    (forum mode hides the sidebar) shows the language in use and not the one it last chose."""
    return f"{prefix}_{st.session_state['lang']}"


def _language() -> str:
    """The language: from the URL (?lang=en) on arrival, then from the sidebar; kept in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalize_language(st.query_params.get("lang"))
    key = language_key("lang_choice")
    st.sidebar.radio(
        "Мова / Language",
        LANGUAGES,
        index=LANGUAGES.index(st.session_state["lang"]),
        format_func=LANGUAGE_NAMES.get,
        key=key,
        on_change=lambda: set_language(st.session_state[key]),
        horizontal=True,
    )
    lang = st.session_state["lang"]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _default_sources() -> dict[str, Source]:
    paths = default_sources(DATA_DIR, os.environ)
    defaults = _read_defaults(tuple((kind, str(paths[kind]), _deployment_mapping(kind)) for kind in KINDS))
    paths = tuple(str(p) for p in indicator_paths(DATA_DIR, os.environ))
    return {**defaults, "indicators": _read_indicators(paths, _deployment_mapping("indicators"))}


@st.cache_resource(show_spinner=False)
def _read_indicators(paths: tuple[str, ...], mapping: ColumnMapping | None = None) -> tuple[Source, ...]:
    """The deployment's indicators files (HROMADA_INDICATORS, else the demo's data/indicators.csv), each read with
    the deployment's indicators mapping (HROMADA_INDICATORS_MAP or ``[mapping.indicators]``) when it sets one."""
    return tuple(Source.from_path(path, mapping=mapping, limits=OWN_LIMITS) for path in paths)


def _deployment_mapping(kind: str) -> ColumnMapping | None:
    """The deployment's column mapping for an input (HROMADA_NEEDS_MAP or ``[mapping.needs]`` in secrets)."""
    try:
        return mapping_setting(kind, os.environ, st.secrets)
    except BadSetting as bad:
        _ = gettext_for(st.session_state.get("lang", "uk"))
        st.warning(
            _("The deployment setting {name} = {value} is not a column mapping that can be used; it is ignored.").format(
                name=md(bad.name), value=md(str(bad.value))
            )
        )
        return None


def _your_files(lang: str, sources: dict[str, Source]) -> dict[str, Source]:
    """The sidebar's uploads and their column mapping (``pages.parts.your_files``), when the deployment allows them."""
    if not uploads_allowed():
        return sources
    from pages.parts.your_files import your_files  # here: the part is Streamlit's, and imports no page

    def load(candidate: dict[str, Source], kind: str):
        dataset, results, _metrics = _load(_as_key(candidate), kind, _internal_view())
        return dataset, results

    return your_files(lang, sources, load)


def _your_indicators(lang: str, sources: dict, defaults: dict) -> dict:
    """The indicators uploader and its column mapping (``pages.parts.your_files.your_indicators``), when allowed."""
    if not uploads_allowed():
        return sources
    from pages.parts.your_files import your_indicators  # the upload panel's own part

    def load(candidate: dict[str, Source], kind: str):
        dataset, results, _metrics = _load(_as_key(candidate), kind, _internal_view())
        return dataset, results

    return your_indicators(lang, sources, defaults, load)


@dataclass(frozen=True)
class Context:
    """What every page needs: the language, the loaded data and the load report."""

    lang: str
    dataset: Dataset | None
    metrics: pd.DataFrame | None
    results: dict[str, LoadResult]
    demo_boundaries: bool
    key: str  # changes whenever any input changes: a cache key for what pages derive from the data
    dates: DataDates | None = None  # the data's date and the reference day ages count to (None: no data)

    @property
    def day(self) -> dt.date:
        """The reference day: what "days open" and staleness count to (geo.figures.data_date)."""
        return self.dates.reference_day if self.dates else datetime.now(KYIV).date()


def shell() -> Context:
    """The shared part of every page: page config, language, the sidebar and the data.

    Each page calls this first, so that a page opened directly (Streamlit runs ``pages/*.py``
    by itself on a server's first request and under AppTest) has the same sidebar and data.
    """
    lang = _language()
    _declare_pages_if_run_directly()
    _ = gettext_for(lang)
    st.set_page_config(
        page_title=_("Communities: needs, hubs, IDPs"), page_icon=str(APP_DIR / "static" / "icon.png"), layout="wide"
    )
    _static_ready()
    st.html(f"<style>{LAYOUT_CSS}</style>")
    calendar_language(lang)  # early: each element drawn after it redraws the app, the calendars with it
    defaults = _default_sources()
    sources = _your_files(lang, st.session_state.get("sources", defaults))
    sources = _your_indicators(lang, sources, defaults)
    url = database_url(os.environ, st.secrets)  # the database source (geo.db, docs/database.md); an upload wins
    if url and not st.session_state.get("last_upload"):
        dataset, results, metrics, read_at = _from_database(url, _internal_view())
        key = hashlib.sha256(f"{url}{read_at}".encode()).hexdigest()
    else:
        dataset, results, metrics = _load(_as_key(sources), st.session_state.get("last_upload"), _internal_view())
        key = hashlib.sha256(_digests(sources).encode()).hexdigest()
    demo = (
        not url and sources["communities"].name == DEFAULT_FILES["communities"] and ENV_VARS["communities"] not in os.environ
    )
    dates = _dates(dataset, sources, lang) if dataset is not None else None
    if dates is not None and (line := as_of_line(dates, lang)):
        st.container(key="data_dates").caption(line)  # every page, above its title
    left_out = results.get("indicators")
    if dataset is not None and left_out is not None and not left_out.ok:  # a deployment's: optional, left off
        said = _("{files}: these indicators could not be read, so the map is drawn without them. The Data page says why.")
        st.warning(said.format(files=md(left_out.source_name or "")))
    return Context(lang, dataset, metrics, results, demo, key, dates)


def _dates(dataset: Dataset, sources: dict[str, Source], lang: str) -> DataDates:
    """The reference day and the data's date (geo.figures.data_date); a setting that cannot be read is said."""
    _ = gettext_for(lang)
    settings = {}
    for name, read in (("reference_day", reference_day), ("data_as_of", data_as_of)):
        try:
            settings[name] = read(os.environ, st.secrets)
        except BadSetting as bad:
            settings[name] = None
            st.warning(
                _("The deployment setting {name} = {value} is not a date; write it as 2025-10-31. It is ignored.").format(
                    name=md(bad.name), value=md(str(bad.value))
                )
            )
    # The demo's needs: the default file, neither replaced by the deployment (HROMADA_NEEDS) nor uploaded.
    demo_needs = ENV_VARS["needs"] not in os.environ and sources["needs"] is _default_sources()["needs"]
    demo_day = demo_reference_day(DATA_DIR) if demo_needs else None
    return data_dates(
        dataset, datetime.now(KYIV).date(), settings["reference_day"], settings["data_as_of"], demo_day=demo_day
    )


# How a date box shows its date (Streamlit's moment.js formats): day first in Ukrainian, ISO in English.
DATE_FORMATS = {"uk": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
# The calendar under a date box names its months and starts its weeks as ``navigator.language`` says
# (Streamlit 1.67 has no setting for it): the page's language decides instead, Monday first in both.
CALENDAR_LOCALES = {"uk": "uk-UA", "en": "en-GB"}
CALENDAR_SCRIPT = """<style>div:has(> .st-key-calendar_language) { display: none; }</style><script>
(function () {
  var locale = %s;
  if (navigator.language === locale) { return; }
  Object.defineProperty(navigator, "language", {configurable: true, get: function () { return locale; }});
  window.dispatchEvent(new Event("resize"));  // Streamlit redraws on it, and reads navigator.language again
})();
</script>"""


def calendar_language(lang: str) -> None:
    """Date pickers in the page's language: its month names, Monday first (``shell`` calls it, early).

    Streamlit's calendar follows the browser's language (``navigator.language``), so an English browser
    showed "December 2026" and Sunday first on a Ukrainian page; this script makes the browser report the
    page's language, which Streamlit reads again when it redraws (the script asks it to, with a resize
    event: it may run after the page's last element). In Streamlit 1.67 only the calendar and
    ``st.context.locale`` read it: the date box is drawn in ``DATE_FORMATS``, numbers follow ``navigator.languages``.
    """
    with st.container(key="calendar_language"):
        st.html(CALENDAR_SCRIPT % json.dumps(CALENDAR_LOCALES[lang]), unsafe_allow_javascript=True)


def date_controls(as_of_col, since_col, lang: str) -> tuple[dt.date | None, dt.date | None]:
    """The "as of" and "since" dates that the map and the Community page share, kept in the URL."""
    _ = gettext_for(lang)
    today = dt.date.today()
    as_of = as_of_col.date_input(
        _("As of"),
        value=None,
        min_value=dt.date(2014, 1, 1),
        max_value=today,
        key="as_of",
        bind="query-params",
        help=_("The needs with the status they had on this day. Empty: today."),
        format=DATE_FORMATS[lang],
    )
    since = since_col.date_input(
        _("Since"),
        value=None,
        min_value=dt.date(2014, 1, 1),
        max_value=today,
        key="since",
        bind="query-params",
        help=_("What opened and what closed from this day on, e.g. since the last forum."),
        format=DATE_FORMATS[lang],
    )
    return as_of, since


def navigation():
    """The pages, with their names in the visitor's language (``st.navigation``)."""
    _ = gettext_for(normalize_language(st.session_state.get("lang") or st.query_params.get("lang")))
    return st.navigation(
        [
            st.Page(APP_DIR / "pages" / "map.py", title=_("Map"), url_path="map", default=True),
            st.Page(APP_DIR / "pages" / "community.py", title=_("Community"), url_path="community"),
            st.Page(APP_DIR / "pages" / "needs.py", title=_("Needs"), url_path="needs"),
            st.Page(APP_DIR / "pages" / "data.py", title=_("Data"), url_path="data"),
            st.Page(APP_DIR / "pages" / "forum.py", title=_("Forum"), url_path="forum"),
            st.Page(APP_DIR / "pages" / "about.py", title=_("About"), url_path="about"),
        ]
    )


def _declare_pages_if_run_directly() -> None:
    """A server's very first visitor who opens a page by its address (/data) gets that page run by
    Streamlit's older, folder-based multipage mode, before ``main`` ever declared the pages: its
    sidebar would list the files (app, about, community, ...). Declaring them here gives that
    visitor the same translated navigation as everyone after (who never pass here), and runs the page
    again the way every later run goes, so that its widgets keep their identity from the first click."""
    if PagesManager.uses_pages_directory:
        navigation()
        st.rerun()


def main() -> None:
    navigation().run()


if __name__ == "__main__":
    main()
