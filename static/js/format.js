/* What a visitor reads in popups and lists, formatted: numbers in the page's language,
   dates as precise as their source, citations with links, names, and a layer's labelled
   fields (labels from the layer spec's [labels], via /api/layers). webmap/web/formatting.py
   is its twin for the server's pages: both give the same text.

   Values are text, never markup: everything goes through html`…`, and only addresses that
   start with http:// or https:// become links. Nested data (a dict, a list of records) is
   left to the site page, which shows it as a small table. Notes (status, precision and
   *_note properties) are written once as "Vietnamese / English": bilingual() picks the half. */

import { html, join } from "./html.js";
import { format, pickName, truncate } from "./util.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/;
/* An address in a text; quotes and backticks end it (written as escapes). */
const ADDRESS = /https?:\/\/[^\s<>\x22\x27\x60;]+/gi;
/* Longer texts are cut in a popup; the site page shows them whole. */
const POPUP_TEXT = 200;

export function formatNumber(value, lang) {
  return Number(value).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 3 });
}

/* "977,75 ha", but "15%": percentages stick to their number. */
export function withUnit(number, unit) {
  if (!unit) { return number; }
  return unit.charAt(0) === "%" ? number + unit : number + " " + unit;
}

const two = (n) => String(n).padStart(2, "0");

function dayText(y, m, d, lang) {
  return lang === "vi" ? two(d) + "/" + two(m) + "/" + y : d + " " + MONTHS[m - 1].slice(0, 3) + " " + y;
}

/* 31/05/2019 · 05/2019 · 2019 · cuối năm 2018 · theo dữ liệu ngày 26/06/2025 (and English). */
export function formatDate(s, value, precision, lang) {
  const m = PARTIAL_DATE.exec(String(value ?? "").trim());
  if (!m) { return value === null || value === undefined ? "" : String(value); }
  const y = Number(m[1]), month = Number(m[2] || 1), day = Number(m[3] || 1);
  const shown = precision || (m[3] ? "day" : m[2] ? "month" : "year");
  if (shown === "year") { return String(y); }
  if (shown === "end_of_year") { return format(s.fmt_end_of_year, { year: y }); }
  if (shown === "month") { return lang === "vi" ? two(month) + "/" + y : MONTHS[month - 1] + " " + y; }
  const text = dayText(y, month, day, lang);
  return shown === "recorded" ? format(s.fmt_recorded, { date: text }) : text;
}

/* The date of a status, or "chưa rõ ngày / date unknown". */
export function statusWhen(ctx, value, precision) {
  return value ? formatDate(ctx.s, value, precision, ctx.lang) : ctx.s.fmt_date_unknown;
}

/* What separates the halves of a note written "Vietnamese / English"; addresses and dates
   have slashes too, never with a space on each side. */
const BILINGUAL_SEPARATOR = " / ";

/* The half of a "Vietnamese / English" note in the page's language: split at the first
   " / " only, and only when both halves have words; any other text is returned as it is. */
export function bilingual(text, lang) {
  const str = text === null || text === undefined ? "" : String(text);
  const at = str.indexOf(BILINGUAL_SEPARATOR);
  if (at < 0) { return str; }
  const vi = str.slice(0, at).trim();
  const en = str.slice(at + BILINGUAL_SEPARATOR.length).trim();
  if (!vi || !en) { return str; }
  return lang === "en" ? en : vi;
}

/* A property that holds a note ("note", "capacity_note" ...), written "vi / en". */
export function isNote(name) {
  const last = String(name).split(".").pop();
  return last === "note" || last === "possibly_related" || /_note$/.test(last);
}

function link(href, text) {
  const name = text || new URL(href).hostname.replace(/^www\./, "");
  return html`<a href="${href}" rel="noopener noreferrer" title="${href}">${name}</a>`;
}

/* A source as readable text; each http(s) address in it becomes a link named by its site. */
export function citation(text) {
  const str = String(text ?? "");
  const out = [];
  let pos = 0;
  for (const m of str.matchAll(ADDRESS)) {
    const url = m[0].replace(/[.,)\]]+$/, "");
    out.push(str.slice(pos, m.index), link(url));
    pos = m.index + url.length;
  }
  out.push(str.slice(pos));
  return join(out);
}

/* The name to show and, when it differs, the source's own name (a Vietnamese name given by
   the spec to a project the national plan names in English). */
export function displayName(props, lang) {
  const name = pickName(props, lang);
  const source = (props.properties || {}).name_in_source;
  return { name, inSource: source && source !== name ? source : null };
}

function labelOf(ctx, labels, name) {
  if (labels[name]) { return labels[name]; }
  const fallback = ctx.s["field_" + name];
  return Object.keys(labels).length || !fallback ? null : { [ctx.lang]: fallback };
}

function numberValue(ctx, label, name, value) {
  if (label.omit_zero && value === 0) { return null; }
  if (label.link) { return link(label.link.replace("{value}", encodeURIComponent(value)), String(value)); }
  if (/year$/.test(name)) { return String(Math.trunc(value)); }
  return withUnit(formatNumber(value, ctx.lang), (label.unit || {})[ctx.lang]);
}

function textValue(ctx, label, name, value, siblings) {
  const known = (label.values || {})[value];
  if (known) { return known[ctx.lang]; }
  if (label.link) { return link(label.link.replace("{value}", encodeURIComponent(value)), value); }
  if (/date$/.test(name) && PARTIAL_DATE.test(value)) { return formatDate(ctx.s, value, siblings.date_precision, ctx.lang); }
  if (/status$/.test(name) && ctx.cfg.statuses.indexOf(value) >= 0) { return ctx.s["status_" + value]; }
  const text = isNote(name) ? bilingual(value, ctx.lang) : value;
  return text.length > POPUP_TEXT ? truncate(text, POPUP_TEXT) : citation(text);
}

const isEmpty = (v) => v === null || v === undefined || v === "" || typeof v === "boolean";

function listValue(ctx, label, name, items) {
  const kept = items.filter((v) => !isEmpty(v));
  if (kept.some((v) => typeof v === "object")) {
    const names = kept.map((v) => v && (v["name_" + ctx.lang] || v.name_vi || v.name)).filter(Boolean);
    return names.length === kept.length ? names.join(", ") : null;
  }
  return kept.length ? join(kept.map((v) => textValue(ctx, label, name, String(v), {})), ", ") : null;
}

function fieldValue(ctx, label, name, value, siblings) {
  if (isEmpty(value)) { return null; }
  if (Array.isArray(value)) { return listValue(ctx, label, name, value); }
  if (typeof value === "object") { return null; }
  if (typeof value === "number") { return numberValue(ctx, label, name, value); }
  return textValue(ctx, label, name, String(value), siblings);
}

/* The layer's popup fields that have a label and a value worth showing, as <dt>/<dd> pairs. */
export function fieldRows(ctx, props, layer) {
  const labels = layer.labels || {};
  const values = props.properties || {};
  return (layer.popup_fields || []).map((name) => {
    const label = labelOf(ctx, labels, name);
    if (!label) { return null; }
    const value = values[name] ?? values[name + "_" + ctx.lang] ?? values[name + "_vi"];
    const shown = fieldValue(ctx, label, name, value, values);
    return shown === null ? null : html`<dt>${label[ctx.lang]}</dt><dd>${shown}</dd>`;
  }).filter(Boolean);
}
