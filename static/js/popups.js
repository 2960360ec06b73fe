/* The popup of a feature (name, layer, status, figures, tasks, district, precision,
   source and a link to its page), and opening it from search or a shared URL. */

import { html, join } from "./html.js";
import { layerTitle, number, pickName } from "./util.js";

/* ctx: {cfg, s (strings), lang, routes, map}; see app.js. */
export function statusBadge(ctx, props) {
  const known = ctx.cfg.statuses.indexOf(props.status) >= 0;
  const label = known ? ctx.s["status_" + props.status] : ctx.s.status_unknown;
  const date = props.status_date && html` <time>${props.status_date}</time>`;
  return html`<span class="gm-badge status-${known ? props.status : "unknown"}">${label}</span>${date}`;
}

function row(label, value) { return html`<dt>${label}</dt><dd>${value}</dd>`; }

function fieldLabel(s, field) { return s["field_" + field] || field.replace(/_/g, " "); }

/* The layer's popup fields that hold a number, with localised labels and digits. */
function figures(ctx, props, layer) {
  const values = props.properties || {};
  return (layer.popup_fields || []).filter((field) => typeof values[field] === "number")
    .map((field) => row(fieldLabel(ctx.s, field), number(values[field], ctx.lang)));
}

function taskLinks(ctx, codes) {
  const links = codes.map((code) => html`<a href="${ctx.routes.taskPage(code)}">${code}</a>`);
  return links.length ? join(links, ", ") : "–";
}

function where(s, props) {
  const today = props.today_unit && html` (${s.map_today}: ${props.today_unit})`;
  return html`${props.district_name}${today}`;
}

function precision(s, props) {
  const note = props.precision_note && html` — ${props.precision_note}`;
  return html`${s["precision_" + props.precision] || props.precision}${note}`;
}

export function popupContent(ctx, props, layer) {
  const s = ctx.s;
  const rows = [
    row(s.layers, layerTitle(layer, ctx.lang)),
    row(s.status, statusBadge(ctx, props)),
    figures(ctx, props, layer),
    row(s.tasks, taskLinks(ctx, props.tasks || [])),
    props.district_name && row(s.district, where(s, props)),
    row(s.precision, precision(s, props)),
    row(s.source, html`${props.source} (${props.licence})`)
  ];
  const more = html`<a class="gm-more" href="${ctx.routes.sitePage(props.key)}">${s.map_details} →</a>`;
  return html`<div class="gm-popup"><h3 tabindex="-1">${pickName(props, ctx.lang)}</h3><dl>${rows}</dl>${more}</div>`;
}

/* Zoom to a feature and open its popup; a feature without a map place opens its page. */
export function openFeature(ctx, layers, feature) {
  const entry = layers.entries[feature.properties.layer];
  if (!feature.geometry || !entry) {
    location.href = ctx.routes.sitePage(feature.properties.key);
    return;
  }
  const bounds = L.geoJSON(feature).getBounds();
  ctx.map.fitBounds(bounds, { maxZoom: 15, animate: false });
  L.popup({ maxWidth: 320 }).setLatLng(bounds.getCenter())
    .setContent(String(popupContent(ctx, feature.properties, entry.meta))).openOn(ctx.map);
}

/* Move keyboard focus into each popup that opens, so its links can be reached. */
export function focusPopups(map) {
  map.on("popupopen", (e) => {
    const heading = e.popup.getElement().querySelector("h3");
    if (heading) { heading.focus({ preventScroll: true }); }
  });
}
