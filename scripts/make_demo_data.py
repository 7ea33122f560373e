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
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = Path(__file__).resolve().parent / "demo_seed"
DATA_DIR = ROOT / "data"
OUTPUT_FILES = ("communities.geojson", "needs.csv", "hubs.csv", "idp_counts.csv")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from geo.ingest.contract import COLUMNS, HUB_TYPES, PERSONAL_COLUMNS, SECTORS, VULNERABLE_GROUPS  # noqa: E402

SEED = 20251031
GRID = 0.001  # coordinates of the boundaries are rounded to 3 decimals (~100 m)
SLIVER = 2e-6  # square degrees (~0.015 km²): polygon parts smaller than this are dropped
KM_PER_DEG = 111.32

PERIOD_START = date(2025, 6, 1)
PERIOD_END = date(2025, 10, 31)
AS_OF = "2025-10-01"
AS_OF_OLDER = "2025-07-01"

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

# --- needs ---------------------------------------------------------------------------------
N_NEEDS = {"UA48": 463, "UA65": 262}
N_VERIFIED = 587
NEED_ID_PREFIX = {"UA48": "MK", "UA65": "KH"}
# Share of an oblast's needs for the places the story names; the rest is spread over the others.
NEED_FOCUS = {
    "UA48": {"mykolaiv": 0.27, "shevchenkove": 0.10, "mishkovo": 0.07},
    "UA65": {"kherson": 0.33, "bilozerka": 0.14, "dariivka": 0.10},
}
# Mykolaiv oblast: all communities (closer to the front = more needs).
NEED_RAION_WEIGHT = {"Mykolaivskyi": 1.6, "Bashtanskyi": 1.4, "Voznesenskyi": 0.7, "Pervomaiskyi": 0.4}
# Kherson oblast: only the right-bank, government-controlled communities register needs.
KHERSON_RIGHT_BANK = (
    "Beryslavska", "Borozenska", "Velykooleksandrivska", "Vysokopilska", "Kalynivska", "Kochubeivska",
    "Mylivska", "Novovorontsovska", "Novooleksandrivska", "Novoraiska", "Tiahynska",
    "Bilozerska", "Darivska", "Muzykivska", "Stanislavska", "Khersonska", "Chornobaivska",
)  # fmt: skip
SECTOR_WEIGHTS = {
    "heating_utilities": 0.19, "shelter_nfi": 0.19, "food": 0.17, "wash": 0.12, "health": 0.08,
    "protection": 0.06, "legal_aid": 0.05, "psychosocial": 0.05, "livelihoods": 0.04,
    "education": 0.03, "other": 0.02,
}  # fmt: skip
STATUS_SHARES = {"closed": 0.45, "in_progress": 0.20}  # the rest are open
PROVIDERS = {
    "Hromada council": 0.22, "Volunteer initiative": 0.19, "Local charity fund": 0.17,
    "International NGO partner": 0.17, "Oblast military administration": 0.13, "Red Cross volunteers": 0.12,
}  # fmt: skip
OPEN_WITH_PROVIDER = 0.12
PEOPLE_WEIGHTS = (0.20, 0.24, 0.20, 0.14, 0.09, 0.06, 0.04, 0.02, 0.01)  # 1..9 people
GROUP_WEIGHTS = {
    "elderly": 0.30, "children": 0.20, "disability": 0.18, "chronic_illness": 0.14,
    "large_family": 0.10, "single_parent": 0.08,
}  # fmt: skip
N_GROUPS_WEIGHTS = (0.35, 0.45, 0.20)  # 0, 1 or 2 groups
POINT_SHARE = 0.10  # needs given as a point instead of a P-code

