"""The Needs page's list and figures, in the public and the internal view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.contract import PERSONAL_COLUMNS
from geo.filters import Filters, apply
from geo.i18n import gettext_for
from geo.loaders import load_dataset
from geo.needs_view import (
    LIST_COLUMNS,
    PERSONAL_HEADERS,
    community_labels,
    headers,
    headline,
    list_frame,
    open_counts,
    ordered,
    prepare_needs,
    public_needs,
)

TODAY = date(2025, 8, 11)
SECRETS = ("Secret Person", "+380 99", "Secret street", "secret note")


@pytest.fixture(scope="module")
def internal_small(fixture_sources):
    """The fixture set as the internal view loads it: personal columns and household points kept."""
    dataset, _results = load_dataset(fixture_sources, keep_personal=True)
    assert dataset is not None
    return dataset


def test_the_loader_keeps_personal_columns_only_when_asked(small, internal_small):
    """By default the needs have no personal column; the internal view's loading keeps them all."""
    assert not set(PERSONAL_COLUMNS) & set(small.needs.columns)
    assert set(PERSONAL_COLUMNS) <= set(internal_small.needs.columns)
    assert internal_small.needs.set_index("need_id").loc["N-4", "contact_name"] == "Secret Person Four"


def test_public_view_drops_personal_columns_even_if_they_were_loaded(internal_small):
    """Whatever reaches the public page, the list it works on has no personal column and no household point."""
    needs = prepare_needs(internal_small, internal=False)
    assert not set(PERSONAL_COLUMNS) & set(needs.columns) and not {"lat", "lon"} & set(needs.columns)
    assert not set(PERSONAL_COLUMNS) & set(public_needs(internal_small.needs).columns)
    shown = list_frame(ordered(needs, TODAY), internal_small.communities, "en", internal=False)
    text = shown.to_csv()
    assert not any(secret in text for secret in SECRETS)


def test_public_view_places_needs_at_their_community_internal_at_the_household(internal_small):
    """N-4 was reported at (47.1, 31.9): the public view draws it at its community's centre."""
    public = prepare_needs(internal_small, internal=False).set_index("need_id")
    inside = prepare_needs(internal_small, internal=True).set_index("need_id")
    centre = internal_small.communities.set_index("pcode").loc["UA4806017", ["center_lat", "center_lon"]]
    assert tuple(public.loc["N-4", ["loc_lat", "loc_lon"]]) == tuple(centre)
    assert tuple(inside.loc["N-4", ["loc_lat", "loc_lon"]]) == (47.1, 31.9)


def test_internal_list_shows_who_to_call(internal_small):
    """The internal view's list has the contact columns, in the user's language."""
    needs = ordered(prepare_needs(internal_small, internal=True), TODAY)
    shown = headers(list_frame(needs, internal_small.communities, "uk", internal=True), "uk")
    _ = gettext_for("uk")
    assert [_(PERSONAL_HEADERS[k]) for k in PERSONAL_HEADERS] == list(shown.columns[-4:])
    assert "Secret Person One" in shown[_("Contact name")].tolist()


def test_the_list_reads_in_the_users_language(small):
    """Sector, status, yes/no, groups and 'no provider yet' are words in Ukrainian, dates stay dates."""
    _ = gettext_for("uk")
    shown = headers(list_frame(ordered(prepare_needs(small, False), TODAY), small.communities, "uk", False), "uk")
    first = shown.iloc[0]  # the longest waiting: N-1
    assert first[_("Need")] == "N-1"
    assert first[_("Community")] == "Шевченківська"
    assert first[_("Sector")] == _("food") and first[_("Status")] == _("open") and first[_("Verified")] == _("yes")
    assert first[_("Provider")] == _("no provider yet")
    assert first[_("Vulnerable groups")] == f"{_('elderly')}, {_('disability')}"
    assert first[_("Reported on")] == pd.Timestamp("2025-06-02")
    assert list(shown.columns) == [_(LIST_COLUMNS[k]) for k in LIST_COLUMNS if k != "distance_km"]


def test_longest_waiting_come_first(small):
    """Without a point to measure from, the list starts with the need that has waited longest."""
    listed = ordered(prepare_needs(small, False), TODAY)
    assert listed["need_id"].tolist() == ["N-1", "N-2", "N-3", "N-4", "N-5"]


def test_headline_figures_describe_the_filtered_needs(small):
    """Needs, people, share verified and median days open are those of the filtered list."""
    listed = ordered(apply(prepare_needs(small, False), Filters(), TODAY), TODAY)
    assert headline(listed, "en") == [
        ("Needs", "3"),
        ("People", "9"),
        ("Share verified", "100%"),
        ("Median days open", "67"),
    ]
    nothing = ordered(apply(prepare_needs(small, False), Filters(sector=("education",)), TODAY), TODAY)
    assert headline(nothing, "en") == [("Needs", "0"), ("People", "0"), ("Share verified", ""), ("Median days open", "")]


def test_open_counts_per_community(small):
    """The map colours a community by its filtered needs that are still open or in progress."""
    counts = open_counts(prepare_needs(small, False))
    assert counts.to_dict() == {"UA4806037": 2, "UA6510001": 1}


def test_community_labels_can_be_found_by_either_name(small):
    """The community filter lists both names and the raion, the user's language first."""
    assert community_labels(small.communities, "uk")["UA4806037"] == "Шевченківська / Shevchenkivska — Миколаївський"
    assert community_labels(small.communities, "en")["UA4806037"] == "Shevchenkivska / Шевченківська — Mykolaivskyi"


def test_a_list_with_blank_columns_still_reads(small):
    """Needs with no group and no provider at all (a column of blanks) make a list, not an error."""
    needs = ordered(prepare_needs(small, False), TODAY).assign(vulnerable_groups=pd.NA, provider=pd.NA)
    shown = list_frame(needs.astype({"vulnerable_groups": "string", "provider": "string"}), small.communities, "en", False)
    assert shown["vulnerable_groups"].isna().all()
    assert set(shown["provider"]) == {"no provider yet"}
