"""The demo's needs: 725 needs in Mykolaiv and Kherson oblasts over June-October 2025, as needs.csv.

The counts the story states (per oblast, verified, the places weighted) are exact; each need's
sector, dates, status, provider and household are drawn. The personal columns hold obviously fake
values, so that tests can prove the app never shows them.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.ingest.contract import COLUMNS, PERSONAL_COLUMNS, VULNERABLE_GROUPS

from .common import SEED, Locator

PERIOD_START = date(2025, 6, 1)
PERIOD_END = date(2025, 10, 31)

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
