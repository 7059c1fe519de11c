// The WebGL viewport: renderer, camera, orbit controls, resize, render-on-demand loop
// and camera presets. Knows nothing about muscles or the Panel model.
import {
  Box3,
  Color,
  Matrix4,
  PerspectiveCamera,
  Scene,
  Sphere,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";

import { BACKGROUND, CAMERA_PRESETS } from "./vocab.js";

const FOV = 30;
const MAX_PIXEL_RATIO = 1.5;
const TOP_INSET_PX = 52; // the view buttons' row over the canvas: fitted figures start under it
const MIDLINE_WIDENING = 1.35; // most a box may widen to be centred on the body's midline (fitToPoses)
const ALONG_UP = 0.999; // a preset looking along the world's up needs its screen-up from the preset's own
// Ground frame: x anterior, y superior, z right. Directions from the target to the camera. The
// orbit controls keep the world's up (y); a preset looking straight down (superior) is tilted a
// hair against its own screen-up, so that up (anterior) is at the top of the screen.
const PRESETS = Object.fromEntries(CAMERA_PRESETS.map(({ id, direction, up }) => {
  const d = new Vector3(...direction).normalize();
  if (Math.abs(d.y) > ALONG_UP) d.addScaledVector(new Vector3(...up).normalize(), -0.001);
  return [id, d.toArray()];
}));

export class Viewport {
  /**
   * @param {HTMLElement} container element the canvas fills
   * @param {{onTick?: (now: number) => boolean, onDrawn?: () => void, onCameraEnd?: () => void}} hooks
   */
  constructor(container, hooks = {}) {
    this.container = container;
    this.hooks = hooks;
    this.renderer = new WebGLRenderer({ antialias: false, alpha: false, powerPreference: "high-performance" });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));
    this.renderer.setClearColor(new Color(BACKGROUND), 1);
    this.canvas = this.renderer.domElement;
    this.canvas.style.display = "block";
    this.canvas.style.touchAction = "none";
    container.appendChild(this.canvas);

    this.scene = new Scene();
    this.camera = new PerspectiveCamera(FOV, 1, 0.01, 20);
    this.camera.up.set(0, 1, 0);
    this.scene.add(this.camera); // lighting lives in the materials (materials.js): no light objects

    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.enableDamping = false;
    this.controls.addEventListener("change", () => this.invalidate());
    this.controls.addEventListener("start", () => { this._autoFit = null; });
    this.controls.addEventListener("end", () => this.hooks.onCameraEnd && this.hooks.onCameraEnd());

    this.bounds = new Sphere(new Vector3(0, -0.08, 0), 0.25);
    this.framesDrawn = 0;
    this._raf = 0;
    this._dirty = false;
    this._autoFit = null;
    this._loop = (now) => this._frame(now);
    this._resizeObserver = new ResizeObserver(() => this.resize());
    this._resizeObserver.observe(container);
    this.resize();
    this.setView("reset");
  }

  /** Ask for one more drawn frame (coalesced to the next animation frame). */
  invalidate() {
    this._dirty = true;
    if (this._raf === 0) this._raf = requestAnimationFrame(this._loop);
  }

  _frame(now) {
    this._raf = 0;
    this._dirty = false;
    const animating = this.hooks.onTick ? this.hooks.onTick(now) : false;
    this.renderer.render(this.scene, this.camera);
    this.framesDrawn += 1;
    if (this.hooks.onDrawn) this.hooks.onDrawn();
    if (animating || this._dirty) this._raf = requestAnimationFrame(this._loop);
  }

  resize() {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, true);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.refit();
    this.invalidate();
  }

  /**
   * Fit presets to `objects` (world space, as drawn now): to their bounding sphere, or with
   * `tight` to their bounding box as each preset sees it (a tall, flat figure such as a running
   * leg then fills the view instead of a circle around it).
   */
  fitTo(objects, tight = false) {
    const box = new Box3();
    for (const o of objects) box.expandByObject(o);
    if (box.isEmpty()) return;
    box.getBoundingSphere(this.bounds);
    this._box = tight ? box : null;
  }

  /**
   * Fit presets tightly to the box that holds every `[mesh, b]` of `items` at every key frame of
   * `transforms` ((n, B, 16) column-major matrices, mesh b placed by matrix b) and `extra` objects as
   * drawn now: a moving leg stays in the picture all through its motion.
   */
  fitToPoses(items, transforms, extra = []) {
    const [n, B] = transforms.shape;
    const box = new Box3();
    const part = new Box3();
    const m = new Matrix4();
    for (const [mesh, b] of items) {
      const g = mesh.geometry;
      if (!g.boundingBox) g.computeBoundingBox();
      for (let f = 0; f < n; f++) {
        box.union(part.copy(g.boundingBox).applyMatrix4(m.fromArray(transforms.data, (f * B + b) * 16)));
      }
    }
    for (const o of extra) box.expandByObject(o);
    if (box.isEmpty()) return;
    // centred on the body's midline (the pelvis's mean z) when that widens the box by at most
    // MIDLINE_WIDENING: the pelvis stays in the middle of the front and back presets while a leg rotates or
    // runs; a leg swept far out (abduction) keeps the box as it is, or the figure would shrink
    let mid = 0;
    for (let f = 0; f < n; f++) mid += transforms.data[f * B * 16 + 14] / n;
    const half = Math.max(box.max.z - mid, mid - box.min.z);
    if (2 * half <= MIDLINE_WIDENING * (box.max.z - box.min.z)) {
      box.min.z = mid - half;
      box.max.z = mid + half;
    }
    box.getBoundingSphere(this.bounds);
    this._box = box;
  }

  /** Camera distance from the box centre that fits every corner of `box` for direction `d`. */
  _tightDistance(box, d, vfov, hfov, yShare = 1) {
    const up = Math.abs(d.y) > ALONG_UP ? new Vector3(1, 0, 0) : new Vector3(0, 1, 0);
    const right = new Vector3().crossVectors(up, d).normalize();
    const screenUp = new Vector3().crossVectors(d, right).normalize();
    const centre = box.getCenter(new Vector3());
    const tx = 0.95 * Math.tan(hfov / 2);
    const ty = 0.95 * Math.tan(vfov / 2) * yShare;
    let dist = 0;
    for (let i = 0; i < 8; i++) {
      const c = new Vector3(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z)
        .sub(centre);
      const depth = c.dot(d);
      dist = Math.max(dist, depth + Math.abs(c.dot(right)) / tx, depth + Math.abs(c.dot(screenUp)) / ty);
    }
    return dist;
  }

  /** Move the camera to a named preset (an id of CAMERA_PRESETS in vocab.js: "anterior", "lateral" ...). */
  setView(name) {
    const dir = PRESETS[name];
    if (dir === undefined) return false;
    const d = new Vector3(...dir).normalize();
    const vfov = FOV * (Math.PI / 180);
    const hfov = 2 * Math.atan(Math.tan(vfov / 2) * this.camera.aspect);
    const centre = this._box ? this._box.getCenter(new Vector3()) : this.bounds.center.clone();
    // a fitted box keeps clear of the button row at the top: it fills the height under it
    const h = Math.max(1, this.container.clientHeight);
    const inset = this._box ? Math.min(TOP_INSET_PX, 0.25 * h) : 0;
    const dist = this._box ? this._tightDistance(this._box, d, vfov, hfov, (h - inset) / h)
      : (0.95 * this.bounds.radius) / Math.sin(Math.min(vfov, hfov) / 2);
    if (inset > 0) { // look a little higher: the figure moves down by half the inset
      const up = Math.abs(d.y) > ALONG_UP ? new Vector3(1, 0, 0) : new Vector3(0, 1, 0);
      const screenUp = new Vector3().crossVectors(d, new Vector3().crossVectors(up, d).normalize()).normalize();
      centre.addScaledVector(screenUp, ((inset / 2) * 2 * dist * Math.tan(vfov / 2)) / h);
    }
    this.controls.target.copy(centre);
    this.camera.position.copy(centre).addScaledVector(d, dist);
    this.camera.lookAt(centre);
    this.controls.update();
    this.invalidate();
    this._autoFit = name; // refit on resize until the user moves the camera
    return true;
  }

  /** Re-apply the last preset if the camera has not been moved or set since (after new bounds). */
  refit() {
    if (this._autoFit) this.setView(this._autoFit);
  }

  /** Camera state as plain arrays (for the `camera` param). */
  getCamera() {
    const r = (v) => [v.x, v.y, v.z].map((x) => Math.round(x * 1e5) / 1e5);
    return { position: r(this.camera.position), target: r(this.controls.target) };
  }

  /** Apply a `camera` param value; ignores malformed values. */
  setCamera(value) {
    const ok = (a) => Array.isArray(a) && a.length === 3 && a.every(Number.isFinite);
    if (!value || !ok(value.position) || !ok(value.target)) return;
    this._autoFit = null;
    this.camera.position.fromArray(value.position);
    this.controls.target.fromArray(value.target);
    this.controls.update();
    this.invalidate();
  }

  dispose() {
    if (this._raf !== 0) cancelAnimationFrame(this._raf);
    this._raf = 0;
    this._resizeObserver.disconnect();
    this.controls.dispose();
    this.scene.traverse((o) => {
      if (o.geometry) o.geometry.dispose();
      if (o.material) o.material.dispose();
    });
    this.renderer.dispose();
    this.canvas.remove();
  }
}
