/* The map's layers: each layer's metadata, Leaflet group, loaded features and drawing.

   A LayerSet is told how to query and filter by the app (options below), so it never
   reads the panel itself. Large point layers are clustered; rasters are image overlays.
   Service areas are drawn hatched in their own pane below the other features and never
   take a click: a label inside each opens its popup (and is reachable by keyboard). */

import {
  clusterIcon, DEFAULT_COLOR, GEOMETRY_RANK, HATCH_ANGLES, labelPoint, pointStyle,
  serviceAreaIcon, serviceAreaStyle, shapeStyle
} from "./styles.js";
import { layerTitle } from "./util.js";

const CLUSTER_MIN = 200;  // layers with at least this many points are clustered
const SERVICE_PANE = "gm-service";  // below the overlay pane: clicks go to the features above
/* Popups keep clear of the map's buttons (left, top right) and of the scale and attribution. */
const POPUP_DEFAULTS = { autoPanPaddingTopLeft: [52, 60], autoPanPaddingBottomRight: [8, 50] };

function hasMapData(layer) { return layer.located_count > 0 || !!layer.raster; }

function isArea(feature) { return /Polygon$/.test((feature.geometry || {}).type || ""); }

function rasterOverlay(layer) {
  const b = layer.raster.bounds, bounds = L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]);
  const overlay = L.imageOverlay(layer.raster.image, bounds, {
    opacity: layer.style.opacity == null ? 0.6 : layer.style.opacity,
    alt: layerTitle(layer, "vi"), className: "gm-raster"
  });
  return { overlay, bounds };
}

export class LayerSet {
  /* options: api (api.js), isApproximate(props), isContext(layer), popup(props, layer) → markup,
     query(entry, located) → query parts, keep(entry) → feature test, onFirstLoad(entry),
     serviceArea: {test(props), kind (label text), name(props)}. Sets every popup's padding. */
  constructor(map, options) {
    this.map = map;
    this.options = options;
    this.entries = {};
    this.order = [];
    this.serviceRenderer = null;
    L.Popup.mergeOptions(POPUP_DEFAULTS);
  }

  add(layer, checkbox) {
    const entry = { meta: layer, group: L.featureGroup(), loaded: null, features: [],
                    drawn: 0, bounds: null, checkbox };
    if (layer.raster) {
      const raster = rasterOverlay(layer);
      entry.group.addLayer(raster.overlay);
      entry.bounds = raster.bounds;
    }
    this.order.push(layer.id);
    this.entries[layer.id] = entry;
    return entry;
  }

  visible() { return this.order.map((id) => this.entries[id]).filter((e) => e.checkbox.checked); }

  visibleIds() { return this.visible().map((e) => e.meta.id); }

  title(id, lang) { return this.entries[id] ? layerTitle(this.entries[id].meta, lang) : ""; }

  pointStyle(entry, feature) {
    return pointStyle(entry.meta.style, this.options.isApproximate(feature.properties));
  }

  shapeStyle(entry, feature) {
    const type = (feature.geometry || {}).type;
    return shapeStyle(entry.meta.style, type, this.options.isApproximate(feature.properties));
  }

  bindPopup(entry, feature, lyr) {
    const popup = () => String(this.options.popup(feature.properties, entry.meta));
    lyr.bindPopup(popup, { maxWidth: 320 });
  }

