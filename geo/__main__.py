"""Command line: ``python -m geo validate --kind needs FILE [--lang uk|en] [--json]``.

Exit code 0 when the file loads (warnings allowed), 1 when it does not, 2 for a usage error.
With ``--json`` the last line printed is one JSON object (see geo.validate.report_json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from geo.contract import KINDS
from geo.i18n import LANGUAGES, gettext_for, normalize_language
from geo.loaders import ENV_VARS, load_communities
from geo.reading import Source
from geo.validate import report_json, report_lines, validate

DEMO_COMMUNITIES = Path(__file__).resolve().parents[1] / "data" / "communities.geojson"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Hromada map tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check one input file against the data format")
    check.add_argument("--kind", required=True, choices=KINDS, help="which input the file is")
    check.add_argument("file", help="the file to check (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile)")
    check.add_argument("--lang", default=os.environ.get("HROMADA_LANG", "uk"), choices=LANGUAGES)
    check.add_argument("--json", action="store_true", help="end with one JSON object")
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
    path = Path(args.file)
    if not path.is_file():
        parser.error(_("no such file: {file}").format(file=path))
    source = Source(path.name, path.read_bytes(), sheet=args.sheet)
    communities = None
    if args.kind != "communities":
        boundaries = Path(args.communities or os.environ.get(ENV_VARS["communities"]) or DEMO_COMMUNITIES)
        loaded = load_communities(Source.from_path(boundaries))
        if not loaded.ok:
            print("\n".join(report_lines(loaded, lang)), file=sys.stderr)
            parser.error(_("the communities file {file} does not load").format(file=boundaries))
        communities = loaded.frame
    result = validate(args.kind, source, communities)
    print("\n".join(report_lines(result, lang)))
    if args.json:
        print(json.dumps(report_json(result, lang), ensure_ascii=False))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
