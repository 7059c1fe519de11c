// The orientation marker: a small axis triad in a corner of the view with the body's directions,
// L R (patient's left and right), A P (anterior, posterior) and S (superior), turned with the
// camera. The body's axes in the ground frame (renderer.js, viewer/anatomy/meshes.py): x anterior,
// y superior, z the patient's right (the `_r` bodies, e.g. femur_r, lie at +z). Each axis is
// turned into the camera's frame with the camera's inverse rotation; x right and y up on the screen,
// z towards the viewer. Plain DOM (an SVG and five letters), updated only when the camera's
// rotation changes; nothing is allocated per drawn frame but the style strings of a moved marker.
import { Quaternion, Vector3 } from "three";
import { el } from "./dom.js";

const SIZE = 76; // px, the marker's box
const REACH = 0.36; // letter distance from the centre, share of SIZE
const LINE = 0.28; // axis half length, share of SIZE
// [letter, world direction, axis index (0 A-P, 1 S, 2 R-L), name for the text alternative]
const ENDS = [
  ["R", [0, 0, 1], 2, "the body's right"],
  ["L", [0, 0, -1], 2, "the body's left"],
  ["A", [1, 0, 0], 0, "anterior"],
  ["P", [-1, 0, 0], 0, "posterior"],
  ["S", [0, 1, 0], 1, "superior"],
];
const AXIS_COLOURS = ["#2e7d32", "#37474f", "#1f5fa8"]; // A-P green, S slate, R-L blue
const INFERIOR = "inferior";

const MARKER_STYLE = `
.gs-orient { position: absolute; right: 6px; bottom: 6px; width: ${SIZE}px; height: ${SIZE}px;
  pointer-events: none; z-index: 1; border-radius: 50%; background: rgba(255, 255, 255, 0.55); }
.gs-orient svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; }
.gs-orient-letter { position: absolute; left: 0; top: 0; width: 16px; height: 16px; margin: -8px 0 0 -8px;
  font: 700 12px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: center;
  color: #222; text-shadow: 0 0 2px #fff, 0 0 2px #fff; }
.gs-orient-letter[data-away="1"] { opacity: 0.45; }
`;

const SVG = "http://www.w3.org/2000/svg";

/**
 * Where each end of the body's axes falls on the marker for a camera rotation.
 * @param {Quaternion} q the camera's world rotation
 * @param {Float32Array} out (ENDS.length * 3): screen x (right), screen y (up), towards the viewer
 * @param {Vector3} v scratch vector
 * @param {Quaternion} inv scratch quaternion
 */
export function projectEnds(q, out, v, inv) {
  inv.copy(q).invert();
  for (let i = 0; i < ENDS.length; i++) {
    const d = ENDS[i][1];
    v.set(d[0], d[1], d[2]).applyQuaternion(inv);
    out[i * 3] = v.x;
    out[i * 3 + 1] = v.y;
    out[i * 3 + 2] = v.z;
  }
}

export class OrientationMarker {
  /** @param {HTMLElement} stage the canvas container */
  constructor(stage) {
    el("style", "", stage, MARKER_STYLE);
    this.el = el("div", "gs-orient", stage);
    this.el.setAttribute("role", "img");
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${SIZE} ${SIZE}`);
    svg.setAttribute("aria-hidden", "true");
    this.el.appendChild(svg);
    this.lines = AXIS_COLOURS.map((colour, axis) => {
      const line = document.createElementNS(SVG, "line");
      line.setAttribute("stroke", colour);
      line.setAttribute("stroke-width", axis === 1 ? "2" : "2.5");
      line.setAttribute("stroke-linecap", "round");
      svg.appendChild(line);
      return line;
    });
    this.letters = ENDS.map(([letter, , axis]) => {
      const span = el("span", "gs-orient-letter", this.el, letter);
      span.dataset.dir = letter;
      span.style.color = AXIS_COLOURS[axis];
      span.setAttribute("aria-hidden", "true");
      return span;
    });
    this._ends = new Float32Array(ENDS.length * 3);
    this._v = new Vector3();
    this._inv = new Quaternion();
    this._last = new Quaternion(NaN, NaN, NaN, NaN);
    this._said = -1; // code of the text alternative last written
    /** The marker's box in the stage's CSS pixels (the landmark labels keep out of it), kept on resize. */
    this.box = { x: 0, y: 0, w: 0, h: 0 };
    this._observer = new ResizeObserver(() => this._measure());
    this._observer.observe(stage);
  }

  _measure() {
    const e = this.el;
    Object.assign(this.box, { x: e.offsetLeft, y: e.offsetTop, w: e.offsetWidth, h: e.offsetHeight });
  }

  /** Turn the marker to `camera` (call before each draw; returns at once if the rotation is unchanged). */
  update(camera) {
    const q = camera.quaternion;
    if (q.equals(this._last)) return;
    this._last.copy(q);
    projectEnds(q, this._ends, this._v, this._inv);
    const c = SIZE / 2;
    const e = this._ends;
    for (let i = 0; i < ENDS.length; i++) {
      const x = c + REACH * SIZE * e[i * 3];
      const y = c - REACH * SIZE * e[i * 3 + 1];
      const s = this.letters[i].style;
      s.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
      this.letters[i].dataset.away = e[i * 3 + 2] < -0.2 ? "1" : "0";
    }
    // one line per axis through the centre: A-P (ends 2, 3), S (end 4 and its opposite), R-L (ends 0, 1)
    this._line(0, e[6], e[7], -e[6], -e[7]);
    this._line(1, e[12], e[13], -e[12], -e[13]);
    this._line(2, e[0], e[1], -e[0], -e[1]);
    this._describe();
  }

  _line(axis, x1, y1, x2, y2) {
    const c = SIZE / 2;
    const k = LINE * SIZE;
    const l = this.lines[axis];
    l.setAttribute("x1", (c + k * x1).toFixed(1));
    l.setAttribute("y1", (c - k * y1).toFixed(1));
    l.setAttribute("x2", (c + k * x2).toFixed(1));
    l.setAttribute("y2", (c - k * y2).toFixed(1));
  }

  /** The text alternative: which body direction points right, up and towards the viewer (rewritten on change). */
  _describe() {
    const e = this._ends;
    const best = (k) => {
      let i0 = 0;
      let sign = 1;
      let top = -1;
      for (let i = 0; i < ENDS.length; i++) {
        const a = Math.abs(e[i * 3 + k]);
        if (a > top) {
          top = a;
          i0 = i;
          sign = Math.sign(e[i * 3 + k]) || 1;
        }
      }
      return [i0, sign];
    };
    const [r, rs] = best(0);
    const [u, us] = best(1);
    const [t, ts] = best(2);
    const code = (r * 2 + (rs > 0)) * 100 + (u * 2 + (us > 0)) * 10 + (t * 2 + (ts > 0));
    if (code === this._said) return;
    this._said = code;
    const name = (i, sign) => {
      if (sign > 0) return ENDS[i][3];
      if (i === 4) return INFERIOR;
      return ENDS[i ^ 1][3]; // the opposite end of the same axis (R<->L, A<->P)
    };
    this.el.setAttribute("aria-label", `Orientation marker: ${name(r, rs)} is to the right of the screen, `
      + `${name(u, us)} is up, ${name(t, ts)} faces you.`);
  }

  dispose() {
    this._observer.disconnect();
    this.el.remove();
  }
}
