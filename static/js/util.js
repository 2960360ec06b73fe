/* Small helpers shared by the map modules: DOM look-up, text formatting, localised fields. */

export const byId = (id) => document.getElementById(id);

/* "{total} of {located}" with values filled in (interface strings, not markup). */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => values[key]);
}

export function splitList(value) { return value ? value.split(",").filter(Boolean) : []; }

export function truncate(text, max) { return text.length > max ? text.slice(0, max - 1) + "…" : text; }

/* The name in the page's language (a Vietnamese name given by a spec is already name_vi). */
export function pickName(props, lang) { return lang === "en" && props.name_en ? props.name_en : props.name_vi; }

export function layerTitle(layer, lang) { return lang === "en" ? layer.title_en : layer.title_vi; }

export function taskText(task, lang) { return lang === "en" ? task.summary_en : task.text_vi; }
