/* GreenMap map page: fetches layers and features from our API (never embedded in the page). */
(function () {
  "use strict";

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function popupHtml(props, layer, cfg) {
    var s = cfg.strings;
    var name = cfg.lang === "en" && props.name_en ? props.name_en : props.name_vi;
    var title = cfg.lang === "en" ? layer.title_en : layer.title_vi;
    var status = props.status ? s["status_" + props.status] || props.status : s.status_unknown;
    var tasks = (props.tasks || []).map(function (code) {
      return '<a href="/plan/tasks/' + esc(code) + '">' + esc(code) + "</a>";
    }).join(", ");
    return '<div class="gm-popup"><h3>' + esc(name) + "</h3><dl>" +
      "<dt>" + esc(s.layers) + "</dt><dd>" + esc(title) + "</dd>" +
      "<dt>" + esc(s.status) + '</dt><dd><span class="gm-badge">' + esc(status) + "</span> " +
      esc(props.status_date || "") + "</dd>" +
      "<dt>" + esc(s.tasks) + "</dt><dd>" + (tasks || "–") + "</dd>" +
      "<dt>" + esc(s.precision) + "</dt><dd>" + esc(s["precision_" + props.precision] || props.precision) + "</dd>" +
      "<dt>" + esc(s.source) + "</dt><dd>" + esc(props.source) + " (" + esc(props.licence) + ")</dd>" +
      '</dl><a href="/sites/' + encodeURIComponent(props.key) + '">→ ' + esc(props.key) + "</a></div>";
  }

  function addLayer(map, control, layer, cfg) {
    var style = layer.style || {};
    var url = cfg.api + "/layers/" + encodeURIComponent(layer.id) + "/features?located=1&limit=10000";
    return fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      var gj = L.geoJSON(data, {
        style: function () {
          return { color: style.color || "#2563eb", weight: style.weight || 2,
                   fillOpacity: style.fill_opacity == null ? 0.2 : style.fill_opacity };
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: style.radius || 6, color: style.color || "#2563eb",
                                          fillOpacity: 0.8, weight: 1 });
        },
        onEachFeature: function (feature, lyr) {
          lyr.bindPopup(function () { return popupHtml(feature.properties, layer, cfg); });
        }
      });
      var title = cfg.lang === "en" ? layer.title_en : layer.title_vi;
      gj.addTo(map);
      window.GreenMap.drawn += gj.getLayers().length;
      control.addOverlay(gj, esc(title) + " (" + data.numberMatched + ")");
      if (layer.attribution) { map.attributionControl.addAttribution(esc(layer.attribution)); }
      return gj;
    });
  }

  window.GreenMap = {
    init: function (map, cfg) {
      var control = L.control.layers(null, null, { collapsed: false }).addTo(map);
      window.GreenMap.map = map;
      window.GreenMap.drawn = 0;
      window.GreenMap.ready = fetch(cfg.api + "/layers").then(function (r) { return r.json(); })
        .then(function (body) {
          return Promise.all(body.layers.filter(function (l) { return l.located_count > 0; })
            .map(function (l) { return addLayer(map, control, l, cfg); }));
        }).then(function (layers) {
          document.body.setAttribute("data-greenmap-ready", String(layers.length));
          return layers;
        });
    }
  };
})();
