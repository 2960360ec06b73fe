/* Base maps: OpenStreetMap tiles (made by folium) or the offline base drawn from the
   boundary layers. When no tile loads, the map falls back to the offline base. */

import { html } from "./html.js";

export class Basemap {
  /* labels: {osm, offline}; onChange() runs after a switch (hash, attribution). */
  constructor(map, osm, labels, onChange) {
    this.map = map;
    this.osm = osm;
    this.onChange = onChange;
    this.base = "osm";
    this.featureCount = 0;
    map.createPane("gm-base").style.zIndex = 250;
    this.offline = L.layerGroup();
    this.offline.on("add", () => map.getContainer().classList.add("gm-offline"));
    this.offline.on("remove", () => map.getContainer().classList.remove("gm-offline"));
    this.addControl(labels);
  }

  addControl(labels) {
    const bases = {};  // Leaflet shows these names as markup
    bases[String(html`${labels.osm}`)] = this.osm;
    bases[String(html`${labels.offline}`)] = this.offline;
    L.control.layers(bases, null, { position: "topright" }).addTo(this.map);
    this.map.on("baselayerchange", (e) => {
      this.base = e.layer === this.offline ? "offline" : "osm";
      this.onChange();
    });
  }

  set(base) {
    const offline = base === "offline";
    (offline ? this.osm : this.offline).remove();
    (offline ? this.offline : this.osm).addTo(this.map);
    this.base = base;
  }

  get isOffline() { return this.base === "offline"; }

  /* Draw a boundary layer's features into the offline base. */
  draw(features) {
    L.geoJSON({ type: "FeatureCollection", features }, {
      pane: "gm-base", interactive: false,
      style: { color: "#6b7280", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 }
    }).addTo(this.offline);
    this.featureCount += features.length;
  }

  /* Show the wanted base; switch to offline (and say so) if OpenStreetMap tiles fail. */
  start(wanted, notify, notice) {
    let tileLoaded = false;
    const fallBack = () => {
      if (tileLoaded || this.base !== "osm") { return; }
      this.set("offline");
      notify(notice);
      this.onChange();
    };
    this.osm.on("tileload", () => { tileLoaded = true; });
    this.osm.on("tileerror", fallBack);
    this.set(wanted === "offline" ? "offline" : "osm");
    // folium's script requested the first tiles before this ran: look at how they ended.
    const tiles = this.osm.getContainer() ? Array.from(this.osm.getContainer().querySelectorAll("img")) : [];
    tileLoaded = tiles.some((img) => img.naturalWidth > 0);
    if (tiles.some((img) => img.complete && img.naturalWidth === 0)) { fallBack(); }
  }
}
