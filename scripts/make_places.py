"""Make the gazetteer of Ukrainian cities that the maps label: ``geo/maps/places/cities.csv``.

Run by a maintainer who has the public files (``/work/shared/realdata`` or the same files from
their publishers); the result is committed, so the app needs none of them.

Sources and licences (also in ``geo/maps/places/README.md``):

- **The cities**: the state codifier of administrative-territorial units and territories of
  territorial communities (КАТОТТГ, Ministry for Communities and Territories Development of
  Ukraine), export of 2025-05-16, an official document (public, not subject to copyright under
  article 10 of the Law of Ukraine on copyright). Every row of category M is a city, under the
  codes of its oblast, raion and hromada; the two cities of special status (category K, Kyiv and
  Sevastopol) are cities too. A hromada's KATOTTH code begins with its 9-character P-code.
- **Population**: the Kyiv School of Economics' open data, population per hromada in 2022
  (``ua-pop-2022.csv``, MIT licence, Copyright (c) Kyiv School of Economics). A city is given the
  urban population of its hromada; where a hromada has several cities, the one the hromada is
  named after has it and the others have none. Kyiv is not in the table: it has the rounded state
  statistics estimate that the demo data uses (``scripts/demo_data/common.py``); Crimea,
  Sevastopol and the Chornobyl zone have no figure.
- **Positions**: the interior point of the city's community in ``scripts/demo_seed/hromadas.csv``
  (from OCHA COD-AB, 2024-04-16, CC BY-IGO): the community's point, not the city's own centre. A
  city whose community COD-AB does not have (a few hromadas of Crimea the codifier of 2025 names
  differently) is left out, and the script says which.
- **English names**: the hromada's COD-AB English name where the hromada is the city itself (Kyiv,
  Sevastopol); otherwise the official transliteration of the Cabinet of Ministers' resolution 55 of
  27 January 2010 (``geo.text.translit``).
- **Oblast centres**: the 24 administrative centres of the oblasts and of the Autonomous
  Republic of Crimea, by law (de jure: Donetsk and Luhansk), listed below; with Kyiv (also the
  centre of Kyiv oblast) and Sevastopol, 26 cities are flagged.

Usage::

    python scripts/make_places.py [--codifier PATH] [--population PATH] [--seed PATH] [--out PATH]
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

from demo_data.common import PLACES  # noqa: E402

from geo.text.translit import APOSTROPHES, transliterate  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
CODIFIER = REALDATA / "katottg" / "kodifikator-16-05-2025.csv"
POPULATION = REALDATA / "kse" / "ua-pop-2022.csv"
SEED = ROOT / "scripts" / "demo_seed" / "hromadas.csv"
OUT = ROOT / "geo" / "maps" / "places" / "cities.csv"

# The codifier's categories: city, city of special status, hromada. The export writes them in Latin
# letters, its documentation in Cyrillic ones that look the same: both are read.
CITY, SPECIAL, HROMADA = "M", "K", "H"
LOOK_ALIKES = str.maketrans("МКНОРСХВ", "MKHOPCXB")
KYIV = "UA8000000"
# The oblasts' administrative centres (and the Autonomous Republic of Crimea's), by oblast code.
OBLAST_CENTRES = {
    "UA01": "Сімферополь", "UA05": "Вінниця", "UA07": "Луцьк", "UA12": "Дніпро", "UA14": "Донецьк",
    "UA18": "Житомир", "UA21": "Ужгород", "UA23": "Запоріжжя", "UA26": "Івано-Франківськ",
    "UA35": "Кропивницький", "UA44": "Луганськ", "UA46": "Львів", "UA48": "Миколаїв", "UA51": "Одеса",
    "UA53": "Полтава", "UA56": "Рівне", "UA59": "Суми", "UA61": "Тернопіль", "UA63": "Харків",
    "UA65": "Херсон", "UA68": "Хмельницький", "UA71": "Черкаси", "UA73": "Чернівці", "UA74": "Чернігів",
}  # fmt: skip
COLUMNS = ["pcode", "katotth", "name_uk", "name_en", "lat", "lon", "population", "oblast_centre"]


def plain(name: str) -> str:
    """A name to compare: lower case, no apostrophes."""
    return "".join(c for c in name.lower() if c not in APOSTROPHES)


def read_codifier(path: Path) -> pd.DataFrame:
    """The codifier's rows as (level codes..., category, name); names without their trailing spaces."""
    frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8", keep_default_na=False)
    if len(frame.columns) != 7:
        raise ValueError(f"{path}: expected the codifier's 7 columns, found {list(frame.columns)}")
    frame.columns = ["oblast", "raion", "hromada", "settlement", "district", "category", "name"]
    frame["name"] = frame["name"].str.strip()
    frame["category"] = frame["category"].str.strip().str.translate(LOOK_ALIKES)
    return frame


