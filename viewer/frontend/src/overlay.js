// The transport bar under the canvas and the view buttons over it (the camera presets and full
// screen, fullscreen.js): play/pause, scrub slider,
// speed, loop, fibre colour mode and action axis, a phase strip with previous/next phase buttons (motions with phases), and a
// live readout of both hips' angles after a badge of their kind (motion_index.joints_kind: measured,
// model or synthesis; its title names the source). Each phase button's title and accessible
// description is its definition (motion_index.phases[i].definition). Plain DOM; it calls hooks and never touches the model.
// update() is cheap: it only rewrites text that changed.
import { FullscreenButton } from "./fullscreen.js";
import { phaseStartFrame } from "./phases.js";
import { STYLE } from "./style.js";
import { ACTION_AXES, CAMERA_PRESETS, COLOUR_MODES, SPEEDS } from "./vocab.js";

const VIEWS = CAMERA_PRESETS.map((p) => [p.id, p.short, p.label]);
const HIP = ACTION_AXES.map((a) => [a.id, a.readout]);
const SWEEP_SECTIONS = 4;
const KIND_NAMES = { measured: "measured (in people)", model: "computed by the model", synthesis: "the project's synthesis" };
const KIND_STYLE = `.gs-readout .gs-kind { display: inline-block; margin-right: 4px; padding: 0 4px;
  border: 1px solid #8a9099; border-radius: 7px; background: #f3f4f6; color: #333;
  font: 600 9.5px/1.4 system-ui, sans-serif; }`;
let nextId = 0; // [ and ] step through quarters of a motion without phases

