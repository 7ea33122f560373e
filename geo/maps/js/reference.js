/*
 * Reference layers: oblast and raion outlines above the community fills, and place names that
 * never cover each other (geo.maps.reference_layers builds their payloads). Loaded after
 * hromada.js (window.hm). Nothing here takes a click: the outlines and the names sit in panes
 * without pointer events, so a click goes through to the community underneath.
 */

(function (hm) {
  "use strict";

  // -------------------------------------------------------------------------------------------
  // Outlines

  /** Every ring of the community polygons on the map (hm.communityShapes), in the payload's order. */
  function communityRings() {
    var list = window.hmCommunityList || [], out = [];
    for (var i = 0; i < list.length; i++) {
      if (!list[i]) { continue; }
      var polygons = list[i].getLatLngs();
      for (var p = 0; p < polygons.length; p++) {
        for (var r = 0; r < polygons[p].length; r++) { out.push(polygons[p][r]); }
      }
    }
    return out;
  }

  /** Runs of edges along the community rings (reference_layers.runs) as lines of [lat, lng]. */
  function runLines(runs) {
    var rings = communityRings(), lines = [], ring = 0;
    for (var k = 0; k < runs.ring.length; k++) {
      ring += runs.ring[k];
      var points = rings[ring];
      if (!points) { continue; }
      var m = points.length, line = [];
      for (var j = 0; j <= runs.len[k]; j++) { line.push(points[(runs.start[k] + j) % m]); }
      lines.push(line);
    }
    return lines;
  }

  /** Lines of their own (reference_layers.lines): every vertex a step from the one before. */
  function ownLines(d, scale) {
    var lines = [], x = 0, y = 0, at = 0;
    for (var k = 0; k < d.lens.length; k++) {
      var line = [];
      for (var j = 0; j < d.lens[k]; j++, at += 2) {
        x += d.steps[at]; y += d.steps[at + 1];
        line.push([y / scale, x / scale]);
      }
      lines.push(line);
    }
    return lines;
  }

  /** ``inner`` on the map from ``minZoom`` on, for as long as this layer is on it. */
  var FromZoom = L.Layer.extend({
    initialize: function (inner, minZoom) { this._inner = inner; this._minZoom = minZoom; },
    getBounds: function () { return this._inner.getBounds(); },
    onAdd: function (map) { map.on("zoomend", this._update, this); this._update(); },
    onRemove: function (map) {
      map.off("zoomend", this._update, this);
      if (map.hasLayer(this._inner)) { map.removeLayer(this._inner); }
    },
    _update: function () {
      var map = this._map, shown = map.hasLayer(this._inner);
      if (map.getZoom() >= this._minZoom) {
        if (!shown) { map.addLayer(this._inner); }
      } else if (shown) {
        map.removeLayer(this._inner);
      }
    }
  });

  /** Oblast or raion outlines: a dark line on a light casing, legible on every fill colour. */
  hm.outlines = function (d) {
    var s = d.style;
    var lines = d.runs ? runLines(d.runs) : ownLines(d.lines, d.scale);
    var common = {pane: d.pane, interactive: false, fill: false, lineJoin: "round", lineCap: "round"};
    var group = L.featureGroup();
    if (d.land && d.land.shapes.length) {
      group.addLayer(L.polygon(hm.rings(d.land.shapes, d.scale),
        Object.assign({pane: d.land.pane, interactive: false}, d.land.style)));
    }
    group.addLayer(L.polyline(lines, Object.assign({}, common,
      {color: "#ffffff", weight: s.casing, opacity: s.casingOpacity, className: "hm-outline-casing"})));
    group.addLayer(L.polyline(lines, Object.assign({}, common,
      {color: s.color, weight: s.weight, opacity: s.opacity, className: "hm-outline"})));
    return d.min_zoom > 0 ? new FromZoom(group, d.min_zoom) : group;
  };

  // -------------------------------------------------------------------------------------------
  // Place names

  function positions(xy, grid) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < xy.length; i += 2) {
      x += xy[i]; y += xy[i + 1];
      out.push(L.latLng(y / grid, x / grid));
    }
    return out;
  }

  /** The labels in the order they are placed: cities (centres first), then communities. */
  function labelList(d) {
    var list = [], c = d.cities, k, where = positions(c.xy, d.grid);
    for (k = 0; k < c.name.length; k++) {
      var centre = !!c.centre[k];
      list.push({html: c.name[k], at: where[k], zoom: c.zoom[k], dot: centre ? CENTRE_DOT : CITY_DOT,
        kind: "hm-label hm-label-city" + (centre ? " hm-label-centre" : "")});
    }
    // The communities are named from window.hmPlaces, at a point inside each one's shape.
    var m = d.communities, names = window.hmPlaces ? window.hmPlaces.name : null;
    var shapes = window.hmCommunityList || [];
    if (!names) { return list; }
    for (k = 0; k < m.at.length; k++) {
      var shape = shapes[m.at[k]], at = shape ? interiorPoint(shape.getLatLngs()) : null;
      if (names[m.at[k]] && at) {
        list.push({html: names[m.at[k]], at: at, zoom: m.zoom, dot: null, kind: "hm-label hm-label-community"});
      }
    }
    return list;
  }

  /**
   * A point inside a community's polygons (LatLng rings as Leaflet keeps them), as GEOS's interior
   * point finds one: on the line across the middle of the largest polygon, the middle of its widest
   * stretch inside.
   */
  function interiorPoint(polygons) {
    var best = null, bestArea = -1, p, i;
    for (p = 0; p < polygons.length; p++) {
      var ring = polygons[p][0], area = 0;
      for (i = 0; i < ring.length; i++) {
        var a = ring[i], b = ring[(i + 1) % ring.length];
        area += a.lng * b.lat - b.lng * a.lat;
      }
      if (Math.abs(area) > bestArea) { bestArea = Math.abs(area); best = polygons[p]; }
    }
    if (!best) { return null; }
    var south = Infinity, north = -Infinity;
    for (i = 0; i < best[0].length; i++) {
      south = Math.min(south, best[0][i].lat); north = Math.max(north, best[0][i].lat);
    }
    var y = (south + north) / 2, xs = [];
    for (var r = 0; r < best.length; r++) {
      var points = best[r];
      for (i = 0; i < points.length; i++) {
        var u = points[i], v = points[(i + 1) % points.length];
        if ((u.lat > y) !== (v.lat > y)) { xs.push(u.lng + (y - u.lat) * (v.lng - u.lng) / (v.lat - u.lat)); }
      }
    }
    xs.sort(function (s, t) { return s - t; });
    var x = null, widest = -1;
    for (i = 0; i + 1 < xs.length; i += 2) {
      if (xs[i + 1] - xs[i] > widest) { widest = xs[i + 1] - xs[i]; x = (xs[i] + xs[i + 1]) / 2; }
    }
    return x === null ? null : L.latLng(y, x);
  }

  // A city's dot and the room beside it for the name (as in reference_layers.REFERENCE_CSS).
  var CITY_DOT = {size: 6, pad: 9}, CENTRE_DOT = {size: 8, pad: 11};
  var GAP = 2;  // pixels kept clear around every label
  var SIDES = ["right", "left", "top", "bottom"];  // where a city's name may stand, in order of preference

  /** The box (x, y, width, height, in layer pixels) of a label standing on ``side`` of its point. */
  function boxAt(label, side) {
    var p = label.point, w = label.width, h = label.height, dot = label.dot;
    if (!dot) { return [p.x - w / 2, p.y - h / 2, w, h]; }
    var half = dot.size / 2;
    if (side === "right") { return [p.x - half, p.y - h / 2, w + dot.pad, h]; }
    if (side === "left") { return [p.x + half - w - dot.pad, p.y - h / 2, w + dot.pad, h]; }
    if (side === "top") { return [p.x - w / 2, p.y + half - h - dot.pad, w, h + dot.pad]; }
    return [p.x - w / 2, p.y - half, w, h + dot.pad];
  }

  /** The boxes of the map's controls (layers, legend, zoom, scale, attribution): a name under one is not read. */
  function controlBoxes(map, origin) {
    var frame = map.getContainer().getBoundingClientRect(), boxes = [];
    var controls = map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < controls.length; i++) {
      var r = controls[i].getBoundingClientRect();
      if (r.width && r.height) {
        boxes.push([origin.x + r.left - frame.left, origin.y + r.top - frame.top, r.width, r.height]);
      }
    }
    return boxes;
  }

  function inside(a, view) {
    return a[0] >= view[0] && a[1] >= view[1] && a[0] + a[2] <= view[0] + view[2] && a[1] + a[3] <= view[1] + view[3];
  }

  function overlaps(a, b) {
    return a[0] - GAP < b[0] + b[2] && b[0] - GAP < a[0] + a[2] && a[1] - GAP < b[1] + b[3] && b[1] - GAP < a[1] + a[3];
  }

  /**
   * Place names, laid out again after every move and zoom: in order, each one that is due at the
   * zoom is placed where it is wholly in view and overlaps none placed before it nor any of the
   * map's controls (a city's name on the right of its dot, else on the left, above or below); if
   * there is no such place it is hidden.
   */
  var PlaceLabels = L.Layer.extend({
    initialize: function (d) { this._d = d; this._labels = labelList(d); },

    onAdd: function (map) {
      this._box = L.DomUtil.create("div", "hm-labels", map.getPane(this._d.pane));
      this._box.setAttribute("data-testid", "place-labels");
      map.on("zoomstart", this._hide, this);
      map.on("moveend resize viewreset", this._layout, this);
      this._watchControls(map);
      this._layout();
    },

    onRemove: function (map) {
      if (this._observer) { this._observer.disconnect(); }
      map.off("zoomstart", this._hide, this);
      map.off("moveend resize viewreset", this._layout, this);
      L.DomUtil.remove(this._box);
      for (var i = 0; i < this._labels.length; i++) { this._labels[i].el = null; }
    },

    _hide: function () { this._box.style.display = "none"; },

    /** Lay the names out again, once a frame, when a control appears, moves, opens or folds. */
    _watchControls: function (map) {
      var corners = map.getContainer().querySelector(".leaflet-control-container");
      if (!corners || !window.MutationObserver) { return; }
      var self = this, pending = false;
      this._observer = new MutationObserver(function () {
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          if (self._map) { self._layout(); }
        });
      });
      this._observer.observe(corners, {childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class"]});
    },

    _layout: function () {
      var map = this._map, zoom = map.getZoom(), size = map.getSize();
      var origin = map.containerPointToLayerPoint([0, 0]);
      var due = [], measure = [], i, label;
      for (i = 0; i < this._labels.length; i++) {
        label = this._labels[i];
        var seen = false;
        if (label.zoom <= zoom) {
          var point = map.latLngToLayerPoint(label.at), c = point.subtract(origin);
          seen = c.x > -200 && c.y > -40 && c.x < size.x + 200 && c.y < size.y + 40;
          label.point = point;
        }
        if (!seen) {
          if (label.el) { label.el.style.display = "none"; }
          continue;
        }
        if (!label.el) {
          label.el = L.DomUtil.create("div", label.kind, this._box);
          label.el.innerHTML = label.html;  // escaped by geo.maps.reference_layers
          label.el.style.visibility = "hidden";
          measure.push(label);
        }
        due.push(label);
      }
      this._box.style.display = "";
      for (i = 0; i < measure.length; i++) {  // one layout for every new label: the text's own size
        measure[i].width = measure[i].el.offsetWidth;
        measure[i].height = measure[i].el.offsetHeight;
      }
      var placed = controlBoxes(map, origin), view = [origin.x, origin.y, size.x, size.y];
      for (i = 0; i < due.length; i++) {
        label = due[i];
        var sides = label.dot ? SIDES : [null], box = null, side = null;
        for (var s = 0; s < sides.length && !box; s++) {
          var tried = boxAt(label, sides[s]), free = inside(tried, view);
          for (var k = 0; k < placed.length && free; k++) { free = !overlaps(tried, placed[k]); }
          if (free) { box = tried; side = sides[s]; }
        }
        if (!box) {
          label.el.style.display = "none";
          continue;
        }
        placed.push(box);
        label.el.className = label.kind + (side ? " hm-at-" + side : "");
        L.DomUtil.setPosition(label.el, L.point(Math.round(box[0]), Math.round(box[1])));
        label.el.style.display = "";
        label.el.style.visibility = "";
      }
    }
  });

  /** The place names of the map (reference_layers.labels_payload). */
  hm.placeLabels = function (d) { return new PlaceLabels(d); };
})(window.hm = window.hm || {});
