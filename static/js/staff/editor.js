/* The editing map (/staff/edit/<layer>): Leaflet with the vendored Leaflet-Geoman toolbar,
   limited to the layer's geometry type plus vertex editing and dragging.

   - A feature drawn while an unlocated one is being placed gives that feature its location
     (POST routes.edit {geometry}); drawn otherwise it is a new feature, created when its
     attribute form is saved (POST routes.create {fields, geometry}).
   - Moved or reshaped features wait in "pending" until "Save the new positions".
   - Selecting a feature opens its attribute and status forms (editor_forms.js).
   Every result is announced in #editor-live. Reads #editor-config:
     {lang, layer, geometryType, draw: ["Marker" | "Line" | "Polygon" | "Rectangle"], centre,
      zoom, tiles, attribution, style, fields: [...],
      routes: {features, create, edit, status, sitePage} (edit, status with {key}),
      strings: {ed_*, status_*, precision_*}} */

import { announce, baseMap, byId, format, readData, requestJSON } from "./common.js";
import { FeatureForms } from "./editor_forms.js";
import { UnlocatedList } from "./editor_list.js";

const config = readData("editor-config");
const s = config.strings;
const live = byId("editor-live");
const say = (text, kind) => announce(live, text, kind);
const map = baseMap(byId("editor-map"), config);
const drawn = L.featureGroup().addTo(map);
const layers = new Map(); /* key -> Leaflet layer */
const pending = new Map(); /* key -> Leaflet layer moved or reshaped, not saved */
let placing = null; /* the unlocated feature being placed */

const TOOLS = { Marker: "drawMarker", Line: "drawPolyline", Polygon: "drawPolygon", Rectangle: "drawRectangle" };
const STYLE = { color: config.style.color || "#1d4ed8", fillColor: config.style.fill_color || config.style.color || "#60a5fa", weight: 2, fillOpacity: 0.35 };

function geoman() {
  const controls = { position: "topleft", editMode: true, dragMode: true, cutPolygon: false, removalMode: false,
    rotateMode: false, drawText: false, drawCircle: false, drawCircleMarker: false };
  Object.values(TOOLS).forEach((name) => { controls[name] = false; });
  config.draw.forEach((shape) => { controls[TOOLS[shape]] = true; });
  map.pm.setLang("greenmap", {
    tooltips: { placeMarker: s.ed_gm_place_marker, firstVertex: s.ed_gm_first_vertex, continueLine: s.ed_gm_continue_line,
      finishLine: s.ed_gm_finish_line, finishPoly: s.ed_gm_finish_poly, finishRect: s.ed_gm_finish_rect },
    actions: { finish: s.ed_gm_finish, cancel: s.ed_gm_cancel, removeLastVertex: s.ed_gm_remove_last },
    buttonTitles: { drawMarkerButton: s.ed_gm_marker, drawPolyButton: s.ed_gm_polygon, drawLineButton: s.ed_gm_line,
      drawRectButton: s.ed_gm_rectangle, editButton: s.ed_gm_edit, dragButton: s.ed_gm_drag }
  }, "en");
  map.pm.setGlobalOptions({ continueDrawing: false, pathOptions: STYLE });
  map.pm.addControls(controls);
  const container = map.getContainer();
  const draw = container.querySelector(".leaflet-pm-draw");
  const edit = container.querySelector(".leaflet-pm-edit");
  if (draw) { draw.setAttribute("data-testid", "editor-toolbar"); }
  if (edit) { edit.setAttribute("data-testid", "editor-toolbar-edit"); }
}

const busyMode = () => map.pm.globalEditModeEnabled() || map.pm.globalDragModeEnabled() || map.pm.globalDrawModeEnabled();

function showPending() {
  byId("pending-box").hidden = pending.size === 0;
  byId("pending-text").textContent = format(s.ed_pending, { n: pending.size });
}