def cities(codifier: pd.DataFrame) -> pd.DataFrame:
    """Every city: its KATOTTH code, the P-code of its community and its oblast's code."""
    towns = codifier[codifier["category"] == CITY]
    special = codifier[codifier["category"] == SPECIAL]
    out = pd.concat(
        [
            pd.DataFrame(
                {"katotth": towns["settlement"], "hromada": towns["hromada"], "name_uk": towns["name"],
                 "oblast": towns["oblast"].str[:4]}
            ),
            pd.DataFrame(
                {"katotth": special["oblast"], "hromada": special["oblast"], "name_uk": special["name"],
                 "oblast": special["oblast"].str[:4]}
            ),
        ],
        ignore_index=True,
    )  # fmt: skip
    out["pcode"] = out["hromada"].str[:9]
    return out


def seats(frame: pd.DataFrame, hromada_names: pd.Series) -> pd.Series:
    """Whether each city is the one its hromada is named after (the longest common beginning)."""

    def common(a: str, b: str) -> int:
        n = 0
        for x, y in zip(a, b, strict=False):
            if x != y:
                break
            n += 1
        return n

    pairs = zip(frame["name_uk"], frame["hromada"], strict=True)
    score = [common(plain(name), plain(hromada_names.get(code, ""))) for name, code in pairs]
    scored = frame.assign(score=score)
    best = scored.groupby("hromada")["score"].transform("max")
    first = ~scored.assign(top=scored["score"] == best).query("top").duplicated("hromada")
    return first.reindex(frame.index, fill_value=False)


def gazetteer(codifier: pd.DataFrame, population: pd.DataFrame, seed: pd.DataFrame) -> pd.DataFrame:
    found = cities(codifier)
    hromada_names = codifier[codifier["category"] == HROMADA].set_index("hromada")["name"]
    urban = population.set_index("hromada_code")["urban_population_2022"]
    seat = seats(found, hromada_names)
    people = found["hromada"].map(urban).where(seat)
    people[found["pcode"] == KYIV] = PLACES["kyiv"][5]
    found["population"] = people.astype("Int64")

    points = seed.set_index("pcode")
    missing = ~found["pcode"].isin(points.index)
    for row in found[missing].itertuples():
        print(f"left out: {row.name_uk} ({row.katotth}), its community {row.pcode} is not in {SEED.name}")
    found = found[~missing].copy()
    found["lat"] = found["pcode"].map(points["lat"])
    found["lon"] = found["pcode"].map(points["lon"])
    own = found["pcode"].map(points["name_uk"]).map(plain) == found["name_uk"].map(plain)
    found["name_en"] = found["name_uk"].map(transliterate).where(~own, found["pcode"].map(points["name_en"]))

    centre = pd.Series(False, index=found.index)
    for oblast, name in OBLAST_CENTRES.items():
        hit = (found["oblast"] == oblast) & (found["name_uk"] == name)
        if hit.sum() != 1:
            raise ValueError(f"the centre of {oblast}, {name}: {int(hit.sum())} cities of that name")
        centre = centre | hit
    centre = centre | found["katotth"].isin(codifier.loc[codifier["category"] == SPECIAL, "oblast"])
    found["oblast_centre"] = centre.map({True: "yes", False: "no"})
    if (found["oblast_centre"] == "yes").sum() != len(OBLAST_CENTRES) + 2:
        raise ValueError("expected the 24 oblast centres, Kyiv and Sevastopol")
    order = ["oblast_centre", "population", "name_uk"]
    ordered = found.sort_values(order, ascending=[False, False, True], na_position="last")
    return ordered[COLUMNS].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codifier", type=Path, default=CODIFIER, help="the KATOTTH codifier as exported (CSV, ';')")
    parser.add_argument("--population", type=Path, default=POPULATION, help="KSE's ua-pop-2022.csv")
    parser.add_argument("--seed", type=Path, default=SEED, help="community interior points (hromadas.csv)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = gazetteer(
        read_codifier(args.codifier),
        pd.read_csv(args.population, dtype={"hromada_code": str}),
        pd.read_csv(args.seed, dtype={"pcode": str}),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    print(f"{args.out.relative_to(ROOT)}: {len(table)} cities, {(table['oblast_centre'] == 'yes').sum()} centres")


if __name__ == "__main__":
    main()
