"""What a served map sends the browser: streamlit-folium's arguments plus the data file they load.

The pages move a map's large payloads into a static file (``geo.maps.served_data``); a test that
looks at what reaches the browser (escaping, privacy, the layers' figures) must read that file too,
or it would pass on a script that no longer holds the data.
"""

from __future__ import annotations

import json
from pathlib import Path

from geo.maps.served_data import DATA_URL

ROOT = Path(__file__).resolve().parents[1]


def _first_map(at) -> str:
    """The JSON arguments of an AppTest run's first map component."""
    return next(e for e in at.main if type(e).__name__ == "UnknownElement").proto.json_args


def sent_args(at) -> dict:
    """The map component's arguments as Streamlit sends them (an AppTest run's first map)."""
    return json.loads(_first_map(at))


def map_args(at) -> dict:
    """What the first map of an AppTest run sends the browser: ``served_args`` of its arguments."""
    return served_args(_first_map(at))


def served_args(json_args: str) -> dict:
    """The component's arguments, with ``script`` followed by the data files among ``js_links`` (each must
    exist: a page whose file is missing draws no map) and ``data_files`` naming them."""
    args = json.loads(json_args)
    prefix = f"/{DATA_URL}/"  # Streamlit serves <app dir>/static under /app/static
    files = [ROOT / "static" / "data" / url[len(prefix) :] for url in args.get("js_links", []) if url.startswith(prefix)]
    missing = [str(file) for file in files if not file.is_file()]
    assert not missing, f"the map loads data files that are not there: {missing}"
    args["data_files"] = files
    args["script"] = "\n".join([args["script"], *(file.read_text(encoding="utf-8") for file in files)])
    return args
