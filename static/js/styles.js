/* How features are drawn: point and shape styles, cluster icons and the panel's swatches.
   Features whose location is approximate (config.approximatePrecisions) are dashed and hollow. */

import { html } from "./html.js";

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
