"""GDAL as the dashboard uses it: three drivers, no network, no files but the one it is given.

GDAL opens whatever the bytes say they are: an OGR VRT document saved as ``needs.geojson``
would make it read ``/etc/passwd`` or fetch a URL. So, once per process (``geo`` calls
``configure`` on import, before anything reads a file):

- every driver but GeoJSON, GeoPackage and Shapefile is unregistered (``GDAL_SKIP``), so VRT,
  CSV, SQLite, the web services and the rest cannot be opened at all;
- network access is cut: ``/vsicurl/`` allows no extension, every HTTP request goes to a proxy
  that does not exist, PROJ's network grids are off;
- the SQLite-based GeoPackage driver loads no extension, opens no VirtualOGR table and runs no
  OGR function from a view or trigger.

``geo.ingest.reading`` adds the rest: a file reaches GDAL only when its bytes are the format its name
claims, as an in-memory copy, never as a path or a URL.
"""

from __future__ import annotations

import os
import warnings

ALLOWED_DRIVERS = frozenset({"GeoJSON", "GPKG", "ESRI Shapefile"})

# Options that matter before GDAL or PROJ start (environment) and after (GDAL's own table).
CONFIG = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".hromada-map-none",  # /vsicurl/ opens nothing
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/hromada-map/none",
    "GDAL_HTTP_PROXY": "http://127.0.0.1:9",  # the discard port: any request fails at once
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_NETRC": "NO",
    "CPL_CURL_ENABLE_VSIMEM": "NO",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "OGR_SQLITE_LOAD_EXTENSIONS": "",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "OGR_SQLITE_STATIC_VIRTUAL_OGR": "NO",
    "OGR_SQLITE_LIST_VIRTUAL_OGR": "NO",
    "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW": "NO",
    "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW": "NO",
    "GDAL_NUM_THREADS": "1",
    "PROJ_NETWORK": "OFF",
}

_configured = False


def configure() -> None:
    """Apply ``CONFIG`` and the driver allow-list to this process (idempotent).

    Raises
    ------
    RuntimeError
        If a driver outside ``ALLOWED_DRIVERS`` is still registered afterwards: the app would
        rather not start than open a visitor's file with it.
    """
    global _configured
    if _configured:
        return
    for key, value in CONFIG.items():
        os.environ[key] = value  # child processes and PROJ read the environment
    import pyogrio
    from pyogrio._ogr import _register_drivers

    pyogrio.set_gdal_config_options(CONFIG)
    skipped = sorted(set(pyogrio.list_drivers()) - ALLOWED_DRIVERS)
    if skipped:
        # GDAL drops the drivers named in GDAL_SKIP each time the drivers are registered.
        pyogrio.set_gdal_config_options({"GDAL_SKIP": ",".join(skipped)})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            _register_drivers()
    left = set(pyogrio.list_drivers())
    if not left <= ALLOWED_DRIVERS:
        raise RuntimeError(f"GDAL drivers still registered beyond the allow-list: {sorted(left - ALLOWED_DRIVERS)}")
    _configured = True


def registered_drivers() -> frozenset[str]:
    """The vector drivers GDAL can open files with in this process."""
    import pyogrio

    return frozenset(pyogrio.list_drivers())
