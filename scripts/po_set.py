"""Set Ukrainian translations in geo/locale/uk from the command line (a small aid for ``make i18n``).

Usage: python scripts/po_set.py "English msgid" "Український переклад" [...pairs]
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "geo" / "locale" / "uk" / "LC_MESSAGES" / "messages.po"


def main(pairs: list[str]) -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="uk")
    for msgid, msgstr in zip(pairs[::2], pairs[1::2], strict=True):
        if msgid not in catalog:
            raise SystemExit(f"not in the catalogue: {msgid!r} (run make i18n first)")
        catalog[msgid].string = msgstr
        catalog[msgid].flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, no_location=True, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1:])
