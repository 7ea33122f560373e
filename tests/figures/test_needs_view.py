"""The Needs page's list and figures, in the public and the internal view."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from fakes import FIXTURE_SECRETS
from openpyxl import load_workbook

from geo.exports.tables import to_csv, to_geojson, to_xlsx
from geo.figures.disclosure import SUPPRESSED_COLUMN, K
from geo.figures.filters import Filters, apply
from geo.figures.needs_view import (
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
from geo.ingest.contract import PERSONAL_COLUMNS, STATUSES, VULNERABLE_GROUPS
from geo.text.i18n import gettext_for

TODAY = date(2025, 8, 11)
SECRETS = FIXTURE_SECRETS


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
    assert first[_("Vulnerable groups")] == "не показано: у громаді таких менше ніж 3"  # the only one there with them
    assert first[_("Reported on")] == pd.Timestamp("2025-06-02")
    assert list(shown.columns) == [_(LIST_COLUMNS[k]) for k in LIST_COLUMNS if k != "distance_km"]
    inside = headers(list_frame(ordered(prepare_needs(small, True), TODAY), small.communities, "uk", True), "uk")
    assert inside.iloc[0][_("Vulnerable groups")] == f"{_('elderly')}, {_('disability')}"  # the team sees them


def test_longest_waiting_come_first(small):
    """Without a point to measure from, the list starts with the need that has waited longest."""
    listed = ordered(prepare_needs(small, False), TODAY)
    assert listed["need_id"].tolist() == ["N-1", "N-2", "N-3", "N-4", "N-5"]


def test_headline_figures_describe_the_filtered_needs(small):
    """Needs, people, share verified and median days waiting are those of the filtered list, with the
    glossary's labels (their base said) and definitions."""
    listed = ordered(apply(prepare_needs(small, False), Filters(), TODAY), TODAY)
    shown = headline(listed, TODAY, "en")
    assert [(label, value) for label, value, _help in shown] == [
        ("Needs listed", "3"),
        ("People in the needs", "9"),
        ("Verified, % of listed needs", "100%"),
        ("Median days waiting, unmet needs", "67"),
    ]
    assert all(help_ for _label, _value, help_ in shown)
    nothing = ordered(apply(prepare_needs(small, False), Filters(sector=("education",)), TODAY), TODAY)
    assert [value for _label, value, _help in headline(nothing, TODAY, "en")] == ["0", "0", "–", "–"]


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
    needs[SUPPRESSED_COLUMN] = False
    shown = list_frame(needs.astype({"vulnerable_groups": "string", "provider": "string"}), small.communities, "en", False)
    assert shown["vulnerable_groups"].isna().all()
    assert set(shown["provider"]) == {"no provider yet"}


# --- Small groups stay anonymous in the public view (geo.figures.disclosure) ---------------------------


def small_cells(needs: pd.DataFrame) -> pd.DataFrame:
    """(community, groups as shown) pairs with a real group that fewer than K needs share."""
    with_groups = needs[needs["vulnerable_groups"].notna()]
    sizes = with_groups.groupby(["pcode", "vulnerable_groups"]).size()
    return sizes[sizes < K].reset_index()


def raw_small(needs: pd.DataFrame) -> set[str]:
    """The needs the rule hides, computed from the loaded file: a group, and fewer than K needs of the
    community with the same set of groups (in whatever order they were written)."""
    sets = needs["vulnerable_groups"].map(lambda v: frozenset(v.split(";")) if isinstance(v, str) else None)
    frame = needs.assign(_set=sets).dropna(subset=["_set"])
    sizes = frame.groupby(["pcode", "_set"])["need_id"].transform("size")
    return set(frame.loc[sizes < K, "need_id"])


@pytest.fixture(scope="module")
def demo_public(demo):
    return prepare_needs(demo, internal=False)


def test_no_public_group_of_fewer_than_3_in_a_community_is_shown(demo, demo_public):
    """On the demo data a visitor can find no household that is the only one (or one of two) in its
    community with its vulnerable groups: the raw data has such groups, the public list none."""
    assert not small_cells(demo.needs).empty  # the check can fail: the raw needs have them
    assert small_cells(demo_public).empty
    assert len(demo_public) == len(demo.needs)  # every need is still listed


