/* The side panel: layer list by theme (with swatches, counts, raster legends and
   missing-data notes), status checkboxes, the notice line and the open/close button. */

import { appendHtml, html, setHtml } from "./html.js";
import { swatch } from "./styles.js";
import { byId, layerTitle, number } from "./util.js";

/* ctx: {cfg, s (strings), lang}; see app.js. */
function rasterLegend(ctx, layer) {
  const style = layer.style || {}, r = layer.raster;
  const ramp = html`linear-gradient(90deg,${style.color || "#fee5d9"},${style.fill_color || "#a50f15"})`;
  const range = html`${number(Math.round(r.min), ctx.lang)} – ${number(Math.round(r.max), ctx.lang)}`;
  const unit = style["unit_" + ctx.lang] || "";
  return html`<p class="gm-raster-legend"><span class="gm-ramp" style="background:${ramp}"></span> ${range} ${unit}</p>`;
}

function layerNote(ctx, layer) {
  if (layer.raster) { return rasterLegend(ctx, layer); }
  if (layer.located_count > 0) { return ""; }
  const missing = ctx.lang === "en" ? layer.missing_data_en : layer.missing_data_vi;
  return html`<p class="gm-missing">${missing || ctx.s.map_no_location_data}</p>`;
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

/* Counts next to each layer and each status: body is the facets API's answer. */
export function showCounts(ctx, panel, layerIds, body) {
  layerIds.forEach((id) => {
    const c = body.layers[id], el = panel.layers.querySelector('[data-count="' + CSS.escape(id) + '"]');
    el.textContent = "(" + (c ? c.located : 0) + ")";
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

/* The panel starts closed on phones; the button in the top bar opens and closes it. */
export function setupPanelToggle(map) {
  const btn = byId("gm-panel-toggle");
  const set = (open) => {
    btn.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("gm-panel-closed", !open);
    map.invalidateSize();
  };
  btn.addEventListener("click", () => set(btn.getAttribute("aria-expanded") !== "true"));
  set(!window.matchMedia("(max-width: 700px)").matches);
}
