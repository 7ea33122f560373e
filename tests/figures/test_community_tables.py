"""A community's hubs and IDP flows as tables: which hubs, no ``javascript:`` link, and the summed rows named."""

from __future__ import annotations

import pandas as pd

from geo.exports.tables import to_csv
from geo.figures.community_tables import (
    flow_table,
    hub_table,
    hubs_here,
    hubs_serving,
    page_address,
    part_pcodes,
    parts_table,
    web_address,
)
from geo.figures.flows import OUT, flows
from geo.figures.level_metrics import level_metrics
from geo.figures.units import units_at
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


def test_an_oblasts_raions_and_a_raions_communities_are_listed_with_their_figures(demo):
    """Odeska oblast lists its 7 raions, the most IDPs hosted first, each code a link to its page; their figures add
    up to the oblast's. Odeskyi raion lists its 22 communities. The download holds the plain codes."""
    raions = pd.DataFrame(units_at(demo.communities, "raion").drop(columns="geometry"))
    pcodes = part_pcodes(raions, "UA51", "oblast")
    assert len(pcodes) == 7 and all(p.startswith("UA51") and len(p) == 6 for p in pcodes)
    metrics = level_metrics(demo, "raion")
    shown = parts_table(metrics, raions, pcodes, "en", links=True, as_of="2025-09-01")
    assert shown.columns[:2].tolist() == ["Name", "P-code"]
    assert shown.loc[0, "Name"] == "Odeskyi" and shown.loc[0, "P-code"] == page_address("UA5110", "en", "2025-09-01")
    assert shown.loc[0, "P-code"] == "community?community=UA5110&lang=en&as_of=2025-09-01"
    assert shown["IDPs hosted"].tolist() == sorted(shown["IDPs hosted"], reverse=True)
    oblast = level_metrics(demo, "oblast").loc["UA51"]
    assert shown["IDPs hosted"].sum() == oblast["idps_hosted"] and shown["Hubs"].sum() == oblast["hubs"]
    assert shown["Population"].sum() == oblast["population"]
    download = parts_table(metrics, raions, pcodes, "uk")
    assert sorted(download["P-код"]) == pcodes and download.loc[0, "P-код"] == "UA5110"  # plain codes to download
    assert download.loc[0, "Назва"] == "Одеський"
    communities = part_pcodes(demo.communities, "UA5110", "raion")
    assert len(communities) == 22 and "UA5110027" in communities


def test_a_part_named_with_a_formula_is_a_plain_name_in_the_table(small):
    """A name from the file is put in the table as it is (the downloads guard it against running as a formula)."""
    communities = small.communities.assign(name_en="=HYPERLINK(1)")
    metrics = level_metrics(small, "hromada")
    table = parts_table(metrics, communities, [communities["pcode"].iloc[0]], "en")
    assert table.loc[0, "Name"] == "=HYPERLINK(1)"
    assert to_csv(table, "en").decode("utf-8-sig").splitlines()[1].startswith("'=HYPERLINK(1)")
