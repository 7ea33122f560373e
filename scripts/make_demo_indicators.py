"""Write the demo's indicators (``data/indicators.csv``) from what the demo already has.

The fifth input (geo.ingest.indicators) shown on first start, so that a new user sees that any figure
per unit can colour the map. Two figures, each with its source in the file's ``#meta+source`` column:

* Real: the population per oblast and per raion, summed from the demo's communities
  (``data/communities.geojson``: KSE's 2022 table per hromada, MIT licence).
* Made up: a **demo severity per raion**, 1 to 5 (1: no IDPs in the demo; 2 to 5 by quartile), from
  the IDPs the demo's raions host per 1,000 residents (the demo's IDP counts are illustrative
  themselves). Its header and its source say it is a demo figure, not an HNO value.

Deterministic: every run writes the same bytes. ``make demo-data`` runs it after make_demo_data.py.

Usage::

    python scripts/make_demo_indicators.py [DATA_DIR]     # default: data/ next to scripts/
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
# Its header is known to geo.ingest.indicators (HEADER_LABELS), which names it in both languages.
SEVERITY_HEADER = "Demo severity (not an HNO value)"
POPULATION_SOURCE = "Summed from the demo's communities (KSE population 2022, MIT)"
SEVERITY_SOURCE = "DEMO: made up from the demo's IDP counts per 1,000 residents; not an HNO value"


def indicator_rows(communities: pd.DataFrame, idp_counts: pd.DataFrame) -> list[list[str]]:
    """The rows of indicators.csv under its header and HXL row: population, then the demo severity."""
    population = pd.to_numeric(communities["population"], errors="coerce")
    rows = []
    for _level, column, name in (("oblast", "oblast_pcode", "oblast_uk"), ("raion", "raion_pcode", "raion_uk")):
        sums = population.groupby(communities[column]).sum(min_count=1).dropna()
        names = communities.groupby(column)[name].first()
        rows += [[code, names[code], f"{int(total)}", "", POPULATION_SOURCE] for code, total in sums.items()]
    hosted = pd.to_numeric(idp_counts["people"], errors="coerce")
    raion_of = communities.set_index("pcode")["raion_pcode"]
    # The newest count of each pair, as the map counts them.
    newest = (
        idp_counts.assign(people=hosted).sort_values("as_of").drop_duplicates(["host_pcode", "origin_pcode"], keep="last")
    )
    idps = newest.groupby(newest["host_pcode"].map(raion_of))["people"].sum()
    residents = population.groupby(communities["raion_pcode"]).sum(min_count=1)
    rate = (idps.reindex(residents.index).fillna(0) / residents * 1000).dropna()
    # 1 where the demo has no IDPs; else 2 to 5 by quartile of the rate.
    hosting = rate[rate > 0]
    severity = pd.Series(1, index=rate.index)
    if len(hosting) >= 4:
        severity[hosting.index] = pd.qcut(hosting.rank(method="first"), 4, labels=False) + 2
    names = communities.groupby("raion_pcode")["raion_uk"].first()
    rows += [[code, names[code], "", f"{int(score)}", SEVERITY_SOURCE] for code, score in severity.sort_index().items()]
    return rows


def render(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pcode", "name_uk", "population", SEVERITY_HEADER, "source"])
    writer.writerow(["", "#loc+name+i_uk", "#population", "", "#meta+source"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main(data_dir: Path = DATA) -> Path:
    communities = gpd.read_file(data_dir / "communities.geojson").drop(columns="geometry")
    idp_counts = pd.read_csv(data_dir / "idp_counts.csv", dtype={"host_pcode": str, "origin_pcode": str})
    path = data_dir / "indicators.csv"
    path.write_bytes(render(indicator_rows(communities, idp_counts)))
    return path


if __name__ == "__main__":
    written = main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    print(f"wrote {written}")
