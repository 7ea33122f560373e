"""The Needs page's filters: what each keeps, and why a group hidden in the public view is never found."""

from __future__ import annotations

from datetime import date

import pytest

from geo.figures.disclosure import SUPPRESSED_COLUMN
from geo.figures.filters import NO_PROVIDER, Filters, apply, days_open
from geo.figures.needs_view import prepare_needs

TODAY = date(2025, 8, 11)


@pytest.fixture(scope="module")
def needs(small):
    """The five fixture needs with their groups as the file has them (the internal view's frame).

    In the public view all three needs with groups are alone in their community, so their groups
    are hidden (``test_the_group_filter_never_finds_a_hidden_group``); the filters work the same.
    """
    return prepare_needs(small, internal=True)


def kept(needs, filters: Filters) -> list[str]:
    return sorted(apply(needs, filters, TODAY)["need_id"])


EVERY = ("open", "in_progress", "closed")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["N-1", "N-2", "N-5"]),  # unmet needs by default: open and in progress
        (Filters(status=("closed",)), ["N-3", "N-4"]),
        (Filters(status=EVERY, sector=("food", "wash")), ["N-1", "N-4"]),
        (Filters(status=EVERY, verified=False), ["N-3", "N-4"]),
        (Filters(status=EVERY, oblast=("Khersonska",)), ["N-5"]),
        (Filters(status=EVERY, community=("UA4806017",)), ["N-3", "N-4"]),
        (Filters(status=EVERY, reported_from=date(2025, 6, 5)), ["N-2", "N-3", "N-4", "N-5"]),
        (Filters(status=EVERY, reported_to=date(2025, 6, 5)), ["N-1", "N-2"]),  # the last day counts
        (Filters(status=EVERY, min_days_open=21), ["N-1", "N-2", "N-3"]),  # N-3 took 21 days, N-4 14
        (Filters(status=EVERY, group=("children", "disability")), ["N-1", "N-2"]),
        (Filters(status=EVERY, provider=(NO_PROVIDER,)), ["N-1"]),
        (Filters(status=EVERY, provider=(NO_PROVIDER, "Volunteer initiative")), ["N-1", "N-4"]),
        (Filters(status=EVERY, sector=("food",), verified=False), []),
    ],
)
def test_each_filter_keeps_what_a_provider_asked_for(needs, filters, expected):
    """Status, sector, verified, oblast, community, dates, days open, groups and provider each narrow the list."""
    assert kept(needs, filters) == expected


def test_days_open_count_to_closing_or_today(needs):
    """A closed need counts until it was closed; an open one until today."""
    days = dict(zip(needs["need_id"], days_open(needs, TODAY), strict=True))
    assert days == {"N-1": 70, "N-2": 67, "N-3": 21, "N-4": 14, "N-5": 10}


def test_a_group_matches_whole_keys_only(needs):
    """Asking for 'elderly' does not match a need whose groups merely contain the letters."""
    assert kept(needs, Filters(status=EVERY, group=("elderly",))) == ["N-1"]
    assert kept(needs, Filters(status=EVERY, group=("single_parent",))) == []


def test_the_group_filter_never_finds_a_hidden_group(small):
    """In the public view, asking for group=elderly or disability does not list N-1, whose groups are hidden
    (it is the only need in its community with them); the internal view finds it."""
    public = prepare_needs(small, internal=False)
    assert public.set_index("need_id").loc["N-1", SUPPRESSED_COLUMN]
    for group in ("elderly", "disability", "children", "large_family"):
        assert kept(public, Filters(status=EVERY, group=(group,))) == []
    internal = prepare_needs(small, internal=True)
    assert kept(internal, Filters(status=EVERY, group=("elderly",))) == ["N-1"]
    assert SUPPRESSED_COLUMN not in internal.columns
