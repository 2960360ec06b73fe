/* The editing page's list of features without a location ("Chưa có vị trí"). Each item has
   a "Place" button (then draw its location on the map) and an "Edit" button (the forms).
   Markup goes through html`…`. */

import { html, join, setHtml } from "../html.js";
import { byId } from "./common.js";

export class UnlocatedList {
  /* handlers: {place(feature), edit(feature)}; s: the page's strings. */
  constructor(s, handlers) {
    this.s = s;
    this.features = new Map();
    this.list = byId("unlocated-list");
    this.list.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-action]");
      if (!button) { return; }
      const feature = this.features.get(button.closest("li").getAttribute("data-key"));
      if (feature) { handlers[button.getAttribute("data-action")](feature); }
    });
  }

  show(features) {
    this.features = new Map(features.map((f) => [f.properties.key, f]));
    this.render();
  }

  remove(key) {
    this.features.delete(key);
    this.render();
  }

  render() {
    const s = this.s;
    const items = [...this.features.values()].map((f) => html`
      <li class="ed-item" data-key="${f.properties.key}" data-testid="unlocated-item">
        <span class="ed-item-name">${f.properties.name_vi || f.properties.key}</span>
        <span class="ed-item-actions">
          <button type="button" class="st-button st-small" data-action="place"
            aria-label="${s.ed_place + ": " + (f.properties.name_vi || "")}">${s.ed_place}</button>
          <button type="button" class="st-button st-secondary st-small" data-action="edit"
            aria-label="${s.ed_edit + ": " + (f.properties.name_vi || "")}">${s.ed_edit}</button>
        </span>
      </li>`);
    setHtml(this.list, items.length ? join(items) : html`<li class="muted">${s.ed_none_unlocated}</li>`);
    byId("unlocated-count").textContent = String(items.length);
  }
}
