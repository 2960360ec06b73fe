/* Counts for the current filters (facets API): beside layers and statuses, in the
   drop-downs, and the "N matching locations" summary. */

import { filterQuery } from "./filters.js";
import { fillDistrictOptions, fillGroupOptions, fillTaskOptions } from "./options.js";
import { showCounts } from "./panel.js";
import { formatNumber as number } from "./format.js";
import { byId, format } from "./util.js";

/* ctx: {cfg, s, lang, api}; plan: {groups, tasks}; f: filters (filters.js). */
export function facetQuery(f, tasks, layerIds) {
  const q = filterQuery(f, tasks);
  q.push("layer=" + encodeURIComponent(layerIds.join(",")));
  if (f.cmin !== "") { q.push("capacity_min=" + encodeURIComponent(f.cmin)); }
  if (f.cmax !== "") { q.push("capacity_max=" + encodeURIComponent(f.cmax)); }
  return q;
}

function showFacets(ctx, panel, plan, layerIds, body) {
  showCounts(ctx, panel, layerIds, body);
  fillGroupOptions(plan.groups, body.tasks, ctx.lang);
  fillTaskOptions(plan.tasks, body.tasks, ctx.lang);
  fillDistrictOptions(body.districts, ctx.s.map_today);
  byId("gm-summary").textContent = format(ctx.s.map_matching,
    { total: number(body.total, ctx.lang), located: number(body.located, ctx.lang) });
}

/* layers: the LayerSet (every layer gets a count; the visible ones are counted). */
export function loadFacets(ctx, panel, plan, layers, f) {
  const query = facetQuery(f, plan.tasks, layers.visibleIds());
  return ctx.api.facets(query).then((body) => showFacets(ctx, panel, plan, layers.order, body));
}
