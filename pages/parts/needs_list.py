"""The Needs page's list, one page at a time: the line that says which rows, the table, the controls.

The whole filtered list is made once (``pages.parts.cached.needs_view``), in the page's order; only the
page's rows reach the browser (which rows, and the line: ``geo.figures.paging``). The page number lives
in the session (``needs_page``) and goes back to 1 when the filters or the data change. A list that one
page holds has no controls: it looks as it did before paging.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pandas as pd
import streamlit as st

from geo.figures.paging import DEFAULT_PAGE_SIZE, PAGE_SIZES, Page, page_holding, page_label, page_of
from geo.text.formatting import number
from geo.text.i18n import gettext_for

PAGE_KEY = "needs_page"  # the page number: the number box's value
SIZE_KEY = "needs_page_size"  # rows a page
FOR_KEY = "needs_page_for"  # the list that page number belongs to (data and filters)
FIRST_KEY = "needs_page_first"  # the first row shown, so that a new page size keeps it in view


def _go(step: int) -> None:
    st.session_state[PAGE_KEY] = int(st.session_state.get(PAGE_KEY) or 1) + step  # clamped by the next run


def _resize() -> None:
    state = st.session_state
    state[PAGE_KEY] = page_holding(state.get(FIRST_KEY, 0), state.get(SIZE_KEY) or DEFAULT_PAGE_SIZE)


def table(
    frame: pd.DataFrame, list_for: Hashable, lang: str, column_config: Mapping | None = None, height: int = 560
) -> Page:
    """One page of ``frame`` (the whole filtered, ordered list) with what says and moves the page.

    ``list_for`` names the list (the data's key and the filters): when it changes the list starts again
    at page 1. Returns the page shown, for the downloads' caption.
    """
    state = st.session_state
    if state.get(FOR_KEY) != list_for:
        state[FOR_KEY] = list_for
        state[PAGE_KEY] = 1
    page = page_of(len(frame), state.get(SIZE_KEY) or DEFAULT_PAGE_SIZE, state.get(PAGE_KEY) or 1)
    state[PAGE_KEY] = page.number  # before the number box exists: a page past the end is the last page
    state[FIRST_KEY] = page.start

    if page.has_controls:
        with st.container(key="needs_page_label"):  # found by scripts/bench_national.py: the list's count
            st.caption(page_label(page, lang))
    st.dataframe(frame.iloc[page.start : page.stop], hide_index=True, height=height, column_config=column_config)
    if page.has_controls:
        _controls(page, lang)
    return page


def _controls(page: Page, lang: str) -> None:
    """One compact row under the list: previous, the page number, next; then the rows a page."""
    _ = gettext_for(lang)
    if page.pages > 1:
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key="needs_paging"):
            st.button(
                _("Previous"),
                help=_("Go to the previous page"),
                icon=":material/chevron_left:",
                disabled=page.is_first,
                on_click=_go,
                args=(-1,),
                key="needs_page_previous",
            )
            st.number_input(
                _("Page"),
                min_value=1,
                max_value=page.pages,
                step=1,
                key=PAGE_KEY,
                label_visibility="collapsed",
                width=80,
            )
            st.markdown(_("of {pages}").format(pages=number(page.pages, lang)), width="content")
            st.button(
                _("Next"),
                help=_("Go to the next page"),
                icon=":material/chevron_right:",
                icon_position="right",
                disabled=page.is_last,
                on_click=_go,
                args=(1,),
                key="needs_page_next",
            )
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="needs_page_sizes"):
        st.markdown(_("Rows per page"), width="content")
        st.segmented_control(
            _("Rows per page"),
            PAGE_SIZES,
            format_func=lambda size: number(size, lang),
            default=DEFAULT_PAGE_SIZE,
            required=True,
            key=SIZE_KEY,
            on_change=_resize,
            label_visibility="collapsed",
            persist_state="page",  # a shorter list hides the choice; a longer one brings it back as it was
        )


def downloads_note(page: Page, lang: str) -> None:
    """Says, where the list is paged, that the files hold every row of it, not only the page shown."""
    if page.pages > 1:
        st.caption(gettext_for(lang)("The downloads hold every need of the list, on every page, not only this one."))
