"""Leaflet and its plugins are on disk, served by the app, for offline use."""

from geo.maps.assets import BUNDLE, BUNDLED, LOCAL_ASSETS, install_static


def test_install_static_copies_every_asset_the_map_uses(tmp_path):
    """Each file named in the asset table exists after installing, and a second run is a no-op."""
    vendor = install_static(tmp_path)
    for path in filter(None, LOCAL_ASSETS.values()):
        assert (vendor / path).is_file(), path
    assert (vendor / "leaflet" / "images" / "layers.png").is_file()
    stamp = (vendor / "leaflet" / ".version").stat().st_mtime_ns
    install_static(tmp_path)
    assert (vendor / "leaflet" / ".version").stat().st_mtime_ns == stamp


def test_the_bundle_holds_every_bundled_file_in_order(tmp_path):
    """Leaflet before its plugin and ours: a script that runs before the one it extends breaks the map."""
    vendor = install_static(tmp_path)
    bundle = (vendor / BUNDLE).read_text(encoding="utf-8")
    starts = [bundle.index((vendor / LOCAL_ASSETS[name]).read_text(encoding="utf-8")) for name in BUNDLED]
    assert starts == sorted(starts) and starts[0] == 0
    own = [name for name in BUNDLED if name.startswith("hromada")]
    assert BUNDLED[:2] == ("leaflet", "markerclusterjs") and own[0] == "hromada_js"
