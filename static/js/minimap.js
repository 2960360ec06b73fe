/* Small map on detail pages: draws the GeoJSON (Feature or FeatureCollection) named by
   data-features. Works offline: without tiles the features still draw on a plain background. */
(function () {
  "use strict";
  var APPROXIMATE = ["commune", "district", "service_area"];
  var el = document.getElementById("task-map") || document.getElementById("site-map");
  if (!el) { return; }
  var map = L.map(el, { scrollWheelZoom: false }).setView([9.3, 105.55], 9);
  L.control.scale().addTo(map);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);

  function style(f) {
    var approximate = APPROXIMATE.indexOf(f.properties.precision) >= 0;
    return approximate ? { dashArray: "4 3", fillOpacity: 0.05, weight: 2.5 } : {};
  }

  fetch(el.getAttribute("data-features")).then(function (r) { return r.json(); }).then(function (body) {
    var features = body.type === "Feature" ? [body] : body.features;
    var drawn = features.filter(function (f) { return f.geometry; });
    if (!drawn.length) { el.setAttribute("data-drawn", "0"); return; }
    var layer = L.geoJSON({ type: "FeatureCollection", features: drawn }, {
      style: style,
      pointToLayer: function (f, ll) { return L.circleMarker(ll, L.extend({ radius: 7 }, style(f))); },
      onEachFeature: function (f, lyr) { lyr.bindTooltip(document.createTextNode(f.properties.name_vi || "")); }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [10, 10], animate: false });
    el.setAttribute("data-drawn", String(drawn.length));
  });
})();
