"""Figures per oblast and raion: the hromadas' summed upward, and IDP figures given at any level kept apart."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon

from geo.figures.level_metrics import level_metrics
from geo.figures.metrics import community_metrics
from geo.figures.units import dissolve


def _coarse(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "host_pcode": pd.Series([r[0] for r in rows], dtype="string"),
            "host_level": pd.Series([r[1] for r in rows], dtype="string"),
            "origin_pcode": pd.Series([pd.NA] * len(rows), dtype="string"),
            "origin_level": pd.Series([pd.NA] * len(rows), dtype="string"),
            "people": pd.Series([r[2] for r in rows], dtype="Int64"),
            "households": pd.Series([pd.NA] * len(rows), dtype="Int64"),
            "as_of": pd.Series([pd.NaT] * len(rows), dtype="datetime64[ns]"),
        }
    )


def test_an_oblasts_figures_are_the_sum_of_its_hromadas(demo):
    hromadas = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    oblast_of = demo.communities.set_index("pcode")["oblast_pcode"]
    oblasts = level_metrics(demo, "oblast")
    assert len(oblasts) == demo.communities["oblast_pcode"].nunique()
    busiest = hromadas.groupby(oblast_of)["open_needs"].sum().idxmax()
    in_it = hromadas[oblast_of.reindex(hromadas.index) == busiest]
    assert oblasts.loc[busiest, "open_needs"] == in_it["open_needs"].sum() > 0
    assert oblasts.loc[busiest, "idps_hosted"] == in_it["idps_hosted"].sum()
    assert oblasts.loc[busiest, "hubs"] == in_it["hubs"].sum()
    assert oblasts["needs_total"].sum() == len(demo.needs)
    raions = level_metrics(demo, "raion")
    assert raions["open_needs"].sum() == hromadas["open_needs"].sum()
    assert (oblasts["idps_note"] == "").all()  # no figure of their own: nothing to tell apart


def test_at_hromada_level_it_is_community_metrics(demo):
    expected = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    got = level_metrics(demo, "hromada")
    pd.testing.assert_frame_equal(got[list(expected.columns)], expected)


def test_a_figure_given_for_an_oblast_is_kept_beside_its_hromadas_not_added(demo):
    hromadas = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    oblast_of = demo.communities.set_index("pcode")["oblast_pcode"]
    registered = hromadas.groupby(oblast_of)["idps_hosted"].sum()
    oblast = registered.idxmax()
    data = dataclasses.replace(demo, idp_coarse=_coarse([(oblast, "oblast", 498_000)]))
    oblasts = level_metrics(data, "oblast", lang="en")
    row = oblasts.loc[oblast]
    assert row["idps_hosted"] == 498_000  # the oblast's own figure, not 498,000 + the hromadas'
    assert row["idps_hosted_below"] == registered[oblast]
    assert row["idps_note"] == (
        f"given for the oblast: 498,000; summed from its raions and hromadas: {registered[oblast]:,}"
    )
    assert "498" in level_metrics(data, "oblast", lang="uk").loc[oblast, "idps_note"]
    # The hromadas and raions do not change: an oblast's figure is never split down.
    assert level_metrics(data, "raion")["idps_hosted"].sum() == hromadas["idps_hosted"].sum()


def test_a_raions_figure_counts_once_in_its_oblast(demo):
    hromadas = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    raion_of = demo.communities.set_index("pcode")["raion_pcode"]
    per_raion = hromadas.groupby(raion_of)["idps_hosted"].sum()
    raion = per_raion.idxmax()
    oblast = demo.communities.loc[demo.communities["raion_pcode"] == raion, "oblast_pcode"].iloc[0]
    before = level_metrics(demo, "oblast").loc[oblast, "idps_hosted"]
    data = dataclasses.replace(demo, idp_coarse=_coarse([(raion, "raion", 40_000)]))
    raions = level_metrics(data, "raion", lang="en")
    assert raions.loc[raion, "idps_hosted"] == 40_000
    assert raions.loc[raion, "idps_hosted_below"] == per_raion[raion]
    assert raions.loc[raion, "idps_note"].startswith("given for the raion: 40,000")
    oblasts = level_metrics(data, "oblast")
    # The raion's own figure stands for it in the oblast's sum, in place of its hromadas'.
    assert oblasts.loc[oblast, "idps_hosted"] == before - per_raion[raion] + 40_000
    assert pd.isna(oblasts.loc[oblast, "idps_given"])


def test_an_unknown_level_is_refused(demo):
    with pytest.raises(ValueError, match="unknown level"):
        level_metrics(demo, "country")


def test_hromadas_whose_edges_do_not_meet_exactly_still_dissolve_into_one_unit():
    """COD-AB's own hromadas are not one clean coverage: their raion is one valid shape all the same."""
    left = Polygon([(0, 0), (1, 0), (1, 0.5), (1, 1), (0, 1)])  # a vertex on the shared edge, one side only
    right = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
    unit = dissolve(np.array([left, right]))
    assert unit.geom_type == "Polygon" and unit.is_valid and unit.area == pytest.approx(2.0)


def test_the_headline_counts_each_oblast_once_where_dtm_gives_oblast_figures(demo):
    """IDPs given per oblast (DTM) count in the country's total above the map: an oblast's own figure
    replaces the sum of its hromadas, and an oblast with none keeps its hromadas' sum."""
    import datetime as dt

    from geo.figures.summary import headline_figures

    day = dt.date(2025, 10, 31)
    hosted = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)["idps_hosted"]
    by_oblast = hosted.groupby(demo.communities.set_index("pcode")["oblast_pcode"]).sum()
    assert headline_figures(demo, day)["idps_hosted"] == by_oblast.sum()
    given = dataclasses.replace(demo, idp_coarse=_coarse([("UA12", "oblast", 498_000)]))
    assert headline_figures(given, day)["idps_hosted"] == by_oblast.drop("UA12").sum() + 498_000
