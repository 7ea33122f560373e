"""The CSV form of a tour file: one stop a row, as a coordinator keeps it in Excel.

The table is split into rows and counted (columns, stops) before a stop is looked at; the cells
then give a ``RawStop`` each, checked by ``geo.forum.tour_checks`` as a YAML stop is. The delimiter
is sniffed, so a table saved by Ukrainian Excel (``;``, comma decimals) reads too.
"""

from __future__ import annotations

import csv
import io

from geo.forum.tour import MAX_FIELDS, MAX_STOPS, TourProblem
from geo.forum.tour_checks import YAML_NAMES, RawStop, file_problem
from geo.forum.tour_messages import MESSAGES, listed
from geo.ingest.read_text import sniff_delimiter
from geo.text.i18n import LANGUAGES

CSV_COLUMNS = ("id", "title_uk", "title_en", "text_uk", "text_en", "lat", "lon", "zoom", "layers", "metric")
CSV_COLUMNS += ("filters", "as_of", "flows", "tiles")
# The fields as the columns name them, in the problems of a CSV tour
CSV_NAMES = {
    **{key: key.replace(".", "_") for key in YAML_NAMES},
    "title": "title_uk, title_en",
    "view": "lat, lon, zoom",
    "lat": "lat",
    "lon": "lon",
    "zoom": "zoom",
}


def raw_stops(text: str, problems: list[TourProblem]) -> list[RawStop]:
    """The stops of a CSV tour as written, one a row below the header; the file's problems go to ``problems``."""
    if "\x00" in text or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        problems.append(file_problem("not_csv"))
        return []
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # a cell above the csv module's limit (128 kB): not a tour
        problems.append(file_problem("not_csv"))
        return []
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        problems.append(file_problem("empty"))
        return []
    if len(rows[0]) > MAX_FIELDS:
        problems.append(file_problem("too_many_columns", count=len(rows[0]), known=listed(CSV_COLUMNS)))
        return []
    if len(rows) - 1 > MAX_STOPS:
        problems.append(file_problem("too_many_stops", count=len(rows) - 1, limit=MAX_STOPS))
        return []
    header = [cell.strip().lstrip("\ufeff").lower() for cell in rows[0]]
    problems.extend(
        file_problem("unknown_column", name, known=listed(CSV_COLUMNS)) for name in header if name not in CSV_COLUMNS
    )
    missing = [name for name in ("lat", "lon", "zoom") if name not in header]
    if "title_uk" not in header and "title_en" not in header:
        missing.insert(0, "title_uk")
    problems.extend(file_problem("missing_column", name, known=listed(CSV_COLUMNS)) for name in missing)
    if missing or any(name not in CSV_COLUMNS for name in header):
        return []
    if len(rows) == 1:
        problems.append(file_problem("no_stop_items"))
    raws = []
    for number, row in enumerate(rows[1:], start=1):
        raw = RawStop(number, CSV_NAMES)
        if len(row) > len(header):
            problems.append(TourProblem(f"stop {number}", "", delimiter, MESSAGES["ragged"], number))
            continue
        cells = {name: cell.strip() or None for name, cell in zip(header, row, strict=False)}
        raw.id = cells.get("id")
        raw.title = {lang: cells.get(f"title_{lang}") for lang in LANGUAGES}
        raw.text = {lang: cells.get(f"text_{lang}") for lang in LANGUAGES}
        for key in ("lat", "lon", "zoom", "layers", "metric", "filters", "as_of", "flows", "tiles"):
            setattr(raw, key, cells.get(key))
        raws.append(raw)
    return raws
