/*
 * The map follows the selection (geo.maps.follow): the view fits what a filter left, and a
 * community is zoomed to and outlined. Loaded after hromada.js, which defines window.hm.
 *
 * Each is a layer that acts when it is added: a page puts it in a feature group that
 * streamlit-folium adds with feature_group_to_add, so the view moves without the map being
 * reloaded. streamlit-folium removes every such group and adds them all again whenever one of
 * them changes (another metric, another point to measure from), so a map remembers what it last
 * fitted and moves only when that changes: a visitor's own panning stays until the selection
 * changes. A forum stop's map has none of these layers (geo.forum.forum_map): it keeps its view.
 */

(function (hm) {
  "use strict";

  /** What ``map`` last fitted for ``kind`` ("bounds", "focus"), and which layer did. */
  function memory(map, kind) {
    map._hmFollowed = map._hmFollowed || {};
    return map._hmFollowed[kind] || (map._hmFollowed[kind] = {key: null, owner: null});
  }

  /**
   * Run ``fit`` once the map is not zooming. A map that opens fits its own bounds (the country)
   * with an animated zoom that starts on the next frame; a fit made before that ends is a pan
   * worked out at the old zoom and applied at the new one, which leaves the view on neither
   * (Odeska oblast's page stayed on the whole country). So: wait a frame, and then for the zoom.
   */
  function whenStill(map, fit) {
    L.Util.requestAnimFrame(function () {
      if (map._animatingZoom) { map.once("zoomend", fit); } else { fit(); }
    });
  }

  /** Run ``fit`` unless the map last fitted ``key`` for ``kind``; ``layer`` now owns the memory. */
  function fitOnce(map, kind, key, layer, fit) {
    var last = memory(map, kind);
    var same = last.key === key;
    last.key = key;
    last.owner = layer;
    if (!same) { whenStill(map, fit); }
  }

  /**
   * ``layer`` is gone: forget what it fitted, unless a layer that took its place in the same go
   * (streamlit-folium removes and re-adds every group at once) owns the memory by then.
   */
  function forget(map, kind, layer) {
    setTimeout(function () {
      var last = memory(map, kind);
      if (last.owner === layer) { last.key = null; last.owner = null; }
    }, 0);
  }

  function fitOptions(d) {
    return {padding: [d.padding, d.padding], maxZoom: d.max_zoom};
  }

  /**
   * Fit the view to d.bounds ([[south, west], [north, east]]) with d.padding pixels around and
   * at most zoom d.max_zoom (one place does not zoom to its street).
   */
  hm.followBounds = function (d) {
    var Follow = L.Layer.extend({
      onAdd: function (map) {
        fitOnce(map, "bounds", JSON.stringify(d.bounds), this, function () {
          map.fitBounds(d.bounds, fitOptions(d));
        });
      },
      onRemove: function (map) { forget(map, "bounds", this); }
    });
    return new Follow();
  };

  /**
   * Zoom to the community d.pcode (d.bounds) and outline it: a white halo and a dark line above
   * the fills (the overlay pane is above the communities' pane), letting clicks through. The
   * outline is the polygon already on the map (window.hmCommunities): no shape is sent again.
   */
  hm.focusCommunity = function (d) {
    var Focus = L.Layer.extend({
      onAdd: function (map) {
        var shape = (window.hmCommunities || {})[d.pcode];
        this._lines = [];
        if (shape) {
          var rings = shape.getLatLngs();
          var styles = [d.halo, d.line];
          for (var i = 0; i < styles.length; i++) {
            var options = Object.assign({}, styles[i], {fill: false, interactive: false});
            this._lines.push(L.polygon(rings, options).addTo(map));
          }
        }
        var bounds = d.bounds || (shape && shape.getBounds());
        if (bounds) {
          fitOnce(map, "focus", d.pcode, this, function () { map.fitBounds(bounds, fitOptions(d)); });
        }
      },
      onRemove: function (map) {
        for (var i = 0; i < this._lines.length; i++) { map.removeLayer(this._lines[i]); }
        this._lines = [];
        forget(map, "focus", this);
      }
    });
    return new Focus();
  };
})(window.hm = window.hm || {});
