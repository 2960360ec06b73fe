/* How features are drawn: point and shape styles, cluster icons, the panel's swatches, and
   service areas (hatched, with a label placed inside them).
   Features whose location is approximate (config.approximatePrecisions) are dashed and hollow. */

import { appendHtml, html } from "./html.js";

export const DEFAULT_COLOR = "#2563eb";
/* Points over lines over areas; other geometry types (polygons, mixed) rank 1. */
export const GEOMETRY_RANK = { Point: 3, MultiPoint: 3, LineString: 2, MultiLineString: 2 };

/* A test of a feature's properties: is its location approximate (a commune, a district…)? */
export function approximateRule(precisions) {
  const approximate = new Set(precisions);
  return (props) => approximate.has(props.precision);
}

export function pointStyle(style, approximate) {
  const color = style.color || DEFAULT_COLOR;
  if (approximate) {
    return { radius: 9, color, weight: 2.5, dashArray: "4 3", fillOpacity: 0.08 };
  }
  return { radius: style.radius || 6, color: "#111827", weight: 1, fillColor: color, fillOpacity: 0.85 };
}

export function shapeStyle(style, geometryType, approximate) {
  const fillOpacity = style.fill_opacity == null ? 0.2 : style.fill_opacity;
  const lines = /LineString$/.test(geometryType || "");
  const base = { color: style.color || DEFAULT_COLOR, weight: style.weight || 2,
                 fill: !lines && fillOpacity > 0, fillOpacity };
  if (approximate) { base.dashArray = "6 4"; base.fillOpacity = Math.min(fillOpacity, 0.05); }
  return base;
}

/* Leaflet.markercluster icon: the number of points in a ring of the layer's colour. */
export function clusterIcon(color) {
  return (cluster) => L.divIcon({
    className: "gm-cluster", iconSize: L.point(36, 36),
    html: String(html`<span style="border-color:${color}">${cluster.getChildCount()}</span>`)
  });
}

/* The layer's symbol in the panel: a dot, a line or a filled rectangle. */
export function swatch(layer) {
  const color = layer.style.color || DEFAULT_COLOR;
  const rank = GEOMETRY_RANK[layer.geometry_type];
  const shape = rank === 3 ? html`<circle cx="8" cy="8" r="5" fill="${color}" stroke="#111827"/>`
    : rank === 2 ? html`<line x1="1" y1="12" x2="15" y2="4" stroke="${color}" stroke-width="3"/>`
      : html`<rect x="2" y="3" width="12" height="10" fill="${color}" fill-opacity=".35" stroke="${color}" stroke-width="2"/>`;
  return html`<svg class="gm-swatch" width="16" height="16" aria-hidden="true">${shape}</svg>`;
}

/* -- Service areas: the districts a site serves, drawn hatched and labelled, never as the site. */

/* Neighbouring service areas of one layer get differently angled hatching. */
export const HATCH_ANGLES = [45, -45, 0];

/* An SVG paint of thin parallel lines in `color`, at `angle` degrees: "url(#…)". The pattern
   goes into the page's shared <defs id="gm-patterns"> (webmap/web/templates/map_panel.html). */
export function hatchFill(color, angle) {
  const id = "gm-hatch-" + String(color).replace(/[^0-9a-z]/gi, "") + "-" + String(angle).replace("-", "m");
  const defs = document.getElementById("gm-patterns");
  if (defs && !document.getElementById(id)) {
    appendHtml(defs, html`<pattern id="${id}" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><line x1="1" y1="0" x2="1" y2="7" stroke="${color}" stroke-width="1.5" stroke-opacity="0.55"/></pattern>`);
  }
  return "url(#" + id + ")";
}

/* Hatched fill and a dotted outline: unlike a site's polygon (solid) and a boundary (line only). */
export function serviceAreaStyle(style, angle) {
  const color = style.color || DEFAULT_COLOR;
  return { color, weight: 2.5, opacity: 0.95, dashArray: "0.1 6", lineCap: "round",
           fill: true, fillColor: hatchFill(color, angle), fillOpacity: 1, interactive: false };
}

/* The label that stands for a service area on the map: its name and the words "service area". */
export function serviceAreaIcon(name, kind, color) {
  return L.divIcon({
    className: "gm-sa-label", iconSize: null, popupAnchor: [0, -14],
    html: String(html`<span class="gm-sa-box" style="border-color:${color}"><span class="gm-sa-name">${name}</span><span class="gm-sa-kind">${kind}</span></span>`)
  });
}

function ringArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    sum += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(sum / 2);
}

/* Where a horizontal line at `y` crosses the rings of a polygon, sorted west to east. */
function crossings(rings, y) {
  const xs = [];
  rings.forEach((ring) => {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const a = ring[j], b = ring[i];
      if ((a[1] > y) !== (b[1] > y)) { xs.push(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1])); }
    }
  });
  return xs.sort((p, q) => p - q);
}

/* A point inside a (Multi)Polygon for its label: the middle of the widest stretch of the
   largest part along the line halfway between its north and south ends. [lat, lon]. */
export function labelPoint(geometry) {
  const parts = geometry.type === "MultiPolygon" ? geometry.coordinates : [geometry.coordinates];
  const rings = parts.reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best));
  const lats = rings[0].map((c) => c[1]);
  const y = (Math.min(...lats) + Math.max(...lats)) / 2;
  const xs = crossings(rings, y);
  let best = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (!best || xs[i + 1] - xs[i] > best[1] - best[0]) { best = [xs[i], xs[i + 1]]; }
  }
  return best ? [y, (best[0] + best[1]) / 2] : [y, rings[0][0][0]];
}
