"""Make the table of each community's administrative centre: ``geo/ingest/centres/centres.csv``.

People look a community up by the town or village it is run from ("Шевченкове"), while the
boundaries name it by its adjective ("Шевченківська"); the Community page's search reads this
table to find one by the other (``geo.figures.community_search``). Run by a maintainer who has
the codifier (``/work/shared/realdata`` or the same file from its publisher); the result is
committed, so the app and the tests need no file of ``../shared``.

Source and licence (also in ``geo/ingest/centres/README.md``): the state codifier of
administrative-territorial units and territories of territorial communities (КАТОТТГ, Ministry for
Communities and Territories Development of Ukraine), export of 2025-05-16, an official document of
the state, not subject to copyright (Law of Ukraine "On copyright and related rights", article 10).

The rule: within a hromada the codifier numbers its settlements from 001, and 001 is the
administrative centre (the settlement's code is ``UA`` + oblast 2 + raion 2 + hromada 3 +
settlement 3 + a check number; its first 9 characters are the hromada's P-code). The script
checks it: every hromada has a 001, and the 001's name begins like the hromada's in all but 77
of the 1,772 (export of 2025-05-16), which are renamed centres (Звягель for Новоград-Волинська,
Самар for Новомосковська) and Crimea's renamed villages. The two cities of special status
(category K: Kyiv, Sevastopol) are their own centres.

Usage::

    python scripts/make_centres.py [--codifier PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_places import CODIFIER, HROMADA, SPECIAL, plain, read_codifier  # noqa: E402

from geo.text.translit import transliterate  # noqa: E402

OUT = ROOT / "geo" / "ingest" / "centres" / "centres.csv"
COLUMNS = ["pcode", "katotth", "centre_uk", "centre_en", "kind"]
# The codifier's categories of a centre: city, settlement (selyshche), village; B (a city's district) is none.
KINDS = {"M": "city", "X": "settlement", "C": "village", SPECIAL: "city"}
CENTRE_NUMBER = "001"


def common_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(plain(a), plain(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def centres(codifier: pd.DataFrame) -> pd.DataFrame:
    """One row per hromada (and city of special status): its P-code, its centre's code and names."""
    hromadas = codifier[codifier["category"] == HROMADA].set_index("hromada")["name"]
    places = codifier[(codifier["settlement"] != "") & (codifier["district"] == "")]
    places = places[places["category"].isin(["M", "X", "C"])]
    # Only hromadas: the Chornobyl exclusion zone has cities under a hromada code of its own but no centre.
    first = places[(places["settlement"].str[9:12] == CENTRE_NUMBER) & places["hromada"].isin(hromadas.index)]
    if first["hromada"].duplicated().any():
        raise ValueError("a hromada with two settlements numbered 001")
    missing = sorted(set(hromadas.index) - set(first["hromada"]))
    if missing:
        raise ValueError(f"hromadas without a settlement numbered 001: {missing[:10]}")
    table = pd.DataFrame(
        {"pcode": first["hromada"].str[:9], "katotth": first["settlement"], "centre_uk": first["name"],
         "kind": first["category"].map(KINDS)}
    )  # fmt: skip
    special = codifier[codifier["category"] == SPECIAL]
    table = pd.concat(
        [
            table,
            pd.DataFrame(
                {
                    "pcode": special["oblast"].str[:9],
                    "katotth": special["oblast"],
                    "centre_uk": special["name"],
                    "kind": KINDS[SPECIAL],
                }
            ),
        ],
        ignore_index=True,
    )
    if table["pcode"].duplicated().any():
        raise ValueError("two centres for one P-code")
    named = first.assign(hromada_name=first["hromada"].map(hromadas))
    unlike = sum(common_start(a, b) < 3 for a, b in zip(named["name"], named["hromada_name"], strict=True))
    print(f"{len(first)} hromadas; {unlike} whose centre's name does not begin like the hromada's (renamed centres)")
    table["centre_en"] = table["centre_uk"].map(transliterate)
    return table.sort_values("pcode")[COLUMNS].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codifier", type=Path, default=CODIFIER, help="the KATOTTH codifier as exported (CSV, ';')")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = centres(read_codifier(args.codifier))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    print(f"{args.out.relative_to(ROOT)}: {len(table)} centres")


if __name__ == "__main__":
    main()
