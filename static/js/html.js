/* The one helper GreenMap's scripts build markup with.

   html`<b>${name}</b>` escapes every interpolated value, so data (names from
   OpenStreetMap, notes typed by officials) always ends up as text. A value that is
   itself html`…` output is inserted as it is, an array is joined, and null,
   undefined and false render nothing. raw(markup) marks trusted markup that is not
   escaped: use it for constants written in the code, never for data. */

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function raw(markup) { return new Markup(String(markup)); }

function render(value) {
  if (value instanceof Markup) { return value.text; }
  if (Array.isArray(value)) { return value.map(render).join(""); }
  if (value === null || value === undefined || value === false) { return ""; }
  return escapeHtml(value);
}

export function html(strings, ...values) {
  return new Markup(strings.reduce((out, text, i) => out + render(values[i - 1]) + text));
}

/* Items (markup or text) joined by a separator, as markup. */
export function join(items, separator = "") {
  return new Markup(items.map(render).join(render(separator)));
}

function checked(markup) {
  if (!(markup instanceof Markup)) { throw new TypeError("expected html`…` markup"); }
  return markup.text;
}

/* Replace an element's content; only html`…` markup is accepted. */
export function setHtml(element, markup) { element.innerHTML = checked(markup); }

export function appendHtml(element, markup) { element.insertAdjacentHTML("beforeend", checked(markup)); }
