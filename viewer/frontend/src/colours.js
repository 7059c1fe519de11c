// Colour modes of the fibres (CONTRACT.md "Colour modes"): anatomical (part colours, uniforms)
// or one colour per fibre from the motion payload at the current fractional frame, interpolated
// between key frames like the pose: action (moment arm about one hip axis), stretch (length /
// neutral - 1) or activation (the part's intensity in the running timing table). The colours
// are written into the fibre geometry's per-vertex `aColor` (fibres.js) only in those modes and
// only when the frame, the mode or the motion changed; update() allocates nothing.
// A mode the motion has no data for (activation outside running) draws the anatomical colours;
// the legend (legend.js) says why.
import { Color, SRGBColorSpace } from "three";
import { AXES, DEFAULT_SATURATION, MODES } from "./vocab.js";

export { AXES, MODES }; // AXES is the order of moment_arms[..., i]
const LUT_SIZE = 256;

// sRGB stops from the low end to the high end of each map (diverging maps are centred on 0)
export const MAPS = {
  action: { stops: ["#2166ac", "#d9d9d9", "#c62828"], diverging: true }, // extension/abduction/external .. + warm
  stretch: { stops: ["#5e3c99", "#d9d9d9", "#e66101"], diverging: true }, // shortening .. lengthening
  activation: { stops: ["#d9d9d9", "#ef8a62", "#8b0000"], diverging: false }, // quiet .. fully active
};
export const NO_DATA = "#a9a9a9"; // the legend's bar for a mode the motion has no data for (fibres: anatomical)

function srgbComponents(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => c / 255);
}

