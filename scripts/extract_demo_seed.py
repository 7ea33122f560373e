"""Derive the demo seed (each community's names and one interior point) from OCHA COD-AB.

Run once by a maintainer who has the official files; the result is committed under
``scripts/demo_seed/`` so that ``make_demo_data.py`` can rebuild ``data/`` anywhere without them.

The seed keeps the facts the story is told with: each hromada's P-code, names and one interior
point (the boundaries themselves are made by ``make_demo_data.py --cod-ab``). Source: OCHA COD-AB
admin boundaries of Ukraine, release 2024-04-16, licence CC BY-IGO.

Usage::

    python scripts/extract_demo_seed.py PATH/TO/cod-ab
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd

SEED_DIR = Path(__file__).resolve().parent / "demo_seed"


def main(cod_ab_dir: str) -> None:
    src = Path(cod_ab_dir)
    hromadas = gpd.read_file(src / "Hromadas.geojson")
    hromadas = hromadas[~hromadas.geometry.is_empty & hromadas.geometry.notna()]
    points = hromadas.geometry.representative_point()
    seed = hromadas[["ADM3_PCODE", "ADM3_UA", "ADM3_EN", "ADM2_UA", "ADM2_EN", "ADM1_PCODE", "ADM1_UA", "ADM1_EN"]].copy()
    seed.columns = ["pcode", "name_uk", "name_en", "raion_uk", "raion", "oblast_pcode", "oblast_uk", "oblast"]
    seed["lat"] = points.y.round(4)
    seed["lon"] = points.x.round(4)
    seed.sort_values("pcode").to_csv(SEED_DIR / "hromadas.csv", index=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared/realdata/cod-ab"))
