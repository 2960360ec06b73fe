/* The map page's application: wires the modules together and runs the refresh cycle
   (filters → URL hash → features, counts and unlocated list → drawn layers). */

import { createApi } from "./api.js";
import { attributionUpdater } from "./attribution.js";
import { Basemap } from "./basemap.js";
import * as controls from "./controls.js";
import { loadFacets } from "./facets.js";
import { applyFilters, bindFilters, capacityTest, filterQuery, readFilters } from "./filters.js";
import { hashOf, readHash, writeHash } from "./hash.js";
import { LayerSet } from "./layers.js";
import { fillTaskOptions } from "./options.js";
import {
  buildLayerPanel, buildStatusPanel, closePanelOnPhone, isPhone, notify, setupPageChrome
} from "./panel.js";
import { focusPopups, openFeature, popupContent } from "./popups.js";
import { Refresher } from "./refresh.js";
import { createRoutes } from "./routes.js";
import { SearchBox } from "./search.js";
import { approximateRule } from "./styles.js";
import { loadUnlocated } from "./unlocated.js";
import { byId, pickName } from "./util.js";

export class MapApp {
  constructor(map, osm, cfg) {
    const routes = createRoutes(cfg.routes);
    /* Read-only context handed to the modules. */
    this.ctx = { map, cfg, s: cfg.strings, lang: cfg.lang, routes, api: createApi(routes) };
    this.map = map;
    this.panel = { layers: byId("gm-layers"), status: byId("gm-status"), unlocated: byId("gm-unlocated") };
    this.plan = { groups: [], tasks: [] };
    this.drawn = 0;
    this.readyAt = null;
    this.refresher = new Refresher(() => this.refresh());
    this.showAttributions = attributionUpdater(map.attributionControl);
    this.layers = this.createLayers();
    const labels = { osm: cfg.strings.map_base_osm, offline: cfg.strings.map_base_offline };
    this.basemap = new Basemap(map, osm, labels, () => this.viewChanged());
  }

  createLayers() {
    const cfg = this.ctx.cfg;
    return new LayerSet(this.map, {
      api: this.ctx.api,
      isApproximate: approximateRule(cfg.approximatePrecisions),
      isContext: (layer) => this.isContext(layer),
      serviceArea: { test: (props) => props.precision === cfg.serviceAreaPrecision,
                     kind: cfg.strings.map_service_area, name: (props) => pickName(props, cfg.lang) },
      popup: (props, layer) => popupContent(this.ctx, props, layer),
      query: (entry, located) => this.layerQuery(entry, located),
      keep: (entry) => this.keep(entry),
      onFirstLoad: (entry) => {
        if (entry.meta.theme === cfg.basemapTheme) { this.basemap.draw(entry.features); }
      }
    });
  }

  filters() { return readFilters(this.panel.status); }

  isContext(layer) { return this.ctx.cfg.contextThemes.indexOf(layer.theme) >= 0; }

  /* API query parts for a layer's features; context layers (boundaries…) ignore the filters. */
  layerQuery(entry, located) {
    const q = ["located=" + located, "limit=" + this.ctx.cfg.pageLimit];
    return this.isContext(entry.meta) ? q : q.concat(filterQuery(this.filters(), this.plan.tasks));
  }

  /* Which of a layer's features pass the filters applied in the browser (capacity). */
  keep(entry) { return capacityTest(this.ctx.cfg, this.filters(), entry.meta); }

  writeHash() {
    const c = this.map.getCenter();
    writeHash(hashOf({ zoom: this.map.getZoom(), centre: c, layers: this.layers.visibleIds(),
                       filters: this.filters(), base: this.basemap.base }));
  }

  updateAttribution() {
    const baseTheme = this.basemap.isOffline ? this.ctx.cfg.basemapTheme : null;
    this.showAttributions(this.layers.attributions(this.map.getBounds(), baseTheme));
  }

  viewChanged() {
    this.writeHash();
    this.updateAttribution();
  }

  /* On a phone the panel covers the map: close it so the popup shows. */
  openFeature(feature) {
    closePanelOnPhone(this.map);
    openFeature(this.ctx, this.layers, feature);
  }

  addControls() {
    const s = this.ctx.s;
    controls.fullscreen(s).addTo(this.map);
    controls.locate(s, notify).addTo(this.map);
    controls.measure(s, notify, this.ctx.lang).addTo(this.map);
  }

  /* Everything that needs no data: runs at once. Returns the promise of the first draw. */
  run() {
    const state = readHash();
    this.map.getContainer().setAttribute("aria-label", this.ctx.s.map_description);
    focusPopups(this.map);
    this.basemap.start(state.base, notify, this.ctx.s.map_offline_notice);
    this.addControls();
    setupPageChrome(this.map);
    const titleOf = (id) => this.layers.title(id, this.ctx.lang);
    new SearchBox(this.ctx, titleOf, (feature) => this.openFeature(feature));
    buildStatusPanel(this.ctx, this.panel.status);
    const api = this.ctx.api;
    return this.refresher.track(Promise.all([api.layers(), api.plan()])
      .then(([layers, plan]) => this.start(layers, plan, state))
      .then(() => state.open && api.site(state.open).then((f) => this.openFeature(f))));
  }

  /* The layer list is known: build the panel, restore the shared view, draw. */
  start(layers, plan, state) {
    this.plan = plan;
    const boxes = buildLayerPanel(this.ctx, this.panel.layers, layers);
    layers.forEach((layer) => this.layers.add(layer, boxes[layer.id]));
    this.applyState(state);
    bindFilters(this.panel, () => this.refresher.schedule());
    this.map.on("moveend", () => this.viewChanged());
    const cfg = this.ctx.cfg;
    const bases = layers.filter((l) => l.theme === cfg.basemapTheme && l.located_count > 0);
    return Promise.all(bases.map((l) => this.layers.load(this.layers.entries[l.id])))
      .then(() => this.refresh());
  }

  applyState(state) {
    this.layers.order.forEach((id) => {
      const entry = this.layers.entries[id];
      // Rasters cover everything beneath them: shown only when asked for.
      entry.checkbox.checked = state.layers === null ? !entry.meta.raster : state.layers.indexOf(id) >= 0;
    });
    applyFilters(this.panel.status, state, () => fillTaskOptions(this.plan.tasks, {}, this.ctx.lang));
    if (state.view) { this.map.setView([state.view[1], state.view[2]], state.view[0], { animate: false }); }
    else if (isPhone()) { this.map.setZoom(this.ctx.cfg.zoom - 1, { animate: false }); }  // the whole province
  }

  refresh() {
    this.writeHash();
    const visible = this.layers.visible().filter((e) => e.meta.located_count > 0);
    const query = (entry, located) => this.layerQuery(entry, located);
    return Promise.all([
      Promise.all(visible.map((e) => this.layers.load(e))),
      loadFacets(this.ctx, this.panel, this.plan, this.layers, this.filters()),
      loadUnlocated(this.ctx, this.panel.unlocated, this.layers, query, (e) => this.keep(e))
    ]).then(() => {
      this.drawn = this.layers.sync();
      this.updateAttribution();
      this.readyAt = performance.now();
      document.body.setAttribute("data-greenmap-ready", String(visible.length));
    });
  }
}
