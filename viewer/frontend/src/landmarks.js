// Bone landmark labels (the "Landmark labels" switch): a DOM label with a leader dot at each
// landmark of assets_index.landmarks (annotations/landmarks/landmarks.yaml: bone id and position in
// the bone's body frame, metres), moved with its bone before every drawn frame. A label is hidden
// when its bone is hidden, when the point is behind the camera or off the view, and when it would
// overlap one of the boxes it must keep out of (the legend, the orientation marker); a label on the
// far side of its bone (its outward direction, from the bone's centroid, turned away from the
// camera) is drawn faded. The labels' layer is aria-hidden: what they name is in each label's title
// (definition and sources) and in the canvas label.
import { Vector3 } from "three";
import { el } from "./dom.js";

const LABEL_STYLE = `
.gs-landmarks { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none;
  overflow: hidden; }
.gs-landmarks[hidden], .gs-landmark[hidden] { display: none; }
.gs-landmark { position: absolute; left: 0; top: 0; display: flex; align-items: center; gap: 3px;
  white-space: nowrap; font: 600 11px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d2430; will-change: transform; }
.gs-landmark-dot { flex: 0 0 auto; width: 7px; height: 7px; margin-left: -3.5px; border-radius: 50%;
  background: #1d2430; box-shadow: 0 0 0 1.5px #fff; }
.gs-landmark-text { padding: 0 3px; border-radius: 3px; background: rgba(255, 255, 255, 0.82); }
.gs-landmark[data-far="1"] { opacity: 0.5; }
.gs-landmark[data-flip="1"] { flex-direction: row-reverse; }
.gs-landmark[data-flip="1"] .gs-landmark-dot { margin: 0 -3.5px 0 0; }
`;
const CHAR_PX = 6.6; // width of a character of the label text (11 px semi-bold), for the overlap test
const LABEL_H = 14; // px
const SIDE_WORD = { r: "right", l: "left", midline: "" };
const FAR_COS = 0.25; // a label is on the far side when its outward direction is this (cosine) away from the camera
const FAR_RANK = 1e3; // m: added to a far-side label's depth, so near-side labels are placed first
const NEAR_MM = 0.03; // m: the vertices within this of a landmark give its outward direction

function overlaps(x, y, w, h, box) {
  return box.w > 0 && x < box.x + box.w && x + w > box.x && y < box.y + box.h && y + h > box.y;
}

export class Landmarks {
  /**
   * @param {HTMLElement} stage the canvas container (the labels' layer fills it)
   * @param {Array<{x: number, y: number, w: number, h: number}>} keepOut boxes (stage px, kept up to date by
   *   their owners) the labels avoid
   */
  constructor(stage, keepOut) {
    this.stage = stage;
    this.keepOut = keepOut;
    el("style", "", stage, LABEL_STYLE);
    this.layer = el("div", "gs-landmarks", stage);
    this.layer.setAttribute("aria-hidden", "true");
    this.layer.hidden = true;
    this.on = false;
    this.items = []; // {id, bone (index), p: Float64Array(3) local, out: Float64Array(3) local, el, w, shown, far}
    this._v = new Vector3();
    this._w = 1;
    this._h = 1;
    this._observer = new ResizeObserver(() => {
      this._w = stage.clientWidth || 1;
      this._h = stage.clientHeight || 1;
    });
    this._observer.observe(stage);
  }

