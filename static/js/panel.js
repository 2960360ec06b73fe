/* The side panel: layer list by theme (with swatches, counts, raster legends and
   missing-data notes), status checkboxes, the notice line, the open/close button (closed
   at first on phones), the skip links and printing. */

import { appendHtml, html, setHtml } from "./html.js";
import { swatch } from "./styles.js";
import { formatNumber as number } from "./format.js";
import { byId, layerTitle } from "./util.js";

/* ctx: {cfg, s (strings), lang}; see app.js. */
function rasterLegend(ctx, layer) {
  const style = layer.style || {}, r = layer.raster;
  const ramp = html`linear-gradient(90deg,${style.color || "#fee5d9"},${style.fill_color || "#a50f15"})`;
  const range = html`${number(Math.round(r.min), ctx.lang)} – ${number(Math.round(r.max), ctx.lang)}`;
  const unit = style["unit_" + ctx.lang] || "";
  return html`<p class="gm-raster-legend"><span class="gm-ramp" style="background:${ramp}"></span> ${range} ${unit}</p>`;
}

/* The layer's missing-location note: always shown when nothing of it has a place on the map;
   otherwise shown by showCounts while none of its matching features has one (service areas
   are not a place: a layer drawn only as service areas keeps its note). */
function layerNote(ctx, layer) {
  if (layer.raster) { return rasterLegend(ctx, layer); }
  const missing = ctx.lang === "en" ? layer.missing_data_en : layer.missing_data_vi;
  const none = layer.located_count === 0;
  const text = missing || ctx.s.map_no_location_data;
  return none ? html`<p class="gm-missing" data-missing="${layer.id}" data-always="1">${text}</p>`
    : html`<p class="gm-missing" data-missing="${layer.id}" data-always="0" hidden>${text}</p>`;
}

function layerItem(ctx, layer, index) {
  const id = "gm-l" + index;
  const count = html`<span class="gm-count" data-count="${layer.id}"></span>`;
  const label = html`<label for="${id}">${swatch(layer)} ${layerTitle(layer, ctx.lang)} ${count}</label>`;
  return html`<div class="gm-layer"><input type="checkbox" id="${id}" data-layer="${layer.id}">${label}${layerNote(ctx, layer)}</div>`;
}

function themeOrder(themes, theme) {
  const i = themes.indexOf(theme);
  return i < 0 ? themes.length : i;
}

/* One fieldset per theme, in config.themes order; returns each layer's checkbox by id. */
export function buildLayerPanel(ctx, box, layers) {
  const themes = [...new Set(layers.map((l) => l.theme))];
  themes.sort((a, b) => themeOrder(ctx.cfg.themes, a) - themeOrder(ctx.cfg.themes, b));
  let index = 0;
  setHtml(box, html`${themes.map((theme) => {
    const items = layers.filter((l) => l.theme === theme).map((l) => layerItem(ctx, l, ++index));
    return html`<fieldset class="gm-theme"><legend>${ctx.s["theme_" + theme] || theme}</legend>${items}</fieldset>`;
  })}`);
  const boxes = {};
  box.querySelectorAll("input[data-layer]").forEach((input) => { boxes[input.dataset.layer] = input; });
  return boxes;
}

function statusItem(ctx, st) {
  const badge = html`<span class="gm-badge status-${st}">${ctx.s["status_" + st]}</span>`;
  const count = html`<span class="gm-count" data-status="${st}"></span>`;
  return html`<label><input type="checkbox" value="${st}"> ${badge} ${count}</label>`;
}

export function buildStatusPanel(ctx, box) {
  appendHtml(box, html`${ctx.cfg.statuses.map((st) => statusItem(ctx, st))}`);
}

/* Counts next to each layer and each status: body is the facets API's answer, whose
   "located" leaves out service areas (they show who a site serves, not where it is). */
export function showCounts(ctx, panel, layerIds, body) {
  layerIds.forEach((id) => {
    const c = body.layers[id], el = panel.layers.querySelector('[data-count="' + CSS.escape(id) + '"]');
    el.textContent = "(" + (c ? c.located : 0) + ")";
    const note = panel.layers.querySelector('[data-missing="' + CSS.escape(id) + '"]');
    if (note) { note.hidden = note.dataset.always !== "1" && !(c && c.count > 0 && c.located === 0); }
  });
  ctx.cfg.statuses.forEach((st) => {
    const el = panel.status.querySelector('[data-status="' + CSS.escape(st) + '"]');
    el.textContent = "(" + (body.statuses[st] || 0) + ")";
  });
}

export function notify(text) {
  const el = byId("gm-notice");
  el.textContent = text;
  el.hidden = !text;
}

const PHONE = "(max-width: 700px)";  // the width below which map.css lays the page out for phones

function setPanel(map, open) {
  byId("gm-panel-toggle").setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("gm-panel-closed", !open);
  map.invalidateSize();
}

export function isPhone() { return window.matchMedia(PHONE).matches; }

/* On a phone the open panel covers the map: close it before showing something there. */
export function closePanelOnPhone(map) {
  if (isPhone()) { setPanel(map, false); }
}

/* Skip links into the panel open it and move focus without touching the URL's hash,
   which holds the map view. */
function setupSkipLinks(map) {
  document.querySelectorAll("a.skip[href^='#']").forEach((link) => {
    link.addEventListener("click", (e) => {
      const target = byId(link.getAttribute("href").slice(1));
      if (!target) { return; }
      e.preventDefault();
      if (target.closest("#gm-panel")) { setPanel(map, true); }
      target.focus();
    });
  });
}

/* The panel starts closed on phones and open elsewhere; the button in the top bar opens and
   closes it. The map is redrawn to the printed page's size and back. */
export function setupPageChrome(map) {
  const btn = byId("gm-panel-toggle");
  btn.addEventListener("click", () => setPanel(map, btn.getAttribute("aria-expanded") !== "true"));
  setPanel(map, !isPhone());
  setupSkipLinks(map);
  const resize = () => map.invalidateSize();
  ["beforeprint", "afterprint"].forEach((name) => window.addEventListener(name, resize));
  window.matchMedia("print").addEventListener("change", resize);
}
