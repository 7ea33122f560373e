"""The figures behind the colours: what each community's number means."""

import pandas as pd

from geo.figures.metrics import community_metrics, idps_hosted


def test_metrics_of_the_small_set(small):
    """Open counts in-progress needs, shares are of all needs, rates use the population."""
    m = community_metrics(small.communities, small.needs, small.hubs, small.idp_counts)
    shev = m.loc["UA4806037"]
    assert (shev["open_needs"], shev["needs_in_progress"], shev["needs_closed"]) == (2, 1, 0)
    assert m.loc["UA4806017", "share_closed"] == 100
    assert shev["idps_hosted"] == 1000  # newest count per origin: 800 (not 800 + 500) + 200
    assert round(float(shev["idps_per_1000"]), 1) == round(1000 * 1000 / 12400, 1)
    assert pd.isna(m.loc["UA4806017", "idps_per_1000"])  # population unknown
    assert m.loc["UA6510001", "hubs"] == 1


def test_share_closed_is_blank_without_needs(small):
    """A community with no needs shows 'no data', not 0% closed."""
    no_needs = small.needs[small.needs["pcode"] != "UA6510001"]
    m = community_metrics(small.communities, no_needs, small.hubs, small.idp_counts)
    assert pd.isna(m.loc["UA6510001", "share_closed"])


def test_older_counts_are_superseded():
    """Only the newest count of each host/origin pair counts, so re-reporting does not double people."""
    counts = pd.DataFrame(
        {
            "host_pcode": ["A", "A", "A"],
            "origin_pcode": ["B", "B", pd.NA],
            "people": pd.array([100, 150, 7], dtype="Int64"),
            "as_of": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-01-01"]),
        }
    )
    assert idps_hosted(counts).to_dict() == {"A": 157}


def test_demo_story_figures(demo):
    """The demo tells the documented story: 725 needs, about 81% verified, Bakhmut's people in Dnipro."""
    assert len(demo.needs) == 725
    assert 0.79 <= demo.needs["verified"].mean() <= 0.83
    m = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    assert m["needs_total"].sum() == 725
    dnipro = demo.communities.set_index("name_en").loc["Dniprovska", "pcode"]
    assert m.loc[dnipro, "idps_hosted"] >= 8000