  /**
   * Make the labels of an assets payload.
   * @param {object} index assets index: landmarks [{id, name, bone, side, position, definition, source}], bones
   * @param {object} arrays decoded assets (bone/<id>/vertices, for each bone's centroid)
   */
  setAssets(index, arrays) {
    this.layer.replaceChildren();
    this.items = [];
    if (this.on) queueMicrotask(() => this._measure());
    this._boxes = new Float32Array(4 * ((index.landmarks || []).length + 1)); // labels placed this frame
    this._placed = 0;
    this._order = new Int32Array((index.landmarks || []).length);
    const boneIds = index.bones.map((b) => b.id);
    for (const mark of index.landmarks || []) {
      const b = boneIds.indexOf(mark.bone);
      if (b < 0) continue;
      const p = Float64Array.from(mark.position);
      const c = centroid(arrays[`bone/${mark.bone}/vertices`], p);
      const out = new Float64Array([p[0] - c[0], p[1] - c[1], p[2] - c[2]]);
      const label = el("div", "gs-landmark", this.layer);
      label.dataset.landmark = mark.id;
      label.dataset.bone = mark.bone;
      label.hidden = true;
      label.title = `${mark.name}: ${mark.definition} (${mark.source})`;
      el("span", "gs-landmark-dot", label);
      const side = SIDE_WORD[mark.side] || "";
      const text = side ? `${mark.name} (${side[0].toUpperCase()})` : mark.name;
      el("span", "gs-landmark-text", label, text);
      this.items.push({ id: mark.id, bone: b, p, out, el: label, w: 12 + text.length * CHAR_PX, measured: false,
        shown: false, far: false, flip: false, visible: false, fits: false, x: 0, y: 0,
        rank: 0 });
    }
  }

  /** Show or hide the labels. */
  setVisible(on) {
    this.on = Boolean(on);
    this.layer.hidden = !this.on;
    if (this.on) this._measure();
  }

  /** The labels' real widths, once per assets (one layout read), for the overlap tests. */
  _measure() {
    const todo = this.items.filter((i) => !i.measured);
    if (todo.length === 0) return;
    for (const i of todo) {
      i.el.style.visibility = "hidden";
      i.el.hidden = false;
    }
    for (const i of todo) {
      i.w = i.el.offsetWidth || i.w;
      i.measured = i.el.offsetWidth > 0;
    }
    for (const i of todo) {
      i.el.hidden = !i.shown;
      i.el.style.visibility = "";
    }
  }

  /** Names of the landmarks (for the canvas's text alternative); empty while hidden. */
  names() {
    return this.on ? [...new Set(this.items.map((i) => i.el.lastChild.textContent))] : [];
  }

  /**
   * Place the labels for `camera` (before each draw while shown). Labels on the near side of their
   * bone are placed first; a label that would overlap one already placed, or a keep-out box, is hidden.
   * @param {import("three").Camera} camera
   * @param {Float32Array} matrices bone matrices, column-major, B x 16 (world from body)
   * @param {Array<{visible: boolean}>} boneMeshes per bone, whether it is drawn
   */
  update(camera, matrices, boneMeshes) {
    if (!this.on) return;
    const items = this.items;
    for (const item of items) this._project(item, camera, matrices, boneMeshes);
    // near-side labels first, then the nearer to the camera (insertion sort of a kept array: no allocation)
    const order = this._order;
    for (let i = 0; i < items.length; i++) {
      const rank = items[i].rank;
      let j = i;
      while (j > 0 && items[order[j - 1]].rank > rank) {
        order[j] = order[j - 1];
        j -= 1;
      }
      order[j] = i;
    }
    this._placed = 0;
    for (let i = 0; i < items.length; i++) if (items[order[i]].visible) this._place(items[order[i]]);
    for (const item of this.items) {
      const show = item.visible && item.fits;
      if (show !== item.shown) {
        item.shown = show;
        item.el.hidden = !show;
      }
    }
  }

