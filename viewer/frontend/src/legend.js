// The colour legend over the canvas (.gs-legend). In the anatomical mode it is the colour key: one
// row per muscle with a swatch per part in the part colours of the assets index
// (index.parts[].color), rows of muscles not drawn hidden. In the other modes: the map as a bar
// with its two ends named for the chosen axis, where it saturates, and the source line of the mode
// from motion_index.colour.sources, after a badge of its kind (motion_index.colour.kinds: measured,
// model or synthesis). In the activation mode also a compact timeline: one on/off bar per muscle
// over the running cycle (motion_index.colour.activation.rows), the uncertain onsets and offsets
// hatched, each muscle's evidence class as a marker, a key naming the hatching and the markers,
// and the speed line (the cited EMG is from slower running). Collapsible to one line (a toggle button with aria-expanded);
// never more than MAX_AREA of the canvas: its height is capped to fit (scrolling inside) and it
// collapses itself when even its first lines would not fit. Plain DOM, rewritten only when the
// mode, the axis, the motion or the parts drawn change.
import { cssGradient, mapColour, NO_DATA } from "./colours.js";
import { ACTION_AXES, DEFAULT_SATURATION } from "./vocab.js";
import { el } from "./dom.js";

// [negative end (left), positive end (right)] of the moment arm about each axis, and its name
const ACTION_ENDS = Object.fromEntries(ACTION_AXES.map((a) => [a.id, a.ends]));
const AXIS_NAMES = Object.fromEntries(ACTION_AXES.map((a) => [a.id, a.legend]));
/** Largest share of the canvas area a legend may cover (expanded or not). */
export const MAX_AREA = 0.15;
const MIN_BODY_PX = 28; // below this much room for the body the legend collapses itself
const KEY_TITLE = "Muscle colours";

const LEGEND_STYLE = `
.gs-stage .gs-legend { max-width: min(280px, calc(100% - 12px)); padding: 4px 7px; overflow: hidden;
  box-sizing: border-box; }
.gs-stage .gs-legend[hidden], .gs-stage .gs-legend [hidden] { display: none; }
.gs-legend-head { display: flex; align-items: center; gap: 4px; min-width: 0; }
.gs-legend-head .gs-legend-title { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.gs-legend-toggle { flex: 0 0 auto; width: 24px; height: 24px; padding: 0; border: 1px solid #b9bec7;
  border-radius: 4px; background: #fff; color: #222; font: 12px/1 inherit; cursor: pointer; }
.gs-legend-toggle:focus-visible { outline: 2px solid #2f5f9e; outline-offset: 1px; }
.gs-legend-body { overflow-y: auto; }
.gs-legend[data-collapsed="1"] .gs-legend-body { display: none; }
.gs-key-row { display: flex; align-items: center; gap: 6px; margin-top: 3px; white-space: nowrap; }
.gs-key-name { flex: 1 1 auto; }
.gs-key-swatches { display: inline-flex; gap: 2px; }
.gs-key-swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px;
  border: 1px solid rgba(0, 0, 0, 0.25); }
.gs-key-note { margin-top: 2px; color: #555; font-size: 10.5px; }
.gs-kind { display: inline-block; margin-right: 4px; padding: 0 4px; border: 1px solid #8a9099; border-radius: 7px;
  background: #f3f4f6; color: #333; font: 600 9.5px/1.4 system-ui, sans-serif; vertical-align: 1px; }
.gs-legend-timeline { margin-top: 3px; font-size: 10.5px; line-height: 1.25; }
.gs-tl-row { display: flex; align-items: center; gap: 4px; margin-top: 1px; }
.gs-tl-name { flex: 0 0 64px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gs-tl-marker { flex: 0 0 12px; text-align: center; cursor: help; }
.gs-tl-bar { position: relative; flex: 1 1 auto; height: 9px; background: #eceff3;
  border: 1px solid rgba(0, 0, 0, 0.2); border-radius: 2px; overflow: hidden; }
.gs-tl-on, .gs-tl-unc { position: absolute; top: 0; bottom: 0; }
.gs-tl-unc, .gs-tl-hatch { background: repeating-linear-gradient(45deg, #8b0000 0 2px, #f4d6cc 2px 4px); }
.gs-tl-hatch { display: inline-block; width: 14px; height: 8px; vertical-align: -1px;
  border: 1px solid rgba(0, 0, 0, 0.2); }
.gs-tl-axis { display: flex; justify-content: space-between; margin-left: 84px; color: #555; }
.gs-tl-key, .gs-tl-speed { margin-top: 1px; color: #333; }
.gs-tl-speed { color: #555; }
@media (max-width: 560px) {
  .gs-stage .gs-legend { max-width: min(220px, calc(100% - 12px)); }
  .gs-stage .gs-legend-source { -webkit-line-clamp: 1; }
}
`;

