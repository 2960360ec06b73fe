/* GreenMap map page: the entry point of its ES modules.

   The page folium builds (webmap/web/mapbuilder.py) loads the vendored Leaflet and
   Leaflet.markercluster as classic scripts, holds the config as JSON in
   <script type="application/json" id="gm-config">, and starts the map with
     <script type="module">
       import { init, readConfig } from "/static/js/main.js";
       init(map_…, tile_layer_…, readConfig());
     </script>
   Feature data is fetched from the API (never embedded in the page); the URL hash holds
   the view (layers, filters, centre, zoom, base map) so it can be shared and restored.

   Config (every path and label comes from the server; the scripts hold none):
     lang            "vi" or "en"
     centre, zoom    the initial view (already applied by folium)
     pageLimit       the API's largest page ("limit") for features
     themes          theme order in the panel; contextThemes: layers the filters leave alone
     basemapTheme    theme of the layers drawn as the offline base map
     capacityTheme, capacityField   the layers and property the capacity range applies to
     statuses        life-cycle statuses, in order
     approximatePrecisions   precisions drawn as approximate (dashed, hollow)
     serviceAreaPrecision    the precision of a site's service area: drawn hatched, not
                             clickable, with a label that opens its popup
     routes          URL templates, "{name}" filled with URI-encoded values:
                     layers, features {layer}, facets, search, site {key}, planGroups,
                     planTasks, sitePage {key}, taskPage {code}
     strings         interface labels by catalogue key (status_*, map_*, theme_*, …)

   Modules: app.js (wiring, refresh cycle) · api.js, routes.js (API client, URLs) ·
   layers.js, styles.js, basemap.js, attribution.js (drawing) · filters.js, options.js,
   facets.js (filters and counts) · panel.js, unlocated.js (side panel) · popups.js ·
   search.js · hash.js (URL state) · refresh.js (debounce) · controls.js (map buttons) ·
   html.js (the one markup helper: escapes by default) · util.js. minimap.js is the
   separate entry point of the site and task pages' small maps.

   Exports init() and readConfig(). init() also sets window.GreenMap for tests and
   benchmarks: map, app (entries, basemapFeatures), drawn, readyAt, ready, settled(),
   drawnByLayer(). */

import { MapApp } from "./app.js";

export function readConfig(id = "gm-config") {
  return JSON.parse(document.getElementById(id).textContent);
}

/* Start the map page on folium's map and OpenStreetMap tile layer. */
export function init(map, osm, config) {
  const app = new MapApp(map, osm, config);
  const hooks = {
    map,
    app: {
      get entries() { return app.layers.entries; },
      get basemapFeatures() { return app.basemap.featureCount; }
    },
    get drawn() { return app.drawn; },
    get readyAt() { return app.readyAt; },
    ready: null,
    /* Resolves when the latest filter or layer change is drawn. */
    settled: () => app.refresher.settled(),
    drawnByLayer: () => app.layers.drawnByLayer()
  };
  window.GreenMap = hooks;
  hooks.ready = app.run();
  return app;
}