  /** Where `item` projects (item.x, item.y), whether it can show and whether it is on the far side. */
  _project(item, camera, M, boneMeshes) {
    const o = item.bone * 16;
    const px = item.p[0];
    const py = item.p[1];
    const pz = item.p[2];
    const wx = M[o] * px + M[o + 4] * py + M[o + 8] * pz + M[o + 12];
    const wy = M[o + 1] * px + M[o + 5] * py + M[o + 9] * pz + M[o + 13];
    const wz = M[o + 2] * px + M[o + 6] * py + M[o + 10] * pz + M[o + 14];
    const v = this._v;
    item.visible = false;
    if (boneMeshes[item.bone] && !boneMeshes[item.bone].visible) return;
    v.set(wx, wy, wz).applyMatrix4(camera.matrixWorldInverse);
    if (v.z >= -camera.near) return; // behind the camera
    const depth = -v.z;
    v.applyMatrix4(camera.projectionMatrix);
    if (v.x < -1 || v.x > 1 || v.y < -1 || v.y > 1) return; // off the view
    item.visible = true;
    item.x = ((v.x + 1) / 2) * this._w;
    item.y = ((1 - v.y) / 2) * this._h;
    // far side: the outward direction (turned with the bone) points away from the camera
    const cam = camera.position;
    const n = item.out;
    const ox = M[o] * n[0] + M[o + 4] * n[1] + M[o + 8] * n[2];
    const oy = M[o + 1] * n[0] + M[o + 5] * n[1] + M[o + 9] * n[2];
    const oz = M[o + 2] * n[0] + M[o + 6] * n[1] + M[o + 10] * n[2];
    const tx = cam.x - wx;
    const ty = cam.y - wy;
    const tz = cam.z - wz;
    const dot = ox * tx + oy * ty + oz * tz; // far only when clearly turned away (not edge-on, e.g. a crest)
    const far = dot < -FAR_COS * Math.sqrt((ox * ox + oy * oy + oz * oz) * (tx * tx + ty * ty + tz * tz));
    if (far !== item.far) {
      item.far = far;
      item.el.dataset.far = far ? "1" : "0";
    }
    item.rank = (far ? FAR_RANK : 0) + depth;
  }

  /** Put `item`'s label by its dot if it overlaps no keep-out box and no label placed before it. */
  _place(item) {
    // the text goes right of the dot, or left of it where the view's right edge would cut it
    const flip = item.x + item.w > this._w;
    const left = flip ? item.x - item.w : item.x - 4;
    const top = item.y - LABEL_H / 2;
    const w = item.w + 4;
    item.fits = true;
    for (const box of this.keepOut) if (overlaps(left, top, w, LABEL_H, box)) item.fits = false;
    const placed = this._boxes;
    for (let i = 0; i < this._placed && item.fits; i++) {
      const k = i * 4;
      if (left < placed[k] + placed[k + 2] && left + w > placed[k] && top < placed[k + 1] + placed[k + 3]
        && top + LABEL_H > placed[k + 1]) item.fits = false;
    }
    if (!item.fits) return;
    const k = this._placed * 4;
    placed[k] = left;
    placed[k + 1] = top;
    placed[k + 2] = w;
    placed[k + 3] = LABEL_H;
    this._placed += 1;
    if (flip !== item.flip) {
      item.flip = flip;
      item.el.dataset.flip = flip ? "1" : "0";
    }
    const tx = flip ? item.x - item.w : item.x;
    item.el.style.transform = `translate(${tx.toFixed(1)}px, ${top.toFixed(1)}px)`;
  }

  dispose() {
    this._observer.disconnect();
    this.layer.remove();
  }
}

/**
 * Mean of a bone's vertices within NEAR_MM of `p` (body frame): `p` minus it points out of the
 * bone's surface there (a whole long bone's centroid would not).
 */
function centroid(vertices, p) {
  const c = [0, 0, 0];
  if (!vertices) return c;
  const d = vertices.data;
  let n = 0;
  for (let i = 0; i < d.length; i += 3) {
    const dx = d[i] - p[0];
    const dy = d[i + 1] - p[1];
    const dz = d[i + 2] - p[2];
    if (dx * dx + dy * dy + dz * dz > NEAR_MM * NEAR_MM) continue;
    c[0] += d[i];
    c[1] += d[i + 1];
    c[2] += d[i + 2];
    n += 1;
  }
  return n ? c.map((x) => x / n) : c;
}