function el(tag, className, parent, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

export class Overlay {
  /**
   * @param {HTMLElement} root component root (gets the bar appended; what goes full screen)
   * @param {HTMLElement} stage the canvas container (gets the view buttons)
   * @param {object} hooks onPlayToggle(), onScrub(frame), onScrubEnd(frame), onSpeed(s), onLoop(b), onView(name),
   *   onColorMode(mode), onActionAxis(axis)
   */
  constructor(root, stage, hooks) {
    this.hooks = hooks;
    el("style", "", root, STYLE);
    el("style", "", root, KIND_STYLE);
    this._uid = nextId++;
    const views = el("div", "gs-views", stage);
    views.setAttribute("role", "group");
    views.setAttribute("aria-label", "camera views");
    for (const [name, label, title] of VIEWS) {
      const b = el("button", "gs-btn", views, label);
      b.type = "button";
      b.title = `${title} view`;
      b.setAttribute("aria-label", `${title} view`); // a camera preset: an action, not a toggle
      b.dataset.view = name;
      b.addEventListener("click", () => hooks.onView(name));
    }
    this.fullscreen = new FullscreenButton(views, root);
    const bar = el("div", "gs-bar", root);
    this.bar = bar;
    const transport = el("div", "gs-row", bar);
    this.playBtn = el("button", "gs-btn gs-play", transport, "\u25B6");
    this.playBtn.type = "button";
    this.playBtn.setAttribute("aria-label", "play"); // a toggle: one name, not its glyph; pressed while playing
    this.playBtn.setAttribute("aria-pressed", "false");
    this.playBtn.addEventListener("click", () => hooks.onPlayToggle());
    this.slider = el("input", "gs-slider", transport);
    Object.assign(this.slider, { type: "range", min: "0", max: "0", step: "0.01", value: "0" });
    this.slider.setAttribute("aria-label", "frame");
    this.slider.addEventListener("input", () => hooks.onScrub(Number(this.slider.value)));
    this.slider.addEventListener("change", () => hooks.onScrubEnd(Number(this.slider.value)));
    this.timeLabel = el("span", "gs-time", transport, "");
    this.speedSel = el("select", "gs-speed", transport);
    this.speedSel.title = "speed";
    this.speedSel.setAttribute("aria-label", "speed");
    for (const s of SPEEDS) el("option", "", this.speedSel, `${s}\u00D7`).value = String(s);
    this.speedSel.value = "1";
    this.speedSel.addEventListener("change", () => hooks.onSpeed(Number(this.speedSel.value)));
    const loopLabel = el("label", "gs-loop", transport);
    this.loopBox = el("input", "", loopLabel);
    this.loopBox.type = "checkbox";
    this.loopBox.checked = true;
    el("span", "", loopLabel, "loop");
    this.loopBox.addEventListener("change", () => hooks.onLoop(this.loopBox.checked));
    this.colorSel = el("select", "gs-color", transport);
    this.colorSel.title = "fibre colour";
    this.colorSel.setAttribute("aria-label", "fibre colour");
    for (const { id, short } of COLOUR_MODES) el("option", "", this.colorSel, short).value = id;
    this.colorSel.addEventListener("change", () => hooks.onColorMode(this.colorSel.value));
    this.axisSel = el("select", "gs-axis", transport);
    this.axisSel.title = "moment arm shown by the action colours";
    this.axisSel.setAttribute("aria-label", "action axis");
    for (const { id, short } of ACTION_AXES) el("option", "", this.axisSel, short).value = id;
    this.axisSel.value = "rotation";
    this.axisSel.hidden = true;
    this.axisSel.addEventListener("change", () => hooks.onActionAxis(this.axisSel.value));

    this.phaseRow = el("div", "gs-row gs-phases", bar);
    this.prevBtn = el("button", "gs-btn", this.phaseRow, "\u25C0");
    this.prevBtn.title = "previous phase";
    this.prevBtn.type = "button";
    this.prevBtn.setAttribute("aria-label", "previous phase");
    this.strip = el("div", "gs-strip", this.phaseRow);
    this.nextBtn = el("button", "gs-btn", this.phaseRow, "\u25B6");
    this.nextBtn.title = "next phase";
    this.nextBtn.type = "button";
    this.nextBtn.setAttribute("aria-label", "next phase");
    this.prevBtn.addEventListener("click", () => this._stepPhase(-1));
    this.nextBtn.addEventListener("click", () => this._stepPhase(1));
    this.readout = el("div", "gs-readout", bar);
    this.readout.title = "hip angles (degrees): + flexion, + adduction, + internal rotation";
    this.readoutKind = el("span", "gs-kind", this.readout, "");
    this.readoutKind.hidden = true;
    this._readoutSpans = [el("span", "", this.readout, ""), el("span", "", this.readout, "")];
    this.motion = null;
    this._segments = [];
    this._current = -1;
    this._right = "";
    this._left = "";
  }

  /** Take a new motion (its index): slider range, phase strip, readout joints. */
  setMotion(index) {
    this.motion = index;
    const n = index.frames;
    this.slider.max = String(Math.max(n - 1, 0));
    this.strip.replaceChildren();
    this._segments = [];
    this._current = -1;
    const phases = index.phases || [];
    this.phaseRow.hidden = phases.length === 0;
    const kind = index.joints_kind || "";
    this.readoutKind.textContent = kind;
    this.readoutKind.dataset.kind = kind;
    this.readoutKind.hidden = !kind;
    this.readoutKind.title = kind ? `${KIND_NAMES[kind] || kind}: ${index.source || ""}`.trim() : "";
    for (const [i, p] of phases.entries()) {
      const seg = el("button", "gs-seg", this.strip, p.name);
      seg.type = "button";
      seg.style.flexGrow = String(Math.max(p.end - p.start, 0.01));
      seg.title = p.definition || `${p.name} (${Math.round(p.start * 100)}-${Math.round(p.end * 100)} % of the cycle)`;
      seg.dataset.phase = p.id;
      if (p.definition) { // read after the name by screen readers (aria-describedby may point at hidden text)
        const desc = el("span", "gs-seg-def", this.strip, p.definition);
        desc.id = `gs-phase-def-${this._uid}-${i}`;
        desc.hidden = true;
        seg.setAttribute("aria-describedby", desc.id);
      }
      seg.addEventListener("click", () => this._goPhase(i));
      this._segments.push(seg);
    }
  }

  /** Phase (0..1) at fractional frame f, from the motion's evenly spaced samples. */
  phaseAt(f) {
    const m = this.motion;
    const n = m.frames;
    const p0 = m.phase && m.phase.length ? m.phase[0] : 0;
    return (((p0 + f / n) % 1) + 1) % 1;
  }

  _frameOfPhase(p) {
    const m = this.motion;
    const p0 = m.phase && m.phase.length ? m.phase[0] : 0;
    return phaseStartFrame(p, m.frames, p0); // the phase's first key frame: its sentence names the phase
  }

  _phaseIndex(f) {
    const p = this.phaseAt(f) + 1e-6; // a phase's own start frame belongs to it despite rounding
    const phases = this.motion.phases;
    for (let i = phases.length - 1; i >= 0; i--) if (p >= phases[i].start) return i;
    return 0;
  }

  _goPhase(i) {
    const f = this._frameOfPhase(this.motion.phases[i].start);
    this.hooks.onScrub(f);
    this.hooks.onScrubEnd(f);
  }

  /** The index of the current phase (-1 without phases). */
  get currentPhase() {
    return this._current;
  }

  /** Step to the previous/next phase start, or quarter of the motion when it has no phases. */
  stepSection(dir) {
    if (!this.motion) return;
    if ((this.motion.phases || []).length) this._stepPhase(dir);
    else this._stepQuarter(dir);
  }

  _stepQuarter(dir) {
    const n = this.motion.frames;
    if (n < 2) return;
    const f = Number(this.slider.value);
    const starts = Array.from({ length: SWEEP_SECTIONS }, (_, i) => Math.round((i * n) / SWEEP_SECTIONS));
    let target;
    if (dir > 0) {
      target = starts.find((s) => s > f + 0.5) ?? starts[0];
    } else {
      const before = starts.filter((s) => s < f - 0.5); // at a start: go back one
      target = before.length ? before[before.length - 1] : starts[starts.length - 1];
    }
    this.hooks.onScrub(target);
    this.hooks.onScrubEnd(target);
  }

  _stepPhase(dir) {
    const phases = this.motion && this.motion.phases;
    if (!phases || phases.length === 0) return;
    const f = Number(this.slider.value);
    let i = this._phaseIndex(f);
    const atStart = f < this._frameOfPhase(phases[i].start) + 0.5; // on (or before) the frame a jump lands on
    if (dir > 0) i = (i + 1) % phases.length;
    else if (atStart) i = (i - 1 + phases.length) % phases.length; // at a start: go back one
    this._goPhase(i);
  }

  setPlaying(playing) {
    this.playBtn.textContent = playing ? "\u275A\u275A" : "\u25B6";
    this.playBtn.title = playing ? "pause" : "play";
    this.playBtn.setAttribute("aria-pressed", playing ? "true" : "false");
  }

  setSpeed(speed) {
    const value = String(speed);
    if (![...this.speedSel.options].some((o) => o.value === value)) {
      el("option", "", this.speedSel, `${speed}\u00D7`).value = value; // a speed set from Python
    }
    this.speedSel.value = value;
  }

  setLoop(loop) {
    this.loopBox.checked = Boolean(loop);
  }

  /** Show the colour mode and the action axis (the axis select only in the action mode). */
  setColorMode(mode, axis) {
    this.colorSel.value = mode;
    this.axisSel.value = axis;
    this.axisSel.hidden = mode !== "action";
  }

  /** Show fractional frame `f`: slider, time, current phase, hip angles. */
  update(f) {
    const m = this.motion;
    if (!m) return;
    this.slider.value = String(f);
    const t = (f / m.frames) * m.duration_s;
    const time = `${t.toFixed(2)} s`;
    if (this.timeLabel.textContent !== time) this.timeLabel.textContent = time;
    if (this._segments.length) {
      const i = this._phaseIndex(f);
      if (i !== this._current) {
        if (this._current >= 0) this._segments[this._current].classList.remove("gs-current");
        this._segments[i].classList.add("gs-current");
        this._current = i;
      }
    }
    const [right, left] = this._readout(f);
    if (right !== this._right) this._right = this._readoutSpans[0].textContent = right;
    if (left !== this._left) this._left = this._readoutSpans[1].textContent = left;
  }

  _readout(f) {
    const joints = this.motion.joints_deg || {};
    const n = this.motion.frames;
    const i0 = Math.floor(f) % n;
    const i1 = (i0 + 1) % n;
    const t = f - Math.floor(f);
    const sides = [];
    for (const [side, label] of [["r", "Right hip"], ["l", "Left hip"]]) {
      const parts = [];
      for (const [coord, short] of HIP) {
        const a = joints[`hip_${coord}_${side}`];
        const v = a ? a[i0] + (a[i1] - a[i0]) * t : 0;
        parts.push(`${short} ${v >= 0 ? "+" : "\u2212"}${Math.abs(v).toFixed(0).padStart(2, "\u2007")}\u00B0`);
      }
      sides.push(`${label}: ${parts.join("  ")}`);
    }
    return sides;
  }
}