/** Linear-RGB lookup table (LUT_SIZE x 3) of a map, interpolated between its stops in sRGB. */
function buildLut(stops) {
  const rgb = stops.map(srgbComponents);
  const lut = new Float32Array(LUT_SIZE * 3);
  const c = new Color();
  for (let i = 0; i < LUT_SIZE; i++) {
    const x = (i / (LUT_SIZE - 1)) * (rgb.length - 1);
    const j = Math.min(Math.floor(x), rgb.length - 2);
    const t = x - j;
    const [a, b] = [rgb[j], rgb[j + 1]];
    c.setRGB(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, SRGBColorSpace);
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

const LUTS = Object.fromEntries(Object.entries(MAPS).map(([k, m]) => [k, buildLut(m.stops)]));

/** CSS linear-gradient of a map, low end on the left (the legend's bar). */
export function cssGradient(mode) {
  return `linear-gradient(to right, ${MAPS[mode].stops.join(", ")})`;
}

/**
 * CSS colour (#rrggbb) of a map at u in [0, 1] (clamped), interpolated between its stops in sRGB
 * like the fibres' lookup table: the legend's timeline draws an intensity in the fibres' colour.
 * @param {string} mode a key of MAPS
 * @param {number} u 0 = low end, 1 = high end
 * @returns {string}
 */
export function mapColour(mode, u) {
  const rgb = MAPS[mode].stops.map(srgbComponents);
  const x = Math.min(Math.max(Number.isFinite(u) ? u : 0, 0), 1) * (rgb.length - 1);
  const j = Math.min(Math.floor(x), rgb.length - 2);
  const t = x - j;
  const hex = (k) => Math.round((rgb[j][k] + (rgb[j + 1][k] - rgb[j][k]) * t) * 255).toString(16).padStart(2, "0");
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

export class FibreColours {
  /** @param {import("./fibres.js").Fibres} fibres */
  constructor(fibres) {
    this.fibres = fibres;
    this.order = fibres.order; // slot -> fibre index
    this.values = new Float32Array(this.order.length).fill(NaN); // per slot, last coloured
    this.mode = "anatomical";
    this.axis = "rotation";
    this.motion = null; // {frames, F, ma, maScale, stretch, stScale, act, P, partOfSlot, sat}
    this.frame = -1;
    this.dirty = true;
  }

  /** Choose the mode and the action axis (unknown names fall back to anatomical / rotation). */
  setMode(mode, axis) {
    const m = MODES.includes(mode) ? mode : "anatomical";
    const a = AXES.includes(axis) ? axis : this.axis;
    if (m === this.mode && a === this.axis) return false;
    this.mode = m;
    this.axis = a;
    this.dirty = true;
    this._colourSource();
    return true;
  }

  /** Per-fibre colours when the mode has data for the motion, else the anatomical part colours. */
  _colourSource() {
    this.fibres.setColorMode(this.mode !== "anatomical" && (!this.motion || this.hasData()));
  }

  /** Take the decoded motion arrays and its index. */
  setMotion(arrays, index) {
    const ma = arrays.moment_arms;
    const st = arrays.stretch;
    const act = arrays.activation;
    const scales = index.scales || {};
    const sat = { ...DEFAULT_SATURATION, ...((index.colour && index.colour.scales) || {}) };
    // slot -> column of the motion's activation table (its parts by id), -1 if absent
    const column = new Map((index.parts || []).map((id, i) => [id, i]));
    const partOfSlot = new Int32Array(this.order.length).fill(-1);
    let s = 0;
    for (const p of this.fibres.parts) {
      const c = column.has(p.id) ? column.get(p.id) : -1;
      for (let j = 0; j < p.fibres.length; j++, s++) partOfSlot[s] = c;
    }
    this.motion = {
      frames: index.frames,
      F: ma ? ma.shape[1] : 0,
      ma: ma ? ma.data : null,
      maScale: scales.moment_arms || 1e-5,
      stretch: st ? st.data : null,
      stScale: scales.stretch || 1e-4,
      act: act ? act.data : null,
      P: act ? act.shape[1] : 0,
      partOfSlot,
      sat,
    };
    this.dirty = true;
    this._colourSource();
  }

  /** Whether the current mode has data for the current motion. */
  hasData() {
    const m = this.motion;
    if (!m || this.mode === "anatomical") return false;
    if (this.mode === "action") return m.ma !== null;
    if (this.mode === "stretch") return m.stretch !== null;
    return m.act !== null;
  }

  /** Saturation of the current map (metres, stretch fraction or intensity). */
  saturation() {
    const sat = this.motion ? this.motion.sat : DEFAULT_SATURATION;
    if (this.mode === "action") return sat.moment_arm_m;
    if (this.mode === "stretch") return sat.stretch;
    return 1;
  }

  /**
   * Recolour the fibres for fractional frame `frame` if anything changed; allocation-free.
   * @returns {boolean} whether the colours were rewritten
   */
  update(frame) {
    if (this.mode === "anatomical" || !this.motion) return false;
    if (!this.dirty && frame === this.frame) return false;
    this.dirty = false;
    this.frame = frame;
    const m = this.motion;
    const n = m.frames;
    const f = Math.min(Math.max(frame, 0), n - 1e-6);
    const i0 = Math.floor(f);
    const i1 = (i0 + 1) % n;
    const t = f - i0;
    const values = this.values;
    const order = this.order;
    const fibres = this.fibres;
    if (!this.hasData()) { // no data for this motion (activation outside running): anatomical colours
      values.fill(NaN);
      fibres.setColorMode(false);
      return true;
    }
    const lut = LUTS[this.mode];
    const diverging = MAPS[this.mode].diverging;
    const sat = this.saturation();
    const a = AXES.indexOf(this.axis);
    for (let s = 0; s < order.length; s++) {
      let v;
      if (this.mode === "action") {
        const k = order[s] * 3 + a;
        const v0 = m.ma[i0 * m.F * 3 + k];
        v = (v0 + (m.ma[i1 * m.F * 3 + k] - v0) * t) * m.maScale;
      } else if (this.mode === "stretch") {
        const k = order[s];
        const v0 = m.stretch[i0 * m.F + k];
        v = (v0 + (m.stretch[i1 * m.F + k] - v0) * t) * m.stScale;
      } else {
        const p = m.partOfSlot[s];
        if (p < 0) {
          v = 0;
        } else {
          const v0 = m.act[i0 * m.P + p];
          v = (v0 + (m.act[i1 * m.P + p] - v0) * t) / 255;
        }
      }
      values[s] = v;
      let u = v / sat;
      if (diverging) u = (u + 1) / 2;
      const i = Math.round(Math.min(Math.max(u, 0), 1) * (LUT_SIZE - 1)) * 3;
      fibres.setSlotColour(s, lut[i], lut[i + 1], lut[i + 2]);
    }
    fibres.commitColours();
    return true;
  }
}
