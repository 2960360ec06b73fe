/* The editing page's two forms for the selected feature: attributes (checked by the
   server against the layer spec; its message is shown under the form) and a new status
   (status, effective date as day / month / year, note, source). A new feature just drawn
   uses the attribute form too, with the location's source and licence, and is created when
   it is saved. A feature's current values come with it from the editor's GeoJSON
   (properties.form). */

import { byId, format, requestJSON } from "./common.js";

const fill = (template, key) => template.replace("{key}", encodeURIComponent(key));

export class FeatureForms {
  /* config: the page's config; say(text, kind): announce; onSaved(key, answer, fields). */
  constructor(config, say, onSaved) {
    this.config = config;
    this.s = config.strings;
    this.say = say;
    this.onSaved = onSaved;
    this.box = byId("feature-box");
    this.attributes = byId("attribute-form");
    this.status = byId("status-form");
    this.current = null; /* {key, name} or {geometry} for a new feature */
    this.attributes.addEventListener("submit", (e) => { e.preventDefault(); this.saveAttributes(); });
    this.status.addEventListener("submit", (e) => { e.preventDefault(); this.saveStatus(); });
    byId("feature-close").addEventListener("click", () => this.close());
  }

  field(name) { return this.attributes.elements.namedItem(name); }

  values() {
    const out = {};
    this.config.fields.forEach((name) => { out[name] = this.field(name).value.trim(); });
    return out;
  }

  show(title, key) {
    this.box.hidden = false;
    byId("new-provenance").hidden = Boolean(key);
    byId("feature-h").textContent = title;
    byId("feature-key").textContent = key || "";
    this.error("attribute-error", "");
    this.error("status-error", "");
    this.status.hidden = !key;
    byId("feature-h").focus();
  }

  /* feature: a GeoJSON feature of the editor's collection. */
  open(feature) {
    const p = feature.properties;
    this.current = { key: p.key, name: p.name_vi, feature };
    this.attributes.reset();
    this.status.reset();
    this.show(p.name_vi || p.key, p.key);
    const values = p.form || {};
    this.config.fields.forEach((n) => { this.field(n).value = values[n] ?? ""; });
  }

  openNew(geometry, onCancel) {
    this.current = { geometry, onCancel };
    this.attributes.reset();
    this.show(this.s.ed_new_feature, "");
    this.field("name_vi").focus();
  }

  close() {
    if (this.current && this.current.onCancel) { this.current.onCancel(); }
    this.current = null;
    this.box.hidden = true;
  }

  error(id, text) {
    const element = byId(id);
    element.textContent = text;
    element.hidden = !text;
  }

  async saveAttributes() {
    const fields = this.values();
    if (!fields.name_vi) { this.error("attribute-error", this.s.ed_required); this.field("name_vi").focus(); return; }
    const routes = this.config.routes;
    const current = this.current;
    const creating = !current.key;
    const url = creating ? routes.create : fill(routes.edit, current.key);
    const body = creating ? this.creation(fields, current.geometry) : { fields };
    if (creating && !body.source) { this.error("attribute-error", this.s.ed_required); this.field("source").focus(); return; }
    this.say(this.s.ed_saving, "info");
    try {
      const answer = await requestJSON(url, body, this.s.ed_network);
      this.error("attribute-error", "");
      const key = answer.key || current.key;
      if (current.feature) { current.feature.properties.form = fields; current.feature.properties.name_vi = fields.name_vi; }
      this.current = { key, name: fields.name_vi, feature: current.feature };
      const message = creating ? this.s.ed_created : this.s.ed_saved;
      this.say(format(message, { name: fields.name_vi, version: answer.version ?? "" }), "success");
      this.onSaved(key, answer, fields, creating);
      this.show(fields.name_vi, key);
    } catch (err) {
      this.error("attribute-error", err.message);
      this.say(format(this.s.ed_error, { message: err.message }), "error");
    }
  }

  creation(fields, geometry) {
    return { fields, geometry, source: this.field("source").value.trim(), licence: this.field("licence").value.trim() };
  }

  async saveStatus() {
    const data = Object.fromEntries(new FormData(this.status).entries());
    if (!data.status || !data.source.trim()) { this.error("status-error", this.s.ed_required); return; }
    const key = this.current.key;
    try {
      await requestJSON(fill(this.config.routes.status, key), data, this.s.ed_network);
      this.error("status-error", "");
      const label = this.s["status_" + data.status] || data.status;
      this.say(format(this.s.ed_status_saved, { status: label, name: this.current.name || key }), "success");
      this.status.elements.namedItem("note").value = "";
    } catch (err) {
      this.error("status-error", err.message);
      this.say(format(this.s.ed_error, { message: err.message }), "error");
    }
  }
}
