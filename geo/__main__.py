"""Command line: ``python -m geo validate --kind needs FILE [FILE ...] [--lang uk|en] [--json]``.

Exit code 0 when every file loads (warnings allowed), 1 when one does not, 2 for a usage error.
Each file's report ends, with ``--json``, in one line holding one JSON object (see
geo.ingest.validate.report_json): for one file, the last line printed. Each file is read in its own
box (``geo.ingest.box``): one that needs more time or memory than the box allows gets a message, and
the next file is checked all the same.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from geo.ingest.contract import KINDS
from geo.ingest.loaders import ENV_VARS
from geo.ingest.reading import Source
from geo.ingest.validate import report_json, report_lines, validate
from geo.text.i18n import LANGUAGES, gettext_for, normalize_language

DEMO_COMMUNITIES = Path(__file__).resolve().parents[1] / "data" / "communities.geojson"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Hromada map tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check input files against the data format")
    check.add_argument("--kind", required=True, choices=KINDS, help="which input the files are")
    check.add_argument("file", nargs="+", help="the files to check (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile)")
    check.add_argument("--lang", default=os.environ.get("HROMADA_LANG", "uk"), choices=LANGUAGES)
    check.add_argument("--json", action="store_true", help="end each file's report with one JSON object")
    check.add_argument("--sheet", help="the sheet of an Excel workbook (default: the first with data)")
    check.add_argument(
        "--communities",
        help=f"the communities to check codes against (default: ${ENV_VARS['communities']} or the demo data)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    lang = normalize_language(args.lang)
    _ = gettext_for(lang)
    paths = [Path(file) for file in args.file]
    for path in paths:
        if not path.is_file():
            parser.error(_("no such file: {file}").format(file=path))
    communities = None
    if args.kind != "communities":
        boundaries = Path(args.communities or os.environ.get(ENV_VARS["communities"]) or DEMO_COMMUNITIES)
        loaded = validate("communities", Source.from_path(boundaries))
        if not loaded.ok:
            print("\n".join(report_lines(loaded, lang)), file=sys.stderr)
            parser.error(_("the communities file {file} does not load").format(file=boundaries))
        communities = loaded.frame
    failed = False
    for path in paths:
        result = validate(args.kind, Source.from_path(path, sheet=args.sheet), communities)
        print("\n".join(report_lines(result, lang)))
        if args.json:
            print(json.dumps(report_json(result, lang), ensure_ascii=False))
        sys.stdout.flush()
        failed = failed or not result.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
