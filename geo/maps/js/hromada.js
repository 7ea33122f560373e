/*
 * The dashboard's map in the browser. Python (geo.maps) builds the data, escaped, as JSON, and
 * calls these functions by name from the few lines folium writes into the page; nothing here
 * builds HTML from text that was not escaped before it left the server.
 *
 * Served by the app like Leaflet (geo.maps.assets, under static/vendor), and inlined into the
 * standalone HTML export (geo.exports.standalone).
 */

(function (hm) {
  "use strict";

  /** Numbers as the user's language writes them. One Intl.NumberFormat for them all: toLocaleString
   * makes a new one each call, which cost 90 ms of a national map's first draw (thousands of markers). */
  function formatter(locale) {
    var format = new Intl.NumberFormat(locale);
    return function (n) { return format.format(Number(n)); };
  }

  // -------------------------------------------------------------------------------------------
  // Communities: names once for every layer, shapes decoded from steps, colours swapped in place

  /** window.hmPlaces: each community's code, name and raion, by position (geo.maps.shapes.places_payload). */
  hm.places = function (d) {
    d.tip = function (i) {
      var raion = d.raion.values[d.raion.codes[i]];
      return "<b>" + d.name[i] + "</b>" + (raion ? "<br>" + raion : "");
    };
    // geo.maps.map_click.pcode_mark: the hidden part of a tooltip that names its community.
    d.mark = function (i) { return "<span hidden>[pcode=" + d.pcode[i] + "]</span>"; };
    window.hmPlaces = d;
    return d;
  };

  /** Rings of whole-number steps on a 1/scale degree grid back to [lat, lon] (geo.maps.shapes.encode). */
  function rings(polygons, scale) {
    return polygons.map(function (polygon) {
      return polygon.map(function (steps) {
        var points = [], x = 0, y = 0;
        for (var i = 0; i < steps.length; i += 2) {
          x += steps[i]; y += steps[i + 1];
          points.push([y / scale, x / scale]);
        }
        return points;
      });
    });
  }
  hm.rings = rings;  // for the other files of geo/maps/js (reference.js)

  // How far beyond the view the communities' canvas reaches, as a share of the view: what a drag
  // shows before Leaflet redraws at its end. Leaflet's default, as for SVG: a larger canvas costs
  // every redraw (a recolour, a zoom) its area, on a phone three times the pixels each way.
  var CANVAS_PADDING = 0.1;

  /**
   * Leaflet's canvas at the screen's own pixel density (up to 3). Leaflet 1.9 draws at most two
   * canvas pixels to a CSS pixel, which a phone of three stretches: its 0.6 px borders came out
   * paler and softer than the SVG paths drew them. Leaflet's own _update (1.9.3), with that one
   * number changed.
   */
  var ScreenCanvas = L.Canvas.extend({
    _update: function () {
      if (this._map._animatingZoom && this._bounds) { return; }
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, container = this._container, size = b.getSize();
      var m = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
      L.DomUtil.setPosition(container, b.min);
      container.width = Math.round(m * size.x);  // also clears it
      container.height = Math.round(m * size.y);
      container.style.width = size.x + "px";
      container.style.height = size.y + "px";
      this._ctx.scale(m, m);
      this._ctx.translate(-b.min.x, -b.min.y);  // the same path coordinates after the canvas moves
      this.fire("update");
    }
  });

  /**
   * The community polygons, kept by position and by P-code so that hm.recolour can restyle them.
   * ``renderer`` "canvas" (geo.maps.shapes.COMMUNITY_RENDERER) draws them all on one canvas in
   * ``pane``, "svg" as an SVG path each (scripts/bench_renderer.py measures both). A canvas takes
   * no CSS: its look is ``style`` (Leaflet's path options) and hm.recolour alone.
   */
  hm.communityShapes = function (d, style, pane, renderer) {
    var places = window.hmPlaces;
    var options = Object.assign({}, style, {pane: pane});
    if (renderer === "canvas") { options.renderer = new ScreenCanvas({pane: pane, padding: CANVAS_PADDING}); }
    var group = L.featureGroup();
    window.hmCommunities = {};
    window.hmCommunityList = [];
    for (var i = 0; i < d.shapes.length; i++) {
      window.hmCommunityList.push(null);
      if (!d.shapes[i].length) { continue; }
      var layer = L.polygon(rings(d.shapes[i], d.scale), options);
      var tip = places.tip(i), mark = d.marks ? places.mark(i) : "";
      layer.feature = {type: "Feature", properties: {pcode: places.pcode[i], tip: tip, mark: mark}};
      layer.bindTooltip(tip + mark, {sticky: true});
      window.hmCommunities[places.pcode[i]] = layer;
      window.hmCommunityList[i] = layer;
      group.addLayer(layer);
    }
    window.hmCommunityGroup = group;  // hm.levelShapes puts a coarser level's units in it instead
    return group;
  };

  /** New fill colours (palette indices, -1 for the zero colour) and a figure in every tooltip. */
  hm.recolour = function (d) {
    var layers = window.hmCommunityList || [];
    for (var i = 0; i < layers.length; i++) {
      var layer = layers[i];
      if (!layer) { continue; }
      layer.setStyle({fillColor: d.colours[i] >= 0 ? d.palette[d.colours[i]] : d.zero});
      var p = layer.feature.properties;
      layer.setTooltipContent(p.tip + "<br>" + d.label + ": " + d.texts[i] + p.mark);
    }
  };

  /**
   * A coarser level's units (raions or oblasts: geo.maps.level_layer.LevelShapes), coloured, on
   * the communities' pane, each with its escaped tooltip (which ends with its hidden P-code mark).
   * While they are on the map they stand in the community polygons' group instead of them (which
   * come back when this layer is swapped out); the oblast and raion outlines, drawn from the
   * communities' rings, stay above them.
   */
  hm.levelShapes = function (d) {
    var c = d.colour, s = d.shapes;
    var renderer = new ScreenCanvas({pane: c.pane, padding: CANVAS_PADDING});
    var options = Object.assign({}, c.style, {pane: c.pane, renderer: renderer});
    var units = L.featureGroup();
    for (var i = 0; i < s.shapes.length; i++) {
      if (!s.shapes[i].length) { continue; }
      var fill = c.colours[i] >= 0 ? c.palette[c.colours[i]] : c.zero;
      var layer = L.polygon(rings(s.shapes[i], s.scale), Object.assign({}, options, {fillColor: fill}));
      layer.feature = {type: "Feature", properties: {pcode: s.pcode[i]}};
      layer.bindTooltip(c.tips[i], {sticky: true});
      units.addLayer(layer);
    }
    // The units take the community polygons' place in their group ("Communities" in the layer
    // control, which so switches whichever level is drawn), and give it back when swapped out.
    var Level = L.Layer.extend({
      onAdd: function () {
        var communities = window.hmCommunityGroup;
        if (!communities) { return; }
        (window.hmCommunityList || []).forEach(function (layer) { if (layer) { communities.removeLayer(layer); } });
        units.eachLayer(function (layer) { communities.addLayer(layer); });
        window.hmLevelUnits = units;
      },
      onRemove: function () {
        var communities = window.hmCommunityGroup;
        if (!communities) { return; }
        units.eachLayer(function (layer) { communities.removeLayer(layer); });
        (window.hmCommunityList || []).forEach(function (layer) { if (layer) { communities.addLayer(layer); } });
        if (window.hmLevelUnits === units) { window.hmLevelUnits = null; }
      }
    });
    return new Level();
  };

  // -------------------------------------------------------------------------------------------
  // Hubs, IDP circles and needs: arrays in, popups built when they open

  function placeName(k, otherwise) { return k >= 0 ? window.hmPlaces.name[k] : otherwise; }

  /** The hubs (geo.maps.hub_layer.hub_payload); clustered above d.cluster_above. */
  hm.hubMarkers = function (d) {
    var t = d.labels, fmt = formatter(d.locale);
    function pick(column, i) { return column.values[column.codes[i]]; }
    function popup(i) {
      var rows = [
        [t.type, d.type[i] >= 0 ? t.types[d.type[i]] : ""], [t.community, placeName(d.community[i], "")],
        [t.serves, placeName(d.serves[i], "")], [t.services, pick(d.services, i)],
        [t.hours, pick(d.hours, i)], [t.phone, d.phone[i]],
        [t.registered, d.registered[i] === null ? "" : fmt(d.registered[i])]
      ];
      var html = "<b>" + d.name[i] + '</b><table class="hm-table">';
      for (var r = 0; r < rows.length; r++) {
        if (rows[r][1] !== "") { html += "<tr><th>" + rows[r][0] + "</th><td>" + rows[r][1] + "</td></tr>"; }
      }
      html += "</table>";
      if (d.website[i]) {
        var url = d.website[i];
        html += '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + "</a>";
      }
      return html;
    }
    // A national registry has a thousand hubs: clustered, they stay readable at the country's zoom.
    // Sized by the zoom from the style sheet (js/markers.js): no size here.
    var group = d.lat.length > d.cluster_above ? L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: function (zoom) { return Math.round(40 * hm.needsScale(zoom)); },
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        return L.divIcon({html: "<div><span>" + n + "</span></div>",
          className: "marker-cluster hm-cluster hm-cluster-hubs hm-cluster-" + (n < 100 ? "s" : "m"),
          iconSize: null});
      }
    }) : L.featureGroup();
    hm.scaledGroup(group);
    for (var i = 0; i < d.lat.length; i++) {
      var marker = L.marker([d.lat[i], d.lon[i]], {
        // Above the needs markers: a hub beside a community's centre stays in sight and clickable.
        // Its type's shape (hm.hubIcon, js/legend.js: the legend draws the same symbols).
        icon: hm.hubIcon(d.shapes && d.type[i] >= 0 ? d.shapes[d.type[i]] : ""), keyboard: false, zIndexOffset: 1000
      });
      marker.feature = {type: "Feature", properties: {hub: i}};
      marker.bindTooltip("<b>" + d.name[i] + "</b>");
      marker.bindPopup(popup.bind(null, i), {maxWidth: 360});
      group.addLayer(marker);
    }
    return group;
  };

  /** IDPs hosted as circles at each host's centre, with where they came from (geo.maps.idp_layer.idp_payload). */
  hm.idpCircles = function (d) {
    var t = d.labels, fmt = formatter(d.locale);
    function place(k) { return placeName(k, t.unknown); }
    function popup(i) {
      var html = "<b>" + place(d.host[i]) + '</b><table class="hm-table"><tr><th>' + t.hosted +
        "</th><td>" + fmt(d.people[i]) + "</td></tr></table>";
      var o = d.origins[i];
      if (o.length) {
        var lines = [];
        for (var k = 0; k < o.length; k += 2) { lines.push(place(o[k]) + ": " + fmt(o[k + 1])); }
        html += "<div><b>" + t.from + "</b><br>" + lines.join("<br>") + "</div>";
      }
      return html;
    }
    var group = L.featureGroup();
    for (var i = 0; i < d.host.length; i++) {
      // hm-idp: only the ring takes clicks (the style sheet), the communities inside stay clickable.
      var circle = L.circleMarker(d.where[i], Object.assign({radius: d.radius[i], className: "hm-idp"}, d.style));
      circle.bindTooltip("<b>" + place(d.host[i]) + "</b><br>" + t.hosted + ": " + fmt(d.people[i]), {sticky: true});
      circle.bindPopup(popup.bind(null, i), {maxWidth: 360});
      group.addLayer(circle);
    }
    return group;
  };

  /** Needs as one marker per place with their count, clustered (geo.maps.need_places and needs_layer.needs_payload). */
  hm.needsPlaces = function (d) {
    var t = d.labels, fmt = formatter(d.locale);
    function place(i) { return d.place ? d.place[i] : window.hmPlaces.name[d.community[i]] || ""; }
    function table(rows) {
      var html = '<table class="hm-table hm-needs"><tr><th>' + t.need + "</th><th>" + t.sector +
        "</th><th>" + t.status + "</th><th>" + t.days + "</th><th>" + t.people + "</th><th>" +
        t.provider + "</th><th>" + t.verified + "</th>";
      for (var p = 0; p < t.personal.length; p++) { html += "<th>" + t.personal[p] + "</th>"; }
      html += "</tr>";
      for (var r = 0; r < rows.length; r++) {
        var row = rows[r];
        var cells = [row[0], t.sectors[row[1]], t.statuses[row[2]],
          row[3] === null ? "" : fmt(row[3]), row[5] === null ? "" : fmt(row[5]),
          row[4], row[6] ? t.yes : t.no].concat(row.slice(7));
        html += "<tr><td>" + cells.join("</td><td>") + "</td></tr>";
      }
      return html + "</table>";
    }
    function popup(i) {
      var rows = d.rows ? d.rows[i] : [];
      var html = "<b>" + place(i) + "</b><br>" + t.needs + ": " + fmt(d.count[i]) +
        " · " + t.people + ": " + fmt(d.people[i]);
      if (d.sectors) {
        var s = d.sectors[i];
        html += '<table class="hm-table">';
        for (var k = 0; k < s.length; k += 2) {
          html += "<tr><th>" + t.sectors[s[k]] + "</th><td>" + fmt(s[k + 1]) + "</td></tr>";
        }
        html += "</table>";
      }
      if (rows.length) { html += table(rows); }
      if (d.count[i] > rows.length && t.more) {
        html += '<div class="hm-more">' + t.more.replace("{count}", fmt(d.count[i] - rows.length)) + "</div>";
      }
      return html;
    }
    // Sized by the zoom and set beside their place (open to its left, closed to its right, the
    // Needs page's above it) by the style sheet (js/markers.js, need_places.NEEDS_CSS): no size here.
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: function (zoom) { return Math.round(45 * hm.needsScale(zoom)); },
      iconCreateFunction: function (cluster) {
        var n = 0, children = cluster.getAllChildMarkers();
        for (var k = 0; k < children.length; k++) { n += children[k].options.hmCount; }
        var size = n < 100 ? "s" : (n < 10000 ? "m" : "l");
        return L.divIcon({html: "<div><span>" + fmt(n) + "</span></div>",
          className: "marker-cluster hm-cluster hm-cluster-" + d.kind + " hm-cluster-" + size,
          iconSize: null});
      }
    });
    hm.scaledGroup(group);
    var markers = [];
    for (var i = 0; i < d.lat.length; i++) {
      var icon = L.divIcon({className: "hm-place hm-place-" + d.kind,
        html: "<span>" + fmt(d.count[i]) + "</span>", iconSize: null});
      var marker = L.marker([d.lat[i], d.lon[i]], {icon: icon, hmCount: d.count[i], keyboard: false});
      marker.bindPopup(popup.bind(null, i), {maxWidth: 520});
      markers.push(marker);
    }
    group.addLayers(markers);
    return group;
  };

  /**
   * On a map narrower than NARROW pixels (a phone), the country (``bounds``) is fitted in quarter
   * zoom steps, and the layer list starts folded behind its button, so that it does not hide a third of the map: a tap on the button opens it, a tap on
   * the map folds it. streamlit-folium makes the list anew when the page swaps a layer, so each
   * new list is folded too.
   */
  var NARROW = 600;
  hm.foldWhenNarrow = function (map, bounds) {
    var container = map.getContainer();
    if (bounds && container.clientWidth < NARROW) {
      // Whole zoom steps leave the country a third of a phone's width: fit it in quarter steps.
      map.options.zoomSnap = 0.25;
      map.fitBounds(bounds);
    }
    function fold(list) {
      if (list.dataset.hmFolded) { return; }
      list.dataset.hmFolded = "1";
      list.classList.remove("leaflet-control-layers-expanded");
      var toggle = list.querySelector(".leaflet-control-layers-toggle");
      if (toggle) {
        // Open only: a tap also focuses the button, which Leaflet answers by opening the list too.
        toggle.addEventListener("click", function (e) {
          e.preventDefault();
          list.classList.add("leaflet-control-layers-expanded");
        });
      }
    }
    function foldAll() {
      if (container.clientWidth >= NARROW) { return; }
      container.querySelectorAll(".leaflet-control-layers").forEach(fold);
    }
    var controls = container.querySelector(".leaflet-control-container") || container;
    new MutationObserver(foldAll).observe(controls, {childList: true, subtree: true});
    map.on("click", function () {
      if (container.clientWidth < NARROW) {
        container.querySelectorAll(".leaflet-control-layers").forEach(function (list) {
          list.classList.remove("leaflet-control-layers-expanded");
        });
      }
    });
    foldAll();
  };

  /** For L.geoJSON's onEachFeature: the escaped tooltip and popup the feature carries. */
  hm.bindTipAndPopup = function (feature, layer) {
    var p = feature.properties;
    if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
  };

  // -------------------------------------------------------------------------------------------
  // Controls (the legend: js/legend.js)

  /**
   * Send the presenter's keys on to the page when the map (an iframe) has the keyboard focus, in
   * the capture phase, so that Leaflet does not pan with the arrows too (geo.forum.forum_map).
   */
  hm.presenterKeys = function (keys) {
    function forward(event) {
      if (keys.indexOf(event.key) < 0 || window.parent === window) { return; }
      var target;
      try { target = window.parent.document.body; } catch { return; }  // a page of another origin
      event.preventDefault();
      event.stopPropagation();
      target.dispatchEvent(new KeyboardEvent(event.type, {
        key: event.key, code: event.code, keyCode: event.keyCode, bubbles: true, cancelable: true
      }));
    }
    // Both halves of a key press: the page tracks which keys are held down.
    document.addEventListener("keydown", forward, true);
    document.addEventListener("keyup", forward, true);
  };
})(window.hm = window.hm || {});
