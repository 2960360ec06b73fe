/* GreenMap map page: layers, filters, legend, search and shareable views.
   Feature data is fetched from our API (never embedded in the page); the URL hash
   holds the view (layers, filters, centre, zoom) so it can be shared and restored. */
(function () {
  "use strict";

  var APPROXIMATE = ["commune", "district", "service_area"];
  var CLUSTER_MIN = 200;      // layers with at least this many points are clustered
  var DEBOUNCE_MS = 250;
  var GEOMETRY_RANK = { Point: 3, MultiPoint: 3, LineString: 2, MultiLineString: 2 };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function byId(id) { return document.getElementById(id); }
  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + " → " + r.status); }
      return r.json();
    });
  }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }
  function splitList(value) { return value ? value.split(",").filter(Boolean) : []; }
  function number(value, lang) { return Number(value).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB"); }

  /* ---------------------------------------------------------------- URL state */

  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    var view = (p.get("map") || "").split("/").map(Number);
    return {
      view: view.length === 3 && view.every(isFinite) ? view : null,
      layers: p.has("layers") ? splitList(p.get("layers")) : null,
      status: splitList(p.get("status")),
      group: p.get("group") || "", task: p.get("task") || "", district: p.get("district") || "",
      cmin: p.get("cmin") || "", cmax: p.get("cmax") || "",
      base: p.get("base") || "", open: p.get("open") || ""
    };
  }

  function hashOf(app) {
    var f = currentFilters(app), c = app.map.getCenter();
    var parts = [["map", app.map.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5)],
                 ["layers", visibleIds(app).join(",")], ["status", f.status.join(",")],
                 ["group", f.group], ["task", f.task], ["district", f.district],
                 ["cmin", f.cmin], ["cmax", f.cmax], ["base", app.base === "offline" ? "offline" : ""]];
    return "#" + parts.filter(function (kv, i) { return i < 2 || kv[1]; }).map(function (kv) {
      return kv[0] + "=" + encodeURIComponent(kv[1]).replace(/%2C/g, ",").replace(/%2F/g, "/");
    }).join("&");
  }

  function writeHash(app) {
    var hash = hashOf(app);
    if (hash !== location.hash) { history.replaceState(null, "", hash); }
    var lang = byId("gm-lang");
    lang.href = "?lang=" + lang.getAttribute("hreflang") + hash;
  }

  /* ------------------------------------------------------------------ filters */

  function currentFilters(app) {
    var checked = app.panel.status.querySelectorAll("input:checked");
    return {
      status: Array.prototype.map.call(checked, function (i) { return i.value; }),
      group: byId("gm-group").value, task: byId("gm-task").value,
      district: byId("gm-district").value,
      cmin: byId("gm-cmin").value, cmax: byId("gm-cmax").value
    };
  }

  function taskCodes(app, f) {
    if (f.task) { return [f.task]; }
    if (!f.group) { return []; }
    return app.tasks.filter(function (t) { return String(t.group) === f.group; })
      .map(function (t) { return t.code; });
  }

  function filterQuery(app) {
    var f = currentFilters(app), q = [];
    if (f.status.length) { q.push("status=" + encodeURIComponent(f.status.join(","))); }
    var codes = taskCodes(app, f);
    if (codes.length) { q.push("task=" + encodeURIComponent(codes.join(","))); }
    if (f.district) { q.push("district=" + encodeURIComponent(f.district)); }
    return q;
  }

  function isContext(app, layer) { return app.cfg.contextThemes.indexOf(layer.theme) >= 0; }

  function capacityOk(app, entry, feature) {
    var f = currentFilters(app);
    if (entry.meta.theme !== app.cfg.capacityTheme || (f.cmin === "" && f.cmax === "")) { return true; }
    var v = (feature.properties.properties || {})[app.cfg.capacityField];
    if (typeof v !== "number") { return false; }
    return (f.cmin === "" || v >= Number(f.cmin)) && (f.cmax === "" || v <= Number(f.cmax));
  }

  /* ------------------------------------------------------------------- popups */

  function pickName(props, lang) { return lang === "en" && props.name_en ? props.name_en : props.name_vi; }
  function layerTitle(layer, lang) { return lang === "en" ? layer.title_en : layer.title_vi; }

  function statusBadge(app, props) {
    var known = app.cfg.statuses.indexOf(props.status) >= 0;
    var label = known ? app.s["status_" + props.status] : app.s.status_unknown;
    return '<span class="gm-badge status-' + (known ? props.status : "unknown") + '">' + esc(label) +
      "</span>" + (props.status_date ? " <time>" + esc(props.status_date) + "</time>" : "");
  }

  function fieldLabel(app, field) { return app.s["field_" + field] || field.replace(/_/g, " "); }

  function row(label, html) { return "<dt>" + esc(label) + "</dt><dd>" + html + "</dd>"; }

  function figures(app, props, layer) {
    var values = props.properties || {};
    return (layer.popup_fields || []).filter(function (field) {
      return typeof values[field] === "number";
    }).map(function (field) {
      return row(fieldLabel(app, field), esc(number(values[field], app.cfg.lang)));
    }).join("");
  }

  function popupHtml(app, props, layer) {
    var s = app.s;
    var tasks = (props.tasks || []).map(function (code) {
      return '<a href="/plan/tasks/' + encodeURIComponent(code) + '">' + esc(code) + "</a>";
    }).join(", ");
    var where = props.district_name ? esc(props.district_name) +
      (props.today_unit ? " (" + esc(s.map_today) + ": " + esc(props.today_unit) + ")" : "") : "";
    var precision = esc(s["precision_" + props.precision] || props.precision) +
      (props.precision_note ? " — " + esc(props.precision_note) : "");
    return '<div class="gm-popup"><h3 tabindex="-1">' + esc(pickName(props, app.cfg.lang)) + "</h3><dl>" +
      row(s.layers, esc(layerTitle(layer, app.cfg.lang))) +
      row(s.status, statusBadge(app, props)) +
      figures(app, props, layer) +
      row(s.tasks, tasks || "–") +
      (where ? row(s.district, where) : "") +
      row(s.precision, precision) +
      row(s.source, esc(props.source) + " (" + esc(props.licence) + ")") +
      '</dl><a class="gm-more" href="/sites/' + encodeURIComponent(props.key) + '">' +
      esc(s.map_details) + " →</a></div>";
  }

  /* ------------------------------------------------------------------ drawing */

  function isApproximate(feature) { return APPROXIMATE.indexOf(feature.properties.precision) >= 0; }

  function pointStyle(entry, feature) {
    var color = entry.meta.style.color || "#2563eb";
    if (isApproximate(feature)) {
      return { radius: 9, color: color, weight: 2.5, dashArray: "4 3", fillOpacity: 0.08 };
    }
    return { radius: entry.meta.style.radius || 6, color: "#111827", weight: 1,
             fillColor: color, fillOpacity: 0.85 };
  }

  function shapeStyle(entry, feature) {
    var style = entry.meta.style, fillOpacity = style.fill_opacity == null ? 0.2 : style.fill_opacity;
    var lines = /LineString$/.test((feature.geometry || {}).type || "");
    var base = { color: style.color || "#2563eb", weight: style.weight || 2,
                 fill: !lines && fillOpacity > 0, fillOpacity: fillOpacity };
    if (isApproximate(feature)) { base.dashArray = "6 4"; base.fillOpacity = Math.min(fillOpacity, 0.05); }
    return base;
  }

  function clusterIcon(color) {
    return function (cluster) {
      var n = cluster.getChildCount();
      return L.divIcon({ className: "gm-cluster", iconSize: L.point(36, 36),
        html: '<span style="border-color:' + esc(color) + '">' + n + "</span>" });
    };
  }

  function bindPopup(app, entry, feature, lyr) {
    lyr.bindPopup(function () { return popupHtml(app, feature.properties, entry.meta); }, { maxWidth: 320 });
  }

  function pointMarker(app, entry, feature) {
    var c = feature.geometry.coordinates;
    var marker = L.circleMarker([c[1], c[0]], pointStyle(entry, feature));
    bindPopup(app, entry, feature, marker);
    return marker;
  }

  function draw(app, entry) {
    var shown = entry.features.filter(function (f) { return capacityOk(app, entry, f); });
    var points = shown.filter(function (f) { return f.geometry.type === "Point"; });
    var shapes = shown.filter(function (f) { return f.geometry.type !== "Point"; });
    entry.group.clearLayers();
    if (shapes.length) {
      entry.group.addLayer(L.geoJSON({ type: "FeatureCollection", features: shapes }, {
        style: function (f) { return shapeStyle(entry, f); },
        pointToLayer: function (f, ll) { return L.circleMarker(ll, pointStyle(entry, f)); },
        onEachFeature: function (f, lyr) { bindPopup(app, entry, f, lyr); }
      }));
    }
    var markers = points.map(function (f) { return pointMarker(app, entry, f); });
    if (markers.length >= CLUSTER_MIN) {
      var cluster = L.markerClusterGroup({ maxClusterRadius: 50, disableClusteringAtZoom: 16,
        iconCreateFunction: clusterIcon(entry.meta.style.color || "#2563eb") });
      cluster.addLayers(markers);
      entry.group.addLayer(cluster);
    } else {
      markers.forEach(function (m) { entry.group.addLayer(m); });
    }
    entry.drawn = shown.length;
    entry.bounds = shown.length ? entry.group.getBounds() : null;
  }

  function drawBasemap(app, entry) {
    L.geoJSON({ type: "FeatureCollection", features: entry.features }, {
      pane: "gm-base", interactive: false,
      style: { color: "#6b7280", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 }
    }).addTo(app.offline);
    app.basemapFeatures += entry.features.length;
  }

  function fetchAll(url, collected) {
    return getJSON(url).then(function (body) {
      var all = collected.concat(body.features);
      var next = (body.links || []).filter(function (l) { return l.rel === "next"; })[0];
      return next ? fetchAll(next.href, all) : all;
    });
  }

  function layerQuery(app, entry, located) {
    var q = ["located=" + located, "limit=" + app.cfg.pageLimit];
    return isContext(app, entry.meta) ? q : q.concat(filterQuery(app));
  }

  function featuresUrl(app, entry, query) {
    return app.cfg.api + "/layers/" + encodeURIComponent(entry.meta.id) + "/features?" + query.join("&");
  }

  function loadLayer(app, entry) {
    var query = layerQuery(app, entry, 1).join("&");
    if (entry.loaded === query) { draw(app, entry); return Promise.resolve(entry); }
    return fetchAll(featuresUrl(app, entry, [query]), []).then(function (features) {
      if (layerQuery(app, entry, 1).join("&") !== query) { return entry; }  // a newer load follows
      var first = entry.loaded === null;
      entry.loaded = query;
      entry.features = features;
      if (first && entry.meta.theme === app.cfg.basemapTheme) { drawBasemap(app, entry); }
      draw(app, entry);
      return entry;
    });
  }

  /* ----------------------------------------------------------- layer visibility */

  function visibleIds(app) {
    return app.order.filter(function (id) { return app.entries[id].checkbox.checked; });
  }

  function hasMapData(layer) { return layer.located_count > 0 || !!layer.raster; }

  function drawOrder(app, entry) {
    if (isContext(app, entry.meta)) { return 0; }
    return GEOMETRY_RANK[entry.meta.geometry_type] || 1;
  }

  function syncVisibility(app) {
    var drawn = 0;
    app.order.map(function (id) { return app.entries[id]; }).sort(function (a, b) {
      return drawOrder(app, a) - drawOrder(app, b);
    }).forEach(function (entry) {
      var on = entry.checkbox.checked && hasMapData(entry.meta);
      if (on) {
        entry.group.addTo(app.map);
        entry.group.bringToFront();
        drawn += entry.drawn;
      } else {
        entry.group.remove();
      }
    });
    app.api.drawn = drawn;
  }

  function updateAttribution(app) {
    var view = app.map.getBounds(), wanted = {};
    app.order.forEach(function (id) {
      var e = app.entries[id];
      var onMap = e.checkbox.checked && e.bounds && view.intersects(e.bounds);
      var inBase = app.base === "offline" && e.meta.theme === app.cfg.basemapTheme;
      if ((onMap || inBase) && e.meta.attribution) { wanted[esc(e.meta.attribution)] = true; }
    });
    Object.keys(app.attributions).forEach(function (text) {
      if (!wanted[text]) { app.map.attributionControl.removeAttribution(text); }
    });
    Object.keys(wanted).forEach(function (text) {
      if (!app.attributions[text]) { app.map.attributionControl.addAttribution(text); }
    });
    app.attributions = wanted;
  }

  /* ------------------------------------------------------------------- panel */

  function swatch(layer) {
    var color = esc(layer.style.color || "#2563eb");
    var rank = GEOMETRY_RANK[layer.geometry_type];
    var shape = rank === 3 ? '<circle cx="8" cy="8" r="5" fill="' + color + '" stroke="#111827"/>'
      : rank === 2 ? '<line x1="1" y1="12" x2="15" y2="4" stroke="' + color + '" stroke-width="3"/>'
        : '<rect x="2" y="3" width="12" height="10" fill="' + color + '" fill-opacity=".35" stroke="' +
          color + '" stroke-width="2"/>';
    return '<svg class="gm-swatch" width="16" height="16" aria-hidden="true">' + shape + "</svg>";
  }

  function rasterLegend(app, layer) {
    var style = layer.style || {}, r = layer.raster;
    return '<p class="gm-raster-legend"><span class="gm-ramp" style="background:linear-gradient(90deg,' +
      esc(style.color || "#fee5d9") + "," + esc(style.fill_color || "#a50f15") + ')"></span> ' +
      esc(number(Math.round(r.min), app.cfg.lang)) + " – " + esc(number(Math.round(r.max), app.cfg.lang)) +
      " " + esc(style["unit_" + app.cfg.lang] || "") + "</p>";
  }

  function rasterOverlay(layer) {
    var b = layer.raster.bounds, bounds = L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]);
    var overlay = L.imageOverlay(layer.raster.image, bounds, {
      opacity: layer.style.opacity == null ? 0.6 : layer.style.opacity,
      alt: layerTitle(layer, "vi"), className: "gm-raster"
    });
    return { overlay: overlay, bounds: bounds };
  }

  function themeOrder(app, theme) {
    var i = app.cfg.themes.indexOf(theme);
    return i < 0 ? app.cfg.themes.length : i;
  }

  function layerItem(app, layer, index) {
    var lang = app.cfg.lang, missing = lang === "en" ? layer.missing_data_en : layer.missing_data_vi;
    var note = layer.raster ? rasterLegend(app, layer) : layer.located_count > 0 ? "" :
      '<p class="gm-missing">' + esc(missing || app.s.map_no_location_data) + "</p>";
    return '<div class="gm-layer"><input type="checkbox" id="gm-l' + index + '" data-layer="' +
      esc(layer.id) + '"><label for="gm-l' + index + '">' + swatch(layer) + " " +
      esc(layerTitle(layer, lang)) + ' <span class="gm-count" data-count="' + esc(layer.id) +
      '"></span></label>' + note + "</div>";
  }

  function buildLayerPanel(app, layers) {
    var themes = [];
    layers.forEach(function (l) { if (themes.indexOf(l.theme) < 0) { themes.push(l.theme); } });
    themes.sort(function (a, b) { return themeOrder(app, a) - themeOrder(app, b); });
    var index = 0;
    app.panel.layers.innerHTML = themes.map(function (theme) {
      return '<fieldset class="gm-theme"><legend>' + esc(app.s["theme_" + theme] || theme) +
        "</legend>" + layers.filter(function (l) { return l.theme === theme; })
        .map(function (l) { index += 1; return layerItem(app, l, index); }).join("") + "</fieldset>";
    }).join("");
  }

  function buildStatusPanel(app) {
    app.panel.status.insertAdjacentHTML("beforeend", app.cfg.statuses.map(function (st) {
      return '<label><input type="checkbox" value="' + esc(st) + '"> <span class="gm-badge status-' +
        esc(st) + '">' + esc(app.s["status_" + st]) + '</span> <span class="gm-count" data-status="' +
        esc(st) + '"></span></label>';
    }).join(""));
  }

  function fillTaskOptions(app, counts) {
    var select = byId("gm-task"), group = byId("gm-group").value, keep = select.value;
    select.length = 1;
    app.tasks.filter(function (t) { return !group || String(t.group) === group; }).forEach(function (t) {
      var text = app.cfg.lang === "en" ? t.summary_en : t.text_vi;
      var label = t.code + " — " + (text.length > 70 ? text.slice(0, 69) + "…" : text);
      select.add(new Option(label + " (" + (counts[t.code] || 0) + ")", t.code));
    });
    select.value = keep;
    if (select.value !== keep) { select.value = ""; }
  }

  function fillGroupOptions(app, counts) {
    var select = byId("gm-group"), keep = select.value;
    select.length = 1;
    app.groups.forEach(function (g) {
      var n = g.tasks.reduce(function (sum, code) { return sum + (counts[code] || 0); }, 0);
      var title = app.cfg.lang === "en" ? g.title_en : g.title_vi;
      select.add(new Option(g.number + ". " + title + " (" + n + ")", String(g.number)));
    });
    select.value = keep;
  }

  function fillDistrictOptions(app, districts) {
    var select = byId("gm-district"), keep = select.value, s = app.s;
    select.length = 1;
    districts.forEach(function (d) {
      var today = d.today.length ? " — " + s.map_today + ": " + d.today.join(", ") : "";
      select.add(new Option((d.name || d.code) + today + " (" + d.count + ")", d.code));
    });
    if (keep && select.value !== keep) { select.add(new Option(keep, keep)); }
    select.value = keep;
  }

  function showFacets(app, body) {
    app.order.forEach(function (id) {
      var c = body.layers[id], el = app.panel.layers.querySelector('[data-count="' + CSS.escape(id) + '"]');
      el.textContent = "(" + (c ? c.located : 0) + ")";
    });
    app.cfg.statuses.forEach(function (st) {
      app.panel.status.querySelector('[data-status="' + st + '"]').textContent = "(" + (body.statuses[st] || 0) + ")";
    });
    fillGroupOptions(app, body.tasks);
    fillTaskOptions(app, body.tasks);
    fillDistrictOptions(app, body.districts);
    byId("gm-summary").textContent = format(app.s.map_matching,
      { total: number(body.total, app.cfg.lang), located: number(body.located, app.cfg.lang) });
  }

  function loadFacets(app) {
    var f = currentFilters(app), q = filterQuery(app);
    q.push("layer=" + encodeURIComponent(visibleIds(app).join(",")));
    if (f.cmin !== "") { q.push("capacity_min=" + encodeURIComponent(f.cmin)); }
    if (f.cmax !== "") { q.push("capacity_max=" + encodeURIComponent(f.cmax)); }
    return getJSON(app.cfg.api + "/facets?" + q.join("&")).then(function (body) { showFacets(app, body); });
  }

  function unlocatedItem(app, entry, feature) {
    var p = feature.properties;
    return '<li><a href="/sites/' + encodeURIComponent(p.key) + '">' + esc(pickName(p, app.cfg.lang)) +
      '</a> <span class="gm-muted">' + esc(layerTitle(entry.meta, app.cfg.lang)) + "</span> " +
      statusBadge(app, p) + "</li>";
  }

  function loadUnlocated(app) {
    var entries = visibleIds(app).map(function (id) { return app.entries[id]; })
      .filter(function (e) { return e.meta.feature_count > e.meta.located_count; });
    return Promise.all(entries.map(function (e) {
      return fetchAll(featuresUrl(app, e, layerQuery(app, e, 0)), []).then(function (features) {
        return features.filter(function (f) { return capacityOk(app, e, f); })
          .map(function (f) { return unlocatedItem(app, e, f); });
      });
    })).then(function (lists) {
      var items = [].concat.apply([], lists);
      app.panel.unlocated.innerHTML = items.join("");
      byId("gm-unlocated-count").textContent = "(" + items.length + ")";
    });
  }

  /* ------------------------------------------------------------ refresh cycle */

  function refresh(app) {
    writeHash(app);
    var visible = visibleIds(app).map(function (id) { return app.entries[id]; })
      .filter(function (e) { return e.meta.located_count > 0; });
    return Promise.all([
      Promise.all(visible.map(function (e) { return loadLayer(app, e); })),
      loadFacets(app),
      loadUnlocated(app)
    ]).then(function () {
      syncVisibility(app);
      updateAttribution(app);
      app.api.readyAt = performance.now();
      document.body.setAttribute("data-greenmap-ready", String(visible.length));
    });
  }

  function scheduleRefresh(app) {
    clearTimeout(app.timer);
    if (!app.pending) {
      app.pending = new Promise(function (resolve) { app.resolvePending = resolve; });
    }
    app.timer = setTimeout(function () {
      var resolve = app.resolvePending;
      app.pending = null;
      app.last = refresh(app);
      app.last.then(resolve, resolve);
    }, DEBOUNCE_MS);
  }

  /* ------------------------------------------------------------- base layers */

  function setBase(app, base) {
    var target = base === "offline" ? app.offline : app.osm;
    var other = base === "offline" ? app.osm : app.offline;
    other.remove();
    target.addTo(app.map);
    app.base = base;
  }

  function setupBase(app, wanted) {
    app.map.createPane("gm-base").style.zIndex = 250;
    app.offline = L.layerGroup();
    app.offline.on("add", function () { app.map.getContainer().classList.add("gm-offline"); });
    app.offline.on("remove", function () { app.map.getContainer().classList.remove("gm-offline"); });
    var bases = {};
    bases[esc(app.s.map_base_osm)] = app.osm;
    bases[esc(app.s.map_base_offline)] = app.offline;
    L.control.layers(bases, null, { position: "topright" }).addTo(app.map);
    app.map.on("baselayerchange", function (e) {
      app.base = e.layer === app.offline ? "offline" : "osm";
      writeHash(app);
      updateAttribution(app);
    });
    var tileLoaded = false;
    function fallBack() {
      if (tileLoaded || app.base !== "osm") { return; }
      setBase(app, "offline");
      notify(app.s.map_offline_notice);
      writeHash(app);
      updateAttribution(app);
    }
    app.osm.on("tileload", function () { tileLoaded = true; });
    app.osm.on("tileerror", fallBack);
    setBase(app, wanted === "offline" ? "offline" : "osm");
    // folium's script requested the first tiles before this ran: look at how they ended.
    var tiles = app.osm.getContainer() ? app.osm.getContainer().querySelectorAll("img") : [];
    tileLoaded = Array.prototype.some.call(tiles, function (img) { return img.naturalWidth > 0; });
    if (Array.prototype.some.call(tiles, function (img) { return img.complete && img.naturalWidth === 0; })) {
      fallBack();
    }
  }

  function notify(text) {
    var el = byId("gm-notice");
    el.textContent = text;
    el.hidden = !text;
  }

  /* ------------------------------------------------------------------ search */

  function openFeature(app, feature) {
    var entry = app.entries[feature.properties.layer];
    if (!feature.geometry || !entry) { location.href = "/sites/" + encodeURIComponent(feature.properties.key); return; }
    var bounds = L.geoJSON(feature).getBounds();
    app.map.fitBounds(bounds, { maxZoom: 15, animate: false });
    L.popup({ maxWidth: 320 }).setLatLng(bounds.getCenter())
      .setContent(popupHtml(app, feature.properties, entry.meta)).openOn(app.map);
  }

  function searchOptions(app, body) {
    var items = [], html = [];
    function heading(text) { html.push('<div class="gm-results-h" role="presentation">' + esc(text) + "</div>"); }
    function option(item, label, detail) {
      html.push('<div role="option" id="gm-opt' + items.length + '" aria-selected="false" data-i="' +
        items.length + '">' + esc(label) + (detail ? ' <span class="gm-muted">' + esc(detail) + "</span>" : "") +
        "</div>");
      items.push(item);
    }
    if (body.features.length) { heading(app.s.map_results_places); }
    body.features.forEach(function (f) {
      var entry = app.entries[f.properties.layer];
      option({ feature: f }, pickName(f.properties, app.cfg.lang),
        [entry ? layerTitle(entry.meta, app.cfg.lang) : "", f.properties.district_name].filter(Boolean).join(" · "));
    });
    if (body.tasks.length) { heading(app.s.map_results_tasks); }
    body.tasks.forEach(function (t) {
      var text = app.cfg.lang === "en" ? t.summary_en : t.text_vi;
      option({ task: t }, app.s.task + " " + t.code, text.length > 80 ? text.slice(0, 79) + "…" : text);
    });
    if (!items.length) { html.push('<div class="gm-results-h" role="presentation">' + esc(app.s.map_no_results) + "</div>"); }
    return { items: items, html: html.join("") };
  }

  function setupSearch(app) {
    var input = byId("gm-q"), box = byId("gm-results"), items = [], active = -1, timer = null;

    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function highlight(i) {
      var options = box.querySelectorAll("[role=option]");
      Array.prototype.forEach.call(options, function (o, j) { o.setAttribute("aria-selected", String(j === i)); });
      active = i;
      if (options[i]) { input.setAttribute("aria-activedescendant", options[i].id); options[i].scrollIntoView({ block: "nearest" }); }
    }
    function choose(item) {
      close();
      if (item.task) { location.href = "/plan/tasks/" + encodeURIComponent(item.task.code); return; }
      openFeature(app, item.feature);
    }
    function run() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      getJSON(app.cfg.api + "/search?limit=10&q=" + encodeURIComponent(q)).then(function (body) {
        if (input.value.trim() !== q) { return; }
        var built = searchOptions(app, body);
        items = built.items;
        box.innerHTML = built.html;
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        input.removeAttribute("aria-activedescendant");
        active = -1;
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && items.length) { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && !box.hidden && items.length) { e.preventDefault(); choose(items[Math.max(active, 0)]); }
      else if (e.key === "Escape") { close(); }
    });
    box.addEventListener("click", function (e) {
      var option = e.target.closest("[role=option]");
      if (option) { choose(items[Number(option.getAttribute("data-i"))]); }
    });
  }

  /* ---------------------------------------------------------------- controls */

  function setupPanelToggle(app) {
    var btn = byId("gm-panel-toggle");
    function set(open) {
      btn.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("gm-panel-closed", !open);
      app.map.invalidateSize();
    }
    btn.addEventListener("click", function () { set(btn.getAttribute("aria-expanded") !== "true"); });
    set(!window.matchMedia("(max-width: 700px)").matches);
  }

  function setupFilters(app) {
    var onChange = function () { scheduleRefresh(app); };
    app.panel.layers.addEventListener("change", onChange);
    app.panel.status.addEventListener("change", onChange);
    ["gm-task", "gm-district"].forEach(function (id) { byId(id).addEventListener("change", onChange); });
    byId("gm-group").addEventListener("change", function () { byId("gm-task").value = ""; onChange(); });
    ["gm-cmin", "gm-cmax"].forEach(function (id) { byId(id).addEventListener("input", onChange); });
    byId("gm-reset").addEventListener("click", function () {
      Array.prototype.forEach.call(app.panel.status.querySelectorAll("input"), function (i) { i.checked = false; });
      ["gm-group", "gm-task", "gm-district", "gm-cmin", "gm-cmax"].forEach(function (id) { byId(id).value = ""; });
      onChange();
    });
    app.map.on("moveend", function () { writeHash(app); updateAttribution(app); });
  }

  function ensureOption(select, value) {
    if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.add(new Option(value, value));
    }
    select.value = value;
  }

  function applyState(app, state) {
    app.order.forEach(function (id) {
      // Rasters cover everything beneath them: shown only when asked for.
      var byDefault = !app.entries[id].meta.raster;
      app.entries[id].checkbox.checked = state.layers === null ? byDefault : state.layers.indexOf(id) >= 0;
    });
    Array.prototype.forEach.call(app.panel.status.querySelectorAll("input"), function (i) {
      i.checked = state.status.indexOf(i.value) >= 0;
    });
    ensureOption(byId("gm-group"), state.group);
    fillTaskOptions(app, {});
    ensureOption(byId("gm-task"), state.task);
    ensureOption(byId("gm-district"), state.district);
    byId("gm-cmin").value = state.cmin;
    byId("gm-cmax").value = state.cmax;
    if (state.view) { app.map.setView([state.view[1], state.view[2]], state.view[0], { animate: false }); }
  }

  function loadPlan(app) {
    return Promise.all([getJSON("/api/plan/groups"), getJSON("/api/plan/tasks")]).then(function (r) {
      app.groups = r[0].groups;
      app.tasks = r[1].tasks;
    }, function () {
      app.groups = [];
      app.tasks = [];
    });
  }

  function addControls(app) {
    var C = window.GreenMapControls;
    C.fullscreen(app.s).addTo(app.map);
    C.locate(app.s, notify).addTo(app.map);
    C.measure(app.s, notify, app.cfg.lang).addTo(app.map);
  }

  function start(app, layers, state) {
    buildLayerPanel(app, layers);
    layers.forEach(function (layer) {
      app.order.push(layer.id);
      var entry = app.entries[layer.id] = {
        meta: layer, group: L.featureGroup(), loaded: null, features: [], drawn: 0, bounds: null,
        checkbox: app.panel.layers.querySelector('input[data-layer="' + CSS.escape(layer.id) + '"]')
      };
      if (layer.raster) {
        var raster = rasterOverlay(layer);
        entry.group.addLayer(raster.overlay);
        entry.bounds = raster.bounds;
      }
    });
    applyState(app, state);
    setupFilters(app);
    var basemaps = layers.filter(function (l) { return l.theme === app.cfg.basemapTheme && l.located_count > 0; });
    return Promise.all(basemaps.map(function (l) { return loadLayer(app, app.entries[l.id]); }))
      .then(function () { return refresh(app); });
  }

  window.GreenMap = {
    init: function (map, osm, cfg) {
      var state = readHash();
      var app = { map: map, osm: osm, cfg: cfg, s: cfg.strings, entries: {}, order: [], attributions: {},
                  groups: [], tasks: [], base: "osm", basemapFeatures: 0, pending: null, last: null,
                  panel: { layers: byId("gm-layers"), status: byId("gm-status"), unlocated: byId("gm-unlocated") } };
      app.api = window.GreenMap;
      window.GreenMap.app = app;
      window.GreenMap.map = map;
      window.GreenMap.drawn = 0;
      map.getContainer().setAttribute("aria-label", cfg.strings.map_description);
      map.on("popupopen", function (e) {
        var heading = e.popup.getElement().querySelector("h3");
        if (heading) { heading.focus({ preventScroll: true }); }
      });
      setupBase(app, state.base);
      addControls(app);
      setupPanelToggle(app);
      setupSearch(app);
      buildStatusPanel(app);
      app.last = Promise.all([getJSON(cfg.api + "/layers"), loadPlan(app)]).then(function (r) {
        return start(app, r[0].layers, state);
      }).then(function () {
        if (state.open) { return getJSON(cfg.api + "/sites/" + encodeURIComponent(state.open)).then(function (f) { openFeature(app, f); }); }
      });
      window.GreenMap.ready = app.last;
    },
    /* Resolves when the latest filter or layer change is drawn (used by tests and benchmarks). */
    settled: function () {
      var app = window.GreenMap.app;
      return app.pending || app.last;
    },
    drawnByLayer: function () {
      var app = window.GreenMap.app, out = {};
      app.order.forEach(function (id) { if (app.entries[id].group._map) { out[id] = app.entries[id].drawn; } });
      return out;
    }
  };
})();
