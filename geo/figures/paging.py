"""One page of a long list: which rows it shows, and the line that says so.

At national scale the Needs page lists tens of thousands of needs; sending them all to the browser on
every filter change is most of what a change costs, and nobody reads them on a screen. The list shows
one page of the filtered, ordered rows; the downloads keep every row (``pages/parts/needs_exports.py``).
Pure: the page keeps the page number in its session and draws the widgets (``pages/parts/needs_list.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.text.formatting import number
from geo.text.i18n import N_, gettext_for

PAGE_SIZES = (50, 100, 500)
DEFAULT_PAGE_SIZE = 100
LABEL = N_("Needs {first}–{last} of {total}")


@dataclass(frozen=True)
class Page:
    """One page of a list of ``total`` rows, ``size`` a page: rows ``start`` to ``stop`` (exclusive).

    ``number`` is 1-based and always a page that exists (1 for an empty list), so a page past the end
    never shows an empty list.
    """

    total: int
    size: int
    number: int
    pages: int
    start: int
    stop: int

    @property
    def has_controls(self) -> bool:
        """Whether the list needs paging controls at all: a list the default page holds looks as it did
        before paging. A visitor who chose another size keeps the choice while a page can hold fewer rows
        than the list has, so that 500 a page can go back to 100."""
        return self.total > min(self.size, DEFAULT_PAGE_SIZE)

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def is_last(self) -> bool:
        return self.number == self.pages


def page_of(total: int, size: int, number: int) -> Page:
    """Page ``number`` (1-based) of ``total`` rows, clamped to the pages that exist.

    ``size`` must be positive; ``total`` is the whole filtered list, counted before any slicing.
    """
    if size < 1:
        raise ValueError(f"a page holds at least one row, not {size}")
    total = max(int(total), 0)
    pages = max(-(-total // size), 1)
    number = min(max(int(number), 1), pages)
    start = (number - 1) * size
    return Page(total=total, size=size, number=number, pages=pages, start=start, stop=min(start + size, total))


def page_holding(row: int, size: int) -> int:
    """The page number (1-based) that holds ``row`` (0-based) at ``size`` rows a page: a new page size
    keeps the row the visitor was reading in view."""
    return max(int(row), 0) // size + 1


def page_label(page: Page, lang: str) -> str:
    """ "Needs 1–100 of 54,802" / "Потреби 1–100 з 54 802": the rows shown, in the app's number format."""
    first = page.start + 1 if page.total else 0
    return gettext_for(lang)(LABEL).format(
        first=number(first, lang), last=number(page.stop, lang), total=number(page.total, lang)
    )
