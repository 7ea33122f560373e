"""Command line: ``python -m geo validate --kind needs FILE [FILE ...] [--lang uk|en] [--json]``.
``python -m geo db init`` and ``python -m geo db load --kind needs FILE``: the database source (geo.db.cli).

``--own`` checks the files as the deployment's own (``HROMADA_NEEDS`` ...): under its larger limits and box
(``geo.ingest.limits.OWN_LIMITS``, ``HROMADA_OWN_READ_*``); without it, as a visitor's upload would be read.

``--map people=vpo_thsd*1000`` (repeated) or ``--map-file mapping.json`` says which column is which when
the file's headers do not (``geo.ingest.mapping``), as the app's upload panel does.

Exit code 0 when every file loads (warnings allowed), 1 when one does not, 2 for a usage error.
Each file's report ends, with ``--json``, in one line holding one JSON object (see
geo.ingest.validate.report_json): for one file, the last line printed. Each file is read in its own
box (``geo.ingest.box``): one that needs more time or memory than the box allows gets a message, and
the next file is checked all the same. ``--matches FILE.csv`` writes the codes found from names
(``geo.ingest.name_match``), the rows of every file checked, with their candidates.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

import pandas as pd

from geo.db.cli import add_commands as add_db_commands
from geo.db.cli import run as run_db
from geo.exports.report import report_csv
from geo.ingest.box import BoxLimits
from geo.ingest.contract import KINDS
from geo.ingest.limits import LIMITS, OWN_LIMITS
from geo.ingest.loaders import ENV_VARS, UNIT_KINDS
from geo.ingest.mapping import (
    MAPPING_KINDS,
    MAX_MAPPING_BYTES,
    ColumnMapping,
    MappingError,
    combine,
    inspect_boxed,
    mapping_from_specs,
    parse_mapping,
)
from geo.ingest.name_match import match_table
from geo.ingest.reading import Source
from geo.ingest.validate import report_json, report_lines, validate
from geo.text.i18n import LANGUAGES, gettext_for, normalize_language

DEMO_COMMUNITIES = Path(__file__).resolve().parents[1] / "data" / "communities.geojson"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Hromada map tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_db_commands(commands)  # python -m geo db init | load (geo.db.cli)
    check = commands.add_parser("validate", help="check input files against the data format")
    kinds = (*KINDS, "indicators", *UNIT_KINDS)
    check.add_argument("--kind", required=True, choices=kinds, help="which input the files are")
    check.add_argument("file", nargs="+", help="the files to check (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile)")
    check.add_argument("--lang", default=os.environ.get("HROMADA_LANG", "uk"), choices=LANGUAGES)
    check.add_argument("--json", action="store_true", help="end each file's report with one JSON object")
    check.add_argument(
        "--own",
        action="store_true",
        help="check as the deployment's own files (HROMADA_NEEDS ...): larger limits and box (default: as an upload)",
    )
    check.add_argument("--sheet", help="the sheet of an Excel workbook (default: the first with data)")
    check.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN[*SCALE]",
        help="which column of the file is a column of the data format, e.g. people=vpo_thsd*1000 (repeat for several)",
    )
    check.add_argument("--map-file", help="a column mapping as the app downloads it (JSON or CSV)")
    check.add_argument("--matches", metavar="FILE.csv", help="write the codes found from names (the match table) here")
    check.add_argument(
        "--communities",
        help=f"the communities to check codes against (default: ${ENV_VARS['communities']} or the demo data)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "db":
        return run_db(parser, args)
    lang = normalize_language(args.lang)
    _ = gettext_for(lang)
    paths = [Path(file) for file in args.file]
    for path in paths:
        if not path.is_file():
            parser.error(_("no such file: {file}").format(file=path))
    mapping = _mapping(parser, args, _)
    limits, box = (OWN_LIMITS, BoxLimits.own_from_env()) if args.own else (LIMITS, None)  # None: the visitor's box
    communities = None
    if args.kind not in ("communities", *UNIT_KINDS):  # oblasts' and raions' boundaries are checked alone
        boundaries = Path(args.communities or os.environ.get(ENV_VARS["communities"]) or DEMO_COMMUNITIES)
        loaded = validate("communities", Source.from_path(boundaries, limits=limits), limits=box)
        if not loaded.ok:
            print("\n".join(report_lines(loaded, lang)), file=sys.stderr)
            parser.error(_("the communities file {file} does not load").format(file=boundaries))
        communities = loaded.frame
    failed, matches = False, []
    for path in paths:
        source = Source.from_path(path, sheet=args.sheet, mapping=mapping, limits=limits)
        result = validate(args.kind, source, communities, limits=box)
        matches.append(match_table(result.matches, lang).assign(**{_("file"): result.source_name}))
        print("\n".join(report_lines(result, lang)))
        if mapping is None and any(p.code in ("missing_columns", "indicator_no_code_column") for p in result.problems):
            print(_suggestion(args.kind, Source.from_path(path, sheet=args.sheet, limits=limits), lang))
        if args.json:
            print(json.dumps(report_json(result, lang), ensure_ascii=False))
        sys.stdout.flush()
        failed = failed or not result.ok
    if args.matches:  # one table for every file checked, each row with its file; for Excel, as the app writes it
        table = pd.concat(matches, ignore_index=True)
        table = table[[_("file"), *[c for c in table.columns if c != _("file")]]]
        Path(args.matches).write_bytes(report_csv(table, lang))
    return 1 if failed else 0


def _suggestion(kind: str, source: Source, lang: str) -> str:
    """The mapping guessed from the file's content, as the options that would use it."""
    _ = gettext_for(lang)
    guessed = inspect_boxed(source, kind).mapping() if kind in MAPPING_KINDS else None
    if not guessed:
        return _("No column of the file could be matched by its content either.")
    options = " ".join(shlex.quote(f"--map={line}") for line in guessed.text().splitlines())
    return _("Guessed from the file's columns; check, then run again with: {options}").format(options=options)


def _mapping(parser: argparse.ArgumentParser, args: argparse.Namespace, _) -> ColumnMapping | None:
    """The column mapping of ``--map`` and ``--map-file`` (geo.ingest.mapping); a bad one is a usage error."""
    if not args.map and not args.map_file:
        return None
    if args.kind not in MAPPING_KINDS:
        parser.error(_("a column mapping is for communities, needs, hubs, idp_counts or indicators"))
    try:
        mapping = ColumnMapping(args.kind)
        if args.map_file:
            path = Path(args.map_file)
            if not path.is_file():
                parser.error(_("no such file: {file}").format(file=path))
            mapping = parse_mapping(args.kind, path.read_bytes()[: MAX_MAPPING_BYTES + 1])
        given = mapping_from_specs(args.kind, args.map)  # --map adds to the file's mapping, or overrides it
        return combine(mapping, given)
    except MappingError as error:
        parser.error(error.message(normalize_language(args.lang)))


if __name__ == "__main__":
    sys.exit(main())
