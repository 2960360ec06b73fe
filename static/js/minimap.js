/* Small map on detail pages (site, task): draws the GeoJSON (Feature or FeatureCollection)
   named by the element's data-features. Works offline: without tiles the features still
   draw on a plain background.

   Loaded with <script type="module"> after the vendored Leaflet. The element's data-config
   holds the config built in webmap/web/mapbuilder.py (minimap_config):
     {tiles, attribution, centre: [lat, lon], zoom, approximatePrecisions: [...]} */

import { getJSON } from "./api.js";
import { approximateRule } from "./styles.js";

const APPROXIMATE_STYLE = { dashArray: "4 3", fillOpacity: 0.05, weight: 2.5 };

export function drawMinimap(el, config) {
  const isApproximate = approximateRule(config.approximatePrecisions);
  const style = (f) => (isApproximate(f.properties) ? APPROXIMATE_STYLE : {});
  const map = L.map(el, { scrollWheelZoom: false }).setView(config.centre, config.zoom);
  L.control.scale().addTo(map);
  L.tileLayer(config.tiles, { attribution: config.attribution }).addTo(map);
  return getJSON(el.getAttribute("data-features")).then((body) => {
    const features = body.type === "Feature" ? [body] : body.features;
    const drawn = features.filter((f) => f.geometry);
    if (!drawn.length) { el.setAttribute("data-drawn", "0"); return; }
    const layer = L.geoJSON({ type: "FeatureCollection", features: drawn }, {
      style,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, L.extend({ radius: 7 }, style(f))),
      onEachFeature: (f, lyr) => lyr.bindTooltip(document.createTextNode(f.properties.name_vi || ""))
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [10, 10], animate: false });
    el.setAttribute("data-drawn", String(drawn.length));
  });
}

const element = document.getElementById("task-map") || document.getElementById("site-map");
if (element) { drawMinimap(element, JSON.parse(element.getAttribute("data-config"))); }
