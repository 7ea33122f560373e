"""Derive the demo seed (community centres and simplified oblast outlines) from OCHA COD-AB.

Run once by a maintainer who has the official files; the result is committed under
``scripts/demo_seed/`` so that ``make_demo_data.py`` can rebuild ``data/`` anywhere without them.

The seed keeps facts, not the official geometry: each hromada's P-code, names and one
interior point, and each oblast's outline simplified to about 2 km. Source: OCHA COD-AB
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

    oblasts = gpd.read_file(src / "Oblasts.geojson")[["ADM1_PCODE", "ADM1_EN", "geometry"]]
    oblasts.columns = ["oblast_pcode", "oblast", "geometry"]
    oblasts["geometry"] = oblasts.geometry.simplify(0.02, preserve_topology=True).set_precision(0.001)
    oblasts.to_file(SEED_DIR / "oblasts.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared/realdata/cod-ab"))
