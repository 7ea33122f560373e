"""The gazetteer the maps label (geo/maps/places/cities.csv): the right centres, official names, real places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shapely

from geo.maps.reference_layers import CITIES, CITY_ZOOM, city_zoom, gazetteer
from geo.text.translit import transliterate

ROOT = Path(__file__).resolve().parents[2]

CENTRES = {
    "Київ", "Севастополь", "Сімферополь", "Вінниця", "Луцьк", "Дніпро", "Донецьк", "Житомир", "Ужгород",
    "Запоріжжя", "Івано-Франківськ", "Кропивницький", "Луганськ", "Львів", "Миколаїв", "Одеса", "Полтава",
    "Рівне", "Суми", "Тернопіль", "Харків", "Херсон", "Хмельницький", "Черкаси", "Чернівці", "Чернігів",
}  # fmt: skip


def test_the_24_oblast_centres_kyiv_and_sevastopol_are_flagged():
    """26 cities are flagged: the centres of the 24 oblasts and of Crimea, Kyiv and Sevastopol; they come first."""
    cities = gazetteer()
    flagged = cities[cities["oblast_centre"] == "yes"]
    assert len(flagged) == 26 and set(flagged["name_uk"]) == CENTRES
    assert set(cities["oblast_centre"]) == {"yes", "no"}
    assert (cities["oblast_centre"].iloc[:26] == "yes").all()
    assert cities["name_uk"].iloc[0] == "Київ"  # the largest first
    assert len(cities) > 450 and cities["katotth"].is_unique


@pytest.mark.parametrize(
    ("uk", "en"),
    [("Київ", "Kyiv"), ("Запоріжжя", "Zaporizhzhia"), ("Кривий Ріг", "Kryvyi Rih"), ("Біла Церква", "Bila Tserkva"),
     ("Ізюм", "Izium"), ("Знам’янка", "Znamianka"), ("Севастополь", "Sevastopol"), ("Кам’янське", "Kamianske")],
)  # fmt: skip
def test_names_in_english_are_the_official_transliteration(uk, en):
    cities = gazetteer().set_index("name_uk")
    assert cities.loc[uk, "name_en"] == en


def test_every_english_name_is_transliterated_or_the_communitys_own():
    cities = gazetteer()
    own = {"Київ": "Kyiv", "Севастополь": "Sevastopol"}
    for uk, en in zip(cities["name_uk"], cities["name_en"], strict=True):
        assert en == own.get(uk, transliterate(uk))
        assert re.fullmatch(r"[A-Za-z' -]+", en), en


def test_transliteration_agrees_with_cod_ab(demo):
    """Our transliteration writes the demo's community names as COD-AB does, for all but a handful."""
    communities = demo.communities
    same = (communities["name_uk"].map(transliterate) == communities["name_en"]).mean()
    assert same > 0.995


def test_each_city_stands_in_its_community(demo):
    """A city's point is in (or within a few hundred metres of) the community whose P-code it carries."""
    cities = gazetteer()
    shapes = demo.communities.set_index("pcode").geometry
    known = cities[cities["pcode"].isin(shapes.index)]
    assert len(known) >= len(cities) - 2  # the demo leaves out a unit or two that COD-AB cannot place
    points = shapely.points(known["lon"].to_numpy(), known["lat"].to_numpy())
    distance = shapely.distance(shapes.loc[known["pcode"]].to_numpy(), points)
    assert (distance < 0.005).mean() > 0.99 and distance.max() < 0.05
    assert known["lat"].between(44.3, 52.4).all() and known["lon"].between(22.1, 40.2).all()


def test_the_larger_the_city_the_sooner_it_is_named():
    assert city_zoom(2_950_000, True) == city_zoom(1_000_000, False) == 0
    assert city_zoom(115_000, True) < city_zoom(115_000, False) < city_zoom(50_000, False) < city_zoom(5_000, False)
    assert city_zoom(float("nan"), False) == CITY_ZOOM


def test_the_gazetteer_names_its_sources_and_licences():
    readme = (CITIES.parent / "README.md").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "make_places.py").read_text(encoding="utf-8")
    for text in (readme, script):
        assert "MIT" in text and "CC BY-IGO" in text and "55" in text and "2010" in text
        assert "kodifikator-16-05-2025.csv" in text or "2025-05-16" in text
        assert "ua-pop-2022.csv" in text


def test_the_gazetteer_ships_with_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"maps/places/*.csv"' in pyproject
