/*
 * The scale bar in kilometres only, on every map. folium writes L.control.scale() with no options
 * (folium.Map(control_scale=True)), and Leaflet's default adds a bar in miles and feet under the
 * metric one; Ukraine measures in kilometres. This file loads with the map's scripts, before the map
 * is made, so every scale control made after it (the app's maps, the forum's, an exported HTML map)
 * starts from these defaults.
 */

(function () {
  "use strict";

  if (window.L && L.Control && L.Control.Scale) {
    L.Control.Scale.mergeOptions({metric: true, imperial: false});
  }
})();
