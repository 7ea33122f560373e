"""Live: a need written into the database while the app runs is on the map in a real browser, without a restart.

The app reads the database with a time to live (``HROMADA_DATABASE_TTL``, 60 s in a deployment, 2 s here so
that the test stays short); the promise checked is the mechanism: the app keeps running, the visitor
reloads, the new need colours its community.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from browser_support import COMMUNITY_CANVAS, communities_on_map, open_and_wait, serve, visitors
from playwright.sync_api import Browser

import geo.db
from geo.figures.metrics import DEFAULT_METRIC, community_metrics
from geo.ingest.reading import Source
from geo.maps.choropleth import ZERO_COLOUR

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data"
TTL_S = 2
WAIT_S = 60  # a deployment's promise: within a minute


@pytest.fixture
def live(request, url):
    """The app reading the database ``url`` (the demo's tables) with a short time to live."""
    for kind in ("needs", "hubs", "idp_counts"):
        assert geo.db.load(url, kind, Source.from_path(DEMO / f"{kind}.csv")).ok
    yield from serve(request, None, {"HROMADA_DATABASE_URL": url, "HROMADA_DATABASE_TTL": str(TTL_S)})


def test_a_need_written_while_the_app_runs_is_on_the_map_after_a_reload(live, url, browser: Browser, demo, tmp_path):
    metrics = community_metrics(demo.communities, demo.needs, demo.hubs, demo.idp_counts)
    quiet = metrics.index[metrics[DEFAULT_METRIC] == 0]
    target = str(quiet[0])
    with visitors(browser) as new:
        visitor = new(viewport={"width": 1366, "height": 768})
        open_and_wait(visitor, f"{live}?lang=en", COMMUNITY_CANVAS, "the map read from the database")
        assert communities_on_map(visitor.map)[target] == ZERO_COLOUR  # no unmet need there yet

        need = pd.read_csv(DEMO / "needs.csv", dtype=str).query("status == 'open'").head(1).copy()
        need["need_id"], need["pcode"] = "LIVE-0001", target
        need.to_csv(tmp_path / "live.csv", index=False)
        written_at = time.monotonic()
        written = geo.db.load(url, "needs", Source.from_path(tmp_path / "live.csv"))  # another organisation writes
        assert written.ok and written.added == ["LIVE-0001"], written

        colour = ZERO_COLOUR
        while colour == ZERO_COLOUR and time.monotonic() - written_at < WAIT_S:
            time.sleep(TTL_S / 2)
            open_and_wait(visitor, f"{live}?lang=en", COMMUNITY_CANVAS, "the map after a reload")
            colour = communities_on_map(visitor.map)[target]
        took = time.monotonic() - written_at
        assert colour != ZERO_COLOUR, f"the need written {took:.0f} s ago is not on the map"
        print(f"a need written to the database was on the map {took:.1f} s later (time to live {TTL_S} s)")