function track(key, layer) {
  layers.set(key, layer);
  drawn.addLayer(layer);
  const onChange = () => { pending.set(key, layer); showPending(); };
  layer.on("pm:edit", onChange);
  layer.on("pm:dragend", onChange);
  layer.on("click", () => { if (!busyMode()) { forms.open(layer.feature); } });
  layer.bindTooltip(document.createTextNode(layer.feature.properties.name_vi || key));
}

function addFeature(feature) {
  L.geoJSON(feature, {
    style: () => STYLE,
    onEachFeature: (f, layer) => track(f.properties.key, layer)
  });
}

async function load() {
  say(s.ed_loading, "info");
  drawn.clearLayers();
  layers.clear();
  pending.clear();
  showPending();
  const body = await requestJSON(config.routes.features, undefined, s.ed_network);
  const located = body.features.filter((f) => f.geometry);
  located.forEach(addFeature);
  const unlocated = body.features.filter((f) => !f.geometry);
  list.show(unlocated);
  if (located.length) { map.fitBounds(drawn.getBounds(), { maxZoom: 14, padding: [20, 20], animate: false }); }
  say(format(s.ed_loaded, { total: body.features.length, unlocated: unlocated.length }), "info");
  byId("editor-map").setAttribute("data-loaded", String(body.features.length));
}

function stopPlacing() {
  placing = null;
  byId("placing-box").hidden = true;
  map.pm.disableDraw();
}

function startPlacing(feature) {
  placing = feature;
  byId("placing-text").textContent = format(s.ed_placing, { name: feature.properties.name_vi || feature.properties.key });
  byId("placing-box").hidden = false;
  map.pm.enableDraw(config.draw[0], STYLE);
  say(byId("placing-text").textContent, "info");
}

async function place(feature, layer) {
  const key = feature.properties.key;
  const geometry = layer.toGeoJSON().geometry;
  stopPlacing();
  try {
    const answer = await requestJSON(config.routes.edit.replace("{key}", encodeURIComponent(key)), { geometry }, s.ed_network);
    map.removeLayer(layer);
    list.remove(key);
    /* The server made it a site and cleared its precision note: so does the form. */
    const form = Object.assign({}, feature.properties.form, { precision_note: "" });
    const properties = Object.assign({}, feature.properties, { precision: "site", form });
    addFeature(Object.assign({}, feature, { geometry, properties }));
    say(format(s.ed_placed, { name: feature.properties.name_vi || key, version: answer.version }), "success");
  } catch (err) {
    map.removeLayer(layer);
    say(format(s.ed_error, { message: err.message }), "error");
  }
}

map.on("pm:create", (e) => {
  if (placing) { place(placing, e.layer); return; }
  const geometry = e.layer.toGeoJSON().geometry;
  forms.openNew(geometry, () => map.removeLayer(e.layer));
  forms.pendingLayer = e.layer;
});

async function savePending() {
  const saves = [...pending.entries()].map(([key, layer]) => requestJSON(
    config.routes.edit.replace("{key}", encodeURIComponent(key)), { geometry: layer.toGeoJSON().geometry }, s.ed_network));
  try {
    await Promise.all(saves);
    say(format(s.ed_moves_saved, { n: saves.length }), "success");
    pending.clear();
    showPending();
  } catch (err) {
    say(format(s.ed_error, { message: err.message }), "error");
  }
}

function saved(key, answer, fields, creating) {
  if (creating && forms.pendingLayer) {
    const layer = forms.pendingLayer;
    forms.pendingLayer = null;
    map.removeLayer(layer);
    const feature = { type: "Feature", geometry: layer.toGeoJSON().geometry, properties: { key, name_vi: fields.name_vi, form: fields } };
    addFeature(feature);
    forms.current.feature = feature;
  }
}

const forms = new FeatureForms(config, say, saved);
const list = new UnlocatedList(s, {
  place: startPlacing,
  edit: (f) => forms.open(f)
});
byId("placing-cancel").addEventListener("click", () => { stopPlacing(); say(s.ed_cancel, "info"); });
byId("pending-save").addEventListener("click", savePending);
byId("pending-undo").addEventListener("click", () => load());
geoman();
load().catch((err) => say(format(s.ed_error, { message: err.message }), "error"));
