"""The forum page's two folded sections: "Edit the tour" and "Export for slides"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import folium
import streamlit as st

from geo.exports.slide import Slide, picture_html, slide_html
from geo.exports.snapshot import SnapshotUnavailable, render_pdf, render_png
from geo.forum.forum_map import file_stem, returned_view
from geo.forum.tour import Stop
from geo.forum.tour_figures import stop_area, stop_tiles, tour_figures
from geo.forum.tour_summary import summary_csv, summary_html
from geo.forum.tour_yaml import tour_to_yaml
from geo.ingest.loaders import Dataset
from geo.text.formatting import date
from geo.text.i18n import gettext_for
from geo.text.safe_markdown import md
from pages.parts import forum_tour


def edit_tour(stops: list[Stop], number: int, returned: dict | None, lang: str, uploads: bool) -> None:
    """Load a tour file, add the map's view as a stop, remove a stop, download the tour."""
    _ = gettext_for(lang)
    count = len(stops)
    st.caption(
        _("Tour: {name}, {count} stops. Changes last while this page is open: download the tour to keep them.").format(
            name=md(forum_tour.tour_name()), count=count
        )
    )
    if uploads:
        st.file_uploader(
            _("Load a tour (YAML or CSV)"), type=["yaml", "yml", "csv"], key="forum_upload", on_change=forum_tour.load_upload
        )
    if report := st.session_state.get("forum_upload_report"):
        name, error = report
        if error is None:
            st.success(_("The tour {file} is loaded.").format(file=md(name)))
        else:
            st.error(_("The tour {file} was not loaded; the tour shown before stays.").format(file=md(name)))
            st.markdown("\n".join(f"- {md(problem.describe(lang))}" for problem in error.problems))

    st.markdown(_("**Add the current view as a stop**"))
    st.caption(
        _(
            "Move the map to the view you want while this section is open. The new stop comes after this one, "
            "with this stop's layers, colours, filters and date, and the map's centre and zoom."
        )
    )
    view = returned_view(returned, stops[number - 1])
    with st.form("forum_add", border=False, clear_on_submit=True):
        st.text_input(_("Title of the new stop"), key="forum_new_title", max_chars=120)
        st.form_submit_button(_("Add the view as a stop"), on_click=forum_tour.add_stop, args=(number, view, lang))
    if message := st.session_state.pop("forum_edit_message", None):
        st.warning(md(message))
    left, middle, right = st.columns(3)
    left.download_button(
        _("Download the tour (YAML)"),
        tour_to_yaml(stops),
        file_name="tour.yaml",
        mime="application/x-yaml",
        on_click="ignore",
        key="forum_tour_yaml",
    )
    middle.button(
        _("Remove this stop"), key="forum_remove", on_click=forum_tour.remove_stop, args=(number,), disabled=count == 1
    )
    if forum_tour.loaded():
        right.button(_("Back to the demo tour"), key="forum_demo", on_click=forum_tour.back_to_demo)


def _made(state_key: str, made_for: tuple, make: Callable[[], bytes], lang: str) -> None:
    """Make a snapshot (PNG, PDF) once asked, and keep it with what it was made of; a missing browser is said."""
    try:
        st.session_state[state_key] = (made_for, make(), None)
    except SnapshotUnavailable as error:
        st.session_state[state_key] = (made_for, None, error.describe(lang))


def _offer(state_key: str, made_for: tuple, label: str, file_name: str, mime: str) -> None:
    """The download of a snapshot made for exactly this stop (or tour), language and data; or why not."""
    if (made := st.session_state.get(state_key)) and made[0] == made_for:
        _made_for, content, problem = made
        if problem:
            st.warning(md(problem))
        else:
            st.download_button(label, content, file_name=file_name, mime=mime, key=f"{state_key}_file")


def _slide(dataset: Dataset, stop: Stop, lang: str, today: dt.date, attribution: str, data_as_of: dt.date | None) -> Slide:
    """What the exported map says beside it or over it: the stop's title, area, date, text and tiles (the page's own)."""
    return Slide(
        title=stop.title_in(lang),
        lang=lang,
        area=stop_area(dataset, stop, lang),
        as_of=stop.as_of,
        text=stop.text_in(lang),
        tiles=tuple(stop_tiles(dataset, stop, lang, today)),
        data_as_of=data_as_of,
        attribution=attribution,
    )


def export_for_slides(
    dataset: Dataset,
    stops: list[Stop],
    number: int,
    make_map: Callable[[Stop], folium.Map],
    lang: str,
    today: dt.date,
    data_key: str,
    attribution: str = "",
    data_as_of: dt.date | None = None,
) -> None:
    """The stop's map as an offline HTML file (the stop's title, text and tiles beside it) and a 1920 × 1080
    picture (its title, legend, data date and attribution on it); the tour's figures as CSV and PDF."""
    _ = gettext_for(lang)
    stop = stops[number - 1]
    stem = file_stem(stop, number, lang)

    def slide() -> Slide:
        return _slide(dataset, stop, lang, today, attribution, data_as_of)

    st.caption(
        _(
            "The HTML file has the stop's title, text and figures beside the map; the picture has its title, "
            "the legend, the data's date and the source, without the map's buttons."
        )
    )
    st.download_button(
        _("The map as an HTML file (opens offline)"),
        lambda: slide_html(make_map(stop), slide()).encode("utf-8"),  # made when the presenter clicks
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        key="forum_html",
    )
    png_for = (stop, lang, data_key)
    if st.button(_("Make a picture of the map (PNG, 1920 × 1080)"), key="forum_make_png"):
        with st.spinner(_("Drawing the map…")):
            _made("forum_png", png_for, lambda: render_png(picture_html(make_map(stop), slide())), lang)
    _offer("forum_png", png_for, _("Download the picture (PNG)"), f"{stem}.png", "image/png")

    st.markdown(_("**The tour's figures, stop by stop**"))
    st.download_button(
        _("Download the figures (CSV)"),
        partial(lambda shown: summary_csv(tour_figures(dataset, list(shown), lang, today), lang), tuple(stops)),
        file_name=f"forum-figures-{lang}.csv",
        mime="text/csv",
        on_click="ignore",
        key="forum_csv",
    )
    pdf_for = (tuple(stops), lang, data_key, today)
    if st.button(_("Make the one-page summary (PDF)"), key="forum_make_pdf"):
        with st.spinner(_("Drawing the summary…")):
            heading, made_on = _("Forum tour: figures by stop"), _("Made on {date}").format(date=date(dt.date.today()))
            _made(
                "forum_pdf",
                pdf_for,
                lambda: render_pdf(summary_html(tour_figures(dataset, stops, lang, today), lang, heading, made_on)),
                lang,
            )
    _offer("forum_pdf", pdf_for, _("Download the summary (PDF)"), f"forum-summary-{lang}.pdf", "application/pdf")
