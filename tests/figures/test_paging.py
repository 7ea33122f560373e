"""One page of a long list (geo.figures.paging): which rows it shows, the line that says so, the page clamped."""

from __future__ import annotations

import pytest

from geo.figures.paging import DEFAULT_PAGE_SIZE, PAGE_SIZES, Page, page_holding, page_label, page_of
from geo.text.formatting import number


def rows(page: Page) -> range:
    return range(page.start, page.stop)


def test_the_first_page_holds_the_first_rows():
    """Page 1 of 54,802 needs at 100 a page: rows 0-99, and 549 pages in all (the last one partly full)."""
    page = page_of(54_802, 100, 1)
    assert rows(page) == range(0, 100)
    assert (page.number, page.pages, page.is_first, page.is_last) == (1, 549, True, False)
    assert page.has_controls


def test_a_middle_page_follows_the_one_before():
    page = page_of(399, 100, 2)
    assert rows(page) == range(100, 200)
    assert not page.is_first and not page.is_last


def test_the_last_page_holds_what_is_left():
    """Page 4 of 399 needs shows rows 300-398: 99 rows, not an empty row more."""
    page = page_of(399, 100, 4)
    assert rows(page) == range(300, 399)
    assert page.is_last and len(rows(page)) == 99


@pytest.mark.parametrize("asked", [5, 400, 10**9])
def test_a_page_past_the_end_is_the_last_page_never_an_empty_list(asked):
    """A page number kept from a longer list (the filters narrowed it) shows the last page's rows."""
    page = page_of(399, 100, asked)
    assert page.number == 4 and rows(page) == range(300, 399)


@pytest.mark.parametrize("asked", [0, -3])
def test_a_page_before_the_first_is_the_first(asked):
    assert page_of(399, 100, asked) == page_of(399, 100, 1)


def test_an_empty_list_has_one_empty_page_and_no_controls():
    page = page_of(0, 100, 3)
    assert (page.number, page.pages, page.start, page.stop) == (1, 1, 0, 0)
    assert page.is_first and page.is_last and not page.has_controls


@pytest.mark.parametrize("total", [1, 11, 99, 100])
def test_a_list_the_page_holds_is_one_page_without_controls(total):
    """Fewer rows than a page (the demo filtered to one sector): all of them, and the list looks as before paging."""
    page = page_of(total, DEFAULT_PAGE_SIZE, 1)
    assert rows(page) == range(0, total) and page.pages == 1
    assert not page.has_controls


def test_a_larger_page_chosen_keeps_its_controls_so_it_can_be_undone():
    """At 500 a page, 399 needs fit on one page, but the choice stays on screen to go back to 100 a page;
    a list that even 100 a page holds needs no choice at all."""
    assert page_of(399, 500, 1).pages == 1 and page_of(399, 500, 1).has_controls
    assert not page_of(80, 500, 1).has_controls
    assert page_of(80, 50, 1).has_controls  # 50 a page: two pages


def test_the_one_more_row_makes_a_second_page():
    assert page_of(101, 100, 2).pages == 2 and rows(page_of(101, 100, 2)) == range(100, 101)


def test_a_page_of_no_rows_is_refused():
    with pytest.raises(ValueError, match="at least one row, not 0"):
        page_of(10, 0, 1)


def test_every_page_size_offered_is_positive_and_the_default_among_them():
    assert DEFAULT_PAGE_SIZE in PAGE_SIZES and all(size > 0 for size in PAGE_SIZES)


@pytest.mark.parametrize(("row", "size", "holding"), [(0, 100, 1), (99, 100, 1), (100, 100, 2), (100, 50, 3), (250, 500, 1)])
def test_a_new_page_size_keeps_the_row_read_in_view(row, size, holding):
    """The first row shown (row 100, on page 2 at 100 a page) is on page 3 at 50 a page, on page 1 at 500."""
    assert page_holding(row, size) == holding
    page = page_of(10_000, size, holding)
    assert page.start <= row < page.stop


@pytest.mark.parametrize(
    ("total", "page_number", "lang", "label"),
    [
        (54_802, 1, "en", "Needs 1–100 of 54,802"),
        (54_802, 1, "uk", "Потреби 1–100 з 54\xa0802"),
        (54_802, 549, "en", "Needs 54,801–54,802 of 54,802"),
        (399, 2, "uk", "Потреби 101–200 з 399"),
    ],
)
def test_the_label_says_which_rows_in_the_users_language_and_number_format(total, page_number, lang, label):
    assert page_label(page_of(total, 100, page_number), lang) == label
    assert number(54_802, lang) in page_label(page_of(54_802, 100, 1), lang)  # the app's own number format
