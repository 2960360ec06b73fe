/* GreenMap map controls: full screen, locate (browser geolocation), distance measure.
   Small, dependency-free Leaflet controls; labels come from the page's string catalogue. */
(function () {
  "use strict";

  /* Inline SVG icons: no icon font, so they render on any machine. */
  var ICONS = {
    fullscreen: '<path d="M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5" fill="none" stroke="currentColor" stroke-width="2"/>',
    locate: '<circle cx="10" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2"/>' +
      '<circle cx="10" cy="10" r="1.8" fill="currentColor"/>' +
      '<path d="M10 1v4M10 15v4M1 10h4M15 10h4" stroke="currentColor" stroke-width="2"/>',
    measure: '<path d="M2 14L14 2l4 4L6 18z" fill="none" stroke="currentColor" stroke-width="1.6"/>' +
      '<path d="M6 10l2 2M9 7l2 2M12 4l2 2" stroke="currentColor" stroke-width="1.6"/>'
  };

  function button(container, label, icon, onClick) {
    var btn = L.DomUtil.create("button", "gm-ctl-btn", container);
    btn.type = "button";
    btn.title = label;
    btn.setAttribute("aria-label", label);
    btn.innerHTML = '<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">' + ICONS[icon] + "</svg>";
    L.DomEvent.disableClickPropagation(btn);
    L.DomEvent.on(btn, "click", function (ev) { L.DomEvent.preventDefault(ev); onClick(btn); });
    return btn;
  }

  function barControl(build) {
    var Ctl = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function (map) {
        var bar = L.DomUtil.create("div", "leaflet-bar gm-ctl");
        build(map, bar);
        return bar;
      }
    });
    return new Ctl();
  }

  /* Full screen for the whole page (map and panel), so filters stay usable. */
  function fullscreen(strings) {
    return barControl(function (map, bar) {
      var btn = button(bar, strings.map_fullscreen, "fullscreen", function () {
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
      });
      btn.setAttribute("aria-pressed", "false");
      document.addEventListener("fullscreenchange", function () {
        btn.setAttribute("aria-pressed", String(Boolean(document.fullscreenElement)));
        map.invalidateSize();
      });
    });
  }

  /* Show the browser's position with its accuracy circle. */
  function locate(strings, notify) {
    return barControl(function (map, bar) {
      var shown = L.layerGroup().addTo(map);
      button(bar, strings.map_locate, "locate", function () {
        map.locate({ setView: true, maxZoom: 14 });
      });
      map.on("locationfound", function (e) {
        shown.clearLayers();
        L.circle(e.latlng, { radius: e.accuracy, weight: 1, interactive: false }).addTo(shown);
        L.circleMarker(e.latlng, { radius: 5, color: "#1d4ed8", fillOpacity: 1 }).addTo(shown);
      });
      map.on("locationerror", function () { notify(strings.map_locate_error); });
    });
  }

  function formatDistance(metres, lang) {
    var fmt = function (v, digits) { return v.toLocaleString(lang, { maximumFractionDigits: digits }); };
    return metres < 1000 ? fmt(metres, 0) + " m" : fmt(metres / 1000, 2) + " km";
  }

  /* Click points on the map to measure a path; Esc or the button again ends it. */
  function measure(strings, notify, lang) {
    return barControl(function (map, bar) {
      var points = [];
      var line = L.polyline([], { color: "#b91c1c", weight: 3, dashArray: "6 4", interactive: false });
      var active = false;
      var btn;

      function total() {
        var sum = 0;
        for (var i = 1; i < points.length; i += 1) { sum += map.distance(points[i - 1], points[i]); }
        return sum;
      }
      function onClick(e) {
        points.push(e.latlng);
        line.setLatLngs(points);
        notify(strings.map_distance + ": " + formatDistance(total(), lang));
      }
      function onKey(e) { if (e.originalEvent.key === "Escape") { toggle(); } }
      function toggle() {
        active = !active;
        btn.setAttribute("aria-pressed", String(active));
        L.DomUtil[active ? "addClass" : "removeClass"](map.getContainer(), "gm-measuring");
        if (active) {
          points = [];
          line.setLatLngs([]).addTo(map);
          map.on("click", onClick).on("keydown", onKey);
          notify(strings.map_measure_hint);
        } else {
          map.off("click", onClick).off("keydown", onKey);
          line.remove();
        }
      }
      btn = button(bar, strings.map_measure, "measure", toggle);
      btn.setAttribute("aria-pressed", "false");
    });
  }

  window.GreenMapControls = { fullscreen: fullscreen, locate: locate, measure: measure,
                              formatDistance: formatDistance };
})();