# --- hubs ----------------------------------------------------------------------------------
# I'Mariupol: 25 centres in 17 host cities (the brief's counts for Kyiv, Dnipro, Zaporizhzhia, Lviv
# and Vinnytsia add up to 24 with one centre elsewhere, so Odesa has two).
IMARIUPOL = {
    "kyiv": 3, "dnipro": 3, "zaporizhzhia": 2, "lviv": 2, "vinnytsia": 2, "odesa": 2,
    "ivano_frankivsk": 1, "khmelnytskyi": 1, "poltava": 1, "kropyvnytskyi": 1, "cherkasy": 1,
    "chernivtsi": 1, "ternopil": 1, "rivne": 1, "zhytomyr": 1, "uzhhorod": 1, "bila_tserkva": 1,
}  # fmt: skip
MARIUPOL_BIG_HOSTS = ("zaporizhzhia", "dnipro", "kyiv")
VCENTRI_KYIV = 4
IDP_HUB_TOWNS = ("kamianske", "shpola", "chernivtsi", "ternopil")
AID_POINTS = (
    "mykolaiv",
    "shevchenkove",
    "mishkovo",
    "bashtanka",
    "kherson",
    "bilozerka",
    "dariivka",
    "beryslav",
)
SERVICES_SUPPORT = (
    "юридична допомога", "психологічна підтримка", "гуманітарна допомога", "працевлаштування",
    "соціальні виплати", "відновлення документів", "житлові питання", "заняття для дітей",
    "медична консультація", "консультації щодо компенсації за зруйноване житло",
)  # fmt: skip
SERVICES_AID = (
    "продуктові набори", "гігієнічні набори", "питна вода", "генератор і зарядка телефонів",
    "теплі речі", "будівельні матеріали для ремонту", "гуманітарна допомога", "психологічна підтримка",
)  # fmt: skip
HOURS = ("Пн–Пт 09:00–18:00", "Пн–Пт 10:00–19:00", "Пн–Сб 09:00–17:00", "Вт–Сб 10:00–18:00")

# --- IDP flows -----------------------------------------------------------------------------
N_OTHER_FLOWS = 150
N_OLDER_FLOWS = 10
MIN_FLOWS_PER_HOST = 2
FLOW_SCALE = 700.0  # people on a flow of pull 1 (size grows with the square root of pull)
PEOPLE_PER_HOUSEHOLD = 2.3
# Origins: frontline or occupied communities (seed name_en, oblast P-code, relative size).
ORIGINS = (
    ("Bakhmutska", "UA14", 1.0), ("Toretska", "UA14", 0.5), ("Avdiivska", "UA14", 0.5),
    ("Vuhledarska", "UA14", 0.3), ("Pokrovska", "UA14", 0.9), ("Kostiantynivska", "UA14", 0.7),
    ("Kramatorska", "UA14", 0.6), ("Slovianska", "UA14", 0.4), ("Lymanska", "UA14", 0.4),
    ("Volnovaska", "UA14", 0.4), ("Selydivska", "UA14", 0.4), ("Myrnohradska", "UA14", 0.4),
    ("Chasovoiarska", "UA14", 0.2), ("Mariupolska", "UA14", 1.0),
    ("Sievierodonetska", "UA44", 1.0), ("Lysychanska", "UA44", 0.9), ("Rubizhanska", "UA44", 0.6),
    ("Popasnianska", "UA44", 0.3), ("Kreminska", "UA44", 0.3), ("Starobilska", "UA44", 0.3),
    ("Kupianska", "UA63", 0.6), ("Iziumska", "UA63", 0.5), ("Vovchanska", "UA63", 0.4),
    ("Balakliiska", "UA63", 0.3), ("Chuhuivska", "UA63", 0.3), ("Kharkivska", "UA63", 0.5),
    ("Melitopolska", "UA23", 0.8), ("Berdianska", "UA23", 0.6), ("Enerhodarska", "UA23", 0.5),
    ("Huliaipilska", "UA23", 0.3), ("Orikhivska", "UA23", 0.4), ("Vasylivska", "UA23", 0.3),
    ("Tokmatska", "UA23", 0.3), ("Polohivska", "UA23", 0.2),
    ("Khersonska", "UA65", 0.7), ("Oleshkivska", "UA65", 0.5), ("Novokakhovska", "UA65", 0.6),
    ("Kakhovska", "UA65", 0.4), ("Henicheska", "UA65", 0.3), ("Skadovska", "UA65", 0.3),
    ("Holoprystanska", "UA65", 0.3), ("Beryslavska", "UA65", 0.3),
    ("Snihurivska", "UA48", 0.3), ("Ochakivska", "UA48", 0.2), ("Mykolaivska", "UA48", 0.3),
)  # fmt: skip
# Hosts across Ukraine with their relative pull. Volodymyr is left out: its 3,100 are fixed below.
HOSTS = {
    "dnipro": 1.3, "kyiv": 1.2, "lviv": 1.2, "kharkiv": 0.8, "zaporizhzhia": 0.9, "odesa": 0.7,
    "vinnytsia": 0.7, "poltava": 0.6, "ivano_frankivsk": 0.5, "khmelnytskyi": 0.5, "kryvyi_rih": 0.5,
    "chernivtsi": 0.4, "ternopil": 0.4, "kamianske": 0.6, "rivne": 0.4, "cherkasy": 0.4,
    "kropyvnytskyi": 0.4, "zhytomyr": 0.35, "uzhhorod": 0.35, "lutsk": 0.3, "bila_tserkva": 0.3,
    "kremenchuk": 0.3, "pavlohrad": 0.3, "brovary": 0.25, "mukachevo": 0.25, "mykolaiv": 0.25,
    "uman": 0.2, "kamianets": 0.2, "shpola": 0.2,
}  # fmt: skip
VOLODYMYR_ORIGINS = (
    "Bakhmutska",
    "Mariupolska",
    "Sievierodonetska",
    "Khersonska",
    "Melitopolska",
    "Kupianska",
)
VOLODYMYR_IDPS = 3100


