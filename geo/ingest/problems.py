"""What is wrong with a file, said so that a non-programmer can fix it, in their language.

A loader never raises on bad data: it returns a list of ``Problem``s. An error stops the file
from loading (the data shown before stays shown); a warning lets it load and is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.ingest.contract import VOCABULARIES
from geo.ingest.header_row import shown_header, shown_headers
from geo.text.i18n import N_, gettext_for

ERROR = "error"
WARNING = "warning"

# One message per problem code. Placeholders are filled from Problem.params and .value.
MESSAGES = {
    "unexpected": N_(
        "This file could not be checked because of an error in the dashboard itself; the data shown "
        "before stays. Please send the file to the people who run the dashboard."
    ),
    "not_found": N_(
        "There is no file at {value}. Check the path (HROMADA_* settings in the README) or run "
        "make demo-data to remake the demo files."
    ),
    "empty_file": N_("The file is empty. Choose the file again or export it anew."),
    "unsupported_format": N_(
        "Files of type “{value}” cannot be read. Use CSV, Excel (.xlsx), GeoJSON, GeoPackage or a zipped Shapefile."
    ),
    "unreadable": N_("The file cannot be read as {format}. Save it again as {format} and retry."),
    "binary": N_("This is not a text table: it holds binary data. Save it as CSV (UTF-8) or as an Excel workbook."),
    "html": N_(
        "This is a web page saved under a table's name, not a table. Download the file itself "
        "(CSV or Excel), not the page that links to it."
    ),
    "unclosed_quote": N_(
        'A quote (") opened on this row is never closed, so the rest of the file reads as one cell. '
        "Close the quote, or delete it, and save again."
    ),
    "ragged_row": N_(
        "This row has more cells than the header. Put quotes around values that contain “{delimiter}”, "
        "or save the file with ; as the separator."
    ),
    "not_workbook": N_(
        "This is not an Excel workbook, though its name ends in .xlsx. Open it in Excel and save it "
        "as a workbook (.xlsx) or as CSV."
    ),
    "bad_geo": N_("The file cannot be read as {format}: it may be cut off or be another kind of file. Export it again."),
    "no_shp": N_("The zip archive has no .shp file. Zip the .shp together with its .shx, .dbf and .prj files."),
    "bad_wkt": N_(
        "The shape in this cell cannot be read as WKT; it may have been cut off (Excel keeps at most "
        "32,767 characters in a cell). Use a GeoJSON file for boundaries."
    ),
    "merge_conflict": N_(
        "The file has a merge-conflict marker “{value}”: it was saved in the middle of merging two "
        "versions. Open it, keep the right lines, delete the marker lines and save again."
    ),
    "no_sheet": N_("The workbook has no sheet “{value}”. Its sheets: {sheets}."),
    "excel_date": N_(
        "“{value}” looks like a number that Excel turned into a date. Format the column as Number "
        "(or Text) in Excel, type the value again and save."
    ),
    "swapped": N_(
        "The point {value} is not in Ukraine, but it would be with latitude and longitude swapped. Swap the two columns."
    ),
    "too_large": N_("The file is {size} MB, above the limit of {limit} MB. Split it or filter it first."),
    "not_utf8": N_(
        "The file is not UTF-8 text (from line {row} on), as a GeoJSON file must be. Export it again as "
        "GeoJSON from QGIS or ArcGIS, which write UTF-8."
    ),
    "not_geojson": N_(
        "This is not a GeoJSON file, though its name says so: its content is {value}. Export the layer as "
        "GeoJSON (a FeatureCollection), or choose the file you meant."
    ),
    "bad_json": N_(
        "The file is not valid JSON at line {row}: it may be cut off or edited by hand. Export it again as GeoJSON."
    ),
    "too_deep": N_("The file nests its contents too deep to be a table or a map layer. Is it the right file?"),
    "bad_geojson_feature": N_(
        "Feature {row} of the file is not a GeoJSON feature (with “geometry” and “properties”). Export the layer again."
    ),
    "bad_geojson_geometry": N_(
        "The shape of feature {row} is not valid GeoJSON (its type or its coordinates are not what GeoJSON "
        "allows). Export the layer again, or fix the shape in a GIS tool."
    ),
    "bad_coordinates": N_(
        "The shape on row {row} has coordinates that are not numbers (NaN or infinity). Fix or delete that "
        "shape in a GIS tool (QGIS: Vector ▸ Geometry Tools ▸ Check Validity) and export again."
    ),
    "unsupported_crs": N_(
        "The file names its coordinate system in a way the dashboard does not follow ({value}). Export it "
        "as GeoJSON in WGS 84 (EPSG:4326), which needs no “crs” entry."
    ),
    "not_geopackage": N_(
        "This is not a GeoPackage, though its name ends in .gpkg: its content is {value}. Export the layer "
        "as a GeoPackage or as GeoJSON."
    ),
    "unsafe_geopackage": N_(
        "The GeoPackage holds a view or a virtual table (“{value}”), which the dashboard does not open: they "
        "run their own queries when read. Export the layer to a new GeoPackage as a plain table, or as GeoJSON."
    ),
    "too_many_rows": N_("The file has {count} rows; at most {limit} can be read. Split it into smaller files."),
    "too_many_columns": N_(
        "The file has {count} columns; at most {limit} can be read. Keep only the columns of the data format "
        "(docs/data-format.md), or check the separator."
    ),
    "too_many_cells": N_(
        "The file has {count} cells ({rows} rows of {columns} columns); at most {limit} can be read. Delete "
        "the columns that are not in the data format, or split the file."
    ),
    "line_too_long": N_(
        "Line {row} has {count} characters; a line may have at most {limit}. The file may have lost its line "
        "breaks: save it again as CSV."
    ),
    "cell_too_long": N_(
        "This cell has {count} characters; a cell may have at most {limit}. Shorten it, or use a GeoJSON file "
        "for long boundaries."
    ),
    "archive_members": N_("The archive holds {count} files; at most {limit} can be read. Zip only the files you need."),
    "archive_encrypted": N_("The archive's file “{value}” is protected by a password. Zip it again without a password."),
    "archive_too_large": N_(
        "Unpacked, the archive would take {size} MB (at “{value}”); at most {limit} MB can be unpacked. "
        "Split the data into smaller files."
    ),
    "archive_ratio": N_(
        "The archive's file “{value}” would unpack to {ratio} times its packed size; at most {limit} times is "
        "accepted. This is not how real data compresses: check that it is the file you meant."
    ),
    "too_many_sheets": N_(
        "The workbook has {count} sheets; at most {limit} can be read. Save the sheet you need on its own."
    ),
    "sheet_too_large": N_(
        "The sheet “{value}” says it uses {rows} rows and {columns} columns; at most {max_rows} rows and "
        "{max_columns} columns can be read. Delete the empty rows and columns below and right of the data "
        "(select them, Delete, then save), or copy the data to a new workbook."
    ),
    "shape_too_complex": N_(
        "The shape on row {row} has {count} vertices; a shape may have at most {limit}. Simplify the "
        "boundaries (QGIS: Vector ▸ Geometry Tools ▸ Simplify) and export again."
    ),
    "file_too_complex": N_(
        "The file's shapes have {count} vertices in all; at most {limit} can be read. Simplify the boundaries "
        "(QGIS: Vector ▸ Geometry Tools ▸ Simplify) and export again."
    ),
    "unrepairable_geometry": N_(
        "This community's shape is invalid and could not be repaired into a polygon; it is left off the map. "
        "Fix it in a GIS tool (QGIS: Vector ▸ Geometry Tools ▸ Fix Geometries) and load the file again."
    ),
    "box_time": N_(
        "Reading the file took longer than {seconds} s (while {stage}), so it was stopped; the data shown "
        "before stays. A file this slow to read is too large or too complex: split it, simplify its shapes, "
        "or check that it is the file you meant."
    ),
    "box_memory": N_(
        "This file needs more than {memory} MB of memory to read (while {stage}), so it was stopped; the "
        "data shown before stays. Split it into smaller files, or check that it is the file you meant."
    ),
    "box_crash": N_(
        "Reading the file stopped unexpectedly (while {stage}); the data shown before stays. Check that it "
        "is the file you meant; if it is, send it to the people who run the dashboard."
    ),
    "bad_location": N_(
        "This cell of a household's location is not a number (its value is not shown, to protect the "
        "household). Write the coordinate like 46.97, or leave both lat and lon blank and fill pcode."
    ),
    "need_outside": N_(
        "The point of need “{value}” is in none of the communities (its coordinates are not shown, to "
        "protect the household). Check that latitude and longitude are not swapped and that the point is "
        "in Ukraine, or fill pcode instead."
    ),
    "need_swapped": N_(
        "The point of need “{value}” is not in Ukraine, but it would be with latitude and longitude swapped "
        "(its coordinates are not shown, to protect the household). Swap the two columns."
    ),
    "missing_columns": N_(
        "Required column(s) {columns} not found. Columns found: {found}. Rename a column to the "
        "name in the data format (docs/data-format.md) or add it."
    ),
    "missing_value": N_("This cell is required and is empty. Fill it in."),
    "bad_code": N_("“{value}” is not a community code. Write a P-code (UA and 7 digits, e.g. UA4806013) or a KATOTTH code."),
    "unknown_code": N_("Community code “{value}” is not in the communities file.{hint}"),
    "row_left_out": N_("Community code “{value}” is not in the communities file; this row is left off the map."),
    "point_left_out": N_(
        "The point of need “{value}” is in none of the communities; this row is left off the map (its "
        "coordinates are not shown, to protect the household)."
    ),
    "unknown_code_hint": N_(" Did you mean {suggestion}?"),
    "bad_int": N_("“{value}” is not a whole number of 0 or more. Write a number such as 3, or leave it blank."),
    "bad_int_required": N_("“{value}” is not a whole number of 0 or more. Write a number such as 3."),
    "bad_unit_code": N_(
        "“{value}” is not a code of an oblast, a raion or a hromada. Write a P-code (UA and 2, 4 or 7 digits: "
        "UA48, UA4806, UA4806013) or a KATOTTH code."
    ),
    "unknown_oblast": N_("“{value}” is not an oblast of the communities file (nor of the oblasts' boundaries)."),
    "unknown_raion": N_("“{value}” is not a raion of the communities file (nor of the raions' boundaries)."),
    # Names without codes (geo.ingest.name_match).
    "codes_from_names": N_(
        "The file has names but no codes: {count} of its {of} rows were matched to a code by their names "
        "(columns {columns}). Download the match table to check them."
    ),
    "name_unknown": N_(
        "“{value}”: no such name {among} of the communities file (in Ukrainian or English, or as a "
        "centre's name). Check the spelling, or write the P-code instead."
    ),
    "name_missing": N_("No name and no code is given for this row. Fill the community's name or its P-code."),
    "name_ambiguous": N_(
        "“{value}”: {count} communities have this name ({candidates}); add the oblast column so that the row "
        "names one of them, or write the P-code."
    ),
    "name_ambiguous_raion": N_(
        "“{value}”: {count} communities of this oblast have this name ({candidates}); add the raion column, "
        "or write the P-code."
    ),
    "name_ambiguous_here": N_(
        "“{value}”: {count} units have this name ({candidates}); write the P-code of the one you mean."
    ),
    "name_ambiguous_levels": N_(
        "“{value}” is the name of more than one kind of unit ({levels}: {candidates}). Write “область”, "
        "“район” or “громада” after it, or put it in an oblast, raion or community column."
    ),
    "name_elsewhere": N_(
        "“{value}”: no such name {among} in {within} (elsewhere: {candidates}). Check the oblast and raion "
        "columns of this row."
    ),
    "name_not_community": N_(
        "“{value}” names an oblast or a raion, but each row of this file must be in one community. Add the "
        "community's name (a community column) or its P-code."
    ),
    "name_typo": N_(
        "“{value}” is read as {name} ({pcode}): one letter differs, and no other unit is that close. Correct "
        "the spelling if this is not the one you mean."
    ),
    "name_row_left_out": N_("“{value}” matches no unit of the communities file, or several; this row is left off the map."),
    "communities_are_raions": N_(
        "These are raions (ADM2); the communities file needs hromadas (ADM3). Choose the hromadas' file "
        "(COD-AB ADM3, with ADM3_PCODE), or upload this one as the raions' boundaries under “More boundaries: "
        "oblasts, raions” (a deployment: HROMADA_RAIONS)."
    ),
    "communities_are_oblasts": N_(
        "These are oblasts (ADM1); the communities file needs hromadas (ADM3). Choose the hromadas' file "
        "(COD-AB ADM3, with ADM3_PCODE), or upload this one as the oblasts' boundaries under “More boundaries: "
        "oblasts, raions” (a deployment: HROMADA_OBLASTS)."
    ),
    "not_oblast_code": N_(
        "“{value}” is not an oblast's code (UA and 2 digits, e.g. UA48, or a KATOTTH code). Is this the "
        "oblasts' file (COD-AB ADM1)?"
    ),
    "not_raion_code": N_(
        "“{value}” is not a raion's code (UA and 4 digits, e.g. UA4806, or a KATOTTH code). Is this the "
        "raions' file (COD-AB ADM2)?"
    ),
    "oblasts_too_fine": N_(
        "This file's codes are of ADM{adm} (raions are ADM2, hromadas ADM3); the oblasts' boundaries need "
        "one row per oblast (COD-AB ADM1, with ADM1_PCODE)."
    ),
    "raions_too_fine": N_(
        "This file's codes are of ADM3 (hromadas); the raions' boundaries need one row per raion (COD-AB "
        "ADM2, with ADM2_PCODE)."
    ),
    "raions_are_oblasts": N_(
        "These are oblasts (ADM1); the raions' boundaries need one row per raion (COD-AB ADM2, with ADM2_PCODE)."
    ),
    "no_unit_code": N_(
        "No column of codes found (ADM1_PCODE for oblasts, ADM2_PCODE for raions, or pcode). Columns found: {found}."
    ),
    "no_figure": N_("“{value}”: this row has no figure, so it is left out."),
    "duplicate_row": N_(
        "This row repeats row {first_row} cell for cell; it is counted once. Delete one of the two, or "
        "correct it if they are two different counts."
    ),
    "hub_outside": N_(
        "The hub's point {value} is in none of the communities, so the hub counts in no community. Check "
        "that latitude and longitude are not swapped, or fill pcode."
    ),
    "bad_float": N_("“{value}” is not a number. Write it like 46.97 (a comma is fine too)."),
    "bad_date": N_("“{value}” is not a date. Write it as 2025-03-01 or 01.03.2025 (day first)."),
    "bad_bool": N_("“{value}” is not yes or no. Write true/false, yes/no or так/ні."),
    "bad_word": N_("“{value}” is not a known {what}. Use one of: {choices}."),
    "duplicate_id": N_("“{value}” is used again (first on row {first_row}). Give each row its own id."),
    "no_location": N_("Neither a community code nor lat and lon is given. Fill pcode, or lat and lon."),
    "outside": N_(
        "The point {value} is not in any community. Check that latitude and longitude are not "
        "swapped and that the point is in Ukraine."
    ),
    "closed_before_reported": N_("Closed on {value}, before it was reported ({reported}). Correct one of the dates."),
    "bad_geometry": N_("This row's shape is a {value}, not a polygon. Communities need polygon boundaries."),
    "no_geometry": N_("The file has no shapes. Communities need a GeoJSON, GeoPackage or Shapefile with polygons."),
    "empty_geometry": N_("This community has an empty shape and is left off the map."),
    "empty_geometry_named": N_("The community {value} ({name}) has an empty shape and is left off the map."),
    "empty_geometry_coded": N_("The community {value} has an empty shape and is left off the map."),
    "repaired_geometry": N_("{count} community shapes were invalid and have been repaired."),
    "personal_dropped": N_(
        "Personal column(s) {columns} found and left out: they are never shown on the map, in tables or in exports."
    ),
    "mapping_column_missing": N_(  # geo.ingest.mapping: the mapping names a column the file does not have
        "The column mapping names the column “{value}”, which this file does not have. Columns found: {found}. "
        "Choose the columns again, or correct the mapping."
    ),
    # Indicators (geo.ingest.indicators): figures per unit at any level.
    "indicator_no_code": N_("This row has no unit code, so its figures are not read."),
    "indicator_bad_code": N_(
        "“{value}” is not a unit code, so this row's figures are not read (a total row may stay). A unit code is "
        "an oblast's P-code (UA and 2 digits), a raion's (UA and 4), a hromada's (UA and 7) or a KATOTTH code."
    ),
    "unknown_unit": N_("Code “{value}” is not {what}; this row is left off the map.{hint}"),
    "indicator_bad_number": N_(
        "“{value}” is not a number, so this unit has no data for this figure. Write it like 1250 or 0,75, or leave it blank."
    ),
    "indicator_duplicate": N_(
        "{value} has a figure in this column twice: on row {first_row} and again on this row. Keep one row for "
        "each unit, or add the two figures up in one row."
    ),
    "indicator_no_code_column": N_(
        "No column of unit codes or names found. Columns found: {found}. Add a column of P-codes or KATOTTH codes "
        "(of oblasts, raions or hromadas) named pcode, or tag it #adm1+code, #adm2+code or #adm3+code; or columns "
        "of names headed oblast, raion, hromada (область, район, громада)."
    ),
    "indicator_no_metric": N_(
        "No column of figures found (columns: {found}). Each column of numbers becomes a figure that the map can "
        "be coloured by; columns of text are not read."
    ),
    "more_rows": N_("… and {count} more rows with the same problem."),
}

_TRANSLATED_PARAMS = ("what", "stage")

WORD_KINDS = {
    "status": N_("status"),
    "sector": N_("sector"),
    "groups": N_("vulnerable group"),
    "hub_type": N_("hub type"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place. ``row`` is numbered as Excel does (header = row 1)."""

    file: str
    code: str
    severity: str = ERROR
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str) -> str:
        """The problem and what to do, in ``lang``."""
        _ = gettext_for(lang)
        params = dict(self.params)
        for key, value in params.items():  # a value in both languages ({"uk": ..., "en": ...}): the user's
            if isinstance(value, dict) and "en" in value:
                params[key] = value.get(lang, value["en"])
        if "vocabulary" in params:  # list the accepted words in the user's language
            vocabulary = VOCABULARIES[params.pop("vocabulary")]
            params["choices"] = "; ".join(_(label) for label, _aliases in vocabulary.values())
        for key in _TRANSLATED_PARAMS:  # params that are messages themselves
            if params.get(key):
                params[key] = _(params[key])
        if self.code in ("unknown_code", "unknown_unit"):
            suggestion = self.params.get("suggestion")
            hint = MESSAGES["unknown_code_hint"]
            params["hint"] = _(hint).format(suggestion=suggestion) if suggestion else ""
        params.setdefault("row", self.row if self.row is not None else "")
        message = MESSAGES[self.code]
        if self.code == "bad_int" and params.pop("required", False):  # a blank is an error there too
            message = MESSAGES["bad_int_required"]
        if self.code == "empty_geometry" and self.value:  # the community by its code and name
            message = MESSAGES["empty_geometry_named" if params.get("name") else "empty_geometry_coded"]
        return shown_headers(_(message).format(value=self.value if self.value is not None else "", **params), _)

    def where(self, lang: str) -> str:
        """File, row and column, as a person would look for them."""
        _ = gettext_for(lang)
        parts = [self.file]
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column:
            parts.append(_("column “{column}”").format(column=shown_header(self.column, _)))
        return ", ".join(parts)

    def describe(self, lang: str) -> str:
        """``where: message`` in one line."""
        return f"{self.where(lang)}: {self.message(lang)}"

    def as_dict(self, lang: str) -> dict:
        """A plain record for reports, downloads and JSON."""
        return {
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message(lang),
        }


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem stops the file from loading."""
    return any(p.severity == ERROR for p in problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, each in file order: the file's own problems, its rows, then the
    "… and N more rows" lines after the rows they follow."""
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.file, p.code == "more_rows", p.row or 0, p.column or ""))
