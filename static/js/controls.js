/* GreenMap map controls: full screen, locate (browser geolocation), distance measure.
   Small, dependency-free Leaflet controls; labels come from the page's string catalogue. */

import { html, setHtml } from "./html.js";

/* Inline SVG icons: no icon font, so they render on any machine. */
const ICONS = {
  fullscreen: html`<path d="M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5" fill="none" stroke="currentColor" stroke-width="2"/>`,
  locate: html`<circle cx="10" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2"/>
    <circle cx="10" cy="10" r="1.8" fill="currentColor"/>
    <path d="M10 1v4M10 15v4M1 10h4M15 10h4" stroke="currentColor" stroke-width="2"/>`,
  measure: html`<path d="M2 14L14 2l4 4L6 18z" fill="none" stroke="currentColor" stroke-width="1.6"/>
    <path d="M6 10l2 2M9 7l2 2M12 4l2 2" stroke="currentColor" stroke-width="1.6"/>`
};

function button(container, label, icon, onClick) {
  const btn = L.DomUtil.create("button", "gm-ctl-btn", container);
  btn.type = "button";
  btn.title = label;
  btn.setAttribute("aria-label", label);
  setHtml(btn, html`<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">${ICONS[icon]}</svg>`);
  L.DomEvent.disableClickPropagation(btn);
  L.DomEvent.on(btn, "click", (ev) => { L.DomEvent.preventDefault(ev); onClick(btn); });
  return btn;
}

function barControl(build) {
  const Ctl = L.Control.extend({
    options: { position: "topleft" },
    onAdd(map) {
      const bar = L.DomUtil.create("div", "leaflet-bar gm-ctl");
      build(map, bar);
      return bar;
    }
  });
  return new Ctl();
}

/* Full screen for the whole page (map and panel), so filters stay usable. */
export function fullscreen(strings) {
  return barControl((map, bar) => {
    const btn = button(bar, strings.map_fullscreen, "fullscreen", () => {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    });
    btn.setAttribute("aria-pressed", "false");
    document.addEventListener("fullscreenchange", () => {
      btn.setAttribute("aria-pressed", String(Boolean(document.fullscreenElement)));
      map.invalidateSize();
    });
  });
}

/* Show the browser's position with its accuracy circle. */
export function locate(strings, notify) {
  return barControl((map, bar) => {
    const shown = L.layerGroup().addTo(map);
    button(bar, strings.map_locate, "locate", () => map.locate({ setView: true, maxZoom: 14 }));
    map.on("locationfound", (e) => {
      shown.clearLayers();
      L.circle(e.latlng, { radius: e.accuracy, weight: 1, interactive: false }).addTo(shown);
      L.circleMarker(e.latlng, { radius: 5, color: "#1d4ed8", fillOpacity: 1 }).addTo(shown);
    });
    map.on("locationerror", () => notify(strings.map_locate_error));
  });
}

export function formatDistance(metres, lang) {
  const fmt = (v, digits) => v.toLocaleString(lang, { maximumFractionDigits: digits });
  return metres < 1000 ? fmt(metres, 0) + " m" : fmt(metres / 1000, 2) + " km";
}

/* Click points on the map to measure a path; Esc or the button again ends it. */
class Measure {
  constructor(map, strings, notify, lang) {
    this.map = map;
    this.strings = strings;
    this.notify = notify;
    this.lang = lang;
    this.points = [];
    this.active = false;
    this.line = L.polyline([], { color: "#b91c1c", weight: 3, dashArray: "6 4", interactive: false });
    this.onClick = (e) => this.add(e.latlng);
    this.onKey = (e) => { if (e.originalEvent.key === "Escape") { this.toggle(); } };
  }

  total() {
    let sum = 0;
    for (let i = 1; i < this.points.length; i += 1) { sum += this.map.distance(this.points[i - 1], this.points[i]); }
    return sum;
  }

  add(latlng) {
    this.points.push(latlng);
    this.line.setLatLngs(this.points);
    this.notify(this.strings.map_distance + ": " + formatDistance(this.total(), this.lang));
  }

  toggle() {
    this.active = !this.active;
    this.btn.setAttribute("aria-pressed", String(this.active));
    L.DomUtil[this.active ? "addClass" : "removeClass"](this.map.getContainer(), "gm-measuring");
    if (this.active) {
      this.points = [];
      this.line.setLatLngs([]).addTo(this.map);
      this.map.on("click", this.onClick).on("keydown", this.onKey);
      this.notify(this.strings.map_measure_hint);
    } else {
      this.map.off("click", this.onClick).off("keydown", this.onKey);
      this.line.remove();
    }
  }
}

export function measure(strings, notify, lang) {
  return barControl((map, bar) => {
    const tool = new Measure(map, strings, notify, lang);
    tool.btn = button(bar, strings.map_measure, "measure", () => tool.toggle());
    tool.btn.setAttribute("aria-pressed", "false");
  });
}
