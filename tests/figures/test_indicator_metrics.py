"""The indicators as the map's metrics: what can be chosen, with its names, unit and source, and the values."""

from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.figures.data_summary import inputs_table
from geo.figures.indicator_metrics import IndicatorChoice, indicator_choices, indicator_values
from geo.ingest.indicators import load_indicator_files
from geo.ingest.reading import Source


@pytest.fixture(scope="module")
def loaded():
    communities = gpd.GeoDataFrame(
        [
            {
                "pcode": "UA4806013",
                "name_uk": "a",
                "raion_pcode": "UA4806",
                "oblast_pcode": "UA48",
                "geometry": box(0, 0, 1, 1),
            },
            {
                "pcode": "UA6510001",
                "name_uk": "b",
                "raion_pcode": "UA6510",
                "oblast_pcode": "UA65",
                "geometry": box(1, 0, 2, 1),
            },
        ],
        crs=4326,
    )
    hno = Source(
        "hno.xlsx.csv",
        b"Oblast,P-code,PiN,Source\n#adm1+name,#adm1+code,#inneed,#meta+source\nM,UA48,412000,HNO 2025\nK,UA65,,HNO 2025\n",
    )
    rate = Source("rates.csv", b"pcode,IDPs per 1000\nUA4806,35.5\nUA6510,80\n")
    return load_indicator_files([hno, rate], communities)


def test_choices_name_each_metric_in_both_languages_with_unit_source_and_level(loaded):
    choices = indicator_choices(SimpleNamespace(indicators=loaded.frame))
    assert len(choices) == 2 and all(key.startswith("ind_") for key in choices)
    pin, rate = choices.values()
    assert pin == IndicatorChoice("Люди, які потребують допомоги", "People in need", "people", "HNO 2025", "oblast")
    label_uk, label_en, unit, source, level = rate  # a plain tuple for whoever unpacks it
    assert (label_uk, label_en, unit, source, level) == ("IDPs per 1000", "IDPs per 1000", "per_1000", "rates.csv", "raion")
    assert pin.legend("uk") == "Люди, які потребують допомоги (осіб) · Джерело: HNO 2025"
    assert pin.legend("en") == "People in need (people) · Source: HNO 2025"
    assert rate.unit_label("uk") == "на 1 000" and rate.label("en") == "IDPs per 1000"


def test_values_are_per_unit_at_the_metric_level_with_no_data_as_nan(loaded):
    dataset = SimpleNamespace(indicators=loaded.frame)
    pin, rate = indicator_choices(dataset)
    values = indicator_values(dataset, pin)
    assert values["UA48"] == 412000 and pd.isna(values["UA65"]) and values.name == pin
    assert indicator_values(dataset, rate).to_dict() == {"UA4806": 35.5, "UA6510": 80.0}


def test_no_indicators_means_no_choices_and_no_values():
    assert indicator_choices(SimpleNamespace(indicators=None)) == {}
    assert indicator_values(SimpleNamespace(indicators=None), "ind_0").empty


def test_the_data_page_says_what_the_indicators_hold(loaded):
    table = inputs_table({"indicators": loaded}, "uk")
    assert table.columns[-1] == "Показники"  # after the four inputs, when indicators were given
    column = table["Показники"]
    assert column.iloc[0] == "hno.xlsx.csv, rates.csv"
    assert "показників: 2 (Люди, які потребують допомоги; IDPs per 1000)" in column.iloc[-1]
    assert "Рядків завантажено" in table.index and column["Рядків завантажено"] == "4"
