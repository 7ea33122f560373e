"""Leaflet and its plugins are on disk, served by the app, for offline use."""

from geo.maps.assets import LOCAL_ASSETS, install_static


def test_install_static_copies_every_asset_the_map_uses(tmp_path):
    """Each file named in the asset table exists after installing, and a second run is a no-op."""
    vendor = install_static(tmp_path)
    for path in filter(None, LOCAL_ASSETS.values()):
        assert (vendor / path).is_file(), path
    assert (vendor / "leaflet" / "images" / "layers.png").is_file()
    stamp = (vendor / "leaflet" / ".version").stat().st_mtime_ns
    install_static(tmp_path)
    assert (vendor / "leaflet" / ".version").stat().st_mtime_ns == stamp
