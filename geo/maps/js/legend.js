/*
 * The map's legend (geo.maps.legend): one control per map, with a section for every layer that is on.
 *
 * hm.legend(map, config) makes the control; hm.legendEntry(section) is a layer that each feature
 * group carries, so that Leaflet adds and removes its section with the group (a layer ticked off,
 * a group swapped by Streamlit for another metric or other filters). The symbols are drawn by the
 * same functions as the markers (hm.hubIcon), and every text arrives escaped from the server.
 *
 * The legend folds (folded at first on a narrow screen) and, after every pan and zoom, moves to the
 * corner of the map whose box covers the least of the communities in view.
 */

(function (hm) {
  "use strict";

  var CORNERS = ["bottomright", "bottomleft", "topright", "topleft"];  // first: where it starts
  var MARGIN = 10;  // Leaflet's margin around a control, in pixels
  var MIN_HEIGHT = 90;  // a corner with less room than this (or the whole legend) is not used

  function colour(value, otherwise) {
    return /^#[0-9a-fA-F]{3,8}$/.test(String(value)) ? value : otherwise;
  }

  function word(value) { return String(value || "").replace(/[^a-z_]/g, ""); }  // for a class name

  function number(value, otherwise) {
    var n = Number(value);
    return isFinite(n) && n >= 0 ? n : otherwise;
  }

  // -------------------------------------------------------------------------------------------
  // Symbols: the same on the map and in the legend

  var HUB_FILL = "#08306b";
  var SHAPES = {
    square: '<rect x="2.2" y="2.2" width="11.6" height="11.6"/>',
    circle: '<circle cx="8" cy="8" r="6.6"/>',
    diamond: '<path d="M8 .9 15.1 8 8 15.1 .9 8z"/>',
    triangle: '<path d="M8 1.2 15.2 14.4H.8z"/>',
    star: '<path d="M8 .7l2.1 4.6 5 .6-3.7 3.4 1 5L8 11.8l-4.4 2.5 1-5L.9 5.9l5-.6z"/>',
    hexagon: '<path d="M4.3 1.4h7.4L15.4 8l-3.7 6.6H4.3L.6 8z"/>'
  };

  function shapeOf(shape) { return Object.prototype.hasOwnProperty.call(SHAPES, shape) ? shape : "square"; }

  /** A hub's symbol (geo.maps.legend.HUB_SHAPES): dark blue with a white edge, its shape telling its type. */
  function hubSymbol(shape) {
    return '<svg class="hm-hub-symbol" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">' +
      '<g fill="' + HUB_FILL + '" stroke="#ffffff" stroke-width="1.6" stroke-linejoin="round">' +
      SHAPES[shapeOf(shape)] + "</g></svg>";
  }

  /** The marker icon of a hub of this shape (hm.hubMarkers). */
  hm.hubIcon = function (shape) {
    var known = shapeOf(shape);
    // No size: the style sheet sizes hubs by the zoom (js/markers.js), the symbol fills the box.
    return L.divIcon({className: "hm-hub hm-hub-shape hm-hub-" + known, html: hubSymbol(known), iconSize: null});
  };

  function svg(width, height, inner) {
    return '<svg width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height +
      '" aria-hidden="true">' + inner + "</svg>";
  }

  /** Nested circles, bottom-aligned, each with its figure at its top (IDP counts). */
  function circles(item) {
    var list = item.circles || [], style = item.style || {};
    var top = 0;
    for (var i = 0; i < list.length; i++) { top = Math.max(top, number(list[i].radius, 0)); }
    var stroke = colour(style.color, "#555555"), fill = colour(style.fillColor, stroke);
    var opacity = Math.min(1, Math.max(0.25, number(style.fillOpacity, 0.2)));  // light on the map; seen here
    var size = 2 * top + 2, x = top + 1, labelX = 2 * top + 10, inner = "";
    for (var k = 0; k < list.length; k++) {
      var r = number(list[k].radius, 0), y = size - 1 - 2 * r;
      inner += '<circle cx="' + x + '" cy="' + (size - 1 - r) + '" r="' + r + '" fill="' + fill +
        '" fill-opacity="' + opacity + '" stroke="' + stroke + '" stroke-width="1.2"/>' +
        '<line x1="' + x + '" y1="' + y + '" x2="' + (labelX - 3) + '" y2="' + y +
        '" stroke="#555" stroke-width="0.8" stroke-dasharray="2 2"/>' +
        '<text x="' + labelX + '" y="' + (y + 4) + '">' + list[k].label + "</text>";
    }
    return '<div class="hm-legend-circles">' + svg(labelX + 64, size + 6, '<g transform="translate(0 5)">' + inner + "</g>") + "</div>";
  }

  function symbol(item) {
    switch (item.kind) {
      case "swatch":
        return '<i style="background:' + colour(item.colour, "#ffffff") + '"></i>';
      case "hub":
        return '<span class="hm-legend-symbol">' + hubSymbol(item.shape) + "</span>";
      case "place":
        return '<span class="hm-legend-symbol"><span class="hm-place hm-place-' + word(item.needs) + '"><span>' +
          item.count + "</span></span></span>";
      case "cluster":
        return '<span class="hm-legend-symbol"><span class="marker-cluster hm-cluster hm-cluster-' + word(item.needs) +
          '"><div><span>' + item.count + "</span></div></span></span>";
      case "line": {
        var weight = Math.min(18, number(item.weight, 2)), height = Math.max(12, Math.ceil(weight) + 4);
        return '<span class="hm-legend-symbol hm-legend-line">' + svg(36, height,
          '<line x1="4" y1="' + height / 2 + '" x2="32" y2="' + height / 2 + '" stroke="' + colour(item.colour, "#555555") +
          '" stroke-width="' + weight + '" stroke-linecap="round" stroke-opacity="0.75"/>') + "</span>";
      }
      case "ring": {
        var style = item.style || {};
        return '<span class="hm-legend-symbol">' + svg(24, 24, '<circle cx="12" cy="12" r="9" fill="none" stroke="' +
          colour(style.color, "#08306b") + '" stroke-width="' + Math.min(4, number(style.weight, 2)) + '"/>') + "</span>";
      }
      case "origin":
        return '<span class="hm-legend-symbol"><span class="hm-origin"></span></span>';
      default:
        return "";
    }
  }

  function sectionHtml(s) {
    var html = '<div class="hm-legend-section" data-key="' + word(s.key) + '">';
    if (s.title) {
      // The choropleth's title keeps the class the page's tests and benchmarks look for.
      html += '<div class="hm-section-title' + (s.key === "colours" ? " hm-title" : "") + '">' + s.title + "</div>";
    }
    if (s.unit) { html += '<div class="hm-unit">' + s.unit + "</div>"; }
    var items = s.items || [];
    // Many colour classes read down two columns; symbols with short labels stand side by side.
    var layout = s.key === "colours" && items.length > 4 ? " hm-legend-columns" : (s.inline ? " hm-legend-inline" : "");
    html += '<div class="hm-legend-items' + layout + '">';
    for (var i = 0; i < items.length; i++) {
      if (items[i].kind === "circles") { html += circles(items[i]); continue; }
      html += '<div class="hm-legend-item">' + symbol(items[i]) +
        '<span class="hm-legend-label">' + (items[i].label || "") + "</span></div>";
    }
    return html + "</div></div>";
  }

  // -------------------------------------------------------------------------------------------
  // The control

  /** The width of the visitor's window: the page's, when the map is a frame in it (the app's maps are). */
  function screenWidth() {
    try { return window.top.innerWidth; } catch { return window.innerWidth; }  // a page of another origin
  }

  var Legend = L.Control.extend({
    options: {position: CORNERS[0]},

    initialize: function (config) {
      this._config = config || {};
      this._entries = [];
      this._userFolded = null;  // null until the visitor folds or unfolds it
    },

    onAdd: function (map) {
      if (this._container) { return this._container; }  // moved to another corner: the same element
      var c = this._config;
      var div = L.DomUtil.create("div", "hm-legend");
      div.setAttribute("data-testid", "map-legend");
      var toggle = L.DomUtil.create("button", "hm-legend-toggle", div);
      toggle.type = "button";
      toggle.innerHTML = '<span class="hm-legend-name">' + (c.title || "Legend") + '</span><span class="hm-legend-caret" aria-hidden="true"></span>';
      this._body = L.DomUtil.create("div", "hm-legend-body", div);
      this._sections = L.DomUtil.create("div", "hm-legend-sections", this._body);
      var source = [c.source, c.newest].filter(Boolean);
      if (source.length) {  // below the sections, never scrolled away
        L.DomUtil.create("div", "hm-legend-source", div).innerHTML = source.join("<br>");
      }
      this._toggle = toggle;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      L.DomEvent.on(toggle, "click", function () {
        this._userFolded = !this._isFolded();
        this._update();
      }, this);
      this._container = div;
      map.on("moveend resize", this._place, this);
      map.on("resize", this._update, this);
      this._schedule();
      return div;
    },

    _isFolded: function () {
      if (this._userFolded !== null) { return this._userFolded; }
      return screenWidth() < number(this._config.narrow, 600);
    },

    add: function (entry) {
      if (this._entries.indexOf(entry) < 0) { this._entries.push(entry); }
      this._schedule();
    },

    remove: function (entry) {
      var i = this._entries.indexOf(entry);
      if (i >= 0) { this._entries.splice(i, 1); }
      this._schedule();
    },

    // Several layers come and go at once (a map drawn, groups swapped): draw the legend once after them.
    _schedule: function () {
      if (this._pending) { return; }
      var self = this;
      this._pending = setTimeout(function () { self._pending = null; self._update(); }, 0);
    },

    _update: function () {
      if (!this._container) { return; }
      var sections = this._entries.map(function (e) { return e.section; })
        .filter(function (s) { return s && s.items && s.items.length; })
        .sort(function (a, b) { return a.order - b.order; });
      this._sections.innerHTML = sections.map(sectionHtml).join("");
      this._shown = sections.length > 0;
      this._container.style.display = this._shown ? "" : "none";
      var folded = this._isFolded();
      L.DomUtil[folded ? "addClass" : "removeClass"](this._container, "hm-legend-folded");
      this._toggle.setAttribute("aria-expanded", folded ? "false" : "true");
      this._toggle.title = folded ? this._config.show || "" : this._config.hide || "";
      this._toggle.setAttribute("aria-label", this._toggle.title);
      this._place();
    },

    /**
     * What the legend should not cover, as lat/lon boxes: the communities (their boxes once), or
     * on a map without them (a community's flows) the lines, shapes and markers drawn.
     */
    _boxes: function () {
      var list = window.hmCommunityList || [], boxes = [];
      if (!this._communityBoxes) {
        for (var i = 0; i < list.length; i++) {
          if (list[i]) { boxes.push({bounds: list[i].getBounds(), layer: list[i]}); }
        }
        if (boxes.length) { this._communityBoxes = boxes; }
      }
      if (this._communityBoxes) { return this._communityBoxes; }
      this._map.eachLayer(function (layer) {
        if (layer instanceof L.CircleMarker || layer instanceof L.Marker) {
          boxes.push({bounds: L.latLngBounds([layer.getLatLng(), layer.getLatLng()]).pad(0.05)});
        } else if (layer instanceof L.Polyline && layer.getLatLngs().length) {
          boxes.push({bounds: layer.getBounds()});
        }
      });
      return boxes;
    },

    /** How much of the communities in view a box (in the map's pixels) would cover, by their weights. */
    _covered: function (box, pixels) {
      var area = 0;
      for (var i = 0; i < pixels.length; i++) {
        var p = pixels[i];
        var w = Math.min(box.right, p.right) - Math.max(box.left, p.left);
        var h = Math.min(box.bottom, p.bottom) - Math.max(box.top, p.top);
        if (w > 0 && h > 0) { area += w * h * p.weight; }
      }
      return area;
    },

    /** The height the other controls take in a corner of the map, margins included. */
    _taken: function (corner) {
      var taken = 0, children = this._map._controlCorners[corner].children;
      for (var j = 0; j < children.length; j++) {
        if (children[j] !== this._container) { taken += children[j].offsetHeight + MARGIN; }
      }
      return taken;
    },

    /** Move to the corner whose box covers the fewest communities in view; fit the height to the corner. */
    _place: function () {
      var map = this._map, div = this._container;
      if (!map || !div || !this._shown) { return; }
      var size = map.getSize(), width = div.offsetWidth;
      var chrome = div.offsetHeight - this._body.clientHeight;  // all but the sections: title, source, padding
      var natural = chrome + this._body.scrollHeight;  // the whole legend, were it not cut
      var view = map.getBounds(), pixels = [], boxes = this._boxes(), plain = this._config.plain || [];
      for (var i = 0; i < boxes.length; i++) {
        var bounds = boxes[i].bounds, layer = boxes[i].layer;
        if (!view.intersects(bounds)) { continue; }
        var a = map.latLngToContainerPoint(bounds.getNorthWest()), b = map.latLngToContainerPoint(bounds.getSouthEast());
        // A community coloured by the metric is data: covering it counts five times a plain one.
        var coloured = layer && plain.indexOf(String(layer.options.fillColor).toLowerCase()) < 0;
        pixels.push({left: a.x, top: a.y, right: b.x, bottom: b.y, weight: coloured ? 5 : 1});
      }
      var best = null, here = null, scores = {}, others = this._others();
      this.scores = scores;  // what each corner would cover, in square pixels (for a look from the console)
      for (var k = 0; k < CORNERS.length; k++) {
        var option = this._option(CORNERS[k], size, width, natural, others);
        if (!option) { continue; }
        // What it would hide: the communities under it, and as much again for the part of itself cut off.
        option.covered = this._covered(option.box, pixels) + (natural - option.height) * width;
        scores[option.corner] = Math.round(option.covered);
        if (!best || option.covered < best.covered) { best = option; }
        if (option.corner === this.options.position) { here = option; }
      }
      if (!best) { return; }
      // Stay put unless another corner is clearly better: the legend should not hop about.
      var chosen = here && here.covered <= best.covered + 0.05 * width * natural ? here : best;
      this._body.style.maxHeight = Math.max(0, chosen.room - chrome) + "px";
      // Lifted clear of a control of the next corner that reaches across (a long attribution on a phone).
      var top = chosen.corner.indexOf("top") === 0, margin = chosen.lift ? MARGIN + chosen.lift + "px" : "";
      div.style.marginTop = top ? margin : "";
      div.style.marginBottom = top ? "" : margin;
      if (chosen.corner !== this.options.position) { this.setPosition(chosen.corner); }
      // Clicks go through the legend to the community under it (geo.maps.legend's CSS), except on
      // its button, and on its sections while they scroll.
      var scrolls = this._body.scrollHeight > this._body.clientHeight + 1;
      L.DomUtil[scrolls ? "addClass" : "removeClass"](div, "hm-legend-scrolls");
    },

    /** The other controls' boxes in the map's pixels, with their corners. */
    _others: function () {
      var map = this._map, origin = map.getContainer().getBoundingClientRect(), list = [];
      for (var name in map._controlCorners) {
        var children = map._controlCorners[name].children;
        for (var j = 0; j < children.length; j++) {
          if (children[j] === this._container || !children[j].offsetHeight) { continue; }
          var r = children[j].getBoundingClientRect();
          list.push({corner: name, left: r.left - origin.left, right: r.right - origin.left,
            top: r.top - origin.top, bottom: r.bottom - origin.top});
        }
      }
      return list;
    },

    /**
     * Where the legend would stand in ``corner``: its box, the height it has room for, and how far
     * it must be lifted off the edge to clear the controls of other corners that reach across it.
     * Null when there is not room enough.
     */
    _option: function (corner, size, width, natural, others) {
      var top = corner.indexOf("top") === 0, taken = this._taken(corner);
      var left = corner.indexOf("left") >= 0 ? MARGIN : size.x - MARGIN - width, right = left + width;
      var from = top ? taken + MARGIN : MARGIN, to = top ? size.y - MARGIN : size.y - taken - MARGIN, lift = 0;
      for (var i = 0; i < others.length; i++) {
        var o = others[i];
        if (o.corner === corner || o.right <= left || o.left >= right) { continue; }
        var above = o.top + o.bottom < size.y;  // anchored at the top of the map
        if (top === above) {  // at the same edge: start beyond it
          lift = Math.max(lift, top ? o.bottom + MARGIN / 2 - from : to - (o.top - MARGIN / 2));
        } else if (above) {
          from = Math.max(from, o.bottom + MARGIN);
        } else {
          to = Math.min(to, o.top - MARGIN);
        }
      }
      if (top) { from += lift; } else { to -= lift; }
      var room = to - from, height = Math.min(natural, room);
      if (room < Math.min(natural, MIN_HEIGHT)) { return null; }
      var y = top ? from : to - height;
      return {corner: corner, room: room, height: height, lift: lift,
        box: {left: left, top: y, right: right, bottom: y + height}};
    }
  });

  /** The legend control of ``map`` (one per map), made with ``config`` (geo.maps.legend.legend_config). */
  hm.legend = function (map, config) {
    if (!map._hmLegend) {
      map._hmLegend = new Legend(config);
      map._hmLegend.addTo(map);
    }
    return map._hmLegend;
  };

  /** A layer's section of the legend: shown while the layer (the feature group it is added to) is on. */
  hm.legendEntry = function (section) {
    var Entry = L.Layer.extend({
      onAdd: function (map) { hm.legend(map).add(this); },
      onRemove: function (map) { if (map._hmLegend) { map._hmLegend.remove(this); } }
    });
    var entry = new Entry();
    entry.section = section;
    return entry;
  };
})(window.hm = window.hm || {});
