/* Small map on detail pages: draws the GeoJSON named by data-features, offline-safe. */
(function () {
  "use strict";
  var el = document.getElementById("task-map") || document.getElementById("site-map");
  if (!el) { return; }
  var map = L.map(el, { scrollWheelZoom: false }).setView([9.3, 105.55], 9);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);
  fetch(el.getAttribute("data-features")).then(function (r) { return r.json(); }).then(function (fc) {
    var drawn = fc.features.filter(function (f) { return f.geometry; });
    if (!drawn.length) { el.setAttribute("data-drawn", "0"); return; }
    var layer = L.geoJSON({ type: "FeatureCollection", features: drawn }, {
      pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 6 }); },
      onEachFeature: function (f, lyr) { lyr.bindTooltip(f.properties.name_vi); }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [10, 10] });
    el.setAttribute("data-drawn", String(drawn.length));
  });
})();
