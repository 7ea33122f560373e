"""The demo's hubs (hubs.csv): the I'Mariupol network, Bakhmut's hubs, IDP hubs and aid points.

Their number, names and the figures the story states are fixed; positions inside their community,
services, hours and the other registration figures are drawn, registrations as part of the IDPs
the community hosts (``idps.hosted_people``). Phones are placeholders, websites example.org.

Services and hours are written in Ukrainian and, for the English view, in English (``services_en``,
``hours_en``: the same words from ``IN_ENGLISH``, so no draw changes), except at the aid points, which,
as many small local ones do, publish in Ukrainian only: the English view marks theirs so.
"""

from __future__ import annotations

import numpy as np

from geo.ingest.contract import HUB_TYPES

from .common import IMARIUPOL, PLACES, SEED, Locator
from .idps import VOLODYMYR_IDPS, hosted_people

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
IN_ENGLISH = {
    "юридична допомога": "legal aid",
    "психологічна підтримка": "psychological support",
    "гуманітарна допомога": "humanitarian aid",
    "працевлаштування": "help finding work",
    "соціальні виплати": "social payments",
    "відновлення документів": "replacing documents",
    "житлові питання": "housing",
    "заняття для дітей": "activities for children",
    "медична консультація": "medical advice",
    "консультації щодо компенсації за зруйноване житло": "advice on compensation for destroyed housing",
    "продуктові набори": "food kits",
    "гігієнічні набори": "hygiene kits",
    "питна вода": "drinking water",
    "генератор і зарядка телефонів": "generator and phone charging",
    "теплі речі": "warm clothes",
    "будівельні матеріали для ремонту": "building materials for repairs",
    "Пн–Пт 09:00–18:00": "Mon–Fri 09:00–18:00",
    "Пн–Пт 10:00–19:00": "Mon–Fri 10:00–19:00",
    "Пн–Сб 09:00–17:00": "Mon–Sat 09:00–17:00",
    "Вт–Сб 10:00–18:00": "Tue–Sat 10:00–18:00",
}
UKRAINIAN_ONLY = ("aid_point",)  # hub types whose demo hubs publish their services and hours in Ukrainian only


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
        picked = [services[j] for j in sorted(rng.choice(len(services), size=int(rng.integers(2, 6)), replace=False))]
        if registered is None:
            registered = int(rng.integers(200, 3001))
        opening = HOURS[int(rng.integers(len(HOURS)))]
        english = hub_type not in UKRAINIAN_ONLY
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
                "services": "; ".join(picked),
                "services_en": "; ".join(IN_ENGLISH[s] for s in picked) if english else "",
                "hours": opening,
                "hours_en": IN_ENGLISH[opening] if english else "",
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