# =============================================================================================
# seed
# =============================================================================================


def load_seed() -> tuple[pd.DataFrame, dict[str, object]]:
    """The seed communities (sorted by P-code) and the oblast outlines by oblast P-code."""
    seed = pd.read_csv(SEED_DIR / "hromadas.csv", dtype=str, keep_default_na=False)
    seed["lat"] = seed["lat"].astype(float)
    seed["lon"] = seed["lon"].astype(float)
    seed = seed.sort_values("pcode").reset_index(drop=True)
    if seed["pcode"].duplicated().any():
        raise ValueError("duplicate P-codes in the seed")
    with open(SEED_DIR / "oblasts.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    outlines = {ft["properties"]["oblast_pcode"]: shapely.make_valid(shape(ft["geometry"])) for ft in features}
    return seed, outlines


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


# =============================================================================================
# communities
# =============================================================================================


def oblast_regions(seed: pd.DataFrame, outlines: dict[str, object], points: np.ndarray) -> dict[str, object]:
    """The oblast outlines made into a coverage that holds every oblast's own points.

    The outlines were simplified one by one, so neighbours overlap in thin slivers and leave thin
    gaps between them. An overlap goes to the oblast whose community point is nearest (a Voronoi
    diagram of all points), leftovers to the oblast first in P-code order; a gap is shared out the
    same way. Holes that were holes of an outline already stay holes. A point that lies outside its
    own simplified outline (a coastal community, Sevastopol) takes a small patch around it.
    """
    keys = sorted(outlines)
    everything = shapely.union_all(list(outlines.values()))
    frame = shapely.box(*everything.bounds).buffer(1.0)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame, ordered=True))
    if len(cells) != len(points):
        raise ValueError("Voronoi diagram of all points lost a cell")
    members = {ob: np.flatnonzero(seed["oblast_pcode"].to_numpy() == ob) for ob in keys}
    claims = {ob: shapely.union_all(cells[idx]) for ob, idx in members.items()}

    regions: dict[str, object] = {}
    taken = shapely.Polygon()
    for ob in keys:
        region = outlines[ob]
        for other in keys:
            if other != ob and outlines[ob].intersects(outlines[other]):
                region = region.difference(outlines[ob].intersection(outlines[other]).intersection(claims[other]))
        region = polygonal(region.difference(taken))
        regions[ob] = region
        taken = taken.union(region)

    # Gaps between neighbouring outlines: holes of the whole that are no hole of any one outline.
    outer = [shapely.Polygon(p.exterior) for p in polygons_of(everything)]
    own_holes = [shapely.Polygon(p.exterior) for o in outlines.values() for p in polygons_of(o)]
    gaps = [
        g
        for g in polygons_of(shapely.union_all(outer).difference(taken))
        if not any(f.contains(g.representative_point()) for f in own_holes)
    ]
    gap = shapely.union_all(gaps)
    for ob in keys:
        share = gap.intersection(claims[ob])
        if not share.is_empty:
            regions[ob] = polygonal(regions[ob].union(share))

    for ob in keys:
        for i in members[ob]:
            point = shapely.Point(points[i])
            if regions[ob].contains(point):
                continue
            patch = cells[i].intersection(point.buffer(regions[ob].distance(point) + 0.01))
            regions[ob] = polygonal(regions[ob].union(patch))
            for other in keys:
                if other != ob and regions[other].intersects(patch):
                    regions[other] = polygonal(regions[other].difference(patch))
    return regions


