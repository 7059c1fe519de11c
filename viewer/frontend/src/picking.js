// Picking: solid muscles and bones are raycast (bones only occlude); fibres, drawn as GPU ribbons,
// are hit-tested in screen space with their depth, plus the nearest fibre within a few pixels
// when nothing is hit (thin fibres stay easy to hit with a finger). Pointer handling: hover (tooltip with the part's name) and
// click/tap (a press that does not drag the camera) -> pick.
import { Raycaster, Vector2, Vector3 } from "three";
import { FIBRE_RADIUS } from "./fibres.js";

const CLICK_SLOP_PX = 6;
const MOUSE_TOLERANCE_PX = 6;
const TOUCH_TOLERANCE_PX = 14;
const SEE_THROUGH = 0.3; // a hit on a part fainter than this yields to a more opaque one behind

export class Picker {
  constructor(viewport, model3d, { onHover, onPick, names }) {
    this.viewport = viewport;
    this.m = model3d; // {fibres, volumes, bones, pose}
    this.onHover = onHover;
    this.onPick = onPick;
    this.names = names; // Map part id -> display name
    this.raycaster = new Raycaster();
    this._ndc = new Vector2();
    this._v = new Vector3();
    this._targets = [];
    this._down = null;
    this._hoverPending = null;
    this._hovered = "";
    const c = viewport.canvas;
    this.tooltip = document.createElement("div");
    this.tooltip.className = "gs-tooltip";
    this.tooltip.hidden = true;
    viewport.container.appendChild(this.tooltip);
    this._listeners = [
      ["pointerdown", (e) => { this._down = { x: e.clientX, y: e.clientY, id: e.pointerId }; }],
      ["pointerup", (e) => this._up(e)],
      ["pointermove", (e) => this._move(e)],
      ["pointerleave", () => this._setHover("", 0, 0)],
    ];
    for (const [type, fn] of this._listeners) c.addEventListener(type, fn);
  }

