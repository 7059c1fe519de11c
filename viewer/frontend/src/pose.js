// The pose at a fractional frame: bone matrices interpolated between key frames
// (quaternion slerp + position lerp) and every fibre path rebuilt from its sites and wraps
// (wrap.js, CONTRACT.md "Fibre paths"). Buffers are allocated once per motion.
import { Matrix4, Quaternion, Vector3 } from "three";
import { FibrePaths } from "./wrap.js";

export class Pose {
  /**
   * @param {object} arrays decoded assets arrays (path_* and wrap_*)
   * @param {number} boneCount B
   */
  constructor(arrays, boneCount) {
    this.paths = new FibrePaths(arrays);
    const F = this.paths.F;
    const K = this.paths.K;
    this.fibreCount = F;
    this.pointsPerFibre = K;
    this.boneCount = boneCount;
    this.points = new Float32Array(F * K * 3); // (F, K, 3) world positions
    this.matrices = new Float32Array(boneCount * 16); // column-major, per bone
    this.frames = 0;
    this._q = new Quaternion();
    this._p = new Vector3();
    this._s = new Vector3(1, 1, 1);
    this._m = new Matrix4();
    this._qa = new Float32Array(4);
    this._quat = new Float32Array(0);
    this._pos = new Float32Array(0);
    this.version = 0; // bumped by every update
  }

  /** Take the key frames of a motion: bone_transforms (n, B, 16), column-major. */
  setMotion(boneTransforms) {
    const [n, B] = boneTransforms.shape;
    if (B !== this.boneCount) throw new Error(`glute-scene: motion has ${B} bones, assets ${this.boneCount}`);
    this.frames = n;
    this._quat = new Float32Array(n * B * 4);
    this._pos = new Float32Array(n * B * 3);
    const m = new Matrix4();
    const q = new Quaternion();
    const p = new Vector3();
    const s = new Vector3();
    for (let i = 0; i < n * B; i++) {
      m.fromArray(boneTransforms.data, i * 16);
      m.decompose(p, q, s);
      q.toArray(this._quat, i * 4);
      p.toArray(this._pos, i * 3);
    }
  }

  /**
   * Compute bone matrices and fibre points at fractional frame `frame`.
   * @param {number} frame in [0, frames); between frames-1 and frames it blends back to frame 0
   */
  update(frame) {
    const n = this.frames;
    if (n === 0) return;
    const B = this.boneCount;
    const f = Math.min(Math.max(frame, 0), n - 1e-6);
    const i0 = Math.floor(f);
    const i1 = (i0 + 1) % n;
    const t = f - i0;
    for (let b = 0; b < B; b++) {
      const a = i0 * B + b;
      const c = i1 * B + b;
      Quaternion.slerpFlat(this._qa, 0, this._quat, a * 4, this._quat, c * 4, t);
      this._q.fromArray(this._qa);
      const pa = a * 3;
      const pc = c * 3;
      this._p.set(
        this._pos[pa] + (this._pos[pc] - this._pos[pa]) * t,
        this._pos[pa + 1] + (this._pos[pc + 1] - this._pos[pa + 1]) * t,
        this._pos[pa + 2] + (this._pos[pc + 2] - this._pos[pa + 2]) * t,
      );
      this._m.compose(this._p, this._q, this._s);
      this._m.toArray(this.matrices, b * 16);
    }
    this._fibres();
    this.version += 1;
  }

  _fibres() {
    this.paths.draw(this.matrices, this.points);
  }
}