def polygons_of(geom: object) -> list[object]:
    """The polygons in any geometry (overlays leave stray lines and points in collections)."""
    found = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon):
            if not part.is_empty:
                found.append(part)
        elif isinstance(part, (shapely.MultiPolygon, shapely.GeometryCollection)):
            found.extend(polygons_of(part))
    return found


def polygonal(geom: object) -> object:
    """Only the polygonal part of ``geom``, as a Polygon or MultiPolygon."""
    parts = polygons_of(geom)
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def snap_coverage(raw: list[object], points: np.ndarray) -> list[object]:
    """Round a set of non-overlapping polygons to the grid so that neighbours still share borders.

    Rounding each polygon on its own would move a border differently on its two sides (one side
    has a vertex the other lacks), leaving overlaps and gaps. So all borders are noded and
    snap-rounded together, cut into faces, and each face goes back to the polygon it came from.
    Slivers cut off a community (smaller than SLIVER) go to the neighbour sharing most border.
    """
    lines = shapely.union_all(shapely.boundary(np.array(raw, dtype=object)), grid_size=GRID)
    faces = np.array(polygons_of(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    raw_tree = shapely.STRtree(raw)
    inside = shapely.point_on_surface(faces)
    owner = np.full(len(faces), -1)
    face_idx, cell_idx = raw_tree.query(inside, predicate="within")
    owner[face_idx] = cell_idx
    for f in np.flatnonzero(owner < 0):  # a face whose inner point fell on a border after rounding
        near = raw_tree.query(faces[f], predicate="intersects")
        if len(near):
            overlap = shapely.area(shapely.intersection(np.array(raw, dtype=object)[near], faces[f]))
            if overlap.max() > 0:
                owner[f] = near[int(np.argmax(overlap))]

    seeds = shapely.points(points)
    groups = [[] for _ in raw]
    for f, o in enumerate(owner):
        if o >= 0:
            groups[o].append(faces[f])
    cells = [polygonal(shapely.coverage_union_all(np.array(g, dtype=object))) for g in groups]

    # Slivers: detached bits smaller than SLIVER, not holding the community's point.
    tree = shapely.STRtree(cells)
    for i in range(len(cells)):
        parts = polygons_of(cells[i])
        bits = [p for p in parts if p.area < SLIVER and not p.contains(seeds[i])]
        if not bits:
            continue
        keep = [p for p in parts if not any(p is b for b in bits)]
        cells[i] = keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)
        for bit in bits:
            shared = {
                int(j): shapely.length(shapely.intersection(cells[j].boundary, bit.boundary))
                for j in tree.query(bit, predicate="intersects")
                if j != i
            }
            best = max(sorted(shared), key=shared.get, default=None)
            if best is not None and shared[best] > 0:
                merged = np.array([*polygons_of(cells[best]), bit], dtype=object)
                cells[best] = polygonal(shapely.coverage_union_all(merged))
            # a bit with no neighbour along a border is dropped
    return [shapely.orient_polygons(c) for c in cells]


def community_cells(seed: pd.DataFrame, outlines: dict[str, object]) -> list[object]:
    """One approximate boundary per seed community, in the seed's order."""
    points = np.column_stack([seed["lon"].to_numpy(), seed["lat"].to_numpy()])
    point_geoms = shapely.points(points)
    regions = oblast_regions(seed, outlines, points)
    raw: list[object] = [None] * len(seed)
    for ob, region in regions.items():
        idx = np.flatnonzero(seed["oblast_pcode"].to_numpy() == ob)
        if len(idx) == 1:
            pieces = [region]
        else:
            vor = shapely.voronoi_polygons(shapely.multipoints(points[idx]), extend_to=region, ordered=True)
            pieces = shapely.intersection(shapely.get_parts(vor), region)
        for i, geom in zip(idx, pieces, strict=True):
            raw[i] = polygonal(geom)
    cells = snap_coverage(raw, points)
    for i, cell in enumerate(cells):
        if cell.is_empty or not cell.is_valid or not cell.contains(point_geoms[i]):
            raise ValueError(f"{seed['pcode'][i]}: its cell is empty, invalid or misses its point")
    return cells


def communities_geojson(seed: pd.DataFrame, cells: list[object], places: dict[str, str]) -> str:
    population = {places[key]: spec[5] for key, spec in PLACES.items() if spec[5] is not None}
    lines = []
    for i, row in seed.iterrows():
        properties = {
            "pcode": row["pcode"],
            "name_uk": row["name_uk"],
            "name_en": row["name_en"],
            "raion": row["raion"],
            "raion_uk": row["raion_uk"],
            "oblast": row["oblast"],
            "oblast_uk": row["oblast_uk"],
            "population": population.get(row["pcode"]),
        }
        feature = {"type": "Feature", "properties": properties, "geometry": rounded(mapping(cells[i]))}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","name":"communities","features":[\n' + ",\n".join(lines) + "\n]}\n"


