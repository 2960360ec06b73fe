/* The "not yet located" list: features of the visible layers that have no place on the map. */

import { html, join, setHtml } from "./html.js";
import { statusBadge } from "./popups.js";
import { byId, layerTitle, pickName } from "./util.js";

function item(ctx, layer, feature) {
  const p = feature.properties;
  const link = html`<a href="${ctx.routes.sitePage(p.key)}">${pickName(p, ctx.lang)}</a>`;
  return html`<li>${link} <span class="gm-muted">${layerTitle(layer, ctx.lang)}</span> ${statusBadge(ctx, p)}</li>`;
}

/* layers: the LayerSet; query(entry, located) and keep(entry) as given to it. */
export function loadUnlocated(ctx, box, layers, query, keep) {
  const entries = layers.visible().filter((e) => e.meta.feature_count > e.meta.located_count);
  return Promise.all(entries.map((e) => ctx.api.features(e.meta.id, query(e, 0)).then(
    (features) => features.filter(keep(e)).map((f) => item(ctx, e.meta, f))
  ))).then((lists) => {
    const items = lists.flat();
    setHtml(box, join(items));
    byId("gm-unlocated-count").textContent = "(" + items.length + ")";
  });
}
