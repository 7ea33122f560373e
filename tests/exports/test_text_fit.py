"""Text measured in the font it prints in: broken between words, cut ("…") only where it does not fit."""

from __future__ import annotations

import pytest

from geo.exports import text_fit
from geo.exports.text_fit import ELLIPSIS, cut, fit_lines, lines_needed, text_width

TITLE = "Херсонська область: потреби після підриву Каховської греблі, правий берег Дніпра"
SIZE = 11 * 0.3528  # 11 pt in mm


def test_the_font_the_summary_prints_in_is_measured():
    """On the server (Debian's fonts-dejavu-core comes with chromium) widths are the font's own, not a guess:
    "Ш" is wider than "і", and a text is as wide as its parts."""
    if not text_fit.measured():
        pytest.skip("DejaVu Sans is not installed here; widths are estimated")
    assert text_width("Ш", 10) > 2 * text_width("і", 10)
    assert text_width("Миколаїв Херсон", 10) == pytest.approx(
        text_width("Миколаїв", 10) + text_width(" ", 10) + text_width("Херсон", 10), rel=0.01
    )
    assert text_width("Хаби", 10, bold=True) > text_width("Хаби", 10)


def test_a_title_that_fits_is_never_cut():
    """A title with room on one line stays whole on one line; with room on two, it takes two, whole."""
    wide = text_width(TITLE, SIZE) + 0.5
    assert fit_lines(TITLE, wide, SIZE, lines=2) == [TITLE]
    two = fit_lines(TITLE, wide * 0.6, SIZE, lines=2)
    assert len(two) == 2 and " ".join(two) == TITLE and ELLIPSIS not in "".join(two)
    assert all(text_width(line, SIZE) <= wide * 0.6 for line in two)


def test_only_what_does_not_fit_is_cut():
    """Past the last line the rest is cut, as late as the width allows, with "…"."""
    width = text_width(TITLE, SIZE) / 3
    lines = fit_lines(TITLE, width, SIZE, lines=2)
    assert len(lines) == 2 and lines[1].endswith(ELLIPSIS)
    assert TITLE.startswith(lines[0] + " " + lines[1][:-1].rstrip())
    assert all(text_width(line, SIZE) <= width for line in lines)
    rest, shown = TITLE[len(lines[0]) + 1 :], lines[1][:-1]
    following = len(shown) + rest[len(shown) :].index(next(c for c in rest[len(shown) :] if c != " "))
    assert text_width(rest[: following + 1] + ELLIPSIS, SIZE) > width  # one more letter would not fit
    assert lines_needed(TITLE, width, SIZE, 2) == 2


def test_a_word_longer_than_the_line_is_broken_not_lost():
    """A code or a long compound word wider than the column is broken across lines rather than dropped."""
    word = "UA4806037UA4806039UA4806041"
    width = text_width(word, SIZE) / 2.5
    lines = fit_lines(word, width, SIZE, lines=3)
    assert "".join(lines) == word and len(lines) == 3
    assert cut("", 10, SIZE) == "" and fit_lines("   ", 10, SIZE) == [""]