  _local(e) {
    const r = this.viewport.canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  _up(e) {
    const d = this._down;
    this._down = null;
    if (!d || d.id !== e.pointerId) return;
    if (Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return; // a drag, not a click
    const [x, y] = this._local(e);
    const id = this.pickAt(x, y, e.pointerType === "touch" ? TOUCH_TOLERANCE_PX : MOUSE_TOLERANCE_PX);
    this.onPick(id);
  }

  _move(e) {
    if (e.pointerType === "touch" || e.buttons !== 0) return; // no hover while dragging or on touch
    const first = this._hoverPending === null;
    this._hoverPending = this._local(e);
    if (first) {
      requestAnimationFrame(() => {
        const [x, y] = this._hoverPending;
        this._hoverPending = null;
        this._setHover(this.pickAt(x, y, MOUSE_TOLERANCE_PX), x, y);
      });
    }
  }

  _setHover(id, x, y) {
    if (id) {
      this.tooltip.textContent = this.names.get(id) || id;
      this.tooltip.style.left = `${x + 14}px`;
      this.tooltip.style.top = `${y + 10}px`;
    }
    this.tooltip.hidden = !id;
    if (id !== this._hovered) {
      this._hovered = id;
      this.onHover(id);
    }
  }

  _collect() {
    const t = this._targets;
    t.length = 0;
    const volumes = this.m.volumes;
    if (volumes.parts.some((p) => p.visible)) {
      const mesh = volumes.pickMesh;
      if (mesh.userData.boundsDirty) {
        mesh.geometry.computeBoundingSphere();
        mesh.userData.boundsDirty = false;
      }
      t.push(mesh);
    }
    for (const mesh of this.m.bones.meshes) if (mesh.visible && mesh.material.opacity >= 0.5) t.push(mesh);
    return t;
  }

  /**
   * Part id drawn at canvas CSS pixel (x, y), or "".
   * Solid muscles and bones are raycast; fibres (GPU ribbons) are found in screen space: a fibre
   * whose ribbon covers the pixel counts at its depth, and when nothing covers it the nearest
   * fibre within `tolerance` pixels wins. The nearest surface wins; a bone hides what is behind.
   * @param {number} x
   * @param {number} y
   * @param {number} tolerance screen distance (px) to a fibre that still counts when nothing is hit
   */
  pickAt(x, y, tolerance = MOUSE_TOLERANCE_PX) {
    const c = this.viewport.canvas;
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (!(w > 0 && h > 0)) return "";
    const camera = this.viewport.camera;
    this.viewport.scene.updateMatrixWorld();
    camera.updateMatrixWorld();
    this._ndc.set((x / w) * 2 - 1, -(y / h) * 2 + 1);
    this.raycaster.setFromCamera(this._ndc, camera);
    const hits = [];
    const volumes = this.m.volumes.pickMesh;
    for (const hit of this.raycaster.intersectObjects(this._collect(), false)) {
      if (hit.object === volumes) { // a solid muscle: its part, if drawn
        const part = this.m.volumes.partOfFace(hit.faceIndex);
        if (part.visible) hits.push({ id: part.id, depth: hit.distance, faint: part.opacity < SEE_THROUGH });
      } else { // a bone: it hides what is behind unless see-through
        hits.push({ id: null, depth: hit.distance, faint: hit.object.material.opacity < SEE_THROUGH });
      }
    }
    const near = this._fibresAt(x, y, w, h, tolerance, hits);
    hits.sort((a, b) => a.depth - b.depth);
    let faint = "";
    for (const hit of hits) {
      if (hit.id === null) return faint; // a bone in front
      if (!hit.faint) return hit.id;
      if (!faint) faint = hit.id;
    }
    return faint || near;
  }

  _project(points, j, w, h, out) {
    const v = this._v.set(points[j], points[j + 1], points[j + 2]);
    out[2] = v.distanceTo(this.viewport.camera.position);
    v.project(this.viewport.camera);
    out[0] = (v.x + 1) * 0.5 * w;
    out[1] = (1 - v.y) * 0.5 * h;
    return v.z < 1 && v.z > -1;
  }

  /** Push fibres covering (x, y) into `hits`; return the nearest fibre within `tolerance` px. */
  _fibresAt(x, y, w, h, tolerance, hits) {
    const P = this.m.pose.points;
    const K = this.m.pose.pointsPerFibre;
    const camera = this.viewport.camera;
    const focal = h / (2 * Math.tan((camera.fov * Math.PI) / 360)); // px per unit at distance 1
    const a = [0, 0, 0];
    const b = [0, 0, 0];
    let best = tolerance;
    let bestId = "";
    for (const part of this.m.fibres.parts) {
      if (!part.visible) continue;
      const id = part.id;
      const faint = part.opacity < SEE_THROUGH;
      let cover = Infinity;
      for (const f of part.fibres) {
        for (let k = 0; k < K - 1; k++) {
          const j = (f * K + k) * 3;
          if (!this._project(P, j, w, h, a) || !this._project(P, j + 3, w, h, b)) continue;
          const [d, t] = segmentDistance(x, y, a, b);
          const depth = a[2] + (b[2] - a[2]) * t;
          const radius = (FIBRE_RADIUS * focal) / depth;
          if (d <= radius + 0.5) cover = Math.min(cover, depth);
          else if (!faint && d - radius < best) { best = d - radius; bestId = id; }
        }
      }
      if (cover < Infinity) hits.push({ id, depth: cover, faint });
    }
    return bestId;
  }

  /** A canvas CSS-pixel position where `partId` is picked, or null (hidden or fully covered). */
  screenPositionOf(partId) {
    const part = this.m.fibres.parts.find((p) => p.id === partId);
    // the fibre lines lie in their solid muscle: their points serve as candidates for either
    if (!part || !(part.visible || this.m.volumes.parts[part.item].visible)) return null;
    const c = this.viewport.canvas;
    const w = c.clientWidth;
    const h = c.clientHeight;
    const P = this.m.pose.points;
    const K = this.m.pose.pointsPerFibre;
    const fibres = Array.from(part.fibres);
    const mid = fibres.length >> 1;
    fibres.sort((p, q) => Math.abs(p - fibres[mid]) - Math.abs(q - fibres[mid])); // middle fibre first
    const a = [0, 0, 0];
    const b = [0, 0, 0];
    let fallback = null;
    for (const f of fibres) {
      for (let k = 0; k < K - 1; k++) {
        const j = (f * K + k) * 3;
        if (!this._project(P, j, w, h, a) || !this._project(P, j + 3, w, h, b)) continue;
        for (const t of [0.5, 0.3, 0.7]) {
          const x = a[0] + (b[0] - a[0]) * t;
          const y = a[1] + (b[1] - a[1]) * t;
          if (x < 2 || y < 2 || x > w - 2 || y > h - 2) continue;
          if (fallback === null) fallback = [x, y];
          if (this.pickAt(x, y, 0) === partId) return [x, y];
        }
      }
    }
    return fallback;
  }

  dispose() {
    for (const [type, fn] of this._listeners) this.viewport.canvas.removeEventListener(type, fn);
    this.tooltip.remove();
  }
}

/** Screen distance from (x, y) to segment a-b and the parameter of the closest point. */
function segmentDistance(x, y, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / l2)) : 0;
  return [Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy)), t];
}
