"""Build the demo inputs in ``data/`` from the committed seed in ``scripts/demo_seed/``.

Why this exists: the dashboard must run out of the box, anywhere, without the official OCHA
COD-AB files and without any real person's data. So the demo is generated, deterministically
(a fixed seed for numpy's Generator), from a small seed of public facts, and every run writes
byte-identical files.

What is real and what is not:

* Real: the boundaries, OCHA COD-AB's admin-3 units (2024-04-16, CC BY-IGO), cleaned into one
  coverage and simplified together (``demo_data.boundaries``), with their raion and oblast; the
  population, KSE's 2022 table per hromada (MIT). They are remade only with ``--cod-ab`` and
  ``--population`` (``make demo-boundaries``); otherwise the committed ``data/communities.geojson``
  is kept as it is, so that neither the app nor the tests need those files.
* Real: the 1,767 seed communities' names and one interior point each (``scripts/demo_seed``,
  from COD-AB), where the story's needs, hubs and flows are placed.
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
    python scripts/make_demo_data.py --cod-ab Hromadas.geojson --population ua-pop-2022.csv

The parts are in ``scripts/demo_data/``: ``boundaries`` (the official boundaries made one
coverage), ``needs``, ``idps``, ``hubs``, and ``common``
(the seed, the story's places, points inside communities, CSV). This script runs them in order,
checks that every P-code they use is known, and writes the files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import shapely

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
for folder in (ROOT, SCRIPTS):  # geo/, and the demo_data package next to this script
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from demo_data.boundaries import Coverage, communities_geojson, from_cod_ab, from_geojson  # noqa: E402
from demo_data.common import DATA_DIR, PLACES, Locator, dict_rows, load_seed, resolve_places, write_csv  # noqa: E402
from demo_data.hubs import make_hubs  # noqa: E402
from demo_data.idps import make_idp_counts  # noqa: E402
from demo_data.needs import GROUP_WEIGHTS, N_NEEDS, PERIOD_END, SECTOR_WEIGHTS, make_needs, needs_rows  # noqa: E402

from geo.ingest.contract import SECTORS, VULNERABLE_GROUPS  # noqa: E402

OUTPUT_FILES = ("communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv")


def seed_cells(seed, coverage: Coverage) -> list[object]:
    """Each seed community's polygon, in the seed's order; a seed point the simplified shape lost
    moves to a point inside it, so that what is placed at a community stands in it."""
    shapes = dict(zip(coverage.units["pcode"], coverage.shapes, strict=True))
    missing = sorted(set(seed["pcode"]) - set(shapes))
    if missing:
        raise ValueError(f"seed communities without a boundary: {missing}")
    cells = [shapes[p] for p in seed["pcode"]]
    for i, cell in enumerate(cells):
        if not cell.contains(shapely.Point(seed.at[i, "lon"], seed.at[i, "lat"])):
            inside = cell.point_on_surface()
            seed.at[i, "lat"], seed.at[i, "lon"] = round(inside.y, 4), round(inside.x, 4)
    return cells


def main(
    out_dir: Path | str | None = None, cod_ab: Path | str | None = None, population: Path | str | None = None
) -> dict[str, object]:
    """Write the four demo files into ``out_dir`` (default ``data/``) and return a summary.

    The boundaries are remade from a COD-AB file (``cod_ab``, with KSE's ``population`` table) only
    when one is given; otherwise the committed ``data/communities.geojson`` is used as it is.
    """
    out = Path(out_dir) if out_dir is not None else DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    if set(SECTOR_WEIGHTS) != set(SECTORS) or set(GROUP_WEIGHTS) != set(VULNERABLE_GROUPS):
        raise ValueError("sector or group keys differ from geo/ingest/contract.py")

    seed = load_seed()
    places = resolve_places(seed)
    if cod_ab is not None:
        if population is None:
            raise ValueError("remaking the boundaries needs the population table too (--population)")
        kyiv = {places["kyiv"]: PLACES["kyiv"][5]}  # the rounded state statistics estimate (common.PLACES)
        coverage = from_cod_ab(Path(cod_ab), Path(population), fallback=kyiv)
    else:
        coverage = from_geojson(DATA_DIR / "communities.geojson")
    communities = communities_geojson(coverage)
    loc = Locator(seed, seed_cells(seed, coverage))
    needs = make_needs(seed, places, loc)
    idp = make_idp_counts(seed, places)
    hubs = make_hubs(places, loc, idp)

    known = set(coverage.units["pcode"])
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
    # The demo's story is told as of its last day: ages and staleness count to it (geo.figures.data_date).
    (out / "demo.toml").write_text(
        '# Written by scripts/make_demo_data.py. While the demo\'s needs are shown, "days open", "open over\n'
        "# 30 days\" and the staleness warnings count to this day, not to today: the demo's story reads as told.\n"
        f"reference_day = {PERIOD_END.isoformat()}\n",
        encoding="utf-8",
    )

    by_oblast = {ob: sum(1 for r in needs if r["oblast"] == ob) for ob in N_NEEDS}
    summary = {
        "communities": len(coverage.units),
        "without_a_shape": list(coverage.left_out),
        "with_population": int(coverage.units["population"].notna().sum()),
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
    parser.add_argument("--cod-ab", help="remake the boundaries from this COD-AB admin-3 GeoJSON (Hromadas.geojson)")
    parser.add_argument("--population", help="with --cod-ab: KSE's population per hromada (ua-pop-2022.csv)")
    args = parser.parse_args()
    result = main(args.out_dir, args.cod_ab, args.population)
    for key, value in result.items():
        print(f"{key}: {value}")
