/* The popup of a feature (name, layer, status, figures, tasks, district, precision,
   source and a link to its page), and opening it from search or a shared URL.
   Values are formatted by format.js: labels from the layer spec, numbers and dates in the
   page's language, the source as a citation with links. */

import { bilingual, citation, displayName, fieldRows, statusWhen } from "./format.js";
import { html, join } from "./html.js";
import { layerTitle } from "./util.js";

/* ctx: {cfg, s (strings), lang, routes, map}; see app.js. A status comes with its date at
   the precision the source gives, or "date unknown". */
export function statusBadge(ctx, props) {
  const known = ctx.cfg.statuses.indexOf(props.status) >= 0;
  const label = known ? ctx.s["status_" + props.status] : ctx.s.status_unknown;
  const when = statusWhen(ctx, props.status_date, props.status_date_precision);
  const date = known && (props.status_date
    ? html` <time datetime="${props.status_date}">${when}</time>`
    : html` <span class="gm-muted">(${when})</span>`);
  return html`<span class="gm-badge status-${known ? props.status : "unknown"}">${label}</span>${date}`;
}

function row(label, value) { return html`<dt>${label}</dt><dd>${value}</dd>`; }

function taskLinks(ctx, codes) {
  const links = codes.map((code) => html`<a href="${ctx.routes.taskPage(code)}">${code}</a>`);
  return links.length ? join(links, ", ") : "–";
}

function where(s, props) {
  const today = props.today_unit && html` (${s.map_today}: ${props.today_unit})`;
  return html`${props.district_name}${today}`;
}

/* The precision and, for a place less exact than the site, why: in the page's language. */
function precision(ctx, props) {
  const note = props.precision_note && html` — ${bilingual(props.precision_note, ctx.lang)}`;
  return html`${ctx.s["precision_" + props.precision] || props.precision}${note}`;
}

function source(props) {
  const licence = props.licence && html` <span class="gm-muted">(${props.licence})</span>`;
  return html`${citation(props.source)}${licence}`;
}

export function popupContent(ctx, props, layer) {
  const s = ctx.s;
  const names = displayName(props, ctx.lang);
  const rows = [
    names.inSource && row(s.fmt_name_in_source, names.inSource),
    row(s.layers, layerTitle(layer, ctx.lang)),
    row(s.status, statusBadge(ctx, props)),
    fieldRows(ctx, props, layer),
    (props.tasks || []).length > 0 && row(s.tasks, taskLinks(ctx, props.tasks)),
    props.district_name && row(s.district, where(s, props)),
    row(s.precision, precision(ctx, props)),
    row(s.source, source(props))
  ];
  const more = html`<a class="gm-more" href="${ctx.routes.sitePage(props.key)}">${s.map_details} →</a>`;
  return html`<div class="gm-popup"><h3 tabindex="-1">${names.name}</h3><dl>${rows}</dl>${more}</div>`;
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
