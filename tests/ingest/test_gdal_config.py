"""GDAL restricted for the whole process: three drivers, no network, no file it was not handed.

Each trick is tried twice, in a fresh Python: with GDAL as it comes (the trick works: the test
could fail) and after ``import geo`` (it is refused, and nothing is read or requested).
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pyogrio
import pytest

from geo.ingest.gdal_config import ALLOWED_DRIVERS, CONFIG, registered_drivers

TOKEN = "canary-4f7d1c"


@pytest.fixture()
def recorder():
    """A local HTTP server that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            seen.append(self.path)
            body = f"provider\n{TOKEN}\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()


def vrt(source: str) -> bytes:
    """An OGR VRT that reads the layer ``secret`` of ``source`` (a CSV named secret.csv)."""
    return textwrap.dedent(
        f"""\
        <OGRVRTDataSource>
          <OGRVRTLayer name="needs">
            <SrcDataSource>{source}</SrcDataSource>
            <SrcLayer>secret</SrcLayer>
            <GeometryType>wkbNone</GeometryType>
          </OGRVRTLayer>
        </OGRVRTDataSource>
        """
    ).encode()


def read_in_fresh_python(data_or_path: bytes | str, guarded: bool, tmp_path: Path) -> subprocess.CompletedProcess:
    """Read with pyogrio in a new interpreter, after ``import geo`` or not."""
    target = tmp_path / "payload.bin"
    if isinstance(data_or_path, bytes):
        target.write_bytes(data_or_path)
        read = f"pyogrio.read_dataframe(io.BytesIO(open({str(target)!r}, 'rb').read()), read_geometry=False)"
    else:
        read = f"pyogrio.read_dataframe({data_or_path!r}, read_geometry=False)"
    code = f"""
import io, sys
{"import geo" if guarded else ""}
import pyogrio
try:
    frame = {read}
    print(frame.to_csv())
except Exception as exc:
    print("REFUSED", type(exc).__name__)
"""
    # This process's environment holds geo's settings already (children inherit them): start from GDAL's own.
    env = {k: v for k, v in os.environ.items() if k not in CONFIG and k != "GDAL_SKIP"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)


def test_only_the_three_formats_can_be_opened():
    """GDAL in this process opens GeoJSON, GeoPackage and Shapefile only: no VRT, no CSV driver, no web services."""
    assert registered_drivers() == ALLOWED_DRIVERS
    for key, value in CONFIG.items():
        found = pyogrio.get_gdal_config_option(key)  # pyogrio gives YES/NO as booleans and numbers as numbers
        shown = "" if found is None else "YES" if found is True else "NO" if found is False else str(found)
        assert shown == {"OFF": "NO"}.get(value, value), key


def test_a_vrt_cannot_read_a_file_of_the_server(tmp_path):
    """A VRT handed to GDAL reads the file it names; after ``import geo`` GDAL refuses it and reads nothing."""
    secret = tmp_path / "secret.csv"
    secret.write_text(f"provider\n{TOKEN}\n")
    payload = vrt(f"CSV:{secret}")
    assert TOKEN in read_in_fresh_python(payload, guarded=False, tmp_path=tmp_path).stdout  # the hole, as it was
    guarded = read_in_fresh_python(payload, guarded=True, tmp_path=tmp_path)
    assert "REFUSED" in guarded.stdout and TOKEN not in guarded.stdout + guarded.stderr


def test_a_vrt_cannot_make_the_server_fetch_a_url(tmp_path, recorder):
    """A VRT (or a path) that names /vsicurl/ makes GDAL fetch it; after ``import geo`` no request leaves."""
    port, seen = recorder
    url = f"/vsicurl/http://127.0.0.1:{port}/secret.csv"
    read_in_fresh_python(url, guarded=False, tmp_path=tmp_path)
    assert seen  # the hole, as it was
    seen.clear()
    for attempt in (vrt(url), url, vrt(f"CSV:{url}")):
        result = read_in_fresh_python(attempt, guarded=True, tmp_path=tmp_path)
        assert "REFUSED" in result.stdout and TOKEN not in result.stdout
    assert seen == []