def rounded(geometry: dict) -> dict:
    def walk(coords: object) -> object:
        if isinstance(coords[0], (int, float)):
            return [round(float(c), 3) for c in coords]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


# =============================================================================================
# points inside communities
# =============================================================================================


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


# =============================================================================================
# needs
# =============================================================================================


def need_weights(seed: pd.DataFrame, places: dict[str, str], oblast: str, rng: np.random.Generator) -> pd.Series:
    """Share of the oblast's needs per community."""
    rows = seed[seed["oblast_pcode"] == oblast]
    if oblast == "UA65":
        rows = rows[rows["name_en"].isin(KHERSON_RIGHT_BANK)]
        base = pd.Series(1.0, index=rows["pcode"])
    else:
        base = pd.Series(rows["raion"].map(NEED_RAION_WEIGHT).to_numpy(), index=rows["pcode"])
    base = base * rng.gamma(2.0, 0.5, size=len(base))
    focus = {places[key]: share for key, share in NEED_FOCUS[oblast].items()}
    rest = base.drop(list(focus))
    weights = rest / rest.sum() * (1.0 - sum(focus.values()))
    for pcode, share in focus.items():
        weights[pcode] = share
    return weights.sort_index()


def make_needs(seed: pd.DataFrame, places: dict[str, str], loc: Locator) -> list[dict]:
    rng = np.random.default_rng([SEED, 1])
    days = (PERIOD_END - PERIOD_START).days  # 152: the last day is PERIOD_START + 152
    records = []
    for oblast, n in N_NEEDS.items():
        weights = need_weights(seed, places, oblast, rng)
        counts = rng.multinomial(n, weights.to_numpy())
        for pcode, count in zip(weights.index, counts, strict=True):
            for _ in range(count):
                records.append({"oblast": oblast, "pcode": pcode})
    n_total = len(records)

    # Registration dates: somewhat more needs as autumn and the heating season come.
    day_weights = 1.0 + 0.6 * np.arange(days + 1) / days
    offsets = rng.choice(days + 1, size=n_total, p=day_weights / day_weights.sum())
    sector_keys = list(SECTOR_WEIGHTS)
    for rec, offset in zip(records, offsets, strict=True):
        rec["reported_on"] = PERIOD_START + timedelta(days=int(offset))
        p = np.array([SECTOR_WEIGHTS[k] for k in sector_keys])
        if rec["reported_on"].month >= 9:
            p[sector_keys.index("heating_utilities")] *= 2.0
        rec["sector"] = sector_keys[rng.choice(len(sector_keys), p=p / p.sum())]
        rec["tiebreak"] = rng.random()

    # Status: older needs are more likely closed. Exactly the target counts, chosen by score.
    age = np.array([(PERIOD_END - r["reported_on"]).days for r in records])
    n_closed = round(n_total * STATUS_SHARES["closed"])
    n_progress = round(n_total * STATUS_SHARES["in_progress"])
    closed_score = np.where(age >= 2, age / days + rng.normal(0.0, 0.3, n_total), -np.inf)
    order = np.argsort(-closed_score, kind="stable")
    status = np.array(["open"] * n_total, dtype=object)
    status[order[:n_closed]] = "closed"
    progress_score = np.where(status == "open", age / days + rng.normal(0.0, 0.35, n_total), -np.inf)
    status[np.argsort(-progress_score, kind="stable")[:n_progress]] = "in_progress"

    # Verified: most of all, more so for needs someone has already worked on.
    bonus = np.select([status == "closed", status == "in_progress"], [1.0, 0.7], 0.0)
    verify_score = bonus + 0.5 * age / days + rng.normal(0.0, 0.45, n_total)
    verified = np.zeros(n_total, dtype=bool)
    verified[np.argsort(-verify_score, kind="stable")[:N_VERIFIED]] = True

    provider_keys = list(PROVIDERS)
    provider_p = np.array(list(PROVIDERS.values()))
    group_keys = list(GROUP_WEIGHTS)
    group_p = np.array(list(GROUP_WEIGHTS.values()))
    group_order = list(VULNERABLE_GROUPS)
    for i, rec in enumerate(records):
        rec["status"] = status[i]
        rec["verified"] = bool(verified[i])
        rec["closed_on"] = None
        if status[i] == "closed":
            room = min(60, int(age[i]))
            took = int(np.clip(round(2 + rng.gamma(2.0, 7.0)), 2, room))
            rec["closed_on"] = rec["reported_on"] + timedelta(days=took)
        has_provider = status[i] != "open" or rng.random() < OPEN_WITH_PROVIDER
        rec["provider"] = provider_keys[rng.choice(len(provider_keys), p=provider_p)] if has_provider else ""
        rec["people"] = int(rng.choice(9, p=PEOPLE_WEIGHTS)) + 1
        k = int(rng.choice(3, p=N_GROUPS_WEIGHTS))
        chosen = rng.choice(len(group_keys), size=k, replace=False, p=group_p) if k else []
        rec["vulnerable_groups"] = ";".join(sorted((group_keys[j] for j in chosen), key=group_order.index))
        rec["as_point"] = rng.random() < POINT_SHARE

    # Chronological order; ids count up per oblast.
    records.sort(key=lambda r: (r["reported_on"], r["tiebreak"]))
    counters = dict.fromkeys(N_NEEDS, 0)
    for row_no, rec in enumerate(records, start=1):
        counters[rec["oblast"]] += 1
        rec["need_id"] = f"{NEED_ID_PREFIX[rec['oblast']]}-2025-{counters[rec['oblast']]:04d}"
        rec["lat"] = rec["lon"] = ""
        if rec["as_point"]:
            lat, lon = loc.point_near(rng, rec["pcode"], max_km=1.5)
            rec["lat"], rec["lon"] = f"{lat:.4f}", f"{lon:.4f}"
            if loc.containing(lon, lat) != [rec["pcode"]]:
                raise ValueError(f"{rec['need_id']}: its point is not in its community alone")
            rec["pcode"] = ""
        rec["contact_name"] = f"Demo Person {row_no:04d}"
        rec["phone"] = f"+380 00 000 {row_no:04d}"
        rec["address"] = f"Demo street {row_no}"
        rec["notes"] = f"demo note {row_no:04d}"
    return records


