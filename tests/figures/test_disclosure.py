"""Small groups stay anonymous: which needs' vulnerable groups the public view does not show."""

from __future__ import annotations

import pandas as pd

from geo.figures.disclosure import SUPPRESSED_COLUMN, K, combinations, small_groups, suppress_small_groups


def needs_of(rows: list[tuple[str, str | None]]) -> pd.DataFrame:
    """Needs as (pcode, vulnerable_groups) pairs, numbered N-1, N-2, ..."""
    return pd.DataFrame(
        {
            "need_id": [f"N-{i}" for i in range(1, len(rows) + 1)],
            "pcode": pd.Series([p for p, _g in rows], dtype="string"),
            "vulnerable_groups": pd.Series([g for _p, g in rows], dtype="string"),
        }
    )


def alone_in_raw_data(needs: pd.DataFrame, k: int) -> int:
    """Needs with a group whose (community, groups as written) fewer than k needs share: counted plainly."""
    with_groups = needs[needs["vulnerable_groups"].notna()]
    sizes = with_groups.groupby(["pcode", "vulnerable_groups"])["need_id"].transform("size")
    return int((sizes < k).sum())


def test_on_the_demo_159_needs_are_the_only_ones_with_their_groups_in_their_community(demo):
    """The issue's figure: 159 of the demo's 725 needs are the only one in their community with their
    combination of groups (a need with no group is in no combination); with k=3 more are hidden."""
    assert len(demo.needs) == 725
    assert int(small_groups(demo.needs, k=2).sum()) == alone_in_raw_data(demo.needs, 2) == 159
    assert int(small_groups(demo.needs).sum()) == alone_in_raw_data(demo.needs, K)
    assert K == 3


def test_a_combination_is_a_set_whatever_order_the_file_wrote():
    """'elderly;disability' and 'disability;elderly' are the same households: together they make a group of 3."""
    needs = needs_of([("UA1", "elderly;disability"), ("UA1", "disability;elderly"), ("UA1", "disability; elderly")])
    assert combinations(needs["vulnerable_groups"]).tolist() == ["disability;elderly"] * 3
    assert not small_groups(needs).any()
    shown = suppress_small_groups(needs)
    assert shown["vulnerable_groups"].tolist() == ["disability;elderly"] * 3  # written one way in the list


def test_the_rare_need_loses_its_groups_and_keeps_its_row():
    """A visitor sees every need; only the groups of the one or two alike in a community are blank and flagged."""
    needs = needs_of(
        [
            ("UA1", "elderly"),
            ("UA1", "elderly"),
            ("UA1", "elderly"),
            ("UA1", "disability"),  # the only one in UA1
            ("UA2", "elderly"),  # elderly in another community is counted there
            ("UA2", "elderly"),
            ("UA2", None),  # no group: nothing to hide, and it does not make the elderly of UA2 a group of 3
        ]
    )
    shown = suppress_small_groups(needs)
    assert shown["need_id"].tolist() == needs["need_id"].tolist()
    assert shown[SUPPRESSED_COLUMN].tolist() == [False, False, False, True, True, True, False]
    assert shown["vulnerable_groups"].isna().tolist() == [False, False, False, True, True, True, True]


def test_suppression_can_fail_and_is_idempotent(demo):
    """The check finds small groups in the raw demo data, and none left once they are suppressed (twice is once)."""
    once = suppress_small_groups(demo.needs)
    assert small_groups(demo.needs).any()
    assert not small_groups(once).any()
    twice = suppress_small_groups(once.drop(columns=SUPPRESSED_COLUMN))
    assert twice["vulnerable_groups"].equals(once["vulnerable_groups"])


def test_a_community_without_a_code_and_an_empty_frame_do_not_raise():
    """A need with no P-code is counted with the others that lack one; no need at all is no suppression."""
    needs = needs_of([(None, "elderly"), (None, "elderly"), (None, "elderly"), (None, "children")])
    assert small_groups(needs).tolist() == [False, False, False, True]
    empty = suppress_small_groups(needs_of([]))
    assert empty.empty and SUPPRESSED_COLUMN in empty.columns
