"""What every part of the demo data shares: the seed communities, the places the story names, the
generators' seed, finding points inside communities, and writing the CSV files.

The parts that draw (``needs``, ``idps``, ``hubs``) each have their own generator
(``np.random.default_rng([SEED, n])``), so that a change to one part does not shift the others' draws.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo.ingest.contract import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = Path(__file__).resolve().parents[1] / "demo_seed"
DATA_DIR = ROOT / "data"

SEED = 20251031
KM_PER_DEG = 111.32

# Places the story names, found in the seed by English hromada name and oblast (and raion where an
# oblast has two of the same name). Value: seed name_en, oblast P-code, raion, city in English,
# city in Ukrainian, population of the city before 2022 (rounded state statistics estimate).
PLACES: dict[str, tuple[str, str, str | None, str, str, int | None]] = {
    "kyiv": ("Kyiv", "UA80", None, "Kyiv", "Київ", 2_950_000),
    "kharkiv": ("Kharkivska", "UA63", None, "Kharkiv", "Харків", 1_420_000),
    "odesa": ("Odeska", "UA51", None, "Odesa", "Одеса", 1_010_000),
    "dnipro": ("Dniprovska", "UA12", None, "Dnipro", "Дніпро", 968_000),
    "lviv": ("Lvivska", "UA46", None, "Lviv", "Львів", 717_000),
    "zaporizhzhia": ("Zaporizka", "UA23", None, "Zaporizhzhia", "Запоріжжя", 710_000),
    "kryvyi_rih": ("Kryvorizka", "UA12", None, "Kryvyi Rih", "Кривий Ріг", 604_000),
    "mykolaiv": ("Mykolaivska", "UA48", None, "Mykolaiv", "Миколаїв", 470_000),
    "mariupol": ("Mariupolska", "UA14", None, "Mariupol", "Маріуполь", 425_000),
    "vinnytsia": ("Vinnytska", "UA05", None, "Vinnytsia", "Вінниця", 370_000),
    "chernihiv": ("Chernihivska", "UA74", None, "Chernihiv", "Чернігів", 283_000),
    "poltava": ("Poltavska", "UA53", None, "Poltava", "Полтава", 280_000),
    "kherson": ("Khersonska", "UA65", None, "Kherson", "Херсон", 279_000),
    "khmelnytskyi": ("Khmelnytska", "UA68", None, "Khmelnytskyi", "Хмельницький", 275_000),
    "cherkasy": ("Cherkaska", "UA71", None, "Cherkasy", "Черкаси", 273_000),
    "chernivtsi": ("Chernivetska", "UA73", None, "Chernivtsi", "Чернівці", 264_000),
    "zhytomyr": ("Zhytomyrska", "UA18", None, "Zhytomyr", "Житомир", 262_000),
    "sumy": ("Sumska", "UA59", None, "Sumy", "Суми", 256_000),
    "rivne": ("Rivnenska", "UA56", None, "Rivne", "Рівне", 244_000),
    "ivano_frankivsk": ("Ivano-Frankivska", "UA26", None, "Ivano-Frankivsk", "Івано-Франківськ", 238_000),
    "kamianske": ("Kamianska", "UA12", None, "Kamianske", "Кам'янське", 226_000),
    "ternopil": ("Ternopilska", "UA61", None, "Ternopil", "Тернопіль", 225_000),
    "kropyvnytskyi": ("Kropyvnytska", "UA35", None, "Kropyvnytskyi", "Кропивницький", 223_000),
    "kremenchuk": ("Kremenchutska", "UA53", None, "Kremenchuk", "Кременчук", 216_000),
    "lutsk": ("Lutska", "UA07", None, "Lutsk", "Луцьк", 214_000),
    "bila_tserkva": ("Bilotserkivska", "UA32", None, "Bila Tserkva", "Біла Церква", 207_000),
    "melitopol": ("Melitopolska", "UA23", None, "Melitopol", "Мелітополь", 149_000),
    "kramatorsk": ("Kramatorska", "UA14", None, "Kramatorsk", "Краматорськ", 147_000),
    "uzhhorod": ("Uzhhorodska", "UA21", None, "Uzhhorod", "Ужгород", 114_000),
    "brovary": ("Brovarska", "UA32", None, "Brovary", "Бровари", 110_000),
    "berdiansk": ("Berdianska", "UA23", None, "Berdiansk", "Бердянськ", 108_000),
    "sloviansk": ("Slovianska", "UA14", None, "Sloviansk", "Слов'янськ", 105_000),
    "nikopol": ("Nikopolska", "UA12", None, "Nikopol", "Нікополь", 105_000),
    "sievierodonetsk": ("Sievierodonetska", "UA44", None, "Sievierodonetsk", "Сєвєродонецьк", 101_000),
    "pavlohrad": ("Pavlohradska", "UA12", None, "Pavlohrad", "Павлоград", 100_000),
    "kamianets": ("Kamianets-Podilska", "UA68", None, "Kamianets-Podilskyi", "Кам'янець-Подільський", 97_000),
    "lysychansk": ("Lysychanska", "UA44", None, "Lysychansk", "Лисичанськ", 95_000),
    "mukachevo": ("Mukachivska", "UA21", None, "Mukachevo", "Мукачево", 85_000),
    "uman": ("Umanska", "UA71", None, "Uman", "Умань", 82_000),
    "bakhmut": ("Bakhmutska", "UA14", None, "Bakhmut", "Бахмут", 71_000),
    "volodymyr": ("Volodymyr-Volynska", "UA07", None, "Volodymyr", "Володимир", 38_000),
    "shpola": ("Shpolianska", "UA71", None, "Shpola", "Шпола", 17_000),
    # Named in the story, no population figure here.
    "shevchenkove": ("Shevchenkivska", "UA48", None, "Shevchenkove", "Шевченкове", None),
    "mishkovo": ("Mishkovo-Pohorilivska", "UA48", None, "Mishkovo-Pohorilove", "Мішково-Погорілове", None),
    "bashtanka": ("Bashtanska", "UA48", None, "Bashtanka", "Баштанка", None),
    "bilozerka": ("Bilozerska", "UA65", None, "Bilozerka", "Білозерка", None),
    "dariivka": ("Darivska", "UA65", None, "Dariivka", "Дар'ївка", None),
    "beryslav": ("Beryslavska", "UA65", None, "Beryslav", "Берислав", None),
}

# P-codes the brief states; a changed seed that moves them fails loudly instead of telling a new story.
EXPECTED_PCODES = {
    "kyiv": "UA8000000",
    "mariupol": "UA1414005",
    "bakhmut": "UA1402001",
    "volodymyr": "UA0702001",
    "chernivtsi": "UA7306061",
    "ternopil": "UA6104049",
    "mykolaiv": "UA4806015",
    "kherson": "UA6510015",
    "shevchenkove": "UA4806037",
    "mishkovo": "UA4806017",
    "bilozerka": "UA6510001",
}

# I'Mariupol: 25 centres in 17 host cities (the brief's counts for Kyiv, Dnipro, Zaporizhzhia, Lviv
# and Vinnytsia add up to 24 with one centre elsewhere, so Odesa has two). The hubs and the IDP flows
# from Mariupol both follow it.
IMARIUPOL = {
    "kyiv": 3, "dnipro": 3, "zaporizhzhia": 2, "lviv": 2, "vinnytsia": 2, "odesa": 2,
    "ivano_frankivsk": 1, "khmelnytskyi": 1, "poltava": 1, "kropyvnytskyi": 1, "cherkasy": 1,
    "chernivtsi": 1, "ternopil": 1, "rivne": 1, "zhytomyr": 1, "uzhhorod": 1, "bila_tserkva": 1,
}  # fmt: skip


def load_seed() -> pd.DataFrame:
    """The seed communities (P-codes, names, raions, oblasts, one interior point), sorted by P-code."""
    seed = pd.read_csv(SEED_DIR / "hromadas.csv", dtype=str, keep_default_na=False)
    seed["lat"] = seed["lat"].astype(float)
    seed["lon"] = seed["lon"].astype(float)
    seed = seed.sort_values("pcode").reset_index(drop=True)
    if seed["pcode"].duplicated().any():
        raise ValueError("duplicate P-codes in the seed")
    return seed


def resolve_places(seed: pd.DataFrame) -> dict[str, str]:
    """P-code of every place in PLACES, matched by English hromada name and oblast (and raion)."""
    pcodes = {}
    for key, (name_en, oblast, raion, *_rest) in PLACES.items():
        pcodes[key] = find_pcode(seed, name_en, oblast, raion)
    for key, expected in EXPECTED_PCODES.items():
        if pcodes[key] != expected:
            raise ValueError(f"{key}: found {pcodes[key]}, expected {expected}")
    return pcodes


def find_pcode(seed: pd.DataFrame, name_en: str, oblast: str, raion: str | None = None) -> str:
    hit = seed[(seed["name_en"] == name_en) & (seed["oblast_pcode"] == oblast)]
    if raion is not None:
        hit = hit[hit["raion"] == raion]
    if len(hit) != 1:
        raise ValueError(f"{name_en} in {oblast}: {len(hit)} matches in the seed")
    return str(hit["pcode"].iloc[0])


class Locator:
    """Finds the community containing a point, and draws points near a community's seed point."""

    def __init__(self, seed: pd.DataFrame, cells: list[object]) -> None:
        self.pcodes = seed["pcode"].to_numpy()
        self.index = {p: i for i, p in enumerate(self.pcodes)}
        self.lat = seed["lat"].to_numpy()
        self.lon = seed["lon"].to_numpy()
        self.cells = cells
        self.tree = shapely.STRtree(cells)

    def containing(self, lon: float, lat: float) -> list[str]:
        hits = self.tree.query(shapely.Point(lon, lat), predicate="within")
        return sorted(self.pcodes[hits])

    def point_near(
        self,
        rng: np.random.Generator,
        pcode: str,
        max_km: float,
        min_km: float = 0.0,
        avoid: set | None = None,
    ) -> tuple[float, float]:
        """A point (lat, lon, 4 decimals) within max_km of the seed point, well inside the cell."""
        i = self.index[pcode]
        cell = self.cells[i]
        for attempt in range(60):
            scale = max_km * (0.97**attempt)
            r = min(min_km, scale) + (scale - min(min_km, scale)) * math.sqrt(rng.random())
            theta = rng.uniform(0.0, 2.0 * math.pi)
            lat = round(self.lat[i] + r * math.cos(theta) / KM_PER_DEG, 4)
            lon = round(self.lon[i] + r * math.sin(theta) / (KM_PER_DEG * math.cos(math.radians(self.lat[i]))), 4)
            point = shapely.Point(lon, lat)
            if avoid and (lat, lon) in avoid:
                continue
            if cell.contains(point) and cell.boundary.distance(point) > 0.002:
                return lat, lon
        return float(self.lat[i]), float(self.lon[i])


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def dict_rows(kind: str, records: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = [c.name for c in COLUMNS[kind]]
    return header, [["" if r.get(c) is None else str(r[c]) for c in header] for r in records]
