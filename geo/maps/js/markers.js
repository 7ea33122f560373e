/*
 * Markers that do not bury the map. Hubs and needs are small at the country's zoom and grow as
 * one zooms in, and they stand beside their place rather than on it (needs above, hubs below),
 * so that the community under them keeps clickable pixels at every zoom: a click on a marker
 * opens the marker, a click beside it the community. Loaded after hromada.js (window.hm).
 *
 * The sizes are CSS variables on the map's container, set at every zoom: --hm-hub (a hub's side
 * in pixels) and --hm-k (the scale of the needs markers and of every cluster). The style sheets
 * size and place the markers from them (geo.maps.map_elements.MAP_CSS,
 * geo.maps.need_places.NEEDS_CSS), so no marker is drawn again when the zoom changes.
 */

(function (hm) {
  "use strict";

  // (up to this zoom, value): the country's zoom is 6 on a laptop, an oblast's 8, a community's 10.
  var HUB_SIDE = [[6, 6], [7, 8], [8, 10], [9, 12], [Infinity, 14]];
  var NEEDS_SCALE = [[5, 0.5], [6, 0.6], [7, 0.75], [8, 0.9], [Infinity, 1]];

  function pick(table, zoom) {
    for (var i = 0; i < table.length; i++) {
      if (zoom <= table[i][0]) { return table[i][1]; }
    }
    return table[table.length - 1][1];
  }

  /** A hub's side in pixels at ``zoom``. */
  hm.hubSide = function (zoom) { return pick(HUB_SIDE, zoom); };

  /** The scale of needs markers and clusters at ``zoom`` (1 from zoom 9 on: 28-pixel places). */
  hm.needsScale = function (zoom) { return pick(NEEDS_SCALE, zoom); };

  /** Keep the marker sizes of ``map`` in step with its zoom (once per map). */
  hm.scaleMarkers = function (map) {
    if (map._hmScaled) { return; }
    map._hmScaled = true;
    function apply() {
      var zoom = map.getZoom(), style = map.getContainer().style;
      style.setProperty("--hm-hub", hm.hubSide(zoom) + "px");
      style.setProperty("--hm-k", String(hm.needsScale(zoom)));
    }
    map.on("zoomend", apply);
    apply();
  };

  /** ``group`` sizes the markers of the map it is added to; returns it. */
  hm.scaledGroup = function (group) {
    group.on("add", function () { if (group._map) { hm.scaleMarkers(group._map); } });
    return group;
  };
})(window.hm = window.hm || {});
