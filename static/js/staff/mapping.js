/* The mapping page: the free EPSG / WKT field shows only when "Other" is chosen in the
   coordinate system select (without scripts it is always shown). */

import { byId } from "./common.js";

const select = byId("crs-select");
const custom = byId("crs-custom-box");

function sync() {
  const on = select.value === select.getAttribute("data-custom");
  custom.hidden = !on;
  byId("crs-custom").required = on;
}

if (select && custom) {
  select.addEventListener("change", sync);
  sync();
}
