/* The view in the URL hash (layers, filters, centre, zoom, base map), so it can be
   shared and restored: #map=12/9.25000/105.40000&layers=a,b&status=planned&… */

import { byId, splitList } from "./util.js";

export function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const view = (p.get("map") || "").split("/").map(Number);
  return {
    view: view.length === 3 && view.every(isFinite) ? view : null,
    layers: p.has("layers") ? splitList(p.get("layers")) : null,
    status: splitList(p.get("status")),
    group: p.get("group") || "", task: p.get("task") || "", district: p.get("district") || "",
    cmin: p.get("cmin") || "", cmax: p.get("cmax") || "",
    base: p.get("base") || "", open: p.get("open") || ""
  };
}

function encodePart([key, value]) {
  return key + "=" + encodeURIComponent(value).replace(/%2C/g, ",").replace(/%2F/g, "/");
}

/* view: {zoom, centre (LatLng), layers (ids), filters (see filters.js), base}. */
export function hashOf(view) {
  const f = view.filters, c = view.centre;
  const parts = [
    ["map", view.zoom + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5)],
    ["layers", view.layers.join(",")], ["status", f.status.join(",")],
    ["group", f.group], ["task", f.task], ["district", f.district],
    ["cmin", f.cmin], ["cmax", f.cmax], ["base", view.base === "offline" ? "offline" : ""]
  ];
  return "#" + parts.filter((part, i) => i < 2 || part[1]).map(encodePart).join("&");
}

/* Put the hash in the address bar and in the language switch, which keeps the view. */
export function writeHash(hash) {
  if (hash !== location.hash) { history.replaceState(null, "", hash); }
  const lang = byId("gm-lang");
  lang.href = "?lang=" + lang.getAttribute("hreflang") + hash;
}