def needs_rows(records: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = [c.name for c in COLUMNS["needs"]] + list(PERSONAL_COLUMNS)
    rows = []
    for r in records:
        values = {
            **r,
            "verified": "true" if r["verified"] else "false",
            "reported_on": r["reported_on"].isoformat(),
            "closed_on": r["closed_on"].isoformat() if r["closed_on"] else "",
            "people": str(r["people"]),
        }
        rows.append([values[c] for c in header])
    return header, rows


# =============================================================================================
# hubs and IDP counts
# =============================================================================================


def make_idp_counts(seed: pd.DataFrame, places: dict[str, str]) -> list[dict]:
    rng = np.random.default_rng([SEED, 3])
    rows: list[dict] = []

    def add(host: str, origin: str, people: int, households: int | None | str = "auto", as_of: str = AS_OF) -> None:
        if households == "auto":
            households = (
                None if rng.random() < 0.12 else max(1, round(people / PEOPLE_PER_HOUSEHOLD * rng.uniform(0.92, 1.08)))
            )
        rows.append(
            {
                "host_pcode": host,
                "origin_pcode": origin,
                "people": int(people),
                "households": households,
                "as_of": as_of,
            }
        )

    bakhmut, mariupol = places["bakhmut"], places["mariupol"]
    add(places["dnipro"], bakhmut, 8000, None)
    add(places["vinnytsia"], bakhmut, 1850, 858)

    origin_pcode = {name: find_pcode(seed, name, ob) for name, ob, _ in ORIGINS}
    shares = rng.dirichlet(np.full(len(VOLODYMYR_ORIGINS), 3.0))
    people = np.floor(shares * VOLODYMYR_IDPS).astype(int)
    people[np.argmax(people)] += VOLODYMYR_IDPS - people.sum()
    for name, n in zip(VOLODYMYR_ORIGINS, people, strict=True):
        add(places["volodymyr"], origin_pcode[name], int(n))

    for city in IMARIUPOL:
        n = rng.integers(2500, 5000) if city in MARIUPOL_BIG_HOSTS else rng.integers(300, 2500)
        add(places[city], mariupol, int(n))

    # Other flows: a gravity model (bigger origins and hosts, shorter distances, more people),
    # with every host getting a few origins first so that none is left with a token figure.
    taken = {(r["host_pcode"], r["origin_pcode"]) for r in rows}
    where = seed.set_index("pcode")[["lat", "lon"]]
    pairs, pulls = [], []
    for name, _ob, o_size in ORIGINS:
        o = origin_pcode[name]
        for city, h_size in HOSTS.items():
            h = places[city]
            if h == o or (h, o) in taken:
                continue
            km = distance_km(where.loc[o], where.loc[h])
            pairs.append((h, o))
            pulls.append(o_size * h_size * (400.0 / (km + 200.0)) ** 0.5)
    pulls = np.array(pulls)
    hosts = np.array([h for h, _o in pairs])
    chosen: list[int] = []
    for city in HOSTS:
        own = np.flatnonzero(hosts == places[city])
        chosen.extend(rng.choice(own, size=MIN_FLOWS_PER_HOST, replace=False, p=pulls[own] / pulls[own].sum()))
    rest = np.setdiff1d(np.arange(len(pairs)), chosen)
    chosen.extend(rng.choice(rest, size=N_OTHER_FLOWS - len(chosen), replace=False, p=pulls[rest] / pulls[rest].sum()))
    new_rows = []
    for j in sorted(chosen):
        host, origin = pairs[j]
        n = int(np.clip(round(FLOW_SCALE * math.sqrt(pulls[j]) * rng.lognormal(0.0, 0.6)), 15, 6000))
        add(host, origin, n)
        new_rows.append(rows[-1])
    # A few older counts of the same pairs, smaller: the newest count is the one that counts.
    for k in sorted(rng.choice(len(new_rows), size=N_OLDER_FLOWS, replace=False)):
        newer = new_rows[k]
        add(
            newer["host_pcode"],
            newer["origin_pcode"],
            round(newer["people"] * rng.uniform(0.6, 0.9)),
            as_of=AS_OF_OLDER,
        )
    rows.sort(key=lambda r: (r["host_pcode"], r["origin_pcode"], r["as_of"]))
    return rows


def hosted_people(idp_rows: list[dict]) -> dict[str, int]:
    """IDPs hosted per community: the newest count of each host/origin pair, summed per host."""
    newest: dict[tuple[str, str], dict] = {}
    for r in idp_rows:
        key = (r["host_pcode"], r["origin_pcode"])
        if key not in newest or r["as_of"] > newest[key]["as_of"]:
            newest[key] = r
    hosted: dict[str, int] = {}
    for (host, _origin), r in newest.items():
        hosted[host] = hosted.get(host, 0) + r["people"]
    return hosted


def distance_km(a: pd.Series, b: pd.Series) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def make_hubs(places: dict[str, str], loc: Locator, idp_rows: list[dict]) -> list[dict]:
    rng = np.random.default_rng([SEED, 2])
    hubs: list[dict] = []
    used: set = set()

    def add(
        hub_id: str,
        name_uk: str,
        name_en: str,
        city: str,
        hub_type: str,
        serves: str = "",
        registered: int | None = None,
        services: tuple[str, ...] = SERVICES_SUPPORT,
    ) -> None:
        lat, lon = loc.point_near(rng, places[city], max_km=2.0, min_km=0.3, avoid=used)
        used.add((lat, lon))
        if loc.containing(lon, lat) != [places[city]]:
            raise ValueError(f"{hub_id}: not inside {city}")
        picked = rng.choice(len(services), size=int(rng.integers(2, 6)), replace=False)
        if registered is None:
            registered = int(rng.integers(200, 3001))
        hubs.append(
            {
                "hub_id": hub_id,
                "name_uk": name_uk,
                "name_en": name_en,
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
                "hub_type": hub_type,
                "pcode": places[city],
                "serves_pcode": serves,
                "services": "; ".join(services[j] for j in sorted(picked)),
                "hours": HOURS[int(rng.integers(len(HOURS)))],
                "phone": f"+380 44 000 00 {len(hubs) + 1:02d}",
                "website": f"https://example.org/hubs/{hub_id}",
                "registered_people": str(registered),
            }
        )

    def city_names(city: str) -> tuple[str, str]:
        return PLACES[city][4], PLACES[city][3]

    mariupol = places["mariupol"]
    from_mariupol = {r["host_pcode"]: r["people"] for r in idp_rows if r["origin_pcode"] == mariupol}
    hosted = hosted_people(idp_rows)

    def share_of_hosted(city: str, n_hubs: int = 1) -> int:
        """People registered at a hub: part of the displaced people the city hosts."""
        return int(np.clip(round(hosted[places[city]] * rng.uniform(0.3, 0.6) / n_hubs), 200, 3000))

    for city, n in IMARIUPOL.items():
        uk, en = city_names(city)
        # Registered at the centres: part of the Mariupol people counted in the city.
        total = from_mariupol[places[city]] * rng.uniform(0.45, 0.8)
        split = rng.dirichlet(np.full(n, 4.0)) * total
        for k in range(n):
            suffix = f" {k + 1}" if n > 1 else ""
            hub_id = f"imariupol-{city.replace('_', '-')}" + (f"-{k + 1}" if n > 1 else "")
            registered = int(np.clip(round(split[k]), 200, 3000))
            add(
                hub_id,
                f"Я – Маріуполь, {uk}{suffix}",
                f"I'Mariupol, {en}{suffix}",
                city,
                "support_centre",
                mariupol,
                registered,
            )

    bakhmut = places["bakhmut"]
    for city, registered in (("dnipro", 8000), ("vinnytsia", 1850)):
        uk, en = city_names(city)
        add(
            f"bakhmut-{city}",
            f"Хаб Бахмутської громади, {uk}",
            f"Bakhmut community hub, {en}",
            city,
            "idp_hub",
            bakhmut,
            registered,
        )

    add(
        "idp-hub-volodymyr",
        "Хаб для ВПО, Володимир",
        "IDP hub, Volodymyr",
        "volodymyr",
        "idp_hub",
        registered=VOLODYMYR_IDPS,
    )
    for k in range(1, VCENTRI_KYIV + 1):
        add(
            f"vcentri-kyiv-{k}",
            f"Вцентрі, Київ {k}",
            f"Vcentri, Kyiv {k}",
            "kyiv",
            "idp_hub",
            registered=share_of_hosted("kyiv", VCENTRI_KYIV),
        )
    for city in IDP_HUB_TOWNS:
        uk, en = city_names(city)
        add(
            f"idp-hub-{city}",
            f"Хаб для ВПО, {uk}",
            f"IDP hub, {en}",
            city,
            "idp_hub",
            registered=share_of_hosted(city),
        )
    for city in AID_POINTS:
        uk, en = city_names(city)
        add(
            f"aid-point-{city}",
            f"Пункт допомоги, {uk}",
            f"Aid point, {en}",
            city,
            "aid_point",
            registered=int(rng.integers(200, 1500)),
            services=SERVICES_AID,
        )
    if any(h["hub_type"] not in HUB_TYPES for h in hubs):
        raise ValueError("a hub type outside the contract")
    return hubs


# =============================================================================================
# output
# =============================================================================================


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def dict_rows(kind: str, records: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = [c.name for c in COLUMNS[kind]]
    return header, [["" if r.get(c) is None else str(r[c]) for c in header] for r in records]


def main(out_dir: Path | str | None = None) -> dict[str, object]:
    """Write the four demo files into ``out_dir`` (default ``data/``) and return a summary."""
    out = Path(out_dir) if out_dir is not None else DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    if set(SECTOR_WEIGHTS) != set(SECTORS) or set(GROUP_WEIGHTS) != set(VULNERABLE_GROUPS):
        raise ValueError("sector or group keys differ from geo/ingest/contract.py")

    seed, outlines = load_seed()
    places = resolve_places(seed)
    cells = community_cells(seed, outlines)
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
