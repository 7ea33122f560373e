"""A community's hubs and IDP flows as tables: which hubs, no ``javascript:`` link, and the summed rows named."""

from __future__ import annotations

from geo.figures.community_tables import flow_table, hub_table, hubs_here, hubs_serving, web_address
from geo.figures.flows import OUT, flows
from geo.text.i18n import gettext_for

SHEVCHENKOVE, BILOZERKA = "UA4806037", "UA6510001"  # tests/data


def test_hubs_in_the_community_and_those_elsewhere_that_serve_it(small):
    """Bilozerka has its own aid point, and I'Mariupol in Shevchenkivska serves its displaced people."""
    assert hubs_here(small, BILOZERKA)["hub_id"].tolist() == ["H-2"]
    assert hubs_serving(small, BILOZERKA)["hub_id"].tolist() == ["H-1"]
    assert hubs_serving(small, SHEVCHENKOVE).empty


def test_hub_table_never_offers_a_javascript_link(small):
    """A website that is not http(s) is left out of the table, so it cannot become a link."""
    frame = hub_table(small.hubs, small, "en")
    assert frame["Website"].tolist()[0] == "https://example.org/hubs/H-1"
    assert web_address("javascript:alert(1)") is None and web_address(None) is None
    assert "None" not in frame.astype(str).to_numpy()  # empty cells are empty, not "None"


def test_flow_table_names_the_summed_rows(demo):
    """Mariupol's flows cut to 5: five named communities and one "Other communities (n)" row."""
    table = flows(demo.idp_counts, "UA1414005", OUT, top=5)
    frame = flow_table(demo, table, "en")
    assert len(frame) == 6 and frame["Community"].iloc[-1].startswith("Other communities (")


def test_hub_table_in_english_uses_the_english_services_and_hours(demo):
    """The Community page's hubs, in English: services and hours from the English columns, or the
    Ukrainian text marked "(in Ukrainian only)" (the demo's aid points); in Ukrainian, the Ukrainian."""
    hubs = demo.hubs[demo.hubs["hub_id"].isin(["imariupol-kyiv-1", "aid-point-mykolaiv"])].sort_values("hub_id")
    english = hub_table(hubs, demo, "en")
    assert english["Services"].tolist() == [
        f"{hubs['services'].iloc[0]} (in Ukrainian only)",
        hubs["services_en"].iloc[1],
    ]
    assert english["Hours"].iloc[1].startswith(("Mon", "Tue"))
    ukrainian = hub_table(hubs, demo, "uk")
    assert ukrainian[gettext_for("uk")("Services")].tolist() == hubs["services"].tolist()