def test_the_needs_hidden_are_exactly_those_the_rule_names(demo, demo_public):
    """The needs whose groups read "not shown" are those fewer than 3 of their community share: 261 on the
    demo (its 159 alone and those in pairs), no more (groups are not hidden for nothing), no fewer."""
    hidden = set(demo_public.loc[demo_public[SUPPRESSED_COLUMN], "need_id"])
    assert hidden == raw_small(demo.needs)
    assert len(hidden) == 261
    assert demo_public.loc[demo_public[SUPPRESSED_COLUMN], "vulnerable_groups"].isna().all()
    kept = demo_public[~demo_public[SUPPRESSED_COLUMN]].set_index("need_id")["vulnerable_groups"]
    assert kept.equals(demo.needs.set_index("need_id").loc[kept.index, "vulnerable_groups"])  # the rest unchanged


def test_the_internal_view_shows_every_group(demo):
    """The team's internal view lists each need with the groups the file gives, hidden or not in public."""
    inside = prepare_needs(demo, internal=True)
    assert inside["vulnerable_groups"].equals(demo.needs["vulnerable_groups"])
    assert SUPPRESSED_COLUMN not in inside.columns
    shown = list_frame(ordered(inside, TODAY), demo.communities, "en", internal=True)
    assert not shown["vulnerable_groups"].astype("string").str.startswith("not shown").any()


@pytest.mark.parametrize("group", list(VULNERABLE_GROUPS))
def test_the_group_filter_does_not_find_a_hidden_group(demo, demo_public, group):
    """group=disability (or any group) in the public view lists none of the needs whose groups are hidden,
    and every need it lists shows that group; its count is what the list shows."""
    found = apply(demo_public, Filters(status=tuple(STATUSES), group=(group,)), TODAY)
    assert not found[SUPPRESSED_COLUMN].any()
    assert found["vulnerable_groups"].str.split(";").map(lambda keys: group in keys).all()
    inside = apply(prepare_needs(demo, internal=True), Filters(status=tuple(STATUSES), group=(group,)), TODAY)
    assert set(found["need_id"]) == set(inside["need_id"]) - raw_small(demo.needs)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_the_list_says_why_groups_are_missing(demo, demo_public, lang):
    """Where groups are hidden, the list reads "not shown: fewer than 3 in the community" (in Ukrainian
    "не показано: у громаді таких менше ніж 3"), not a blank that would read as "no group"."""
    label = {"en": "not shown: fewer than 3 in the community", "uk": "не показано: у громаді таких менше ніж 3"}[lang]
    shown = list_frame(ordered(demo_public, TODAY), demo.communities, lang, internal=False)
    by_id = shown.set_index("need_id")["vulnerable_groups"].astype("string")
    hidden = raw_small(demo.needs)
    assert (by_id[list(hidden)] == label).all()
    assert (by_id.drop(list(hidden)) != label).all()


def test_the_exports_carry_no_hidden_group(demo, demo_public):
    """The CSV, Excel and GeoJSON a visitor downloads hold the "not shown" label (or a blank in the GeoJSON)
    for each hidden need, never its groups, and list every need."""
    listed = ordered(demo_public, TODAY)
    hidden = raw_small(demo.needs)
    original = demo.needs.set_index("need_id")["vulnerable_groups"]
    table = headers(list_frame(listed, demo.communities, "en", internal=False), "en")
    rows = pd.read_csv(io.BytesIO(to_csv(table, "en")), encoding="utf-8-sig", dtype=str)
    sheet = load_workbook(io.BytesIO(to_xlsx(table, "Needs")), read_only=True).active
    cells = list(sheet.iter_rows(values_only=True))
    workbook = pd.DataFrame(cells[1:], columns=cells[0])
    for spreadsheet in (rows, workbook):
        groups_of = spreadsheet.set_index("Need")["Vulnerable groups"]
        assert len(groups_of) == len(demo.needs)
        assert (groups_of[list(hidden)] == "not shown: fewer than 3 in the community").all()
    features = json.loads(to_geojson(listed, demo.communities, internal=False))["features"]
    properties = {f["properties"]["need_id"]: f["properties"] for f in features}
    assert len(properties) == len(demo.needs)
    for need_id in hidden:
        assert properties[need_id]["vulnerable_groups"] is None, (need_id, original[need_id])
        assert SUPPRESSED_COLUMN not in properties[need_id]
