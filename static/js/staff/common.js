/* What the staff pages' scripts share: page data from a JSON element, the CSRF token,
   JSON requests that turn the server's {error, message} answers into errors with a message
   in the user's language, and announcements in an aria-live region.

   Every URL comes from the page (a form's action or the page's JSON config); none is
   written here. */

import { fetchAll } from "../api.js";
import { byId, format } from "../util.js";

export { byId, format };

/* The JSON data element a template wrote with the page's config or strings. */
export function readData(id) {
  return JSON.parse(byId(id).textContent);
}

export function csrfToken() {
  const meta = document.querySelector("meta[name='csrf-token']");
  return meta ? meta.getAttribute("content") : "";
}

/* An error whose message is ready to show (the server's, or the caller's fallback). */
export class RequestError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function answer(response, fallback) {
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    throw new RequestError((body && body.message) || fallback, response.status);
  }
  return body;
}

/* GET (no body) or POST (a JSON body) to `url`; resolves to the JSON answer. */
export async function requestJSON(url, body, fallback) {
  const options = { credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.headers["X-CSRFToken"] = csrfToken();
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new RequestError(fallback, 0);
  }
  return answer(response, fallback);
}

/* Say `text` in a live region (screen readers read it; sighted users see it). */
export function announce(element, text, kind = "info") {
  element.textContent = text;
  element.className = "st-live st-msg st-msg-" + kind;
}

/* "1,5 MB" / "1.5 MB" in the page's language. */
export function formatBytes(bytes, lang) {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  const digits = unit === 0 ? 0 : 1;
  return value.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: digits }) +
    " " + units[unit];
}

const CONTEXT_STYLE = { color: "#6b7280", weight: 1, fill: false, interactive: false };

/* The staff maps' background: OpenStreetMap tiles (config.tiles / config.attribution) over
   thin boundary lines (config.context: feature URLs), so an intranet without tiles still
   shows where things are. */
export function baseMap(element, config) {
  const map = L.map(element).setView(config.centre, config.zoom);
  L.control.scale().addTo(map);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  map.createPane("context").style.zIndex = 350;
  (config.context || []).forEach((url) => fetchAll(url).then((features) => {
    L.geoJSON(features, { pane: "context", style: () => CONTEXT_STYLE, pointToLayer: () => null }).addTo(map);
  }, () => null));
  return map;
}
