/* The task group, task and district drop-downs, each option with its count. */

import { byId, taskText, truncate } from "./util.js";

/* Select `value`, adding it as an option when the list does not have it (yet). */
export function ensureOption(select, value) {
  if (value && !Array.from(select.options).some((o) => o.value === value)) {
    select.add(new Option(value, value));
  }
  select.value = value;
}

/* Tasks of the chosen group; counts: task code → located features. */
export function fillTaskOptions(tasks, counts, lang) {
  const select = byId("gm-task"), group = byId("gm-group").value, keep = select.value;
  select.length = 1;
  tasks.filter((t) => !group || String(t.group) === group).forEach((t) => {
    const label = t.code + " — " + truncate(taskText(t, lang), 70);
    select.add(new Option(label + " (" + (counts[t.code] || 0) + ")", t.code));
  });
  select.value = keep;
  if (select.value !== keep) { select.value = ""; }
}

export function fillGroupOptions(groups, counts, lang) {
  const select = byId("gm-group"), keep = select.value;
  select.length = 1;
  groups.forEach((g) => {
    const n = g.tasks.reduce((sum, code) => sum + (counts[code] || 0), 0);
    const title = lang === "en" ? g.title_en : g.title_vi;
    select.add(new Option(g.number + ". " + title + " (" + n + ")", String(g.number)));
  });
  select.value = keep;
}

/* Pre-2025 districts with today's units; `today` is the interface word for "today". */
export function fillDistrictOptions(districts, today) {
  const select = byId("gm-district"), keep = select.value;
  select.length = 1;
  districts.forEach((d) => {
    const now = d.today.length ? " — " + today + ": " + d.today.join(", ") : "";
    select.add(new Option((d.name || d.code) + now + " (" + d.count + ")", d.code));
  });
  if (keep && select.value !== keep) { select.add(new Option(keep, keep)); }
  select.value = keep;
}
