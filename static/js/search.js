/* Search box: places and plan tasks as a keyboard-navigable listbox (combobox pattern). */

import { html, setHtml } from "./html.js";
import { byId, pickName, taskText, truncate } from "./util.js";

const DELAY_MS = 200;

/* The results' markup and the item behind each option (a feature or a task). */
function resultList(ctx, titleOf, body) {
  const items = [], parts = [];
  const heading = (text) => parts.push(html`<div class="gm-results-h" role="presentation">${text}</div>`);
  const option = (item, label, detail) => {
    const muted = detail && html` <span class="gm-muted">${detail}</span>`;
    const i = items.push(item) - 1;
    parts.push(html`<div role="option" id="gm-opt${i}" aria-selected="false" data-i="${i}">${label}${muted}</div>`);
  };
  if (body.features.length) { heading(ctx.s.map_results_places); }
  body.features.forEach((f) => {
    const detail = [titleOf(f.properties.layer), f.properties.district_name].filter(Boolean).join(" · ");
    option({ feature: f }, pickName(f.properties, ctx.lang), detail);
  });
  if (body.tasks.length) { heading(ctx.s.map_results_tasks); }
  body.tasks.forEach((t) => option({ task: t }, ctx.s.task + " " + t.code, truncate(taskText(t, ctx.lang), 80)));
  if (!items.length) { heading(ctx.s.map_no_results); }
  return { items, markup: html`${parts}` };
}

export class SearchBox {
  /* ctx: {s, lang, api, routes}; titleOf(layerId) → the layer's title or "";
     openFeature(feature) shows a found place on the map. */
  constructor(ctx, titleOf, openFeature) {
    this.ctx = ctx;
    this.titleOf = titleOf;
    this.openFeature = openFeature;
    this.input = byId("gm-q");
    this.box = byId("gm-results");
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.listen();
  }

  listen() {
    this.input.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run(), DELAY_MS);
    });
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.box.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (option) { this.choose(this.items[Number(option.getAttribute("data-i"))]); }
    });
  }

  run() {
    const q = this.input.value.trim();
    if (q.length < 2) { this.close(); return; }
    this.ctx.api.search(q).then((body) => { if (this.input.value.trim() === q) { this.show(body); } });
  }

  show(body) {
    const built = resultList(this.ctx, this.titleOf, body);
    this.items = built.items;
    setHtml(this.box, built.markup);
    this.box.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  close() {
    this.box.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.active = -1;
  }

  highlight(i) {
    const options = this.box.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
    this.active = i;
    if (!options[i]) { return; }
    this.input.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  }

  choose(item) {
    this.close();
    if (item.task) { location.href = this.ctx.routes.taskPage(item.task.code); return; }
    this.openFeature(item.feature);
  }

  onKey(e) {
    const n = this.items.length;
    if (e.key === "ArrowDown" && n) { e.preventDefault(); this.highlight(Math.min(this.active + 1, n - 1)); }
    else if (e.key === "ArrowUp" && n) { e.preventDefault(); this.highlight(Math.max(this.active - 1, 0)); }
    else if (e.key === "Enter" && !this.box.hidden && n) { e.preventDefault(); this.choose(this.items[Math.max(this.active, 0)]); }
    else if (e.key === "Escape") { this.close(); }
  }
}
