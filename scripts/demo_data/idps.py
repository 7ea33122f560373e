"""The demo's IDP counts (idp_counts.csv): the flows the story states, and a gravity model for the rest.

Bakhmut's people in Dnipro and Vinnytsia, Volodymyr's 3,100 and the Mariupol people in the
I'Mariupol cities are fixed; the other flows go from frontline or occupied communities to hosts
across Ukraine, more of them between bigger and nearer places. ``hosted_people`` is what the hubs
register part of.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .common import IMARIUPOL, SEED, find_pcode

AS_OF = "2025-10-01"
AS_OF_OLDER = "2025-07-01"
MARIUPOL_BIG_HOSTS = ("zaporizhzhia", "dnipro", "kyiv")
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
