// The colour legend over the canvas (.gs-legend). In the anatomical mode it is the colour key: one
// row per muscle with a swatch per part in the part colours of the assets index
// (index.parts[].color), rows of muscles not drawn hidden. In the other modes: the map as a bar
// with its two ends named for the chosen axis, where it saturates, and the source line of the mode
// from motion_index.colour.sources. Collapsible to one line (a toggle button with aria-expanded);
// never more than MAX_AREA of the canvas: its height is capped to fit (scrolling inside) and it
// collapses itself when even its first lines would not fit. Plain DOM, rewritten only when the
// mode, the axis, the motion or the parts drawn change.
import { cssGradient, NO_DATA } from "./colours.js";
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
@media (max-width: 560px) {
  .gs-stage .gs-legend { max-width: min(220px, calc(100% - 12px)); }
  .gs-stage .gs-legend-source { -webkit-line-clamp: 1; }
}
`;

const percent = (x) => `${Math.round(x * 100)} %`;
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
 * @returns {{title: string, ends: string[], scale: string, source: string, note: string, gradient: string}}
 */
export function legendText(mode, axis, index, hasData) {
  const colour = (index && index.colour) || {};
  const scales = colour.scales || {};
  const sources = colour.sources || {};
  const source = sources[mode] ? `Source: ${sources[mode]}` : "";
  if (mode === "anatomical") {
    return { title: KEY_TITLE, ends: ["", ""], scale: "", source: "", note: "", gradient: "" };
  }
  if (mode === "action") {
    const sat = scales.moment_arm_m ?? DEFAULT_SATURATION.moment_arm_m;
    return {
      title: `Action: ${AXIS_NAMES[axis]} moment arm of each fibre`,
      ends: ACTION_ENDS[axis],
      scale: `full colour at \u00B1${Math.round(sat * 1000)} mm`,
      source, note: "", gradient: cssGradient("action"),
    };
  }
  if (mode === "stretch") {
    const sat = scales.stretch ?? DEFAULT_SATURATION.stretch;
    return {
      title: "Stretch: fibre length against its neutral length",
      ends: ["shortening", "lengthening"],
      scale: `full colour at \u00B1${percent(sat)}`,
      source, note: "", gradient: cssGradient("stretch"),
    };
  }
  if (!hasData) {
    return {
      title: "Activation", ends: ["", ""], scale: "",
      source: "",
      note: "No activation data for this motion: the timing table covers running only, "
        + "so the fibres keep their anatomical colours.",
      gradient: NO_DATA,
    };
  }
  return {
    title: "Activation: when each part works in the running cycle",
    ends: ["quiet", "fully active"],
    scale: "full colour at intensity 1",
    source, note: "", gradient: cssGradient("activation"),
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
    this.source = el("div", "gs-legend-source", this.map);
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
      this.source.textContent = t.source;
      this.source.title = t.source;
      this.source.hidden = !t.source;
    }
    this.fit();
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
