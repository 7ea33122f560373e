"""City names in English are written as Ukraine writes them in Latin letters (resolution 55 of 2010)."""

import pytest

from geo.text.translit import transliterate


@pytest.mark.parametrize(
    ("ukrainian", "latin"),
    [
        ("Київ", "Kyiv"),
        ("Запоріжжя", "Zaporizhzhia"),
        ("Кривий Ріг", "Kryvyi Rih"),
        ("Біла Церква", "Bila Tserkva"),
        ("Ізюм", "Izium"),
        ("Знам'янка", "Znamianka"),
        ("Згурівка", "Zghurivka"),
        # the examples of the resolution's own table
        ("Алушта", "Alushta"),
        ("Борщагівка", "Borshchahivka"),
        ("Вінниця", "Vinnytsia"),
        ("Гадяч", "Hadiach"),
        ("Ґалаґан", "Galagan"),
        ("Дон", "Don"),
        ("Рівне", "Rivne"),
        ("Єнакієве", "Yenakiieve"),
        ("Житомир", "Zhytomyr"),
        ("Закарпаття", "Zakarpattia"),
        ("Медвин", "Medvyn"),
        ("Іршава", "Irshava"),
        ("Їжакевич", "Yizhakevych"),
        ("Кадиївка", "Kadyivka"),
        ("Йосипівка", "Yosypivka"),
        ("Стрий", "Stryi"),
        ("Олексій", "Oleksii"),
        ("Біла", "Bila"),
        ("Юрій", "Yurii"),
        ("Корюківка", "Koriukivka"),
        ("Яготин", "Yahotyn"),
        ("Костянтин", "Kostiantyn"),
        ("Шостка", "Shostka"),
        ("Харків", "Kharkiv"),
        ("Біла Церква", "Bila Tserkva"),
        ("Чернівці", "Chernivtsi"),
        ("Шевченко", "Shevchenko"),
        ("Гоща", "Hoshcha"),
        ("Русь", "Rus"),
        ("Розгон", "Rozghon"),
    ],
)
def test_official_transliteration(ukrainian, latin):
    assert transliterate(ukrainian) == latin


def test_hyphens_apostrophes_and_case():
    """Each part of a hyphenated name is a word; the codifier's typographic apostrophe is dropped;
    a name in capitals stays in capitals; what is not Ukrainian is kept."""
    assert transliterate("Івано-Франківськ") == "Ivano-Frankivsk"
    assert transliterate("Кам\u2019янське") == "Kamianske"
    assert transliterate("Мар\u02bcїнка") == "Marinka"
    assert transliterate("ЩАСТЯ") == "SHCHASTIA"
    assert transliterate("Нова Одеса 2") == "Nova Odesa 2"
    assert transliterate("") == ""
