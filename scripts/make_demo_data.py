"""Build the demo inputs in ``data/`` from the committed seed in ``scripts/demo_seed/``.

Why this exists: the dashboard must run out of the box, anywhere, without the official OCHA
COD-AB files and without any real person's data. So the demo is generated, deterministically
(a fixed seed for numpy's Generator), from a small seed of public facts, and every run writes
byte-identical files.

What is real and what is not:

* Real: the 1,767 hromada P-codes with their Ukrainian and English names, raions and oblasts, and
  one interior point each (OCHA COD-AB, CC BY-IGO); the 27 oblast outlines, simplified to ~2 km.
* Approximate: the community **boundaries**. They are the Voronoi cells of each oblast's
  community points, clipped to the simplified oblast outline, so that the cells tile the oblast
  with shared borders. They look like hromadas from afar and are wrong up close; swap in the
  official COD-AB file (same P-codes) for real work.
* Approximate: ``population`` for ~40 cities, the pre-2022 state statistics estimates of the city
  itself (not the whole hromada), rounded to thousands; blank elsewhere.
* Encoded facts of the story the demo tells: a coordination platform in Mykolaiv and Kherson
  oblasts registered 725 needs over June-October 2025 (463 in Mykolaiv oblast, 262 in Kherson
  oblast, 587 of them verified), in the government-controlled communities and weighted towards
  Mykolaiv, Kherson, Shevchenkove, Mishkovo-Pohorilove, Bilozerka and Dariivka; the I'Mariupol
  network of 25 support centres in 17 host cities; Bakhmut's IDP hubs in Dnipro (8,000 people
  registered) and Vinnytsia (1,850 people, 858 households); an IDP hub in Volodymyr hosting 3,100
  people; the Vcentri hubs in Kyiv.
* Illustrative: everything else — each need's sector, dates, status, provider and household,
  the hubs' exact positions, services, hours and registration figures, the other IDP flows.
  Phones are placeholders, websites point to example.org, and the personal columns of
  ``needs.csv`` hold obviously fake values (``Demo Person 0001``) so that tests can prove the app
  never shows them.

Usage::

    python scripts/make_demo_data.py [OUT_DIR]     # default: data/ next to scripts/

The parts are in ``scripts/demo_data/``: ``boundaries`` (the approximate community boundaries,
the part official COD-AB boundaries will replace), ``needs``, ``idps``, ``hubs``, and ``common``
(the seed, the story's places, points inside communities, CSV). This script runs them in order,
checks that every P-code they use is known, and writes the files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
for folder in (ROOT, SCRIPTS):  # geo/, and the demo_data package next to this script
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from demo_data.boundaries import communities_geojson, community_cells, load_outlines  # noqa: E402
from demo_data.common import DATA_DIR, PLACES, Locator, dict_rows, load_seed, resolve_places, write_csv  # noqa: E402
from demo_data.hubs import make_hubs  # noqa: E402
from demo_data.idps import make_idp_counts  # noqa: E402
from demo_data.needs import GROUP_WEIGHTS, N_NEEDS, SECTOR_WEIGHTS, make_needs, needs_rows  # noqa: E402

from geo.ingest.contract import SECTORS, VULNERABLE_GROUPS  # noqa: E402

OUTPUT_FILES = ("communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv")


def main(out_dir: Path | str | None = None) -> dict[str, object]:
    """Write the four demo files into ``out_dir`` (default ``data/``) and return a summary."""
    out = Path(out_dir) if out_dir is not None else DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    if set(SECTOR_WEIGHTS) != set(SECTORS) or set(GROUP_WEIGHTS) != set(VULNERABLE_GROUPS):
        raise ValueError("sector or group keys differ from geo/ingest/contract.py")

    seed = load_seed()
    places = resolve_places(seed)
    cells = community_cells(seed, load_outlines())
    loc = Locator(seed, cells)

    communities = communities_geojson(seed, cells, places)
    needs = make_needs(seed, places, loc)
    idp = make_idp_counts(seed, places)
    hubs = make_hubs(places, loc, idp)

    known = set(seed["pcode"])
    referenced = (
        {r["pcode"] for r in needs if r["pcode"]}
        | {h[c] for h in hubs for c in ("pcode", "serves_pcode") if h[c]}
        | {r[c] for r in idp for c in ("host_pcode", "origin_pcode")}
    )
    if referenced - known:
        raise ValueError(f"unknown P-codes: {sorted(referenced - known)}")

    with open(out / "communities.geojson", "w", encoding="utf-8", newline="") as f:
        f.write(communities)
    write_csv(out / "needs.csv", *needs_rows(needs))
    write_csv(out / "hubs.csv", *dict_rows("hubs", hubs))
    write_csv(out / "idp_counts.csv", *dict_rows("idp_counts", idp))

    by_oblast = {ob: sum(1 for r in needs if r["oblast"] == ob) for ob in N_NEEDS}
    summary = {
        "communities": len(seed),
        "with_population": sum(1 for spec in PLACES.values() if spec[5] is not None),
        "needs": len(needs),
        "needs_by_oblast": by_oblast,
        "needs_as_points": sum(1 for r in needs if r["lat"]),
        "verified_share": round(sum(r["verified"] for r in needs) / len(needs), 4),
        "status": {s: sum(1 for r in needs if r["status"] == s) for s in ("open", "in_progress", "closed")},
        "hubs": len(hubs),
        "idp_rows": len(idp),
        "bytes": {name: (out / name).stat().st_size for name in OUTPUT_FILES},
    }
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", default=None, help="where to write (default: data/)")
    result = main(parser.parse_args().out_dir)
    for key, value in result.items():
        print(f"{key}: {value}")
