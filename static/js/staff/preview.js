/* The draft page's map: added features green, changed orange (their old geometry dashed
   grey beneath), removed red. Reads #draft-config: {data: URL of the changes' GeoJSON,
   centre, zoom, tiles, attribution, strings: {st_added, st_changed, st_removed,
   st_old_location}}. */

import { baseMap, byId, readData, requestJSON } from "./common.js";

const COLOURS = { added: "#15803d", changed: "#d97706", removed: "#dc2626" };
const OLD_STYLE = { color: "#6b7280", weight: 2, dashArray: "5 5", fill: false };

function style(feature) {
  const colour = COLOURS[feature.properties.change] || "#2563eb";
  return { color: colour, fillColor: colour, weight: 3, fillOpacity: 0.3 };
}

function tooltip(feature, s) {
  const p = feature.properties;
  return document.createTextNode((p.name || p.key) + " — " + (s["st_" + p.change] || p.change));
}

function draw(map, body, s) {
  const drawn = body.features.filter((f) => f.geometry);
  const old = drawn.filter((f) => f.properties.old_geometry).map((f) => (
    { type: "Feature", geometry: f.properties.old_geometry, properties: { name: f.properties.name } }));
  L.geoJSON(old, {
    style: () => OLD_STYLE,
    pointToLayer: (f, latlng) => L.circleMarker(latlng, Object.assign({ radius: 6 }, OLD_STYLE)),
    onEachFeature: (f, lyr) => lyr.bindTooltip(document.createTextNode((f.properties.name || "") + " — " + s.st_old_location))
  }).addTo(map);
  const layer = L.geoJSON(drawn, {
    style,
    pointToLayer: (f, latlng) => L.circleMarker(latlng, Object.assign({ radius: 8 }, style(f))),
    onEachFeature: (f, lyr) => lyr.bindTooltip(tooltip(f, s))
  }).addTo(map);
  return layer;
}

const element = byId("draft-map");
if (element) {
  const config = readData("draft-config");
  const map = baseMap(element, config);
  requestJSON(config.data, undefined, "").then((body) => {
    const layer = draw(map, body, config.strings);
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { maxZoom: 14, padding: [20, 20], animate: false });
    } else {
      byId("draft-map-empty").hidden = false;
    }
    element.setAttribute("data-drawn", String(layer.getLayers().length));
  });
}
