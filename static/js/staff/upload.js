/* The upload page: a drop zone (drag and drop, or click / Enter / Space to choose a file)
   and an upload by XMLHttpRequest with a progress bar (bytes and %). The server answers
   {next} (the mapping page) or a 4xx with {error, message}, shown in place.

   Reads the form's data-max-bytes and data-accepted, and the strings in #upload-strings. */

import { byId, format, formatBytes, readData } from "./common.js";

const form = byId("upload-form");
const zone = byId("drop-zone");
const input = byId("upload-file");
const layer = byId("upload-layer");
const bar = byId("upload-progress");
const barText = byId("upload-progress-text");
const errorBox = byId("upload-error");
const status = byId("upload-status");
const s = readData("upload-strings");
const maxBytes = Number(form.getAttribute("data-max-bytes"));
const accepted = form.getAttribute("data-accepted").split(",");
let chosen = null;

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
}

function problem(file) {
  const name = file.name.toLowerCase();
  if (!accepted.some((ext) => name.endsWith(ext))) {
    return format(s.badType, { name: file.name, accepted: accepted.join(", ") });
  }
  if (file.size > maxBytes) {
    return format(s.tooLarge, { name: file.name, limit: formatBytes(maxBytes, s.lang) });
  }
  return "";
}

function choose(file) {
  chosen = file || null;
  showError(file ? problem(file) : "");
  byId("drop-chosen").textContent = file
    ? format(s.chosen, { name: file.name, size: formatBytes(file.size, s.lang) }) : "";
  zone.classList.toggle("st-drop-ready", Boolean(file));
}

function progress(sent, total) {
  const percent = total ? Math.floor((sent / total) * 100) : 0;
  bar.value = percent;
  barText.textContent = format(s.progress, {
    sent: formatBytes(sent, s.lang), total: formatBytes(total, s.lang), percent
  });
}

function busy(on) {
  byId("upload-progress-box").hidden = !on;
  byId("upload-submit").disabled = on;
  form.setAttribute("aria-busy", on ? "true" : "false");
}

function finished(xhr) {
  let body = null;
  try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
  if (xhr.status >= 200 && xhr.status < 300 && body && body.next) {
    status.textContent = s.done;
    window.location.assign(body.next);
    return;
  }
  busy(false);
  showError((body && body.message) || s.network);
}

function send() {
  const data = new FormData(form);
  data.set("file", chosen, chosen.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("Accept", "application/json");
  xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
  xhr.upload.addEventListener("progress", (e) => progress(e.loaded, e.lengthComputable ? e.total : chosen.size));
  xhr.addEventListener("load", () => finished(xhr));
  xhr.addEventListener("error", () => { busy(false); showError(s.network); });
  busy(true);
  progress(0, chosen.size);
  xhr.send(data);
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!layer.value) { showError(s.noLayer); layer.focus(); return; }
  if (!chosen) { showError(s.noFile); zone.focus(); return; }
  const why = problem(chosen);
  if (why) { showError(why); return; }
  send();
});

input.addEventListener("change", () => choose(input.files[0]));
zone.addEventListener("click", (e) => { if (e.target !== input && e.target.tagName !== "LABEL") { input.click(); } });
zone.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
});
["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (e) => {
  e.preventDefault();
  zone.classList.add("st-drop-over");
}));
["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("st-drop-over")));
zone.addEventListener("drop", (e) => {
  e.preventDefault();
  const file = e.dataTransfer.files[0];
  if (file) { choose(file); }
});
zone.classList.add("st-drop-js");
