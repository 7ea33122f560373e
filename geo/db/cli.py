"""``python -m geo db init [--url URL]`` and ``python -m geo db load --kind KIND FILE [--url URL]``.

``load`` checks the file as ``python -m geo validate`` does (the same report), then writes it in one
transaction and says what was added, changed and left alone. Exit code 0 when it was written, 1
when the file does not load or the database refuses (nothing is written then), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

import psycopg

from geo.db.connect import ENV_VAR, database_url
from geo.db.read import table_name
from geo.db.write import NoCommunities, SchemaError, init, load
from geo.ingest.contract import KINDS
from geo.ingest.reading import Source
from geo.ingest.validate import report_lines
from geo.text.i18n import LANGUAGES, gettext_for, normalize_language

SECRETS = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"
SHOWN_KEYS = 10  # the keys added or changed, listed up to this many


def add_commands(commands) -> None:
    """The ``db`` command and its ``init`` and ``load`` under the program's subcommands."""
    db = commands.add_parser("db", help="the PostgreSQL + PostGIS source (docs/database.md)")
    actions = db.add_subparsers(dest="db_command", required=True)
    url_help = f"the database (default: ${ENV_VAR}, else [connections.hromada] url in .streamlit/secrets.toml)"
    lang = os.environ.get("HROMADA_LANG", "uk")
    start = actions.add_parser("init", help="create the tables, or bring them up to date")
    start.add_argument("--url", help=url_help)
    start.add_argument("--lang", default=lang, choices=LANGUAGES)
    put = actions.add_parser("load", help="check a file and write it into the database in one transaction")
    put.add_argument("--kind", required=True, choices=(*KINDS, "indicators"), help="which input the file is")
    put.add_argument("file", help="the file to load (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile)")
    put.add_argument("--sheet", help="the sheet of an Excel workbook (default: the first with data)")
    put.add_argument("--url", help=url_help)
    put.add_argument("--lang", default=lang, choices=LANGUAGES)


def _secrets() -> dict:
    try:
        return tomllib.loads(SECRETS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    lang = normalize_language(args.lang)
    _ = gettext_for(lang)
    url = args.url or database_url(os.environ, _secrets())
    if not url:
        parser.error(_("no database given: use --url or set {variable}").format(variable=ENV_VAR))
    try:
        if args.db_command == "init":
            version = init(url)
            print(_("The database's tables are in place (schema version {version}).").format(version=version))
            return 0
        path = Path(args.file)
        if not path.is_file():
            parser.error(_("no such file: {file}").format(file=path))
        written = load(url, args.kind, Source.from_path(path, sheet=args.sheet))
    except NoCommunities:
        print(
            _("The database has no communities yet; load them first: python -m geo db load --kind communities FILE"),
            file=sys.stderr,
        )
        return 1
    except SchemaError as error:
        print(
            _("The database's tables are not ready ({error}). Run: python -m geo db init").format(error=error),
            file=sys.stderr,
        )
        return 1
    except psycopg.Error as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(_("The database refused or could not be reached: {error}").format(error=message), file=sys.stderr)
        print(_("Nothing was written to the database."), file=sys.stderr)
        return 1
    print("\n".join(report_lines(written.result, lang)))
    if not written.ok:
        print(_("Nothing was written to the database."))
        return 1
    print(
        _("{table}: {added} added, {changed} changed, {unchanged} left as they were.").format(
            table=table_name(args.kind), added=len(written.added), changed=len(written.changed), unchanged=written.unchanged
        )
    )
    for heading, keys in ((_("Added"), written.added), (_("Changed"), written.changed)):
        if keys:
            more = len(keys) - SHOWN_KEYS
            listed = ", ".join(keys[:SHOWN_KEYS]) + (" " + _("and {count} more").format(count=more) if more > 0 else "")
            print(f"  {heading}: {listed}")
    return 0