const percent = (x) => `${Math.round(x * 100)} %`;
/** What each kind badge means (its title, with the source). */
export const KIND_NAMES = {
  measured: "measured (in cadavers or people)",
  model: "computed by the model",
  synthesis: "the project's synthesis",
};
const DEFAULT_KINDS = { action: "model", stretch: "model", activation: "synthesis" };

/**
 * Pieces of an on-interval over the cycle [0, 1] for the timeline, wrapping intervals split:
 * the certain middle ("on") and the uncertain edges ("unc"), each {kind, from, to} (fractions).
 * @param {{start: number, end: number, onset_uncertainty: number, offset_uncertainty: number}} iv
 * @returns {Array<{kind: string, from: number, to: number}>}
 */
export function timelinePieces(iv) {
  const length = (((iv.end - iv.start) % 1) + 1) % 1;
  const on = Math.max(iv.onset_uncertainty || 0, 0);
  const off = Math.max(iv.offset_uncertainty || 0, 0);
  const spans = [];
  const certain = length - on - off;
  if (certain > 0) spans.push(["on", iv.start + on, iv.start + on + certain]);
  const mid = certain > 0 ? iv.start + on : iv.start + length / 2;
  if (on > 0) spans.push(["unc", iv.start - on, mid]);
  if (off > 0) spans.push(["unc", certain > 0 ? iv.start + length - off : mid, iv.start + length + off]);
  const out = [];
  for (const [kind, a, b] of spans) {
    const a0 = ((a % 1) + 1) % 1;
    const b0 = a0 + (b - a);
    if (b0 <= 1) out.push({ kind, from: a0, to: b0 });
    else out.push({ kind, from: a0, to: 1 }, { kind, from: 0, to: b0 - 1 });
  }
  return out;
}
const layerName = (layer) => {
  const s = layer.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/**
 * What the legend says.
 * @param {string} mode colour mode
 * @param {string} axis action axis
 * @param {object|null} index motion_index
 * @param {boolean} hasData whether the motion carries the mode's array
 * @returns {{title: string, ends: string[], scale: string, source: string, note: string, gradient: string,
 *   kind: string, timeline: object|null}} kind: the source's kind badge; timeline: colour.activation
 */
export function legendText(mode, axis, index, hasData) {
  const colour = (index && index.colour) || {};
  const scales = colour.scales || {};
  const sources = colour.sources || {};
  const source = sources[mode] ? `Source: ${sources[mode]}` : "";
  const kind = source ? (colour.kinds || {})[mode] || DEFAULT_KINDS[mode] || "" : "";
  if (mode === "anatomical") {
    return { title: KEY_TITLE, ends: ["", ""], scale: "", source: "", note: "", gradient: "", kind: "", timeline: null };
  }
  if (mode === "action") {
    const sat = scales.moment_arm_m ?? DEFAULT_SATURATION.moment_arm_m;
    return {
      title: `Action: ${AXIS_NAMES[axis]} moment arm of each fibre`,
      ends: ACTION_ENDS[axis],
      scale: `full colour at \u00B1${Math.round(sat * 1000)} mm`,
      source, note: "", gradient: cssGradient("action"), kind, timeline: null,
    };
  }
  if (mode === "stretch") {
    const sat = scales.stretch ?? DEFAULT_SATURATION.stretch;
    return {
      title: "Stretch: fibre length against its neutral length",
      ends: ["shortening", "lengthening"],
      scale: `full colour at \u00B1${percent(sat)}`,
      source, note: "", gradient: cssGradient("stretch"), kind, timeline: null,
    };
  }
  if (!hasData) {
    return {
      title: "Activation", ends: ["", ""], scale: "",
      source: "",
      note: "No activation data for this motion: the timing table covers running only, "
        + "so the fibres keep their anatomical colours.",
      gradient: NO_DATA, kind: "", timeline: null,
    };
  }
  return {
    title: "Activation: when each part works in the running cycle",
    ends: ["quiet", "fully active"],
    scale: "colour = activity only, not how sure it is",
    source, note: "", gradient: cssGradient("activation"), kind,
    timeline: colour.activation && (colour.activation.rows || []).length ? colour.activation : null,
  };
}

/**
 * The anatomical key's rows: one per muscle layer (superficial to deep), each with its parts'
 * colours (one side: both sides share them) and names without the side.
 * @param {object} assetsIndex the assets index ({parts, layers})
 * @returns {Array<{layer: string, name: string, parts: Array<{type: string, name: string, color: string}>}>}
 */
export function keyRows(assetsIndex) {
  const parts = (assetsIndex && assetsIndex.parts) || [];
  const layers = (assetsIndex && assetsIndex.layers) || [...new Set(parts.map((p) => p.layer))];
  return layers.map((layer) => {
    const seen = new Set();
    const shades = [];
    for (const p of parts) {
      const type = p.id.replace(/_[rl]$/, "");
      if (p.layer !== layer || seen.has(type)) continue;
      seen.add(type);
      shades.push({ type, name: p.name.replace(/ \((right|left)\)$/, ""), color: p.color });
    }
    return { layer, name: layerName(layer), parts: shades };
  }).filter((row) => row.parts.length > 0);
}

let nextId = 0;

export class Legend {
  /** @param {HTMLElement} stage the canvas container */
  constructor(stage) {
    this.stage = stage;
    el("style", "", stage, LEGEND_STYLE);
    this.el = el("div", "gs-legend", stage);
    this.el.hidden = true;
    this.el.setAttribute("role", "group");
    this.el.dataset.collapsed = "0";
    const head = el("div", "gs-legend-head", this.el);
    this.toggle = el("button", "gs-legend-toggle", head, "\u25BE");
    this.toggle.type = "button";
    this.title = el("div", "gs-legend-title", head);
    this.body = el("div", "gs-legend-body", this.el);
    this.body.id = `gs-legend-body-${nextId++}`;
    this.toggle.setAttribute("aria-controls", this.body.id);
    this.key = el("div", "gs-legend-key", this.body);
    this.map = el("div", "gs-legend-map", this.body);
    this.bar = el("div", "gs-legend-bar", this.map);
    const ends = el("div", "gs-legend-ends", this.map);
    this.low = el("span", "gs-legend-low", ends);
    this.zero = el("span", "gs-legend-zero", ends);
    this.high = el("span", "gs-legend-high", ends);
    this.scale = el("div", "gs-legend-scale", this.map);
    this.note = el("div", "gs-legend-note", this.map);
    this.timeline = el("div", "gs-legend-timeline", this.map);
    this.timeline.hidden = true;
    this.source = el("div", "gs-legend-source", this.map);
    this.kind = el("span", "gs-kind", this.source);
    this.sourceText = el("span", "gs-legend-source-text", this.source);
    this._userCollapsed = false; // the user's choice; the fit may collapse it further
    this._autoCollapsed = false;
    this._rows = new Map(); // layer -> row element of the key
    this._visible = null; // visible part ids (null: all)
    /** The legend's box in the stage's CSS pixels {x, y, w, h} (w = 0 while hidden); kept by a ResizeObserver. */
    this.box = { x: 0, y: 0, w: 0, h: 0 };
    this.toggle.addEventListener("click", () => {
      this._userCollapsed = !this.collapsed;
      this._autoCollapsed = false;
      this._applyCollapsed();
      this.fit();
    });
    this._observer = new ResizeObserver(() => this.fit());
    this._observer.observe(stage);
    this._observer.observe(this.el);
    this._applyCollapsed();
  }

  /** Whether only the title line shows. */
  get collapsed() {
    return this._userCollapsed || this._autoCollapsed;
  }

  _applyCollapsed() {
    const c = this.collapsed;
    this.el.dataset.collapsed = c ? "1" : "0";
    this.toggle.setAttribute("aria-expanded", c ? "false" : "true");
    this.toggle.textContent = c ? "\u25B8" : "\u25BE";
    const what = this.el.dataset.mode === "anatomical" ? "colour key" : "legend";
    this.toggle.setAttribute("aria-label", c ? `Show the ${what}` : `Hide the ${what}`);
  }

  /** Build the anatomical key from the assets index (once per assets). */
  setParts(assetsIndex) {
    this.key.replaceChildren();
    this._rows.clear();
    for (const row of keyRows(assetsIndex)) {
      const r = el("div", "gs-key-row", this.key);
      r.dataset.layer = row.layer;
      el("span", "gs-key-name", r, row.name);
      const swatches = el("span", "gs-key-swatches", r);
      for (const part of row.parts) {
        const s = el("span", "gs-key-swatch", swatches);
        s.dataset.part = part.type;
        s.dataset.color = part.color;
        s.style.background = part.color;
        s.title = part.name;
        s.setAttribute("role", "img");
        s.setAttribute("aria-label", part.name);
      }
      this._rows.set(row.layer, r);
    }
    const note = el("div", "gs-key-note", this.key, "Parts, light to dark: anterior (maximus: superior) to posterior (inferior)");
    note.title = "Part shades from viewer/palette.py";
    this._applyVisible();
    this.fit();
  }

  /** Hide the key's rows of muscles with no part drawn (`ids` null: all drawn). */
  setVisibleParts(ids) {
    const shown = ids ? new Set(ids) : null;
    const key = shown ? [...shown].sort().join(",") : "*";
    if (key === this._visibleKey) return; // called on every layer change (hover too): rebuild on change only
    this._visibleKey = key;
    this._visible = shown;
    this._applyVisible();
    this.fit();
  }

  _applyVisible() {
    for (const row of this._rows.values()) {
      const types = [...row.querySelectorAll(".gs-key-swatch")].map((s) => s.dataset.part);
      row.hidden = this._visible !== null && !types.some((t) => this._visible.has(`${t}_r`) || this._visible.has(`${t}_l`));
      row.dataset.shown = row.hidden ? "0" : "1";
    }
  }

  /** Show the legend of `mode`: the colour key for "anatomical", else the colour map. */
  set(mode, axis, index, hasData) {
    this.el.hidden = false;
    this.el.dataset.mode = mode;
    const anatomical = mode === "anatomical";
    this.key.hidden = !anatomical;
    this.map.hidden = anatomical;
    const t = legendText(mode, axis, index, hasData);
    this.title.textContent = t.title;
    this.el.setAttribute("aria-label", anatomical ? "Colour key of the muscles" : "Colour legend");
    this._applyCollapsed();
    if (!anatomical) {
      this.bar.style.background = t.gradient;
      [this.low.textContent, this.high.textContent] = t.ends;
      this.zero.textContent = mode === "activation" || !hasData ? "" : "0";
      this.scale.textContent = t.scale;
      this.note.textContent = t.note;
      this.note.hidden = !t.note;
      this.kind.textContent = t.kind;
      this.kind.dataset.kind = t.kind;
      this.kind.hidden = !t.kind;
      this.kind.title = t.kind ? `${KIND_NAMES[t.kind] || t.kind}: ${t.source.replace(/^Source: /, "")}` : "";
      this.sourceText.textContent = t.source;
      this.source.title = t.source;
      this.source.hidden = !t.source;
      this._setTimeline(t.timeline);
    }
    this.fit();
  }

  /** The activation timeline: an on/off bar per muscle, uncertain edges hatched, evidence markers. */
  _setTimeline(data) {
    this.timeline.replaceChildren();
    this.timeline.hidden = !data;
    if (!data) return;
    const classes = data.classes || {};
    const used = [];
    const heading = el("div", "gs-tl-axis", this.timeline);
    el("span", "", heading, "0 % foot strike");
    el("span", "", heading, "100 %");
    for (const row of data.rows) {
      const r = el("div", "gs-tl-row", this.timeline);
      r.dataset.layer = row.layer;
      r.dataset.evidence = row.evidence;
      el("span", "gs-tl-name", r, row.name.replace(/^Gluteus /, "G. "));
      const cls = classes[row.evidence] || { label: row.evidence, marker: "?", note: "" };
      if (!used.includes(row.evidence)) used.push(row.evidence);
      const marker = el("span", "gs-tl-marker", r, cls.marker);
      marker.title = `${row.name}: ${cls.label}. ${cls.note}`.trim();
      marker.setAttribute("role", "img");
      marker.setAttribute("aria-label", `evidence: ${cls.label}`);
      const bar = el("span", "gs-tl-bar", r);
      bar.setAttribute("role", "img");
      const words = [];
      for (const iv of row.intervals) {
        for (const piece of timelinePieces(iv)) {
          const seg = el("span", piece.kind === "on" ? "gs-tl-on" : "gs-tl-unc", bar);
          seg.style.left = `${(piece.from * 100).toFixed(2)}%`;
          seg.style.width = `${((piece.to - piece.from) * 100).toFixed(2)}%`;
          if (piece.kind === "on") seg.style.background = mapColour("activation", iv.intensity);
        }
        words.push(`on ${percent(iv.start)} to ${percent(iv.end)} of the cycle, edges uncertain by `
          + `\u00B1${percent(iv.onset_uncertainty)} and \u00B1${percent(iv.offset_uncertainty)}`);
      }
      bar.setAttribute("aria-label", `${row.name}: ${words.join("; ")}`);
      bar.title = `${row.name}: ${words.join("; ")} (${cls.label})`;
    }
    const key = el("div", "gs-tl-key", this.timeline);
    el("span", "gs-tl-hatch", key);
    el("span", "", key, " hatched: timing uncertain");
    const evidence = el("div", "gs-tl-key gs-tl-evidence-key", this.timeline);
    for (const [n, id] of used.entries()) {
      const cls = classes[id] || { label: id, marker: "?" };
      const item = el("span", "gs-tl-evidence", evidence, `${n ? " \u00B7 " : ""}${cls.marker} ${cls.label}`);
      item.dataset.evidence = id;
      item.title = cls.note || cls.label;
    }
    if (data.speed_line) {
      const speed = el("div", "gs-tl-speed", this.timeline, data.speed_line);
      speed.title = data.speed_note || data.speed_line;
    }
  }

  /**
   * Keep the legend within MAX_AREA of the stage: cap the body's height to what the share
   * leaves after the title line, collapse (until the user expands it again) when that is too
   * little. Then remember the box (the landmark labels keep out of it).
   */
  fit() {
    const W = this.stage.clientWidth;
    const H = this.stage.clientHeight;
    if (this.el.hidden || W === 0 || H === 0) {
      this.box.w = 0;
      return;
    }
    const width = this.el.offsetWidth || 1;
    const budget = Math.floor((MAX_AREA * W * H) / width); // total height allowed at this width
    const head = this.el.firstChild.offsetHeight + 10; // title line + padding and borders
    const room = budget - head;
    if (!this._userCollapsed) {
      const auto = room < MIN_BODY_PX;
      if (auto !== this._autoCollapsed) {
        this._autoCollapsed = auto;
        this._applyCollapsed();
      }
    }
    this.body.style.maxHeight = `${Math.max(0, room)}px`;
    this.el.style.maxHeight = `${Math.max(head, budget)}px`;
    this.box.x = this.el.offsetLeft;
    this.box.y = this.el.offsetTop;
    this.box.w = this.el.offsetWidth;
    this.box.h = this.el.offsetHeight;
  }

  dispose() {
    this._observer.disconnect();
  }
}
