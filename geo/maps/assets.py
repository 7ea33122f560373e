"""Serve Leaflet and its plugins from the app itself, so that the map draws with no internet.

folium points every element's JavaScript and CSS at public CDNs. ``localize`` rewrites those
links to files that Streamlit serves from ``static/vendor`` (copied there by
``install_static`` from the installed XStatic packages), drops the ones our map does not use,
and refuses any it does not know, so that a new plugin cannot quietly bring a CDN back.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
from pathlib import Path

import branca.element

# XStatic package -> folder name under static/vendor.
PACKAGES = {
    "xstatic.pkg.leaflet": "leaflet",
    "xstatic.pkg.leaflet_markercluster": "markercluster",
    "xstatic.pkg.jquery": "jquery",
}

# The dashboard's own browser code (geo/maps/js), served and inlined like the XStatic files.
JS_DIR = Path(__file__).resolve().parent / "js"
OWN = {"hromada": JS_DIR}
# Every file of geo/maps/js, hromada.js first (it defines window.hm; the others add to it): asset
# name -> file name. A new layer's code can live in a file of its own; nothing else to register.
OWN_SCRIPTS = {
    f"hromada_{file.stem}" if file.stem != "hromada" else "hromada_js": file.name
    for file in sorted(JS_DIR.glob("*.js"), key=lambda file: (file.name != "hromada.js", file.name))
}

# folium's asset names -> file under static/vendor, or None for assets our map does not need
# (Bootstrap and the awesome-markers icons: we draw our own markers with plain CSS).
LOCAL_ASSETS: dict[str, str | None] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "jquery": "jquery/jquery.min.js",  # folium.Popup's; left out of our own maps (NOT_BUNDLED)
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
    **{name: f"hromada/{file}" for name, file in OWN_SCRIPTS.items()},
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
}

# The URL under which Streamlit serves <app dir>/static (server.enableStaticServing).
STATIC_URL = "app/static/vendor"

# The served maps' scripts as one file: streamlit-folium loads a map's scripts one after another, each
# waiting for the last, and eight round trips cost 0.45 s of a new visitor's first map (issue 14's
# timeline, scripts/bench_peers.py). Leaflet first, its plugin, then ours (hromada.js first, as above).
BUNDLE = "bundle/map.js"
BUNDLED = ("leaflet", "markerclusterjs", *OWN_SCRIPTS)
# What folium asks for that our maps do not use: jQuery, for folium.Popup and objects_to_stay_in_front,
# neither of which our maps have (tests/maps/test_assets.py checks that no served map calls "$(").
NOT_BUNDLED = ("jquery",)


def install_static(static_dir: Path) -> Path:
    """Copy the XStatic files into ``static_dir/vendor`` once per package version; return that folder."""
    vendor = static_dir / "vendor"
    for module_name, folder in PACKAGES.items():
        module = importlib.import_module(module_name)
        target = vendor / folder
        stamp = target / ".version"
        if stamp.exists() and stamp.read_text() == module.VERSION:
            continue
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(module.BASE_DIR, target)
        stamp.write_text(module.VERSION)
    for folder, source in OWN.items():  # ours change with the code, not with a package version
        target, version = vendor / folder, _digest(source)
        stamp = target / ".version"
        if stamp.exists() and stamp.read_text() == version:
            continue
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        stamp.write_text(version)
    _write_bundle(vendor)
    return vendor


def _write_bundle(vendor: Path) -> None:
    """``BUNDLE``: the files of ``BUNDLED`` one after another, each ended so that the next starts clean."""
    parts = [(vendor / LOCAL_ASSETS[name]).read_text(encoding="utf-8") for name in BUNDLED]
    code = "".join(f"{part}\n;\n" for part in parts)
    target = vendor / BUNDLE
    if target.is_file() and target.read_text(encoding="utf-8") == code:
        return
    write_whole(target, code)


def write_whole(path: Path, text: str) -> None:
    """``text`` to ``path`` through a temporary name and a rename: a visitor served by another server
    process (a replica of ``make serve``) never gets half of a file that is being written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _digest(folder: Path) -> str:
    hashed = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            hashed.update(file.name.encode() + b"\0" + file.read_bytes())
    return hashed.hexdigest()


def vendor_folders() -> dict[str, Path]:
    """Each folder under static/vendor and the installed files it is copied from."""
    folders = {folder: Path(importlib.import_module(module).BASE_DIR) for module, folder in PACKAGES.items()}
    return {**folders, **OWN}


class UnknownAssetError(ValueError):
    """A map element wants a JavaScript or CSS file that we do not serve locally."""


def local_url(name: str, base_url: str, bundled: bool = True) -> str | None:
    if name not in LOCAL_ASSETS:
        raise UnknownAssetError(
            f"The map asset {name!r} has no local copy. Add it to geo.maps.assets.LOCAL_ASSETS "
            "(from an XStatic package) so that the map keeps working offline."
        )
    if bundled and name in NOT_BUNDLED:
        return None
    path = BUNDLE if bundled and name in BUNDLED else LOCAL_ASSETS[name]
    return None if path is None else f"{base_url.rstrip('/')}/{path}"


def localize(element: branca.element.Element, base_url: str = "/" + STATIC_URL, bundled: bool = True) -> None:
    """Point every asset of ``element`` and its children at ``base_url`` (in place).

    ``bundled``: the scripts of ``BUNDLED`` all point at the one ``BUNDLE`` (streamlit-folium loads a URL
    once); False for a page that lists each file (an export inlines them one by one)."""
    for child in walk(element):
        for attr in ("default_js", "default_css"):
            assets = getattr(child, attr, None)
            if not assets:
                continue
            local = [(name, local_url(name, base_url, bundled)) for name, _ in assets]
            setattr(child, attr, [(name, url) for name, url in local if url is not None])


def walk(element: branca.element.Element):
    """``element`` and every element under it."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)
