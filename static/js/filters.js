/* The filter panel: status checkboxes, task group, task, district and capacity range. */

import { byId } from "./util.js";
import { ensureOption } from "./options.js";

const FIELDS = ["gm-group", "gm-task", "gm-district", "gm-cmin", "gm-cmax"];

/* {status: [...], group, task, district, cmin, cmax} as chosen in the panel. */
export function readFilters(statusBox) {
  return {
    status: Array.from(statusBox.querySelectorAll("input:checked"), (input) => input.value),
    group: byId("gm-group").value, task: byId("gm-task").value,
    district: byId("gm-district").value,
    cmin: byId("gm-cmin").value, cmax: byId("gm-cmax").value
  };
}

/* The chosen task, or every task of the chosen group. */
function taskCodes(tasks, f) {
  if (f.task) { return [f.task]; }
  if (!f.group) { return []; }
  return tasks.filter((t) => String(t.group) === f.group).map((t) => t.code);
}

/* Query parts ("name=value") the API understands for these filters. */
export function filterQuery(f, tasks) {
  const q = [];
  if (f.status.length) { q.push("status=" + encodeURIComponent(f.status.join(","))); }
  const codes = taskCodes(tasks, f);
  if (codes.length) { q.push("task=" + encodeURIComponent(codes.join(","))); }
  if (f.district) { q.push("district=" + encodeURIComponent(f.district)); }
  return q;
}

/* Which features of `layer` pass the capacity range (applied in the browser). */
export function capacityTest(cfg, f, layer) {
  if (layer.theme !== cfg.capacityTheme || (f.cmin === "" && f.cmax === "")) { return () => true; }
  return (feature) => {
    const v = (feature.properties.properties || {})[cfg.capacityField];
    if (typeof v !== "number") { return false; }
    return (f.cmin === "" || v >= Number(f.cmin)) && (f.cmax === "" || v <= Number(f.cmax));
  };
}

export function bindFilters(panel, onChange) {
  panel.layers.addEventListener("change", onChange);
  panel.status.addEventListener("change", onChange);
  ["gm-task", "gm-district"].forEach((id) => byId(id).addEventListener("change", onChange));
  byId("gm-group").addEventListener("change", () => { byId("gm-task").value = ""; onChange(); });
  ["gm-cmin", "gm-cmax"].forEach((id) => byId(id).addEventListener("input", onChange));
  byId("gm-reset").addEventListener("click", () => {
    panel.status.querySelectorAll("input").forEach((input) => { input.checked = false; });
    FIELDS.forEach((id) => { byId(id).value = ""; });
    onChange();
  });
}

/* Set the panel from a shared URL's state; fillTasks lists the tasks of the chosen group. */
export function applyFilters(statusBox, state, fillTasks) {
  statusBox.querySelectorAll("input").forEach((input) => {
    input.checked = state.status.indexOf(input.value) >= 0;
  });
  ensureOption(byId("gm-group"), state.group);
  fillTasks();
  ensureOption(byId("gm-task"), state.task);
  ensureOption(byId("gm-district"), state.district);
  byId("gm-cmin").value = state.cmin;
  byId("gm-cmax").value = state.cmax;
}
