// The colour legend over the canvas (.gs-legend, hidden in the anatomical mode): the mode,
// the map as a bar with its two ends named for the chosen axis, where it saturates, and the
// source line of the mode from motion_index.colour.sources. Plain DOM, rewritten only when the
// mode, the axis or the motion changes.
import { cssGradient, NO_DATA } from "./colours.js";
import { ACTION_AXES, DEFAULT_SATURATION } from "./vocab.js";

// [negative end (left), positive end (right)] of the moment arm about each axis, and its name
const ACTION_ENDS = Object.fromEntries(ACTION_AXES.map((a) => [a.id, a.ends]));
const AXIS_NAMES = Object.fromEntries(ACTION_AXES.map((a) => [a.id, a.legend]));

function el(tag, className, parent) {
  const e = document.createElement(tag);
  e.className = className;
  parent.appendChild(e);
  return e;
}

const percent = (x) => `${Math.round(x * 100)} %`;

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

export class Legend {
  /** @param {HTMLElement} stage the canvas container */
  constructor(stage) {
    this.el = el("div", "gs-legend", stage);
    this.el.hidden = true;
    this.title = el("div", "gs-legend-title", this.el);
    this.bar = el("div", "gs-legend-bar", this.el);
    const ends = el("div", "gs-legend-ends", this.el);
    this.low = el("span", "gs-legend-low", ends);
    this.zero = el("span", "gs-legend-zero", ends);
    this.high = el("span", "gs-legend-high", ends);
    this.scale = el("div", "gs-legend-scale", this.el);
    this.note = el("div", "gs-legend-note", this.el);
    this.source = el("div", "gs-legend-source", this.el);
  }

  /** Show the legend of `mode` (hidden for "anatomical"). */
  set(mode, axis, index, hasData) {
    this.el.hidden = mode === "anatomical";
    this.el.dataset.mode = mode;
    if (this.el.hidden) return;
    const t = legendText(mode, axis, index, hasData);
    this.title.textContent = t.title;
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
}