  shapesLayer(entry, shapes) {
    return L.geoJSON({ type: "FeatureCollection", features: shapes }, {
      style: (f) => this.shapeStyle(entry, f),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, this.pointStyle(entry, f)),
      onEachFeature: (f, lyr) => this.bindPopup(entry, f, lyr)
    });
  }

  pointMarker(entry, feature) {
    const c = feature.geometry.coordinates;
    const marker = L.circleMarker([c[1], c[0]], this.pointStyle(entry, feature));
    this.bindPopup(entry, feature, marker);
    return marker;
  }

  /* Hatched, click-through areas in an SVG pane of their own, each with a label marker. */
  serviceAreas(entry, features) {
    if (!this.serviceRenderer) {
      const pane = this.map.createPane(SERVICE_PANE);
      pane.style.zIndex = 350;
      pane.style.pointerEvents = "none";
      this.serviceRenderer = L.svg({ pane: SERVICE_PANE });
      const zoomedOut = () => this.map.getContainer().classList.toggle("gm-zoomed-out", this.map.getZoom() < 10);
      this.map.on("zoomend", zoomedOut);
      zoomedOut();  // map.css then shortens the labels to "service area"
    }
    const sa = this.options.serviceArea, color = entry.meta.style.color || DEFAULT_COLOR;
    const group = L.featureGroup();
    features.forEach((f, i) => {
      const angle = HATCH_ANGLES[i % HATCH_ANGLES.length];
      group.addLayer(L.geoJSON(f, { pane: SERVICE_PANE, renderer: this.serviceRenderer, interactive: false,
                                    style: () => serviceAreaStyle(entry.meta.style, angle) }));
      const name = sa.name(f.properties);
      const label = L.marker(labelPoint(f.geometry), { icon: serviceAreaIcon(name, sa.kind, color),
                                                       title: name + " (" + sa.kind + ")", keyboard: true });
      this.bindPopup(entry, f, label);
      group.addLayer(label);
    });
    return group;
  }

  addPoints(entry, markers) {
    if (markers.length < CLUSTER_MIN) {
      markers.forEach((m) => entry.group.addLayer(m));
      return;
    }
    const cluster = L.markerClusterGroup({ maxClusterRadius: 50, disableClusteringAtZoom: 16,
      iconCreateFunction: clusterIcon(entry.meta.style.color || DEFAULT_COLOR) });
    cluster.addLayers(markers);
    entry.group.addLayer(cluster);
  }

  draw(entry) {
    const shown = entry.features.filter(this.options.keep(entry));
    const areas = shown.filter((f) => isArea(f) && this.options.serviceArea.test(f.properties));
    const shapes = shown.filter((f) => f.geometry.type !== "Point" && areas.indexOf(f) < 0);
    entry.group.clearLayers();
    if (areas.length) { entry.group.addLayer(this.serviceAreas(entry, areas)); }
    if (shapes.length) { entry.group.addLayer(this.shapesLayer(entry, shapes)); }
    this.addPoints(entry, shown.filter((f) => f.geometry.type === "Point")
      .map((f) => this.pointMarker(entry, f)));
    entry.drawn = shown.length;
    entry.bounds = shown.length ? entry.group.getBounds() : null;
  }

  /* Fetch the located features for the current filters (unless already there) and draw them. */
  load(entry) {
    const query = this.options.query(entry, 1).join("&");
    if (entry.loaded === query) { this.draw(entry); return Promise.resolve(entry); }
    return this.options.api.features(entry.meta.id, [query]).then((features) => {
      if (this.options.query(entry, 1).join("&") !== query) { return entry; }  // a newer load follows
      const first = entry.loaded === null;
      entry.loaded = query;
      entry.features = features;
      if (first) { this.options.onFirstLoad(entry); }
      this.draw(entry);
      return entry;
    });
  }

  drawOrder(entry) {
    if (this.options.isContext(entry.meta)) { return 0; }
    return GEOMETRY_RANK[entry.meta.geometry_type] || 1;
  }

  /* Show the checked layers (context below, points on top); returns the features drawn. */
  sync() {
    let drawn = 0;
    const entries = this.order.map((id) => this.entries[id]);
    entries.sort((a, b) => this.drawOrder(a) - this.drawOrder(b)).forEach((entry) => {
      if (entry.checkbox.checked && hasMapData(entry.meta)) {
        entry.group.addTo(this.map);
        entry.group.bringToFront();
        drawn += entry.drawn;
      } else {
        entry.group.remove();
      }
    });
    return drawn;
  }

  /* Attributions of the layers drawn in `view`, and of the offline base's theme if shown. */
  attributions(view, baseTheme) {
    return this.order.map((id) => this.entries[id]).filter((e) => {
      const onMap = e.checkbox.checked && e.bounds && view.intersects(e.bounds);
      return (onMap || e.meta.theme === baseTheme) && e.meta.attribution;
    }).map((e) => e.meta.attribution);
  }

  /* Layer id → features drawn, for the layers on the map (tests and benchmarks). */
  drawnByLayer() {
    const out = {};
    this.order.forEach((id) => { if (this.entries[id].group._map) { out[id] = this.entries[id].drawn; } });
    return out;
  }
}
