/* Keeps the map's attribution line to the sources of what is drawn. */

import { html } from "./html.js";

/* Returns show(texts): Leaflet's control takes markup, so each source text is escaped. */
export function attributionUpdater(control) {
  let shown = new Set();
  return function show(texts) {
    const wanted = new Set(texts.map((text) => String(html`${text}`)));
    shown.forEach((text) => { if (!wanted.has(text)) { control.removeAttribution(text); } });
    wanted.forEach((text) => { if (!shown.has(text)) { control.addAttribution(text); } });
    shown = wanted;
  };
}
